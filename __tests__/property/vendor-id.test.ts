/**
 * Any string as vendorIdValue is either refused (naming the field), or survives exactly: rendered into the
 * stylesheet, through xsltproc with the provider's flags, `virsh define --validate` (libvirt's parser and RNG) and
 * `virsh dumpxml` on the test driver, the value libvirt reports is the string, code point for code point.
 *
 * The strings are drawn with a fixed seed (fc.sample), then the tools run in batches: every accepted string gets
 * its own stylesheet and xsltproc process (two at a time), and all of them go through a few virsh sessions.
 */
import * as fc from 'fast-check';
import { formatIssue, renderStylesheet, resolveOptions } from '../../lib/core';
import { xsltprocEach } from '../../scripts/corpus/batch';
import { parseXml } from '../../scripts/corpus/compare';
import { FULL, PROVIDER_FILES, RUNS, SEED, TIMEOUT, defineAndDumpMany, replayFor, withTempDirAsync, writeFiles } from './support';

const INPUT = PROVIDER_FILES.find((f) => f.endsWith('input-a-minimal.xml'))!;
const DOMAIN_NAME = 'minimal';

/** Everything a string can hold: any code point, any UTF-16 unit (lone surrogates), graphemes, ASCII, and the
 * characters that matter to XML, XSLT attribute value templates, QEMU's option parser and libvirt. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 14 }),
  fc.string({ unit: 'grapheme', maxLength: 14 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 14 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 14 }),
  fc.string({
    unit: fc.constantFrom('{', '}', '{{', '&', '&amp;', '<', '>', '"', "'", ' ', ',', '\t', '\n', '\r', '\u0000', '\u007f', '\u0085', '\u00a0', '\u2028',
      '\ud800', '\udfff', '\ufffe', '\uffff', '\ufeff', 'é', '€', '𝔘', ']]>', '<!--', '$', '\\', 'K', 'V', 'M'),
    maxLength: 14,
  }),
);

/** What libvirt itself cannot take: the core must refuse these (its own rules may refuse more). */
function libvirtCannotTake(s: string): string | undefined {
  if (s === '') return 'empty';
  if (s.includes(',')) return 'comma';
  if (Buffer.byteLength(s, 'utf8') > 12) return 'longer than 12 bytes';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const xmlChar = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (!xmlChar) return `not an XML character (U+${cp.toString(16)})`;
  }
  return undefined;
}

/** A string with everything outside printable ASCII as \u escapes, so invisible differences show. */
const show = (s: string | undefined) =>
  s === undefined ? 'nothing' : `"${[...s].map((ch) => (/[ -~]/.test(ch) && ch !== '"' ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`)).join('')}"`;

/** The vendor_id value in a domain's XML, read with an XML parser. */
function vendorIdIn(xml: string): string | undefined {
  const doc = parseXml(xml) as unknown as { getElementsByTagName(n: string): ArrayLike<{ getAttribute(n: string): string | null }> };
  const found = doc.getElementsByTagName('vendor_id');
  return found.length === 1 ? (found[0].getAttribute('value') ?? undefined) : undefined;
}

test(`any string as vendorIdValue is refused naming the field, or round-trips exactly through xsltproc and virsh (${RUNS.vendorIds} strings)`, async () => {
  const unique = new Set<string>();
  for (let seed = SEED; unique.size < RUNS.vendorIds; seed++) {
    for (const s of fc.sample(anyString, { numRuns: RUNS.vendorIds, seed })) if (unique.size < RUNS.vendorIds) unique.add(s);
  }
  const accepted: Array<{ value: string; stylesheet: string }> = [];
  const refusedWrongly: string[] = [];
  const acceptedWrongly: string[] = [];
  for (const value of unique) {
    const { plan, issues } = resolveOptions({ vendorIdValue: value });
    if (plan) {
      if (libvirtCannotTake(value)) acceptedWrongly.push(`${show(value)}: ${libvirtCannotTake(value)}`);
      accepted.push({ value, stylesheet: renderStylesheet(plan) });
      continue;
    }
    const errors = issues.filter((i) => i.level === 'error');
    const named = errors.length === 1 && errors[0].code === 'VENDOR_ID' && formatIssue(errors[0]).startsWith('HyperV-VENDOR_ID: vendorIdValue: must ');
    if (!named) refusedWrongly.push(`${show(value)}: ${errors.map(formatIssue).join(' / ')}`);
  }
  // The seed is in the compared object, so a failure prints the command that replays it.
  expect({ replay: replayFor(SEED), acceptedWrongly, refusedWrongly }).toEqual({ replay: replayFor(SEED), acceptedWrongly: [], refusedWrongly: [] });
  // Both outcomes must be common, or the property says little about one of them.
  expect(accepted.length).toBeGreaterThan(RUNS.vendorIds / 5);
  expect(unique.size - accepted.length).toBeGreaterThan(RUNS.vendorIds / 5);

  const mismatches = await withTempDirAsync(async (dir) => {
    const stylesheets = writeFiles(dir, 'xsl', accepted.map((a) => a.stylesheet.trim()));
    const transformed = await xsltprocEach(stylesheets.map((xsl) => [xsl, INPUT] as const));
    const problems: string[] = [];
    transformed.forEach((t, i) => {
      if (t.error !== undefined) problems.push(`${show(accepted[i].value)}: ${t.error}`);
      else if (vendorIdIn(t.output!) !== accepted[i].value) problems.push(`${show(accepted[i].value)}: xsltproc wrote ${show(vendorIdIn(t.output!))}`);
    });
    const outFiles = writeFiles(dir, 'out', transformed.map((t) => t.output ?? ''));
    const dumped = await defineAndDumpMany(outFiles, DOMAIN_NAME);
    dumped.forEach((d, i) => {
      const value = show(accepted[i].value);
      if (d.error !== undefined) problems.push(`${value}: virsh define --validate: ${d.error}`);
      else if (vendorIdIn(d.xml!) !== accepted[i].value) problems.push(`${value}: virsh dumpxml reports ${show(vendorIdIn(d.xml!))}`);
    });
    return problems;
  });
  expect({ replay: replayFor(SEED), mismatches }).toEqual({ replay: replayFor(SEED), mismatches: [] });
  if (FULL) console.log(`vendor ids: ${unique.size} distinct strings, ${accepted.length} accepted and round-tripped, ${unique.size - accepted.length} refused naming vendorIdValue`);
}, TIMEOUT);
