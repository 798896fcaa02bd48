/**
 * The in-process engine (xslt-processor, for previews without xsltproc) must give what xsltproc gives, after
 * canonicalisation, for any text and attribute content a domain can hold: names with `&`, descriptions with `<`,
 * `]]>`, quotes, non-ASCII. Domains are drawn with a fixed seed and run in batches (one xsltproc call, one
 * xmllint --c14n call per side).
 */
import * as fc from 'fast-check';
import { HypervPreset, planOrThrow, renderStylesheet } from '../../lib/core';
import { runInProcess } from '../../lib/preview/in-process';
import { canonicalMany, xsltprocMany } from '../../scripts/corpus/batch';
import { sameContent } from '../../scripts/corpus/compare';
import { RUNS, SEED, TIMEOUT, withTempDirAsync, writeFiles } from './support';

/** Text made of XML 1.0 characters, with the ones that need escaping made likely. */
const xmlText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", ']]>', ' ', '\n', '\t', 'é', '€', '𝔘', '{', '}'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]+$/u.test(c)),
  ),
  minLength: 1,
  maxLength: 16,
});

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

/**
 * xslt-processor 5.1.2 has two divergences of its own, kept out of the generated content and pinned below:
 * literal `&amp;` in text collapses to `&`, and tab, LF or CR in an attribute value is written raw (so it reads
 * back as a space).
 */
const text = xmlText.filter((s) => !s.includes('&amp;'));
const attribute = text.filter((s) => !/[\t\n\r]/.test(s));

const domainArb = fc.record({ name: text, title: text, description: text, path: attribute, meta: attribute }).map(
  (v) => `<domain type="kvm">
  <name>${escapeText(v.name)}</name>
  <title>${escapeText(v.title)}</title>
  <description>${escapeText(v.description)}</description>
  <metadata><app:note xmlns:app="urn:example" text="${escapeAttr(v.meta)}">${escapeText(v.meta)}</app:note></metadata>
  <memory unit="MiB">512</memory>
  <os><type arch="x86_64" machine="q35">hvm</type></os>
  <devices><disk type="file" device="disk"><source file="${escapeAttr(v.path)}"/><target dev="vda" bus="virtio"/></disk></devices>
</domain>
`,
);

test(`xslt-processor agrees with xsltproc on any text and attribute content (${RUNS.inProcess} domains)`, async () => {
  const stylesheet = renderStylesheet(planOrThrow({ preset: HypervPreset.RHEL10 }).plan);
  const domains = fc.sample(domainArb, { numRuns: RUNS.inProcess, seed: SEED });
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
  expect(problems.slice(0, 3)).toEqual([]);
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
