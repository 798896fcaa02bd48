/**
 * The corpus oracle (scripts/corpus/compare.ts) must be able to fail: every stylesheet result on every fixture
 * passes it, and any mutation of that result is caught with the right reason, except the mutations that only
 * touch layout or what libvirt treats as unordered (which must pass). Without this, a corpus run that reports
 * "0 failed" would prove nothing.
 */
import * as fc from 'fast-check';
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { canonicalMany, xsltprocMany } from '../../scripts/corpus/batch';
import { checkTransform, parseXml, serialize } from '../../scripts/corpus/compare';
import { FIXTURE_FILES, RUNS, TIMEOUT, propertyParameters, withTempDirAsync, writeFiles } from './support';
import { c14n } from '../support/libvirt-tools';

type N = {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  parentNode: N | null;
  childNodes: ArrayLike<N>;
  ownerDocument: { createElement(n: string): N; createTextNode(t: string): N };
  attributes?: ArrayLike<{ name: string; value: string }>;
  getAttribute(n: string): string | null;
  setAttribute(n: string, v: string): void;
  removeChild(c: N): void;
  insertBefore(n: N, ref: N | null): void;
  appendChild(n: N): void;
};

const kids = (n: N) => Array.from(n.childNodes);
const all = (n: N): N[] => [n, ...kids(n).flatMap(all)];
const isOwned = (n: N): boolean => {
  for (let p: N | null = n; p; p = p.parentNode) {
    if (p.nodeName === 'hyperv' && p.parentNode?.nodeName === 'features') return true;
    if (p.nodeName === 'clock' && p.parentNode?.parentNode?.nodeType === 9) return true;
  }
  return false;
};

interface Mutation {
  readonly name: string;
  /** The finding reason it must cause, or null for a change that must pass. */
  readonly reason: string | null;
  /** Mutates the document using `pick` to choose among candidates; false when it does not apply. */
  readonly apply: (root: N, pick: <T>(xs: T[]) => T) => boolean;
}

const outsideElements = (root: N) => all(root).filter((n) => n.nodeType === 1 && n !== root && !isOwned(n) && n.nodeName !== 'features');
const hypervChildren = (root: N) => all(root).filter((n) => n.nodeType === 1 && isOwned(n) && n.parentNode?.nodeName === 'hyperv');
const clockOf = (root: N) => kids(root).find((n) => n.nodeName === 'clock');

const MUTATIONS: Mutation[] = [
  { name: 'remove an element', reason: 'changed outside hyperv and clock', apply: (r, pick) => {
    const c = outsideElements(r);
    if (c.length === 0) return false;
    const e = pick(c);
    e.parentNode!.removeChild(e);
    return true;
  } },
  { name: 'change an attribute', reason: 'changed outside hyperv and clock', apply: (r, pick) => {
    // Namespace declarations are not attributes to XML's data model (C14N places them itself).
    const plain = (e: N) => Array.from(e.attributes ?? []).filter((a) => !a.name.startsWith('xmlns'));
    const c = outsideElements(r).filter((e) => plain(e).length > 0);
    if (c.length === 0) return false;
    const e = pick(c);
    const a = pick(plain(e));
    e.setAttribute(a.name, `${a.value}x`);
    return true;
  } },
  { name: 'add an attribute', reason: 'changed outside hyperv and clock', apply: (r, pick) => {
    pick([r, ...outsideElements(r)]).setAttribute('mutant', '1');
    return true;
  } },
  { name: 'change text', reason: 'changed outside hyperv and clock', apply: (r, pick) => {
    const c = all(r).filter((n) => n.nodeType === 3 && !isOwned(n) && (n.nodeValue ?? '').trim() !== '');
    if (c.length === 0) return false;
    const t = pick(c);
    t.parentNode!.insertBefore(t.ownerDocument.createTextNode('!'), t);
    return true;
  } },
  { name: 'swap two different sibling elements', reason: 'changed outside hyperv and clock', apply: (r, pick) => {
    const c = outsideElements(r).filter((e) => {
      const next = kids(e.parentNode!).filter((k) => k.nodeType === 1)[kids(e.parentNode!).filter((k) => k.nodeType === 1).indexOf(e) + 1];
      return next !== undefined && !isOwned(next) && next.nodeName !== 'features' && serialize(next as never) !== serialize(e as never);
    });
    if (c.length === 0) return false;
    const e = pick(c);
    const siblings = kids(e.parentNode!).filter((k) => k.nodeType === 1);
    e.parentNode!.insertBefore(siblings[siblings.indexOf(e) + 1], e);
    return true;
  } },
  { name: 'insert an element', reason: 'changed outside hyperv and clock', apply: (r, pick) => {
    const parent = pick([r, ...outsideElements(r)]);
    parent.insertBefore(parent.ownerDocument.createElement('mutant'), pick([null, ...kids(parent)]));
    return true;
  } },
  { name: 'flip or drop an enlightenment', reason: 'hyperv block', apply: (r, pick) => {
    const c = hypervChildren(r);
    if (c.length === 0) return false;
    const e = pick(c);
    if (pick([true, false])) e.parentNode!.removeChild(e);
    else e.setAttribute('state', e.getAttribute('state') === 'on' ? 'off' : 'on');
    return true;
  } },
  { name: 'add an enlightenment', reason: 'hyperv block', apply: (r) => {
    const hv = all(r).find((n) => n.nodeName === 'hyperv' && n.parentNode?.nodeName === 'features');
    if (!hv) return false;
    const e = hv.ownerDocument.createElement('xmm_input');
    e.setAttribute('state', 'on');
    hv.appendChild(e);
    return true;
  } },
  { name: 'change the clock offset', reason: 'clock', apply: (r, pick) => {
    const clock = clockOf(r);
    if (!clock) return false;
    clock.setAttribute('offset', pick(['utc', 'localtime', 'variable'].filter((o) => o !== clock.getAttribute('offset'))));
    return true;
  } },
  { name: 'drop or change a timer', reason: 'clock', apply: (r, pick) => {
    const clock = clockOf(r);
    const timers = clock ? kids(clock).filter((k) => k.nodeName === 'timer') : [];
    if (timers.length === 0) return false;
    const t = pick(timers);
    if (pick([true, false])) clock!.removeChild(t);
    else t.setAttribute('present', t.getAttribute('present') === 'yes' ? 'no' : 'yes');
    return true;
  } },
  { name: 'layout whitespace', reason: null, apply: (r, pick) => {
    const e = pick([r, ...all(r).filter((n) => n.nodeType === 1 && kids(n).some((k) => k.nodeType === 1))]);
    e.insertBefore(e.ownerDocument.createTextNode('\n   '), pick([null, ...kids(e)]));
    return true;
  } },
  { name: 'reorder the enlightenments', reason: null, apply: (r) => {
    const c = hypervChildren(r);
    if (c.length < 2) return false;
    c[0].parentNode!.appendChild(c[0]);
    return true;
  } },
  { name: 'move the hypervclock timer first', reason: null, apply: (r) => {
    const clock = clockOf(r);
    const timer = clock ? kids(clock).find((k) => k.nodeName === 'timer' && k.getAttribute('name') === 'hypervclock') : undefined;
    if (!timer) return false;
    clock!.insertBefore(timer, kids(clock!)[0]);
    return true;
  } },
];

