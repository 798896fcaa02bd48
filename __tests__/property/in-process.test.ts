/**
 * The in-process engine (xslt-processor, for previews without xsltproc) must give what xsltproc gives, after
 * canonicalisation, or be refused by the CLI's input check, for any text and attribute content a domain can hold:
 * names with `&`, descriptions with `<`, `]]>`, quotes, non-ASCII, characters above U+FFFF written raw or as
 * references, whitespace-only titles, U+00A0 and the other spaces only JavaScript counts as whitespace, processing
 * instructions. Domains are drawn with a fixed seed and run in batches (one xsltproc call, one xmllint --c14n call
 * per side).
 */
import * as fc from 'fast-check';
import { checkDomainXml } from '../../lib/cli/input';
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runInProcess } from '../../lib/preview/in-process';
import { canonicalMany, xsltprocMany } from '../../scripts/corpus/batch';
import { sameContent } from '../../scripts/corpus/compare';
import { RUNS, SEED, TIMEOUT, replayFor, withTempDirAsync, writeFiles } from './support';

/** Text made of XML 1.0 characters, with the ones that need escaping made likely. */
const xmlText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", ']]>', ' ', '\n', '\t', 'é', '€', '𝔘', '{', '}', '\u{1F600}', '\u{10000}', '\u00a0', '\u2028', '\u3000', '\ufeff'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]+$/u.test(c)),
  ),
  minLength: 1,
  maxLength: 16,
});

/** Whitespace only: what XML calls whitespace (layout, except where preserved) and what only JavaScript does. */
const blank = fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\u2029'), minLength: 1, maxLength: 4 });

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
/** Non-ASCII characters as character references (`&#x1F600;`), which xslt-processor decoded with fromCharCode. */
const referenced = (escaped: string) => [...escaped].map((c) => (c.codePointAt(0)! > 0x7f ? `&#x${c.codePointAt(0)!.toString(16)};` : c)).join('');
/** Escaped, and half of the time with references for the non-ASCII characters. */
const written = (escape: (s: string) => string) => (v: { s: string; refs: boolean }) => (v.refs ? referenced(escape(v.s)) : escape(v.s));

/**
 * xslt-processor 5.1.2 has two divergences of its own, kept out of the generated content and pinned below:
 * literal `&amp;` in text collapses to `&`, and tab, LF or CR in an attribute value is written raw (so it reads
 * back as a space).
 */
const text = xmlText.filter((s) => !s.includes('&amp;'));
const attribute = text.filter((s) => !/[\t\n\r]/.test(s));

const withRefs = (arb: fc.Arbitrary<string>) => fc.record({ s: arb, refs: fc.boolean() });
/** A processing instruction in one domain of four. */
const pi = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  { arbitrary: text.filter((t) => !t.includes('?>') && !/^[\t\n ]/.test(t)).map((t) => `<?app ${t}?>`), weight: 1 },
);

const domainArb = fc
  .record({ name: withRefs(text), title: withRefs(fc.oneof(text, blank)), description: withRefs(fc.oneof(text, blank)), path: withRefs(attribute), meta: withRefs(attribute), pi })
  .map(
  (v) => `<domain type="kvm">
  <name>${written(escapeText)(v.name)}</name>
  <title>${written(escapeText)(v.title)}</title>
  <description>${written(escapeText)(v.description)}</description>
  <metadata><app:note xmlns:app="urn:example" text="${written(escapeAttr)(v.meta)}">${written(escapeText)(v.meta)}${v.pi}</app:note></metadata>
  <memory unit="MiB">512</memory>
  <os><type arch="x86_64" machine="q35">hvm</type></os>
  <devices><disk type="file" device="disk"><source file="${written(escapeAttr)(v.path)}"/><target dev="vda" bus="virtio"/></disk></devices>
</domain>
`,
);

