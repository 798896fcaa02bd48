/**
 * The core's entry points from plain JavaScript: resolveUnknownOptions never throws on user data, refuses what it cannot
 * read (maps, class instances, custom presets with settings outside the allowed values) instead of ignoring it,
 * and keeps every message short whatever the input's size.
 */
import { HypervPreset, PresetSettings, formatIssue, renderStylesheet, resolveUnknownOptions } from '../../lib/core';
import { HOSTILE_OPTIONS, MEGABYTE, SHORT } from './inputs';

const errors = (options: unknown) => resolveUnknownOptions(options).issues.filter((i) => i.level === 'error');

describe('resolveUnknownOptions from plain JavaScript', () => {
  test.each(HOSTILE_OPTIONS)('refuses %s, naming the field, without throwing', (_name, options, field) => {
    const found = errors(options);
    expect(found.map((i) => i.field)).toContain(field);
    for (const issue of found) expect(formatIssue(issue).length).toBeLessThan(SHORT);
  });

  test.each([
    ['a Map', new Map([['spinlockRetries', 1]])],
    ['a Set', new Set(['evmcs'])],
    ['a Date', new Date(0)],
  ])('refuses options that are %s instead of reading them as {}', (_name, options) => {
    expect(errors(options)).toEqual([expect.objectContaining({ code: 'INVALID_OPTION', field: 'options' })]);
  });

  test('refuses enlightenments given as a Map instead of ignoring them', () => {
    expect(errors({ enlightenments: new Map([['evmcs', 'omit']]) })).toEqual([expect.objectContaining({ code: 'INVALID_OPTION', field: 'enlightenments' })]);
  });

  test('accepts objects without a prototype and frozen objects (plain data)', () => {
    const bare = Object.assign(Object.create(null), { hostCpuVendor: 'intel', enlightenments: Object.assign(Object.create(null), { evmcs: 'omit' }) });
    expect(errors(bare)).toEqual([]);
    expect(errors(Object.freeze({ hostCpuVendor: 'intel', enlightenments: Object.freeze({ reset: 'off' }) }))).toEqual([]);
  });

  test('keeps the field of a megabyte unknown name short', () => {
    for (const options of [{ [MEGABYTE]: 1 }, { enlightenments: { [MEGABYTE]: 'on' } }]) {
      const [issue] = errors(options);
      expect(issue.field.length).toBeLessThan(100);
      expect(formatIssue(issue).length).toBeLessThan(SHORT);
    }
  });
});

describe('a custom preset built from plain JavaScript', () => {
  const base: PresetSettings = { mode: 'custom', features: { relaxed: 'on' }, clockOffset: 'localtime' };
  const custom = (settings: Record<string, unknown>) => HypervPreset.custom('mine', { ...base, ...settings } as unknown as PresetSettings);

  test.each([
    ['a feature state "maybe"', { features: { relaxed: 'maybe' } }, 'preset.features.relaxed'],
    ['a guest option "off"', { features: { secureBoot: 'off' } }, 'preset.features.secureBoot'],
    ['clockOffset "bogus"', { clockOffset: 'bogus' }, 'preset.clockOffset'],
    ['mode "weird"', { mode: 'weird' }, 'preset.mode'],
  ])('is refused for %s instead of rendering it into the stylesheet', (_name, settings, field) => {
    const resolution = resolveUnknownOptions({ preset: custom(settings) });
    expect(resolution.plan).toBeUndefined();
    expect(resolution.issues.map((i) => i.field)).toContain(field);
  });

  test('a valid custom preset still renders', () => {
    const { plan } = resolveUnknownOptions({ preset: custom({}) });
    expect(renderStylesheet(plan!)).toContain('<relaxed state="on"/>');
  });
});
