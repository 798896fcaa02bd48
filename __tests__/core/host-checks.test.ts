import { join } from 'path';
import { DomainFacts, HostProfile, HypervOptions, HypervPreset, Issue, hostIssues, resolveOptions } from '../../lib/core';
import { readHostProfile } from '../../lib/host';

const profile = (name: string): HostProfile => readHostProfile(join(__dirname, '..', 'fixtures', 'hosts', `${name}.json`));
const CAPTURED = profile('captured-tcg');
const INTEL = profile('intel-kvm');
const AMD = profile('amd-kvm');
const OLD = profile('old-libvirt');

/** A q35 Windows 11 domain as the provider writes it: UEFI loader, emulated TPM 2.0. */
const WIN11_KVM: DomainFacts = { type: 'kvm', machine: 'q35', loader: '/obviously/fake/firmware1.fd', tpmEmulator: true };
const WIN11_TCG: DomainFacts = { ...WIN11_KVM, type: 'qemu' };
/** The same domain with a firmware image the host in question has a descriptor for. */
const onOld: DomainFacts = { ...WIN11_KVM, loader: '/usr/share/OVMF/OVMF_CODE.fd' };
const onCapturedTcg: DomainFacts = { ...WIN11_TCG, loader: '/usr/share/OVMF/OVMF_CODE_4M.ms.fd' };

function check(options: HypervOptions, domain: DomainFacts = WIN11_KVM): { resolved: Issue[]; host: Issue[] } {
  const { plan, issues } = resolveOptions(options);
  if (!plan) return { resolved: [...issues], host: [] };
  return { resolved: [...issues], host: hostIssues(plan, options.host, domain) };
}
const codes = (issues: readonly Issue[]) => issues.map((i) => `${i.level === 'error' ? '' : 'warning '}${i.code} ${i.field}`);

