import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { HOST_PROFILE_FORMAT } from '../../lib/core';
import { cli, fixture, spawnBin } from './helpers';

const HOSTS = join(__dirname, '..', 'fixtures', 'hosts');
const host = (name: string) => join(HOSTS, name);
const RAW = ['--capabilities', host('virsh/capabilities.xml'), '--domcapabilities', host('virsh/domcapabilities-qemu.xml'), '--virsh-version', host('virsh/version.txt')];

/** One line on stderr, nothing on stdout, exit 2. */
function expectTrouble(r: { code: number; out: string; err: string }, pattern: RegExp): void {
  expect({ code: r.code, out: r.out, lines: r.err.split('\n').length - 1 }).toEqual({ code: 2, out: '', lines: 1 });
  expect(r.err).toMatch(pattern);
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lvh-host-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

describe('libvirt-hyperv host from saved virsh outputs', () => {
  test('writes the same profile as the live capture, with uri "files"', async () => {
    const r = await cli(['host', '--name', 'vm', ...RAW]);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const expected = { ...JSON.parse(readFileSync(host('captured-tcg.json'), 'utf8')), uri: 'files' };
    expect(JSON.parse(r.out)).toEqual(expected);
  });

  test('incomplete or bad files: one line, exit 2', async () => {
    expectTrouble(await cli(['host', ...RAW]), /^libvirt-hyperv: from saved files, give --capabilities FILE, .* and --name HOST together\n$/);
    expectTrouble(await cli(['host', '--name', 'h', ...RAW.slice(0, 4), '--virsh-version', join(scratch, 'missing.txt')]), /cannot read .*missing.txt: no such file/);
    const swapped = ['--capabilities', host('virsh/domcapabilities-qemu.xml'), ...RAW.slice(2)];
    expectTrouble(await cli(['host', '--name', 'h', ...swapped]), /domcapabilities-qemu.xml: the root element is <domainCapabilities>, expected <capabilities>/);
    expectTrouble(await cli(['host', '--name', 'h', ...RAW.slice(0, 2), '--domcapabilities', write('broken.xml', '<domainCapabilities><domain>'), ...RAW.slice(4)]), /broken.xml:/);
  });
});

describe('--host FILE on the other commands', () => {
  test('bad profile files are refused with one line and exit 2', async () => {
    expectTrouble(await cli(['stylesheet', '--host', join(scratch, 'nope.json')]), /cannot read host profile .*nope.json: no such file/);
    expectTrouble(await cli(['stylesheet', '--host', write('text.json', 'kvm01\n')]), /text.json: not JSON .*; capture it with `libvirt-hyperv host > /);
    expectTrouble(await cli(['stylesheet', '--host', write('other.json', '{"format":"something-else"}')]), new RegExp(`HyperV-HOST_PROFILE: profile.format: expected '${HOST_PROFILE_FORMAT}'`));
    const profile = JSON.parse(readFileSync(host('intel-kvm.json'), 'utf8'));
    expectTrouble(await cli(['stylesheet', '--host', write('typo.json', JSON.stringify({ ...profile, cpuVendr: 'intel' }))]), /HyperV-HOST_PROFILE: profile.cpuVendr: unknown key/);
  });

  test('through the real bin: a bad profile file is one line on stderr and exit status 2', () => {
    const r = spawnBin(['diff', '--host', write('empty.json', ''), fixture('input-a-minimal.xml')]);
    expect({ status: r.status, stdout: r.stdout, lines: r.stderr.split('\n').length - 1 }).toEqual({ status: 2, stdout: '', lines: 1 });
    expect(r.stderr).toMatch(/^libvirt-hyperv: .*empty.json: not JSON/);
  });

  test('apply refuses what the host would refuse, naming the domain field or the flag', async () => {
    // input-a is the provider's minimal domain: type kvm. This machine has no usable KVM.
    expectTrouble(await cli(['apply', '--host', host('captured-tcg.json'), fixture('input-a-minimal.xml')]), /^libvirt-hyperv: HyperV-HOST_NO_KVM: domain\/@type: host 'vm' has no usable KVM/);
    expectTrouble(await cli(['apply', '--host', host('intel-kvm.json'), '--host', host('amd-kvm.json'), fixture('input-b-windows.xml')]), /HyperV-HOST_CPU_VENDOR: --evmcs: evmcs runs on intel hosts only, and host 'amd-kvm'/);
    const ok = await cli(['apply', '--host', host('intel-kvm.json'), '--host', host('amd-kvm.json'), '--preset', 'migration-safe', fixture('input-b-windows.xml')]);
    expect(ok.code).toBe(0);
  });

  test('stylesheet has no domain: what depends on it is a warning, versions are errors', async () => {
    const warned = await cli(['stylesheet', '--host', host('amd-kvm.json')]);
    expect(warned.code).toBe(0);
    expect(warned.err).toMatch(/warning: HyperV-HOST_CPU_VENDOR: --evmcs: if the domain's type is 'kvm': evmcs runs on intel hosts only/);
    expectTrouble(await cli(['stylesheet', '--host', host('old-libvirt.json'), '--avic', 'on']), /HyperV-HOST_LIBVIRT_TOO_OLD: --avic: avic needs libvirt 8.10.0 or later, and host 'old-libvirt' has libvirt 8.0.0/);
    expectTrouble(await cli(['stylesheet', '--host', host('intel-kvm.json'), '--host-cpu-vendor', 'amd']), /HyperV-HOST_CONFLICT: --host-cpu-vendor: --host-cpu-vendor is 'amd' but host 'intel-kvm' has an INTEL CPU/);
  });
});

describe('--preset for-hosts', () => {
  test('the CLI: --preset for-hosts with the --host files, warnings on stderr; without --host one line and exit 2', async () => {
    const r = await cli(['stylesheet', '--preset', 'for-hosts', '--host', host('intel-kvm.json'), '--host', host('amd-kvm.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('<avic state="on"/>');
    expect(r.out).not.toContain('evmcs');
    expect(r.err).toContain("libvirt-hyperv: warning: HyperV-HOST_PRESET_DROPPED: --evmcs: left out of the preset for these hosts: KVM on host 'amd-kvm' does not offer hv-evmcs");
    const bare = await cli(['stylesheet', '--preset', 'for-hosts']);
    expect({ code: bare.code, out: bare.out, err: bare.err }).toEqual({ code: 2, out: '', err: "libvirt-hyperv: HyperV-INVALID_OPTION: --preset: 'for-hosts' is computed from the host profiles; give at least one --host FILE\n" });
  });
});

describe('libvirt-hyperv host against the real QEMU driver (qemu:///embed: no daemon needed)', () => {
  test('captures a profile that the checks accept', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lvh-embed-'));
    try {
      const r = await cli(['host', '--connect', `qemu:///embed?root=${root}`]);
      expect(r.code).toBe(0);
      const profile = JSON.parse(r.out);
      expect(profile).toMatchObject({ format: HOST_PROFILE_FORMAT, uri: `qemu:///embed?root=${root}`, arch: 'x86_64' });
      expect(profile.qemu.q35Machine).toMatch(/^pc-q35-/);
      // The profile round-trips through --host.
      const file = write('embed.json', r.out);
      const used = await cli(['stylesheet', '--host', file, '--preset', 'migration-safe']);
      expect(used.code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
