/**
 * Any accepted option set gives a well-formed stylesheet; on each of the provider's domains (and the hand-made
 * fixtures: existing <hyperv>, every clock offset, timers), xsltproc (provider flags) turns it into a domain that libvirt's RNG accepts (when it only uses features the installed libvirt
 * knows), that keeps QEMU's dependency rules (derived here from CATALOGUE[].requires), and that the corpus oracle
 * passes (nothing else changed, the block is the plan's).
 */
import * as fc from 'fast-check';
import { CATALOGUE, FeatureSpec, HypervOptions, renderStylesheet, resolveOptions, versionAtLeast } from '../../lib/core';
import { canonicalMany, validateMany, xsltprocMany } from '../../scripts/corpus/batch';
import { checkTransform, parseXml } from '../../scripts/corpus/compare';
import {
  FIXTURE_FILES,
  RUNS,
  propertyParameters,
  TIMEOUT,
  assertArbitrariesCoverOptions,
  describeOptions,
  installedLibvirt,
  validOptionsArb,
  withTempDirAsync,
  writeFiles,
} from './support';

type El = { nodeName: string; childNodes: ArrayLike<{ nodeType: number }>; getAttribute(n: string): string | null };
const elementChildren = (n: { childNodes: ArrayLike<{ nodeType: number }> }) => Array.from(n.childNodes).filter((c) => c.nodeType === 1) as unknown as El[];

/** Which catalogue features a domain has on, read from its XML alone. */
function featuresInDomain(xml: string): { on: Set<string>; present: Set<string>; hypervChildren: number; mode: string | null; unknown: string[] } {
  const root = parseXml(xml).documentElement as unknown as El;
  const on = new Set<string>();
  const present = new Set<string>();
  const unknown: string[] = [];
  const hyperv = elementChildren(root).filter((e) => e.nodeName === 'features').flatMap((f) => elementChildren(f)).find((e) => e.nodeName === 'hyperv');
  const specFor = (parent: FeatureSpec | undefined, name: string) =>
    CATALOGUE.find((s) => s.kind === 'hyperv' && s.element === name && s.parent === parent?.id);
  const visit = (el: El, parent: FeatureSpec | undefined) => {
    for (const child of elementChildren(el)) {
      const spec = specFor(parent, child.nodeName);
      if (!spec) {
        unknown.push(child.nodeName);
        continue;
      }
      present.add(spec.id);
      if (child.getAttribute('state') === 'on') on.add(spec.id);
      visit(child, spec);
    }
  };
  if (hyperv) visit(hyperv, undefined);
  const clock = elementChildren(root).find((e) => e.nodeName === 'clock');
  for (const timer of clock ? elementChildren(clock).filter((t) => t.nodeName === 'timer') : []) {
    const spec = CATALOGUE.find((s) => s.kind === 'timer' && s.element === timer.getAttribute('name'));
    if (spec) present.add(spec.id);
    if (spec && timer.getAttribute('present') === 'yes') on.add(spec.id);
  }
  return { on, present, hypervChildren: hyperv ? elementChildren(hyperv).length : 0, mode: hyperv ? hyperv.getAttribute('mode') : null, unknown };
}

/** QEMU's rule: every enlightenment that is on has its prerequisites on. Returns the broken pairs. */
function brokenDependencies(on: ReadonlySet<string>): string[] {
  return CATALOGUE.filter((s) => on.has(s.id)).flatMap((s) => s.requires.filter((d) => !on.has(d)).map((d) => `${s.id} without ${d}`));
}

describe('any valid option set', () => {
  const libvirt = installedLibvirt();
  let inputsCanonical: string[] = [];
  let inputsValid: boolean[] = [];

  beforeAll(async () => {
    await withTempDirAsync(async (dir) => {
      inputsCanonical = await canonicalMany(FIXTURE_FILES, dir);
    });
    inputsValid = await validateMany(FIXTURE_FILES);
  });

  test('every option has a generator (new options must be added to OPTION_ARBITRARIES)', () => {
    expect(assertArbitrariesCoverOptions()).toEqual([]);
  });

  test('the dependency oracle itself catches a broken pair', () => {
    expect(brokenDependencies(new Set(['stimer', 'synic', 'vpindex']))).toEqual(['stimer without hypervclock']);
    expect(featuresInDomain('<domain><features><hyperv><synic state="on"/><stimer state="off"/></hyperv></features></domain>').on).toEqual(new Set(['synic']));
  });

  test(`gives a stylesheet whose result validates, keeps the dependency rules and changes only what it owns (${RUNS.validOptions} cases)`, async () => {
    let validated = 0;
    let tooNew = 0;
    await fc.assert(
      fc.asyncProperty(validOptionsArb, async (options: HypervOptions) => {
        const { plan } = resolveOptions(options);
        const stylesheet = renderStylesheet(plan!);
        expect(() => parseXml(stylesheet)).not.toThrow();
        await withTempDirAsync(async (dir) => {
          const [xsl] = writeFiles(dir, 'stylesheet', [stylesheet.trim()]);
          const { outputs, stderr } = await xsltprocMany(xsl, FIXTURE_FILES, dir);
          outputs.forEach((o) => expect({ output: o, stderr }).not.toEqual({ output: '', stderr }));
          const outFiles = writeFiles(dir, 'out', outputs);
          const [valid, canonical] = await Promise.all([validateMany(outFiles), canonicalMany(outFiles, dir)]);
          outputs.forEach((output, i) => {
            const found = featuresInDomain(output);
            const context = `${describeOptions(options)} on ${FIXTURE_FILES[i]}`;
            expect({ context, unknownElements: found.unknown }).toEqual({ context, unknownElements: [] });
            expect({ context, broken: brokenDependencies(found.on) }).toEqual({ context, broken: [] });
            if (plan!.mode === 'passthrough') expect({ context, children: found.hypervChildren, mode: found.mode }).toEqual({ context, children: 0, mode: 'passthrough' });
            // Elements newer than the installed libvirt are outside its schema; everything else must validate.
            const usesNewer = CATALOGUE.some((s) => found.present.has(s.id) && !versionAtLeast(libvirt, s.libvirtSince));
            if (inputsValid[i] && !usesNewer) {
              expect({ context, valid: valid[i] }).toEqual({ context, valid: true });
              validated++;
            } else tooNew++;
            if (options.libvirtVersion !== undefined && versionAtLeast(libvirt, options.libvirtVersion)) {
              // The options promised a libvirt no newer than this one: the result must be valid here.
              expect({ context, valid: valid[i] || !inputsValid[i] }).toEqual({ context, valid: true });
            }
            expect({ context, findings: checkTransform(inputsCanonical[i], canonical[i], plan!) }).toEqual({ context, findings: [] });
          });
        });
      }),
      propertyParameters(RUNS.validOptions),
    );
    // Most generated sets must reach the RNG check, or the property proves little.
    expect(validated).toBeGreaterThan(RUNS.validOptions);
    expect(tooNew).toBeGreaterThan(0);
  }, TIMEOUT);
});
