/**
 * The oracle of the corpus and property runs: given a domain and what the stylesheet made of it (both already in
 * W3C canonical form from `xmllint --c14n`), it checks that
 * - nothing outside `<features>/<hyperv>` and `<clock>` changed;
 * - inside `<clock>` only the offset, the attributes invalid with the new offset and the hypervclock timer changed;
 * - the `<hyperv>` block and the timer are exactly what the expectation (a preset's settings, or a plan) says;
 * - the guest options (kind 'guest' in the catalogue) changed exactly what they document and nothing else.
 *
 * It is written from libvirt's schema and the options' documented meaning, not from the stylesheet, so a change in
 * the stylesheet cannot change what it accepts. Whitespace-only text nodes are layout and ignored: in libvirt's
 * corpus they occur only between elements or inside elements with element content (`<devices>\n  </devices>`).
 */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { CATALOGUE, FeatureSpec, featuresBefore } from '../../lib/core/catalogue';
import type { FeatureValueOptions, PresetFeatures } from '../../lib/core/generated/catalogue-types';
import type { ClockOffset, HypervMode } from '../../lib/core/vocabulary';

/** What the `<hyperv>` block and the clock must say: the shape of PresetSettings and of HypervPlan. */
export interface Expectation extends FeatureValueOptions {
  readonly mode: HypervMode;
  readonly features: PresetFeatures;
  readonly clockOffset: ClockOffset;
}

export interface Finding {
  /** A short stable class, used for the counts ("changed outside the owned parts", "hyperv block"...). */
  readonly reason: string;
  /** Where and what, for the listing. */
  readonly detail: string;
}

// xmldom's DOM types are its own; the checks only need this much of them.
type XNode = {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  parentNode: XNode | null;
  childNodes: ArrayLike<XNode>;
};
type XAttr = { name: string; value: string };
type XElement = XNode & {
  tagName: string;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  appendChild(child: XNode): XNode;
  namespaceURI: string | null;
  attributes: ArrayLike<XAttr>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  removeChild(child: XNode): XNode;
  replaceChild(n: XNode, old: XNode): XNode;
};
type XDocument = XNode & { documentElement: XElement | null; createElement(name: string): XElement };

const ELEMENT = 1;
const TEXT = 3;

/** Parses XML (canonical or not) the way libxml2 does; throws on anything that is not well-formed. */
export function parseXml(text: string): XDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    // XML 1.0 (section 2.11), which libxml2 and so libvirt follow: only CR LF and CR are line ends. xmldom's
    // default follows XML 1.1 and would turn U+0085, U+2028 and U+2029 into line feeds (and, in attributes, spaces).
    normalizeLineEndings: (text: string) => text.replace(/\r\n?/g, '\n'),
    onError: (level: string, message: string) => {
      if (level !== 'warning') problems.push(message);
    },
  }).parseFromString(text, 'text/xml') as unknown as XDocument;
  if (problems.length > 0 || !doc.documentElement) throw new Error(`not well-formed: ${problems[0] ?? 'no root element'}`);
  return doc;
}

export function serialize(node: XNode): string {
  return new XMLSerializer().serializeToString(node as never);
}

const children = (n: XNode): XNode[] => Array.from(n.childNodes);
const elements = (n: XNode): XElement[] => children(n).filter((c): c is XElement => c.nodeType === ELEMENT);
const attributes = (e: XElement): XAttr[] => Array.from(e.attributes);
const isBlank = (n: XNode) => n.nodeType === TEXT && /^[ \t\r\n]*$/.test(n.nodeValue ?? '');

/** Removes whitespace-only text nodes, recursively. */
export function stripLayout(node: XNode): void {
  for (const k of children(node)) {
    if (isBlank(k)) (node as XElement).removeChild(k);
    else if (k.nodeType === ELEMENT) stripLayout(k);
  }
}

