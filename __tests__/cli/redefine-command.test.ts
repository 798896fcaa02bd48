import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LATEST_STYLESHEET_REVISION, revisionDirectory } from '../../lib/core';
import { REPO, cli } from './helpers';

/*
 * test:///default is libvirt's test driver: a fresh in-memory host with a domain named "test" in every virsh process,
 * so `define` really validates and stores the result, but nothing persists to the next call. The acceptance test
 * proves persistence, NVRAM and TPM on qemu:///system.
 */
const TEST_URI = 'test:///default';

describe('libvirt-hyperv redefine', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lvh-redefine-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs the stylesheet over the persistent definition and defines it: the diff on stdout, what happened on stderr', async () => {
    const { code, out, err } = await cli(['redefine', '--connect', TEST_URI, '--host-cpu-vendor', 'intel', '--evmcs', 'off', 'test']);
    expect(code).toBe(0);
    expect(out).toMatch(/^--- test \(persistent definition before\)\n\+\+\+ test \(defined\)\n/);
    expect(out).toContain('+      <evmcs state="off"/>');
    expect(out).toContain('+  <clock offset="localtime">');
    expect(err).toBe(
      'libvirt-hyperv: redefined test: NVRAM and TPM state are kept; the change applies at the next cold boot (shut down, then start; a reboot from inside the guest keeps the running definition)\n',
    );
  });

  test('--stylesheet FILE takes the stylesheet as it is (for example the xml.xslt an app synthesized)', async () => {
    const file = join(REPO, 'xslt', revisionDirectory(LATEST_STYLESHEET_REVISION), 'windows-enlightenments-migration-safe.xsl');
    const { code, out } = await cli(['redefine', '-c', TEST_URI, '--stylesheet', file, 'test']);
    expect(code).toBe(0);
    expect(out).toContain('+      <tlbflush state="on"/>');
    expect(out).not.toContain('evmcs');
  });

  test('refuses a stylesheet that renames the domain: define would create a second one', async () => {
    const renaming = readFileSync(join(REPO, 'xslt', 'windows-enlightenments.xsl'), 'utf8').replace(
      '</xsl:stylesheet>',
      '<xsl:template match="/domain/name"><name>other</name></xsl:template>\n</xsl:stylesheet>',
    );
    const file = join(dir, 'renaming.xsl');
    writeFileSync(file, renaming);
    const { code, out, err } = await cli(['redefine', '-c', TEST_URI, '--stylesheet', file, 'test']);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(/^libvirt-hyperv: the stylesheet changes the domain's <name> \("test" -> "other"\): virsh define would create another domain instead of changing test; /);
  });

  test.each([
    [['redefine', 'test'], /^libvirt-hyperv: required option '-c, --connect <uri>' not specified\n$/],
    [['redefine', '-c', TEST_URI, '--stylesheet', 'x.xsl', '--evmcs', 'off', 'test'], /^libvirt-hyperv: --stylesheet and --evmcs: the stylesheet file decides everything; drop --evmcs, or drop --stylesheet\n$/],
    [['redefine', '-c', TEST_URI, '--stylesheet', '/nonexistent/x.xsl', 'test'], /^libvirt-hyperv: --stylesheet: cannot read \/nonexistent\/x.xsl: ENOENT; give the path of an XSLT file\n$/],
    [['redefine', '-c', TEST_URI, 'no-such-domain'], /^libvirt-hyperv: virsh -c test:\/\/\/default dumpxml --inactive --security-info no-such-domain failed: error: failed to get domain 'no-such-domain'/],
    [['redefine', '-c', TEST_URI, '--stylesheet-revision', '2', 'test'], /^libvirt-hyperv: HyperV-STYLESHEET_REVISION: --stylesheet-revision: got 2; /],
  ])('%j: exit 2 and one line', async (argv, message) => {
    const { code, out, err } = await cli(argv);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(message);
  });
});

describe('--stylesheet-revision', () => {
  test('stylesheet --stylesheet-revision N prints xslt/revisions/N/ byte for byte; without it, the newest', async () => {
    const pinned = await cli(['stylesheet', '--host-cpu-vendor', 'intel', '--stylesheet-revision', String(LATEST_STYLESHEET_REVISION)]);
    expect(pinned.out).toBe(readFileSync(join(REPO, 'xslt', revisionDirectory(LATEST_STYLESHEET_REVISION), 'windows-enlightenments.xsl'), 'utf8'));
    expect((await cli(['stylesheet', '--host-cpu-vendor', 'intel'])).out).toBe(pinned.out);
  });
});
