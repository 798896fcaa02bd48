/**
 * The CLI reads domain XML bytes as libvirt does, checked against libvirt itself (`virsh -c test:///default define`,
 * the same parser as libvirtd) on real ISO-8859-1 and UTF-16 files: what libvirt refuses, the CLI refuses with advice
 * that works (the advised iconv command is run), and what libvirt accepts, the CLI accepts and hands to both engines
 * so that xsltproc reads the same characters as libvirt.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { c14n, cli } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-encoding-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DESCRIPTION = 'café ½ ü';
const domainXml = (declaration: string) =>
  `${declaration}\n<domain type="kvm"><name>lvh-acceptance-encoding</name><description>${DESCRIPTION}</description><memory>1024</memory><os><type arch="x86_64">hvm</type></os></domain>\n`;

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** libvirt's verdict on a file: the description it stores, or its error. */
function libvirtReads(path: string): { description?: string; error?: string } {
  const r = spawnSync('virsh', ['-c', 'test:///default', `define ${path}; desc lvh-acceptance-encoding`], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.trim() };
  return { description: r.stdout.trim().split('\n').pop() };
}

/** Runs the shell command the CLI advised (with its output file inside the test directory). */
function runAdvice(err: string): string {
  const command = /convert it with: (iconv [^>]+> domain-utf8\.xml)/.exec(err)?.[1];
  expect(command).toBeDefined();
  const r = spawnSync('sh', ['-c', command!], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return join(dir, 'domain-utf8.xml');
}

/** apply with both engines: both succeed, agree, and carry the description libvirt reads. */
async function appliesLikeLibvirt(path: string): Promise<void> {
  const expected = libvirtReads(path);
  expect(expected).toEqual({ description: DESCRIPTION });
  const outputs: string[] = [];
  for (const engine of ['xsltproc', 'in-process']) {
    const result = await cli(['apply', '--engine', engine, '--host-cpu-vendor', 'intel', path]);
    expect({ engine, code: result.code, err: result.err }).toEqual({ engine, code: 0, err: '' });
    expect(result.out).toContain(`<description>${DESCRIPTION}</description>`);
    outputs.push(c14n(result.out));
  }
  expect(outputs[1]).toBe(outputs[0]);
}

describe('ISO-8859-1 with its declaration', () => {
  const latin1 = () => write('latin1.xml', Buffer.from(domainXml('<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1'));

  test('libvirt refuses the bytes, and so does the CLI, with an iconv command that works', async () => {
    const path = latin1();
    expect(libvirtReads(path).error).toMatch(/Input is not proper UTF-8/);
    const result = await cli(['apply', path]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^libvirt-hyperv: \S+latin1\.xml is not UTF-8 text \(line 2, byte 0xE9\); convert it with: iconv -f ISO-8859-1 -t UTF-8 /);
    // The converted file keeps its ISO-8859-1 declaration: libvirt reads it as UTF-8, and so does the CLI.
    const converted = runAdvice(result.err);
    expect(readFileSync(converted, 'latin1')).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>/);
    await appliesLikeLibvirt(converted);
  });

  test('xsltproc alone would read the converted file as ISO-8859-1 (double-encoded): the CLI hands it the root element only', () => {
    const converted = write('converted.xml', Buffer.from(domainXml('<?xml version="1.0" encoding="ISO-8859-1"?>'), 'utf8'));
    const raw = spawnSync('xsltproc', ['--nomkdir', '--nonet', '--nowrite', join(__dirname, '..', '..', 'xslt', 'windows-enlightenments.xsl'), converted], { encoding: 'utf8' });
    expect(raw.stdout).toContain('cafÃ©');
    expect(libvirtReads(converted)).toEqual({ description: DESCRIPTION });
  });
});

describe('UTF-16', () => {
  test.each([
    ['UTF-16LE', Buffer.from(`\ufeff${domainXml('<?xml version="1.0" encoding="UTF-16"?>')}`, 'utf16le')],
    ['UTF-16BE', Buffer.from(`\ufeff${domainXml('<?xml version="1.0" encoding="UTF-16"?>')}`, 'utf16le').swap16()],
  ])('%s with a byte order mark: refused by libvirt and the CLI; the advised conversion is accepted by both', async (encoding, bytes) => {
    const path = write(`${encoding}.xml`, bytes);
    expect(libvirtReads(path).error).toBeDefined();
    const result = await cli(['diff', path]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(new RegExp(`^libvirt-hyperv: \\S+${encoding}\\.xml is ${encoding} text, which libvirt refuses; convert it with: iconv -f ${encoding} -t UTF-8 `));
    await appliesLikeLibvirt(runAdvice(result.err));
  });
});

test('a UTF-8 byte order mark is accepted, as libvirt accepts it', async () => {
  const path = write('bom.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(domainXml('<?xml version="1.0" encoding="UTF-8"?>'))]));
  await appliesLikeLibvirt(path);
});

test('an encoding libxml2 does not know: libvirt refuses it, and the CLI names it', async () => {
  const path = write('unknown.xml', Buffer.from(domainXml('<?xml version="1.0" encoding="X-NO-SUCH"?>')));
  expect(libvirtReads(path).error).toMatch(/Unsupported encoding X-NO-SUCH/);
  const result = await cli(['apply', path]);
  expect(result.code).toBe(2);
  expect(result.err).toMatch(/names encoding "X-NO-SUCH", which this tool does not know and libvirt's parser \(libxml2\) refuses unless its iconv has it/);
});