/** The path of a node for messages: /domain/devices/disk[2]. */
function pathOf(node: XNode): string {
  const parts: string[] = [];
  let n: XNode | null = node;
  while (n && n.nodeType === ELEMENT) {
    const parent: XNode | null = n.parentNode;
    const same = parent ? elements(parent).filter((e) => e.nodeName === n!.nodeName) : [];
    parts.unshift(same.length > 1 ? `${n.nodeName}[${same.indexOf(n as XElement) + 1}]` : n.nodeName);
    n = parent;
  }
  return `/${parts.join('/')}`;
}

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);

/** Describes the first difference between two trees (used only when their serialisations differ). */
export function firstDifference(a: XNode, b: XNode): string {
  const describe = (n: XNode | undefined) =>
    n === undefined ? 'nothing' : n.nodeType === ELEMENT ? `<${n.nodeName}>` : `${n.nodeType === TEXT ? 'text' : `node type ${n.nodeType}`} ${JSON.stringify(clip(n.nodeValue ?? ''))}`;
  const walk = (x: XNode, y: XNode): string | undefined => {
    if (x.nodeType === ELEMENT && y.nodeType === ELEMENT) {
      const ex = x as XElement;
      const ey = y as XElement;
      if (ex.nodeName !== ey.nodeName) return `${pathOf(x)}: element <${ex.nodeName}> became <${ey.nodeName}>`;
      const names = new Set([...attributes(ex), ...attributes(ey)].map((at) => at.name));
      for (const name of [...names].sort()) {
        const vx = ex.getAttribute(name);
        const vy = ey.getAttribute(name);
        if (!ex.hasAttribute(name)) return `${pathOf(x)}/@${name}: added (${JSON.stringify(clip(vy ?? ''))})`;
        if (!ey.hasAttribute(name)) return `${pathOf(x)}/@${name}: removed (was ${JSON.stringify(clip(vx ?? ''))})`;
        if (vx !== vy) return `${pathOf(x)}/@${name}: ${JSON.stringify(clip(vx ?? ''))} became ${JSON.stringify(clip(vy ?? ''))}`;
      }
    } else if (x.nodeType !== y.nodeType || x.nodeValue !== y.nodeValue) {
      return `${pathOf(x.parentNode ?? x)}: ${describe(x)} became ${describe(y)}`;
    }
    const cx = children(x);
    const cy = children(y);
    for (let i = 0; i < Math.max(cx.length, cy.length); i++) {
      if (cx[i] === undefined || cy[i] === undefined) {
        return `${pathOf(x)}: child ${i + 1} ${cx[i] === undefined ? `added: ${describe(cy[i])}` : `removed: ${describe(cx[i])}`}`;
      }
      const d = walk(cx[i], cy[i]);
      if (d) return d;
    }
    return undefined;
  };
  return walk(a, b) ?? 'the serialisations differ but no node does';
}

/** True when both canonical documents are equal once layout whitespace is ignored; else the first difference. */
export function sameContent(canonicalA: string, canonicalB: string): true | string {
  const a = parseXml(canonicalA);
  const b = parseXml(canonicalB);
  stripLayout(a);
  stripLayout(b);
  return serialize(a) === serialize(b) ? true : firstDifference(a, b);
}

// ---- what the expectation says ----

/** The `<hyperv>` block an expectation calls for, as path → attributes ('stimer/direct' → {state: 'on'}). */
export function expectedHyperv(e: Expectation): { rootAttributes: Record<string, string>; entries: Map<string, Record<string, string>> } {
  const entries = new Map<string, Record<string, string>>();
  if (e.mode === 'passthrough') return { rootAttributes: { mode: 'passthrough' }, entries };
  const byId = new Map<string, FeatureSpec>(CATALOGUE.map((s) => [s.id, s]));
  for (const s of CATALOGUE) {
    const state = e.features[s.id];
    if (s.kind !== 'hyperv' || state === undefined) continue;
    // libvirt reads <stimer>'s and <tlbflush>'s children only when the parent is on.
    if (s.parent !== undefined && e.features[s.parent] !== 'on') continue;
    const attrs: Record<string, string> = { state };
    if (s.value && state === 'on') attrs[s.value.attribute] = String(e[s.value.option]);
    const path = s.parent !== undefined ? `${byId.get(s.parent)!.element}/${s.element}` : s.element;
    entries.set(path, attrs);
  }
  return { rootAttributes: {}, entries };
}

