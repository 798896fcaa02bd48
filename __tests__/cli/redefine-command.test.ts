import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LATEST_STYLESHEET_REVISION, revisionDirectory } from '../../lib/core';
import { REPO, cli } from './helpers';

/*
 * test:///PATH is libvirt's test driver: a fresh in-memory host loaded from PATH in every virsh process, so `define`
 * really validates and stores the result, but nothing persists to the next call. The host holds one x86 KVM domain
 * named "test" (test:///default's own "test" has type 'test', which the stylesheet leaves untouched); its uuid is
 * fixed, since the driver would give it a new one in each process. The acceptance test proves persistence, NVRAM and
 * TPM on qemu:///system.
 */
const TEST_HOST = `<node>
  <domain type='kvm'>
    <name>test</name>
    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
    <memory>1048576</memory>
    <os><type arch='x86_64' machine='pc'>hvm</type></os>
  </domain>
</node>
`;
const dir = mkdtempSync(join(tmpdir(), 'lvh-redefine-test-'));
writeFileSync(join(dir, 'host.xml'), TEST_HOST);
// Known at load time: the table of bad invocations below is built from it.
const TEST_URI = `test://${join(dir, 'host.xml')}`;

describe('libvirt-hyperv redefine', () => {
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
    [['redefine', '-c', TEST_URI, 'no-such-domain'], /^libvirt-hyperv: virsh -c test:\/\/\/\S+ dumpxml --inactive --security-info no-such-domain failed: error: failed to get domain 'no-such-domain'/],
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
