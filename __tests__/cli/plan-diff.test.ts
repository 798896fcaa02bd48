/**
 * xml.xslt is ForceNew, so `terraform plan` shows a stylesheet change as a line diff of the heredoc with
 * "# forces replacement". These tests pin what makes that plan readable: one enlightenment changed is one line changed.
 */
import { structuredPatch } from 'diff';
import { CATALOGUE, FEATURE_STATES, FeatureId, FeatureOverrides, FeatureSpec, FeatureState, HypervPreset, renderStylesheet, resolveOptions } from '../../lib/core';
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
      return FEATURE_STATES.flatMap((from) => FEATURE_STATES.filter((to) => to !== from).map((to) => ({ preset, spec, from, to, base })));
    }),
  )
  .filter((pair) => resolveOptions(options(pair, pair.from)).plan !== undefined && resolveOptions(options(pair, pair.to)).plan !== undefined);

const stylesheetFor = (pair: Pair, state: FeatureState) => renderStylesheet(resolveOptions(options(pair, state)).plan!);
const change = (pair: Pair) => lineChange(stylesheetFor(pair, pair.from), stylesheetFor(pair, pair.to));
const row = (p: Pair) => [p.preset.name, p.spec.id, p.from, p.to, p] as const;

describe('one enlightenment changed is one stylesheet line changed', () => {
  test('the pairs cover every feature on the custom-mode presets, and hypervclock on passthrough', () => {
    for (const preset of [HypervPreset.RHEL10, HypervPreset.MIGRATION_SAFE]) {
      for (const spec of CATALOGUE) expect(PAIRS.some((p) => p.preset === preset && p.spec === spec)).toBe(true);
    }
    // In passthrough mode libvirt takes no <hyperv> children, so only the clock timer is a meaningful change there.
    expect(PAIRS.filter((p) => p.preset === HypervPreset.PASSTHROUGH).map((p) => p.spec.id)).toEqual(expect.arrayContaining(['hypervclock']));
    expect(PAIRS.filter((p) => p.preset === HypervPreset.PASSTHROUGH).every((p) => p.spec.kind === 'timer')).toBe(true);
  });

  const toggles = PAIRS.filter((p) => p.from !== 'omit' && p.to !== 'omit');
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

  // The timer is the exception, stated here so it cannot drift: leaving hypervclock out also drops the filter that
  // replaces an existing hypervclock timer, so on <-> omit changes two lines in one hunk.
  const timerOmits = PAIRS.filter((p) => (p.from === 'omit' || p.to === 'omit') && p.spec.kind === 'timer');
  test.each(timerOmits.map(row))('%s: %s %s -> %s changes the timer and its filter', (_p, _id, _f, _t, pair) => {
    const { removed, added, hunks } = change(pair);
    const omitted = pair.to === 'omit' ? added : removed;
    const kept = pair.to === 'omit' ? removed : added;
    expect(hunks).toBe(1);
    expect(omitted).toEqual([expect.stringContaining('<xsl:apply-templates select="self::clock/node()"/>')]);
    expect(kept).toEqual([
      expect.stringContaining("[not(self::timer[@name='hypervclock'])]"),
      expect.stringMatching(/<timer name="hypervclock" present="(yes|no)"\/>/),
    ]);
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