const attrMap = (el: XElement): Record<string, string> => Object.fromEntries(attributes(el).map((a) => [a.name, a.value]));
const sameMap = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Checks one `<hyperv>` element against the expectation. */
export function checkHyperv(hyperv: XElement, e: Expectation): string[] {
  const problems: string[] = [];
  const want = expectedHyperv(e);
  const rootAttrs = attrMap(hyperv);
  // mode='custom' is libvirt's default and may be written or left out.
  if (rootAttrs.mode === 'custom' && e.mode === 'custom') delete rootAttrs.mode;
  if (!sameMap(rootAttrs, want.rootAttributes)) problems.push(`<hyperv> attributes ${JSON.stringify(rootAttrs)}, expected ${JSON.stringify(want.rootAttributes)}`);
  const seen = new Map<string, Record<string, string>>();
  const visit = (el: XElement, prefix: string) => {
    for (const k of children(el)) {
      if (k.nodeType !== ELEMENT) {
        problems.push(`unexpected ${k.nodeType === TEXT ? 'text' : 'node'} ${JSON.stringify(clip(k.nodeValue ?? ''))} in ${prefix || 'hyperv'}`);
        continue;
      }
      const child = k as XElement;
      const path = prefix ? `${prefix}/${child.nodeName}` : child.nodeName;
      if (seen.has(path)) problems.push(`${path} appears twice`);
      seen.set(path, attrMap(child));
      visit(child, path);
    }
  };
  visit(hyperv, '');
  for (const [path, attrs] of want.entries) {
    const got = seen.get(path);
    if (!got) problems.push(`${path} missing (expected ${JSON.stringify(attrs)})`);
    else if (!sameMap(got, attrs)) problems.push(`${path} is ${JSON.stringify(got)}, expected ${JSON.stringify(attrs)}`);
  }
  for (const path of seen.keys()) if (!want.entries.has(path)) problems.push(`${path} present but not expected`);
  return problems;
}

/** libvirt's timeDelta (`(-|\+)?[0-9]+`) or `reset`: the adjustments valid with offset localtime and utc. */
const VALID_ADJUSTMENT = /^([+-]?[0-9]+|reset)$/;
/** Attributes of other offsets (timezone, variable, absolute) that the RNG refuses with localtime and utc. */
const OTHER_OFFSETS_ATTRIBUTES = new Set(['timezone', 'basis', 'start']);

const isHypervclock = (n: XNode) => n.nodeType === ELEMENT && n.nodeName === 'timer' && (n as XElement).getAttribute('name') === 'hypervclock';

/**
 * Checks an output `<clock>` against the input's (undefined when the input had none): the offset and the
 * hypervclock timer are the expectation's, everything else is the input's minus what the new offset forbids.
 */