test(`xslt-processor agrees with xsltproc on any text and attribute content, or the CLI refuses it (${RUNS.inProcess} domains)`, async () => {
  // A vendor id above U+FFFF and with a no-break space: the stylesheet carries it as character references.
  const stylesheet = renderStylesheet(planOrThrow({ preset: HypervPreset.RHEL10, vendorIdValue: '\u{1D518}\u00a0Hv' }).plan);
  const sampled = fc.sample(domainArb, { numRuns: RUNS.inProcess, seed: SEED });
  // What the CLI refuses for the in-process engine (processing instructions) is left out, and counted.
  const domains = sampled.filter((d) => checkDomainXml(d, 'generated').inProcessHazard === undefined);
  expect(sampled.length - domains.length).toBeGreaterThan(0);
  expect(domains.length).toBeGreaterThan(sampled.length / 2);
  const problems = await withTempDirAsync(async (dir) => {
    const [xsl] = writeFiles(dir, 'stylesheet', [stylesheet.trim()]);
    const inputs = writeFiles(dir, 'in', domains);
    const { outputs } = await xsltprocMany(xsl, inputs, dir);
    const inProcess: string[] = [];
    for (const d of domains) inProcess.push(await runInProcess(stylesheet, d));
    const [a, b] = await Promise.all([canonicalMany(writeFiles(dir, 'xsltproc', outputs), dir), canonicalMany(writeFiles(dir, 'inproc', inProcess), dir)]);
    return domains.flatMap((d, i) => {
      if (a[i] === '') return [`xsltproc failed on ${d}`];
      if (b[i] === '') return [`xslt-processor's result is not well-formed XML:\n${inProcess[i]}\nfor\n${d}`];
      const same = sameContent(a[i], b[i]);
      return same === true ? [] : [`${same}\nfor\n${d}`];
    });
  });
  expect({ replay: replayFor(SEED), problems: problems.slice(0, 3) }).toEqual({ replay: replayFor(SEED), problems: [] });
}, TIMEOUT);

/** Runs one domain through both engines and compares canonical results. */
async function bothEngines(domain: string): Promise<true | string> {
  const stylesheet = renderStylesheet(planOrThrow({}).plan);
  return withTempDirAsync(async (dir) => {
    const [xsl] = writeFiles(dir, 'stylesheet', [stylesheet.trim()]);
    const { outputs } = await xsltprocMany(xsl, writeFiles(dir, 'in', [domain]), dir);
    const inProcess = await runInProcess(stylesheet, domain);
    const [[a], [b]] = await Promise.all([canonicalMany(writeFiles(dir, 'x', outputs), dir), canonicalMany(writeFiles(dir, 'p', [inProcess]), dir)]);
    return b === '' ? `not well-formed: ${inProcess}` : sameContent(a, b);
  });
}

// Divergences of xslt-processor 5.1.2 itself (documented in lib/preview/in-process.ts). `test.failing` passes while
// they exist and fails once an upgrade fixes one, so the note and the generators above can then be widened.
test.failing('known divergence: literal "&amp;" in text comes out as "&" (xmlEscapeText)', async () => {
  expect(await bothEngines('<domain><description>R&amp;amp;D</description></domain>')).toBe(true);
});

test.failing('known divergence: a tab in an attribute value is written raw and reads back as a space', async () => {
  expect(await bothEngines('<domain><devices><disk><source file="a&#9;b"/></disk></devices></domain>')).toBe(true);
});

test('the escaping fix: "&", "<" and "]]>" in text come out escaped', async () => {
  expect(await bothEngines('<domain><name>a&amp;b&lt;c]]&gt;</name></domain>')).toBe(true);
});

// The defects found by hand (issue 11), each a case of the generators above, kept as named regressions.
test.each([
  ['a whitespace-only title and description', '<domain type="kvm"><title>\n</title><description> \t </description></domain>'],
  ['references above U+FFFF in text and attributes', '<domain type="kvm"><name>&#x1F600;</name><title>&#x10000;</title><m a="&#128512;"/></domain>'],
  ['text made of U+00A0 and other non-XML spaces', '<domain type="kvm"><name>\u00a0</name><title>\u3000\u2028</title><description>&#160;</description><m a="\ufeff"/></domain>'],
  ['a private-use or C0-free text next to them', '<domain type="kvm"><name>\uf8e0\u00a0</name></domain>'],
])('%s: the engines agree', async (_what, domain) => {
  expect(await bothEngines(domain)).toBe(true);
});

test('a processing instruction inside the domain is refused for the in-process engine, with its line', () => {
  expect(checkDomainXml('<domain>\n<metadata><?app x?></metadata></domain>', 'x.xml').inProcessHazard).toMatch(/^x\.xml:2:\d+: a processing instruction <\?app\?> \(xslt-processor drops it\)/);
});
