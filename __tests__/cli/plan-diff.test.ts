/**
 * xml.xslt is ForceNew, so `terraform plan` shows a stylesheet change as a line diff of the heredoc with
 * "# forces replacement". These tests pin what makes that plan readable: one enlightenment changed is one line changed.
 */
import { structuredPatch } from 'diff';
import { CATALOGUE, FeatureId, FeatureOverrides, FeatureSpec, FeatureState, HypervPreset, renderStylesheet, resolveOptions } from '../../lib/core';
import { kebab } from '../../lib/cli';
import { cli } from './helpers';

interface Change {
  readonly removed: string[];
  readonly added: string[];
  readonly hunks: number;
}

function lineChange(before: string, after: string): Change {
  const patch = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 0 });
  const lines = patch.hunks.flatMap((h) => h.lines);
  return { removed: lines.filter((l) => l.startsWith('-')), added: lines.filter((l) => l.startsWith('+')), hunks: patch.hunks.length };
}

/** Features that need `id` on, directly or through others (synic → stimer → stimerDirect). */
function dependentsOf(id: FeatureId): FeatureId[] {
  const found = new Set<FeatureId>();
  const visit = (target: FeatureId) => {
    for (const spec of CATALOGUE) {
      if ((spec.requires.includes(target) || spec.parent === target) && !found.has(spec.id)) {
        found.add(spec.id);
        visit(spec.id);
      }
    }
  };
  visit(id);
  return [...found];
}

interface Pair {
  readonly preset: HypervPreset;
  readonly spec: FeatureSpec;
  readonly from: FeatureState;
  readonly to: FeatureState;
  /** The rest of the configuration, shared by both sides: the preset, with what depends on `spec` left out. */
  readonly base: FeatureOverrides;
}

const options = (pair: Pair, state: FeatureState) => ({
  preset: pair.preset,
  hostCpuVendor: 'intel' as const,
  enlightenments: { ...pair.base, [pair.spec.id]: state },
});

/**
 * Every valid pair of configurations that differ in one enlightenment's state, on every preset. A feature others
 * require (vpindex, synic, stimer, hypervclock...) cannot change alone while they are on, so its pairs leave those
 * dependents out on both sides; pairs the core refuses on either side are not meaningful and are dropped.
 */
const PAIRS: readonly Pair[] = HypervPreset.all()
  .flatMap((preset) =>
    CATALOGUE.flatMap((spec) => {
      const base = Object.fromEntries(dependentsOf(spec.id).map((d) => [d, 'omit'])) as FeatureOverrides;
      return spec.states.flatMap((from) => spec.states.filter((to) => to !== from).map((to) => ({ preset, spec, from, to, base })));
    }),
  )
  .filter((pair) => resolveOptions(options(pair, pair.from)).plan !== undefined && resolveOptions(options(pair, pair.to)).plan !== undefined);

const stylesheetFor = (pair: Pair, state: FeatureState) => renderStylesheet(resolveOptions(options(pair, state)).plan!);
const change = (pair: Pair) => lineChange(stylesheetFor(pair, pair.from), stylesheetFor(pair, pair.to));
const row = (p: Pair) => [p.preset.name, p.spec.id, p.from, p.to, p] as const;

describe('one enlightenment changed is one stylesheet line changed', () => {
  test('the pairs cover every feature on the custom-mode presets; on passthrough, no <hyperv> child', () => {
    for (const preset of HypervPreset.all().filter((p) => p.settings.mode === 'custom')) {
      for (const spec of CATALOGUE) expect(PAIRS.some((p) => p.preset === preset && p.spec === spec)).toBe(true);
    }
    // In passthrough mode libvirt takes no <hyperv> children, so only the clock and guest options change there.
    const passthrough = PAIRS.filter((p) => p.preset === HypervPreset.PASSTHROUGH);
    expect(passthrough.map((p) => p.spec.id)).toEqual(expect.arrayContaining(['hypervclock']));
    expect(passthrough.filter((p) => p.spec.kind === 'hyperv')).toEqual([]);
  });

  const toggles = PAIRS.filter((p) => p.from !== 'omit' && p.to !== 'omit' && p.spec.kind !== 'timer');
  test.each(toggles.map(row))('%s: %s %s -> %s changes one line', (_p, _id, _f, _t, pair) => {
    const { removed, added, hunks } = change(pair);
    expect(hunks).toBe(1);
    expect(removed).toHaveLength(1);
    expect(added).toHaveLength(1);
  });

  // Adding or leaving out a <hyperv> child adds or removes its line; a nested one (stimer direct) changes its parent's line.
  const hypervOmits = PAIRS.filter((p) => (p.from === 'omit' || p.to === 'omit') && p.spec.kind === 'hyperv');
  test.each(hypervOmits.map(row))('%s: %s %s -> %s changes one line', (_p, _id, _f, _t, pair) => {
    const { removed, added, hunks } = change(pair);
    expect(hunks).toBe(1);
    expect(removed.length + added.length).toBeLessThanOrEqual(2);
    expect(Math.max(removed.length, added.length)).toBe(1);
  });

  // The timer is the exception, stated here so it cannot drift: it has two lines, the one that sets `present` on the
  // domain's hypervclock timers where they are and the one that adds the timer where there is none.
  const timerPairs = PAIRS.filter((p) => p.spec.kind === 'timer');
  test.each(timerPairs.map(row))('%s: %s %s -> %s changes the timer\'s two lines', (_p, _id, _f, _t, pair) => {
    const { removed, added } = change(pair);
    const lines = [...removed, ...added];
    expect(lines.every((l) => l.includes("timer[@name='hypervclock']"))).toBe(true);
    expect([removed.length, added.length]).toEqual([pair.from === 'omit' ? 0 : 2, pair.to === 'omit' ? 0 : 2]);
  });

  // Guest options (Windows 11: CD-ROM bus, Secure Boot, TPM model, timers) are templates, not lines of <hyperv>: a
  // change of one may touch several lines, but never the <hyperv> block, so a plan never shows it as an enlightenment.
  const guests = PAIRS.filter((p) => p.spec.kind === 'guest');
  test.each(guests.map(row))('%s: %s %s -> %s leaves the <hyperv> block alone', (_p, _id, _f, _t, pair) => {
    const hypervBlock = (text: string) => text.slice(text.indexOf('<xsl:template name="hyperv">'), text.indexOf('</xsl:template>', text.indexOf('<xsl:template name="hyperv">')));
    const before = stylesheetFor(pair, pair.from);
    const after = stylesheetFor(pair, pair.to);
    expect(after).not.toBe(before);
    expect(hypervBlock(after)).toBe(hypervBlock(before));
  });

  test('the CLI shows the same one-line change: stylesheet --stimer-direct off against the default', async () => {
    const before = (await cli(['stylesheet', '--host-cpu-vendor', 'intel'])).out;
    const after = (await cli(['stylesheet', '--host-cpu-vendor', 'intel', `--${kebab('stimerDirect')}`, 'off'])).out;
    expect(lineChange(before, after)).toEqual({
      removed: ['-<stimer state="on"><direct state="on"/></stimer>'],
      added: ['+<stimer state="on"><direct state="off"/></stimer>'],
      hunks: 1,
    });
  });
});