describe('CPU vendor (evmcs)', () => {
  test('an AMD KVM host refuses the RHEL 10 set (evmcs) and names the host; migration-safe fits', () => {
    const { host } = check({ host: AMD });
    expect(codes(host)).toEqual(['HOST_CPU_VENDOR enlightenments.evmcs']);
    expect(host[0].message).toContain("host 'amd-kvm' has an AMD CPU");
    expect(check({ host: AMD, preset: HypervPreset.MIGRATION_SAFE }).host).toEqual([]);
  });

  test('an Intel KVM host takes every preset', () => {
    for (const preset of HypervPreset.all()) expect({ preset: preset.name, issues: codes(check({ host: INTEL, preset }).host) }).toEqual({ preset: preset.name, issues: [] });
  });

  test('the VM must fit each host: Intel and AMD together refuse evmcs for the AMD one only', () => {
    const { host } = check({ host: [INTEL, AMD] });
    expect(host.map((i) => i.message.match(/host '([^']+)'/)?.[1])).toEqual(['amd-kvm']);
  });

  test('TCG ignores the vendor: QEMU starts hv-evmcs without KVM', () => {
    expect(codes(check({ host: AMD }, WIN11_TCG).host)).not.toContain('HOST_CPU_VENDOR enlightenments.evmcs');
  });

  test('a profile replaces hostCpuVendor: no EVMCS_VENDOR_UNKNOWN warning once the hosts are known', () => {
    expect(codes(check({}).resolved)).toEqual(['warning EVMCS_VENDOR_UNKNOWN enlightenments.evmcs']);
    expect(check({ host: INTEL }).resolved).toEqual([]);
  });
});

describe('hostCpuVendor and libvirtVersion next to a profile', () => {
  test('consistent values are fine', () => {
    expect(check({ host: INTEL, hostCpuVendor: 'intel' }).resolved).toEqual([]);
    expect(check({ host: [INTEL, OLD], preset: HypervPreset.MIGRATION_SAFE, libvirtVersion: '8.0' }).resolved).toEqual([]);
    expect(check({ host: AMD, hostCpuVendor: 'unknown', preset: HypervPreset.MIGRATION_SAFE }).resolved).toEqual([]);
  });

  test('contradicting values are HOST_CONFLICT errors with the fix', () => {
    const vendor = check({ host: [INTEL, AMD], hostCpuVendor: 'intel' }).resolved;
    expect(codes(vendor)).toEqual(['HOST_CONFLICT hostCpuVendor']);
    expect(vendor[0].message).toMatch(/host 'amd-kvm' has an AMD CPU; remove hostCpuVendor/);
    const version = check({ host: [INTEL, OLD], libvirtVersion: '9.0.0' }).resolved;
    expect(codes(version)).toEqual(['HOST_CONFLICT libvirtVersion']);
    expect(version[0].message).toContain("the oldest host, 'old-libvirt', has libvirt 8.0.0");
  });
});

describe('versions', () => {
  test('an old libvirt refuses features newer than it, one issue per feature with its dependents', () => {
    const { host } = check({ host: OLD, preset: HypervPreset.MIGRATION_SAFE, enlightenments: { avic: 'on', emsrBitmap: 'on', tlbflushDirect: 'on' } }, onOld);
    expect(codes(host)).toEqual([
      'HOST_LIBVIRT_TOO_OLD enlightenments.tlbflushDirect',
      'HOST_LIBVIRT_TOO_OLD enlightenments.avic',
      'HOST_LIBVIRT_TOO_OLD enlightenments.emsrBitmap',
    ]);
    expect(host[1].message).toContain("avic needs libvirt 8.10.0 or later, and host 'old-libvirt' has libvirt 8.0.0");
  });

  test('the QEMU a host runs gates features too', () => {
    const oldQemu: HostProfile = { ...INTEL, host: 'qemu-4.0', qemuVersion: '4.0.0' };
    const { host } = check({ host: oldQemu, preset: HypervPreset.MIGRATION_SAFE, enlightenments: { stimerDirect: 'on' } });
    expect(codes(host)).toEqual(['HOST_QEMU_TOO_OLD enlightenments.stimerDirect']);
    expect(host[0].message).toContain('hv-stimer-direct) needs QEMU 4.1 or later');
  });

  test('passthrough mode needs libvirt 8.0.0', () => {
    const older: HostProfile = { ...OLD, libvirtVersion: '7.0.0' };
    expect(codes(check({ host: older, preset: HypervPreset.PASSTHROUGH }, onOld).host)).toEqual(['HOST_LIBVIRT_TOO_OLD mode']);
  });
});

describe("the host's Hyper-V list", () => {
  const withoutFrequencies: HostProfile = { ...INTEL, host: 'no-frequencies', kvm: { ...INTEL.kvm!, hypervFeatures: INTEL.kvm!.hypervFeatures!.filter((f) => f !== 'frequencies') } };

  test('for domain type kvm, a feature KVM does not offer is refused', () => {
    const { host } = check({ host: withoutFrequencies });
    expect(codes(host)).toEqual(['HOST_HYPERV_FEATURE enlightenments.frequencies']);
    expect(host[0].message).toContain("KVM on host 'no-frequencies' does not offer hv-frequencies");
  });

  test('for TCG the list proves nothing, and an unknown domain type makes it a warning', () => {
    expect(check({ host: withoutFrequencies }, WIN11_TCG).host).toEqual([]);
    expect(codes(check({ host: withoutFrequencies }, {}).host)).toContain('warning HOST_HYPERV_FEATURE enlightenments.frequencies');
  });

  test('a list of only spinlocks and vendor_id (what libvirt 9.0 prints without a KVM probe) is not taken as "nothing"', () => {
    const valuedOnly: HostProfile = { ...INTEL, kvm: { ...INTEL.kvm!, hypervFeatures: ['spinlocks', 'vendor_id'] } };
    expect(check({ host: valuedOnly }).host).toEqual([]);
  });

  test('no list (libvirt before 9.0.0) checks nothing', () => {
    expect(check({ host: OLD, preset: HypervPreset.MIGRATION_SAFE }, onOld).host).toEqual([]);
  });
});

describe('KVM availability (this machine: libvirt refuses virttype kvm)', () => {
  test('domain type kvm is refused on the type', () => {
    const { host } = check({ host: CAPTURED, preset: HypervPreset.MIGRATION_SAFE });
    expect(codes(host)).toEqual(['HOST_NO_KVM type']);
    expect(host[0].message).toContain("host 'vm' has no usable KVM");
  });

  test('under TCG, vpindex is refused with everything that needs it', () => {
    const { host } = check({ host: CAPTURED, preset: HypervPreset.MIGRATION_SAFE }, onCapturedTcg);
    expect(codes(host)).toEqual(['HOST_NO_KVM enlightenments.vpindex']);
    expect(host[0].message).toContain('enlightenments.vpindex, enlightenments.synic, enlightenments.stimer, enlightenments.tlbflush, enlightenments.ipi');
  });

  test('windows11 without the KVM-only features fits it under TCG (q35, Secure Boot OVMF and swtpm are installed)', () => {
    const omit = { vpindex: 'omit', synic: 'omit', stimer: 'omit', tlbflush: 'omit', ipi: 'omit' } as const;
    expect(check({ host: CAPTURED, preset: HypervPreset.WINDOWS11, enlightenments: omit }, onCapturedTcg).host).toEqual([]);
  });
});

describe('Windows 11 needs on the host: q35, Secure Boot firmware, swtpm', () => {
  const w11 = (host: HostProfile, domain: DomainFacts = WIN11_KVM) => codes(check({ host, preset: HypervPreset.WINDOWS11 }, domain).host);

  test('no Secure Boot firmware: refused for a q35 domain with a loader, a warning when the domain is unknown', () => {
    const noSecureBoot: HostProfile = { ...INTEL, kvm: { ...INTEL.kvm!, secureBoot: false } };
    expect(w11(noSecureBoot)).toEqual(['HOST_NO_SECURE_BOOT enlightenments.secureBoot']);
    expect(w11(noSecureBoot, { ...WIN11_KVM, loader: null })).toEqual([]);
    expect(w11(noSecureBoot, {})).toContain('warning HOST_NO_SECURE_BOOT enlightenments.secureBoot');
  });

  test('no swtpm: an emulated TPM is refused', () => {
    const noSwtpm: HostProfile = { ...INTEL, kvm: { ...INTEL.kvm!, tpmBackends: ['passthrough'] } };
    const { host } = check({ host: noSwtpm, preset: HypervPreset.WINDOWS11 });
    expect(codes(host)).toEqual(['HOST_NO_TPM enlightenments.tpmCrb']);
    expect(host[0].message).toContain('swtpm is not installed');
    expect(w11(noSwtpm, { ...WIN11_KVM, tpmEmulator: false })).toEqual([]);
  });

  test('no q35 machine', () => {
    const noQ35: HostProfile = { ...INTEL, kvm: { ...INTEL.kvm!, q35Machine: undefined } };
    expect(w11(noQ35)).toEqual(['HOST_NO_Q35 machine']);
    expect(w11(noQ35, { ...WIN11_KVM, machine: 'pc-i440fx-7.2', loader: null })).toEqual([]);
  });

  test('a firmware path the host has no descriptor for is a warning', () => {
    expect(w11(INTEL, { ...WIN11_KVM, loader: '/usr/share/OVMF/OVMF_CODE_4M.ms.fd' })).toEqual(['warning HOST_FIRMWARE firmware']);
  });
});

describe('the host option itself', () => {
  test('a bad profile is HOST_PROFILE with the field and the fix', () => {
    const { resolved } = check({ host: { ...INTEL, libvirtVersion: 'nine' } as unknown as HostProfile });
    expect(codes(resolved)).toEqual(['HOST_PROFILE host.libvirtVersion']);
    expect(resolved[0].message).toContain('capture it again with `libvirt-hyperv host > FILE`');
    expect(codes(check({ host: [INTEL, 'kvm01.json'] as unknown as HostProfile[] }).resolved)).toEqual(['HOST_PROFILE host[1]']);
    expect(codes(check({ host: [] }).resolved)).toEqual(['HOST_PROFILE host']);
  });
});

describe('hostile profiles', () => {
  test('a throwing getter or a megabyte host name is one short HOST_PROFILE error', () => {
    const throwing = Object.defineProperty({ ...INTEL }, 'cpuVendor', { get: () => { throw new Error('boom'); }, enumerable: true });
    const thrown = check({ host: throwing as HostProfile }).resolved;
    expect(codes(thrown)).toEqual(['HOST_PROFILE host']);
    expect(thrown[0].message).toContain('boom');
    const huge = check({ host: { ...INTEL, host: 'x'.repeat(1_000_000) } }).resolved;
    expect(codes(huge)).toEqual(['HOST_PROFILE host.host']);
    expect(huge[0].message.length).toBeLessThan(2000);
  });
});

describe('a feature set to off', () => {
  test('still needs a QEMU that has the property (libvirt writes hv-<name>=off)', () => {
    const oldQemu: HostProfile = { ...INTEL, host: 'qemu-4.0', qemuVersion: '4.0.0' };
    expect(codes(check({ host: oldQemu, preset: HypervPreset.MIGRATION_SAFE, enlightenments: { stimerDirect: 'off' } }).host)).toEqual(['HOST_QEMU_TOO_OLD enlightenments.stimerDirect']);
  });
});
