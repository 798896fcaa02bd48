import { readFileSync } from 'fs';
import { join } from 'path';
import { formatHostProfile } from '../../lib/core';
import { parseCapabilities, parseDomcapabilities, parseVirshVersion, profileFromVirsh, readHostProfile } from '../../lib/host';

const HOSTS = join(__dirname, '..', 'fixtures', 'hosts');
const raw = (name: string) => readFileSync(join(HOSTS, 'virsh', name), 'utf8');

describe('profileFromVirsh on the answers of the real libvirtd (captured with the profile, under the acceptance lock)', () => {
  test('gives exactly the committed profile, byte for byte once formatted', () => {
    const profile = profileFromVirsh({
      capabilities: raw('capabilities.xml'),
      domcapabilities: [raw('domcapabilities-qemu.xml')],
      version: raw('version.txt'),
      host: 'vm',
      uri: 'qemu:///system',
    });
    expect(formatHostProfile(profile)).toBe(readFileSync(join(HOSTS, 'captured-tcg.json'), 'utf8'));
  });

  test('what this machine says: AMD, libvirt 9.0.0, QEMU 7.2.22, no KVM; TCG has q35, Secure Boot OVMF, swtpm, and a Hyper-V list of only the valued features', () => {
    const p = readHostProfile(join(HOSTS, 'captured-tcg.json'));
    expect([p.cpuVendor, p.libvirtVersion, p.qemuVersion, p.kvm]).toEqual(['amd', '9.0.0', '7.2.22', undefined]);
    expect(p.qemu).toMatchObject({ q35Machine: 'pc-q35-7.2', efi: true, secureBoot: true, hypervFeatures: ['spinlocks', 'vendor_id'] });
    expect(p.qemu!.tpmBackends).toContain('emulator');
  });
});

describe('the parsers', () => {
  test('virsh version: the daemon line wins over the library when virsh prints it (remote URIs)', () => {
    const text = 'Compiled against library: libvirt 9.0.0\nUsing library: libvirt 9.0.0\nUsing API: QEMU 9.0.0\nRunning hypervisor: QEMU 8.2.2\nRunning against daemon: 10.0.0\n';
    expect(parseVirshVersion(text)).toEqual({ libvirtVersion: '10.0.0', qemuVersion: '8.2.2' });
    expect(() => parseVirshVersion('Running hypervisor: TEST 0.0.2\nUsing library: libvirt 9.0.0', 'version.txt')).toThrow(/version.txt: no QEMU/);
  });

  test('capabilities: the vendor lower-cased, unknown without a host CPU vendor', () => {
    expect(parseCapabilities(raw('capabilities.xml'))).toEqual({ cpuVendor: 'amd', arch: 'x86_64' });
    expect(parseCapabilities('<capabilities><host><cpu><arch>s390x</arch></cpu></host></capabilities>')).toEqual({ cpuVendor: 'unknown', arch: 's390x' });
  });

  test('domcapabilities: a missing <tpm> is "not reported" (absent; null in the file), an unsupported one is empty', () => {
    const base = '<domainCapabilities><domain>kvm</domain><machine>pc-q35-6.2</machine><arch>x86_64</arch>';
    const bare = parseDomcapabilities(`${base}</domainCapabilities>`).caps;
    expect(bare).toMatchObject({ efi: false });
    expect([bare.tpmModels, bare.tpmBackends, bare.hypervFeatures]).toEqual([undefined, undefined, undefined]);
    expect(parseDomcapabilities(`${base}<devices><tpm supported='no'/></devices></domainCapabilities>`).caps).toMatchObject({ tpmModels: [], tpmBackends: [] });
    expect(parseDomcapabilities(`${base.replace('pc-q35-6.2', 'pc-i440fx-6.2')}</domainCapabilities>`).caps.q35Machine).toBeUndefined();
  });

  test('bad input names the source and what was expected', () => {
    expect(() => parseCapabilities('<domain/>', 'caps.xml')).toThrow('caps.xml: the root element is <domain>, expected <capabilities> (virsh capabilities)');
    expect(() => parseDomcapabilities('<domainCapabilities><domain>xen</domain></domainCapabilities>', 'dc.xml')).toThrow(/dc.xml: <domain> is "xen", expected kvm or qemu/);
    expect(() => parseCapabilities('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><capabilities/>', 'caps.xml')).toThrow(/caps.xml:1:\d+: a DOCTYPE is not allowed/);
    expect(() => parseCapabilities('<capabilities>', 'caps.xml')).toThrow(/^caps.xml:/);
    const dc = raw('domcapabilities-qemu.xml');
    expect(() => profileFromVirsh({ capabilities: raw('capabilities.xml'), domcapabilities: [dc, dc], version: raw('version.txt'), host: 'h', uri: 'u' })).toThrow(/a second domcapabilities for virttype qemu/);
  });
});
