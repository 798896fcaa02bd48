/**
 * libxml2's limits (no XML_PARSE_HUGE), which the provider's xsltproc and libvirt both parse with: the CLI refuses
 * what they refuse, before any engine runs, so the in-process engine never succeeds where the provider would fail.
 * Each boundary is checked against the real tools on both sides. The in-process engine's own budget (time grows with
 * the square of the depth) refuses deep documents that the tools still take, with one line.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { IN_PROCESS_BUDGET, LIBXML2_LIMITS, checkDomainXml } from '../../lib/cli/input';
import { renderLayoutStylesheet } from '../../lib/core';
import { XsltprocError, runXsltproc } from '../../lib/preview/xsltproc';
import { cli } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A domain libvirt's test driver defines, with `inner` inside <metadata>. */
const domain = (inner: string) =>
  `<domain type="kvm"><name>lvh-acceptance-limits</name><memory>1024</memory><os><type arch="x86_64">hvm</type></os><metadata>${inner}</metadata></domain>\n`;
/** Elements nested `depth` deep in total (domain and metadata included). */
const nested = (depth: number) => domain(`${'<a:x xmlns:a="urn:a">'.repeat(depth - 2)}${'</a:x>'.repeat(depth - 2)}`);

function libvirtError(xml: string): string | undefined {
  const file = join(dir, 'domain.xml');
  writeFileSync(file, xml);
  const r = spawnSync('virsh', ['-c', 'test:///default', 'define', file], { encoding: 'utf8' });
  return r.status === 0 ? undefined : r.stderr;
}

function xsltprocError(xml: string): string | undefined {
  try {
    runXsltproc(renderLayoutStylesheet(), xml);
    return undefined;
  } catch (e) {
    if (e instanceof XsltprocError) return e.stderr;
    throw e;
  }
}

describe(`nesting: ${LIBXML2_LIMITS.depth} levels pass, one more is refused`, () => {
  test('libvirt and xsltproc draw the line where the CLI does', () => {
    expect(libvirtError(nested(LIBXML2_LIMITS.depth))).toBeUndefined();
    expect(xsltprocError(nested(LIBXML2_LIMITS.depth))).toBeUndefined();
    expect(libvirtError(nested(LIBXML2_LIMITS.depth + 1))).toMatch(/Excessive depth in document: 256/);
    expect(xsltprocError(nested(LIBXML2_LIMITS.depth + 1))).toMatch(/Excessive depth in document: 256/);
  });

  test('one level more: both engines refuse it with one line, before running', async () => {
    for (const engine of ['xsltproc', 'in-process']) {
      const result = await cli(['apply', '--engine', engine, '-'], { stdin: nested(LIBXML2_LIMITS.depth + 1) });
      expect({ code: result.code, out: result.out }).toEqual({ code: 2, out: '' });
      expect(result.err).toMatch(/^libvirt-hyperv: stdin:1:\d+: elements nested more than 257 deep, which xsltproc and libvirt refuse \("Excessive depth in document", libxml2's limit\); flatten <a:x>\n$/);
    }
  });

  test('at the limit: xsltproc gives the result; the in-process engine refuses it as too slow, in one line', async () => {
    expect((await cli(['apply', '--engine', 'xsltproc', '-'], { stdin: nested(LIBXML2_LIMITS.depth) })).code).toBe(0);
    const result = await cli(['apply', '--engine', 'in-process', '-'], { stdin: nested(LIBXML2_LIMITS.depth) });
    expect({ code: result.code, out: result.out }).toEqual({ code: 2, out: '' });
    expect(result.err).toBe(
      'libvirt-hyperv: stdin: too many elements nested too deep for the in-process engine (xslt-processor) to finish within seconds (its time per element grows with the square of the depth); install xsltproc (apt-get install xsltproc) and use --engine xsltproc\n',
    );
  });

  test('the budget leaves ordinary domains alone and takes a chain about 175 deep', () => {
    expect(checkDomainXml(nested(170), 'x').inProcessHazard).toBeUndefined();
    expect(checkDomainXml(nested(190), 'x').inProcessHazard).toMatch(/too many elements nested too deep/);
    const wide = domain('<a:x xmlns:a="urn:a">' + '<a:y/>'.repeat(5000) + '</a:x>');
    expect(checkDomainXml(wide, 'x').inProcessHazard).toBeUndefined();
    expect(IN_PROCESS_BUDGET.work).toBe(2_000_000);
  });
});

describe(`text nodes: ${LIBXML2_LIMITS.textBytes} bytes pass, one more is refused`, () => {
  // Text, a character reference and a CDATA section make one text node for libxml2 (xsltproc parses with NOCDATA).
  const half = LIBXML2_LIMITS.textBytes / 2;
  const atLimit = domain(`<a:t xmlns:a="urn:a">${'a'.repeat(half)}&amp;${'b'.repeat(half - 1)}</a:t>`);
  const overLimit = domain(`<a:t xmlns:a="urn:a">${'a'.repeat(half)}<![CDATA[${'b'.repeat(half + 1)}]]></a:t>`);

  test('xsltproc agrees on the boundary', () => {
    expect(xsltprocError(atLimit)).toBeUndefined();
    expect(xsltprocError(overLimit)).toMatch(/huge text node/);
  });

  test('the CLI refuses one byte more for both engines, with one line naming the limit', async () => {
    for (const engine of ['xsltproc', 'in-process']) {
      const result = await cli(['apply', '--engine', engine, '-'], { stdin: overLimit });
      expect({ code: result.code, out: result.out }).toEqual({ code: 2, out: '' });
      expect(result.err).toMatch(/^libvirt-hyperv: stdin:1:\d+: a text node of more than 10000000 bytes, which xsltproc and libvirt refuse \("huge text node", libxml2's limit\); shorten it\n$/);
    }
  });

  test('a comment splits text nodes, as in libxml2', () => {
    const split = domain(`<a:t xmlns:a="urn:a">${'a'.repeat(half + 10)}<!---->${'b'.repeat(half + 10)}</a:t>`);
    expect(() => checkDomainXml(split, 'x')).not.toThrow();
    expect(xsltprocError(split)).toBeUndefined();
  });

  test('at the limit the in-process engine declines by size (libxml2 refuses long start tags there at offsets only it knows)', () => {
    expect(checkDomainXml(atLimit, 'x').inProcessHazard).toBe(`x: more than ${IN_PROCESS_BUDGET.bytes} bytes, beyond what the in-process engine (xslt-processor) takes on`);
  });
});