const canonical = c14n;

describe('the corpus oracle', () => {
  const presets = HypervPreset.all();
  const cases: Array<{ preset: HypervPreset; file: string; input: string; output: string }> = [];

  beforeAll(async () => {
    await withTempDirAsync(async (dir) => {
      const inputs = await canonicalMany(FIXTURE_FILES, dir);
      for (const preset of presets) {
        const [xsl] = writeFiles(dir, `xsl-${preset.name}`, [renderStylesheet(planOrThrow({ preset }).plan).trim()]);
        const { outputs } = await xsltprocMany(xsl, FIXTURE_FILES, dir);
        const outs = await canonicalMany(writeFiles(dir, `out-${preset.name}`, outputs), dir);
        FIXTURE_FILES.forEach((file, i) => cases.push({ preset, file, input: inputs[i], output: outs[i] }));
      }
    });
  });

  test('passes every preset on every fixture as the stylesheet leaves it', () => {
    expect(cases).toHaveLength(FIXTURE_FILES.length * presets.length);
    for (const c of cases) expect({ file: c.file, preset: c.preset.name, findings: checkTransform(c.input, c.output, c.preset.settings) }).toEqual({ file: c.file, preset: c.preset.name, findings: [] });
  });

  test('fails the untouched input (the block was not added)', () => {
    const c = cases.find((x) => x.preset === HypervPreset.RHEL10)!;
    expect(checkTransform(c.input, c.input, c.preset.settings).map((f) => f.reason)).toContain('hyperv block');
  });

  test(`catches every mutation of a result with the right reason, and passes layout-only ones (${RUNS.oracleMutations} cases)`, () => {
    const applied = new Map<string, number>();
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...MUTATIONS), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (n, mutation, choices) => {
        const c = cases[n % cases.length];
        const doc = parseXml(c.output);
        let k = 0;
        const pick = <T,>(xs: T[]): T => xs[choices[k++ % choices.length] % xs.length];
        fc.pre(mutation.apply(doc.documentElement as unknown as N, pick));
        applied.set(mutation.name, (applied.get(mutation.name) ?? 0) + 1);
        const reasons = checkTransform(c.input, canonical(serialize(doc as never)), c.preset.settings).map((f) => f.reason);
        if (mutation.reason === null) expect({ mutation: mutation.name, file: c.file, reasons }).toEqual({ mutation: mutation.name, file: c.file, reasons: [] });
        else expect({ mutation: mutation.name, file: c.file, caught: reasons.includes(mutation.reason) }).toEqual({ mutation: mutation.name, file: c.file, caught: true });
      }),
      propertyParameters(RUNS.oracleMutations),
    );
    expect(MUTATIONS.map((m) => m.name).filter((name) => !applied.has(name))).toEqual([]);
  }, TIMEOUT);
});