export function checkClock(input: XElement | undefined, output: XElement, e: Expectation): string[] {
  const problems: string[] = [];
  const inAttrs = input ? attrMap(input) : {};
  const outAttrs = attrMap(output);
  const wantAttrs: Record<string, string> = {};
  if (e.clockOffset === 'keep') {
    Object.assign(wantAttrs, { offset: 'utc' }, inAttrs);
  } else {
    wantAttrs.offset = e.clockOffset;
    for (const [name, value] of Object.entries(inAttrs)) {
      if (name === 'offset' || OTHER_OFFSETS_ATTRIBUTES.has(name)) continue;
      if (name === 'adjustment' && !VALID_ADJUSTMENT.test(value)) continue;
      wantAttrs[name] = value;
    }
    // libvirt stores localtime/utc with a numeric adjustment as offset='variable' with that basis.
    if (wantAttrs.adjustment !== undefined && wantAttrs.adjustment !== 'reset') Object.assign(wantAttrs, { offset: 'variable', basis: e.clockOffset });
  }
  if (!sameMap(outAttrs, wantAttrs)) problems.push(`<clock> attributes ${JSON.stringify(outAttrs)}, expected ${JSON.stringify(wantAttrs)}`);

  const timer = e.features.hypervclock;
  const windows = e.features.windowsTimers === 'on';
  const owned = (k: XNode) =>
    (timer !== undefined && isHypervclock(k)) || (windows && k.nodeType === ELEMENT && k.nodeName === 'timer' && WINDOWS_TIMERS.has((k as XElement).getAttribute('name') ?? ''));
  const inKids = input ? children(input) : [];
  const outKids = children(output);
  const keep = (kids: XNode[]) => kids.filter((k) => !owned(k)).map(serialize).join('');
  if (keep(inKids) !== keep(outKids)) problems.push(`<clock> children other than the owned timers changed: ${clip(keep(inKids))} became ${clip(keep(outKids))}`);
  // Each owned timer: set in place (other attributes and children kept; pit's <catchup> goes with delay), or
  // added once when the domain has none of that name. rtc and pit switched off are left alone.
  const settings = new Map<string, Record<string, string>>([...(windows ? WINDOWS_TIMERS : []), ...(timer !== undefined ? [['hypervclock', { present: timer === 'on' ? 'yes' : 'no' }] as const] : [])]);
  for (const [name, attrs] of settings) {
    const named = (kids: XNode[]) => kids.filter((k) => k.nodeType === ELEMENT && k.nodeName === 'timer' && (k as XElement).getAttribute('name') === name) as XElement[];
    const before = named(inKids);
    const want = before.length === 0
      ? [`<timer ${Object.entries({ name, ...attrs }).map(([k, v]) => `${k}="${v}"`).join(' ')}></timer>`]
      : before.map((t) => {
          const copy = (t as unknown as { cloneNode(deep: boolean): XElement }).cloneNode(true);
          if ('tickpolicy' in attrs && copy.getAttribute('present') === 'no') return serialize(copy);
          for (const [k, v] of Object.entries(attrs)) copy.setAttribute(k, v);
          if (attrs.tickpolicy !== undefined && attrs.tickpolicy !== 'catchup') child(copy, 'catchup').forEach((c) => copy.removeChild(c));
          return serialize(copy);
        });
    const got = named(outKids).map(serialize);
    const norm = (xs: string[]) => xs.map((x) => serialize(parseXml(x).documentElement!)).map((x) => x.replace(/ xmlns="[^"]*"/g, ''));
    if (JSON.stringify(norm(got).map(sortAttributes)) !== JSON.stringify(norm(want).map(sortAttributes))) {
      problems.push(`timer ${name}: ${clip(got.join(''))}, expected ${clip(want.join(''))}`);
    }
  }
  return problems;
}

/** A serialised element with its attributes in name order (attribute order means nothing in XML). */
function sortAttributes(xml: string): string {
  const el = parseXml(xml).documentElement!;
  return `${el.nodeName} ${JSON.stringify(attributes(el).map((a) => [a.name, a.value]).sort())} ${children(el).map(serialize).join('')}`;
}

/** Whether a stylesheet for `e` writes a `<clock>` into a domain that has none. */
const writesClock = (e: Expectation) => e.clockOffset !== 'keep' || e.features.hypervclock !== undefined || e.features.windowsTimers === 'on';

/** windowsTimers: the timer policy virt-manager, Nova and KubeVirt give Windows guests, replacing same-named timers. */
const WINDOWS_TIMERS: ReadonlyMap<string, Record<string, string>> = new Map<string, Record<string, string>>([
  ['rtc', { tickpolicy: 'catchup' }],
  ['pit', { tickpolicy: 'delay' }],
  ['hpet', { present: 'no' }],
]);

const child = (el: XElement | undefined, name: string) => (el ? elements(el).filter((c) => c.nodeName === name) : []);

/** Sets an attribute keeping canonical order (plain attributes sorted by name), so serialisations stay comparable. */
function setCanonicalAttribute(el: XElement, name: string, value: string): void {
  el.setAttribute(name, value);
  const plain = attributes(el).filter((a) => !a.name.includes(':') && !a.name.startsWith('xmlns'));
  const others = attributes(el).filter((a) => !plain.includes(a)).map((a) => [a.name, a.value] as const);
  const sorted = plain.map((a) => [a.name, a.value] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [n] of [...sorted, ...others]) el.removeAttribute(n);
  for (const [n, v] of [...sorted, ...others]) el.setAttribute(n, v);
}

/**
 * What each guest option does to the domain it is given, applied to the input to get what the output must be
 * (outside <hyperv> and <clock>). Written from libvirt's rules (docs/formatdomain.rst, src/qemu/qemu_validate.c:
 * Secure Boot needs q35 and SMM; q35 has no IDE bus) and the options' documentation in the catalogue.
 * windowsTimers lives in <clock> and is checked by checkClock.
 */
const GUEST_EDITS: { readonly [id: string]: (root: XElement, doc: XDocument) => void } = {
  sataCdrom: (root) => {
    const q35 = child(child(root, 'os')[0], 'type').some((t) => (t.getAttribute('machine') ?? '').includes('q35'));
    if (!q35) return;
    for (const disk of child(child(root, 'devices')[0], 'disk').filter((d) => d.getAttribute('device') === 'cdrom')) {
      const targets = child(disk, 'target').filter((t) => t.getAttribute('bus') === 'ide');
      for (const target of targets) setCanonicalAttribute(target, 'bus', 'sata');
      // An IDE drive address is invalid on SATA: dropped, libvirt assigns one.
      if (targets.length > 0) child(disk, 'address').forEach((a) => disk.removeChild(a));
    }
  },
  secureBoot: (root, doc) => {
    const os = child(root, 'os')[0];
    const q35 = child(os, 'type').some((t) => (t.getAttribute('machine') ?? '').includes('q35'));
    const loaders = child(os, 'loader');
    if (!q35 || loaders.length === 0) return;
    loaders.forEach((l) => setCanonicalAttribute(l, 'secure', 'yes'));
    for (const features of child(root, 'features')) {
      const smm = child(features, 'smm');
      if (smm.length > 0) smm.forEach((s) => setCanonicalAttribute(s, 'state', 'on'));
      else {
        const added = doc.createElement('smm');
        added.setAttribute('state', 'on');
        // Where libvirt formats it: before the first element it formats after <smm> (hyperv is masked here).
        const before = new Set([...featuresBefore('smm'), 'hyperv']);
        const next = elements(features).find((el) => !before.has(el.nodeName));
        if (next) (features as unknown as { insertBefore(n: XNode, ref: XNode): void }).insertBefore(added, next);
        else features.appendChild(added);
      }
    }
  },
  tpmCrb: (root) => {
    for (const tpm of child(child(root, 'devices')[0], 'tpm')) {
      const emulators = child(tpm, 'backend').filter((b) => b.getAttribute('type') === 'emulator' && [null, '2.0'].includes(b.getAttribute('version')));
      if (emulators.length > 0) setCanonicalAttribute(tpm, 'model', 'tpm-crb');
      // No version is TPM 1.2 for libvirt; Windows 11 needs 2.0, the only one tpm-crb takes.
      emulators.forEach((b) => setCanonicalAttribute(b, 'version', '2.0'));
    }
  },
  windowsTimers: () => undefined,
};

/**
 * The whole check of one transform: canonical input and output in, findings out (empty when it passed).
 * Reasons: 'output root', 'features', 'hyperv block', 'clock', 'changed outside hyperv and clock'.
 */
export function checkTransform(canonicalInput: string, canonicalOutput: string, e: Expectation): Finding[] {
  const findings: Finding[] = [];
  const add = (reason: string, details: string[]) => details.forEach((detail) => findings.push({ reason, detail }));
  const input = parseXml(canonicalInput);
  const output = parseXml(canonicalOutput);
  stripLayout(input);
  stripLayout(output);
  const inRoot = input.documentElement!;
  const outRoot = output.documentElement!;
  if (outRoot.nodeName !== 'domain') {
    add('output root', [`the output's root is <${outRoot.nodeName}>`]);
    return findings;
  }

  // A domain that is not x86 (an absent arch is the host's) or not kvm/qemu must come out as it went in.
  const type = inRoot.getAttribute('type');
  const arch = child(child(inRoot, 'os')[0], 'type').map((t) => t.getAttribute('arch')).find((a) => a !== null);
  if ((type !== null && type !== 'kvm' && type !== 'qemu') || (arch !== undefined && arch !== 'x86_64' && arch !== 'i686')) {
    if (serialize(input) !== serialize(output)) add('changed a domain it must leave alone', [firstDifference(input, output)]);
    return findings;
  }

  // <features>/<hyperv>: exactly one <features> with exactly one <hyperv>, as expected; then masked on both sides.
  const inFeatures = elements(inRoot).filter((el) => el.nodeName === 'features');
  const outFeatures = elements(outRoot).filter((el) => el.nodeName === 'features');
  if (outFeatures.length !== Math.max(1, inFeatures.length)) add('features', [`${outFeatures.length} <features> in the output, ${inFeatures.length} in the input`]);
  for (const f of outFeatures) {
    const hv = elements(f).filter((el) => el.nodeName === 'hyperv');
    if (hv.length !== 1) add('hyperv block', [`${pathOf(f)} holds ${hv.length} <hyperv>`]);
    else add('hyperv block', checkHyperv(hv[0], e));
  }
  for (const f of [...inFeatures, ...outFeatures]) elements(f).filter((el) => el.nodeName === 'hyperv').forEach((hv) => f.removeChild(hv));
  // The input becomes what the output must be outside <hyperv> and <clock>: a <features> the stylesheet has to
  // create (it appends one), then what each guest option that is on does.
  if (inFeatures.length === 0) inRoot.appendChild(input.createElement('features'));
  for (const s of CATALOGUE.filter((f) => f.kind === 'guest' && e.features[f.id] === 'on')) {
    const edit = GUEST_EDITS[s.id];
    if (edit) edit(inRoot, input);
    else add('oracle', [`guest option ${s.id} is on but scripts/corpus/compare.ts does not know what it may change; add it to GUEST_EDITS`]);
  }

  // <clock>: checked on its own, then replaced by an empty placeholder so a moved clock still shows.
  const inClocks = elements(inRoot).filter((el) => el.nodeName === 'clock');
  const outClocks = elements(outRoot).filter((el) => el.nodeName === 'clock');
  const wantClocks = inClocks.length > 0 ? inClocks.length : writesClock(e) ? 1 : 0;
  if (outClocks.length !== wantClocks) add('clock', [`${outClocks.length} <clock> in the output, expected ${wantClocks}`]);
  else {
    outClocks.forEach((c, i) => add('clock', checkClock(inClocks[i], c, e)));
    inClocks.forEach((c) => inRoot.replaceChild(input.createElement('clock'), c));
    if (inClocks.length === 0) outClocks.forEach((c) => outRoot.removeChild(c));
    else outClocks.forEach((c) => outRoot.replaceChild(output.createElement('clock'), c));
  }

  if (serialize(input) !== serialize(output)) add('changed outside hyperv and clock', [firstDifference(input, output)]);
  return findings;
}
