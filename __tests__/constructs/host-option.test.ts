import 'cdktf/lib/testing/adapters/jest';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Aspects, Fn, TerraformStack, Testing } from 'cdktf';
import { HypervAspect, HypervPreset, WindowsDomain } from '../../lib';
import { readHostProfile } from '../../lib/host';
import { Domain } from '../../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';

const profile = (name: string) => readHostProfile(join(__dirname, '..', 'fixtures', 'hosts', `${name}.json`));
const CAPTURED = profile('captured-tcg');
const INTEL = profile('intel-kvm');
const AMD = profile('amd-kvm');

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new LibvirtProvider(stack, 'libvirt', { uri: 'qemu:///system' });
  return stack;
}
const warningsOf = (node: { node: { metadata: Array<{ type: string; data: unknown }> } }) =>
  node.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

describe('WindowsDomain with host', () => {
  test('the provider default type (kvm) on this machine: refused on type, with the construct path', () => {
    expect(() => new WindowsDomain(newStack(), 'dc01', { domain: { name: 'dc01' }, hyperv: { host: CAPTURED, preset: HypervPreset.MIGRATION_SAFE } })).toThrow(
      /^\[test\/dc01\] HyperV-HOST_NO_KVM: domain\.type: host 'vm' has no usable KVM/,
    );
  });

  test('type qemu on this machine: vpindex is refused; without the KVM-only features a Windows 11 VM fits', () => {
    const domain = { name: 'w', type: 'qemu', machine: 'q35', firmware: '/usr/share/OVMF/OVMF_CODE_4M.ms.fd', tpm: { backendVersion: '2.0' } };
    const hyperv = { host: CAPTURED, preset: HypervPreset.WINDOWS11 };
    expect(() => new WindowsDomain(newStack(), 'w', { domain, hyperv })).toThrow(/HyperV-HOST_NO_KVM: hyperv\.enlightenments\.vpindex: host 'vm' has no KVM/);
    const omit = { vpindex: 'omit', synic: 'omit', stimer: 'omit', tlbflush: 'omit', ipi: 'omit' } as const;
    const vm = new WindowsDomain(newStack(), 'w', { domain, hyperv: { ...hyperv, enlightenments: omit } });
    expect(vm.warnings).toEqual([]);
  });

  test('several hosts: it must fit each; the AMD one refuses evmcs', () => {
    expect(() => new WindowsDomain(newStack(), 'dc01', { domain: { name: 'dc01' }, hyperv: { host: [INTEL, AMD] } })).toThrow(/HOST_CPU_VENDOR: hyperv\.enlightenments\.evmcs: .*host 'amd-kvm'/);
    const vm = new WindowsDomain(newStack(), 'dc01', { domain: { name: 'dc01' }, hyperv: { host: [INTEL, AMD], preset: HypervPreset.MIGRATION_SAFE } });
    expect(vm.warnings).toEqual([]);
  });

  test('a type given as a token is unknown: the host checks that depend on it become warnings', () => {
    const vm = new WindowsDomain(newStack(), 'dc01', { domain: { name: 'dc01', type: Fn.lower('KVM') }, hyperv: { host: AMD } });
    expect(vm.warnings.map((w) => w.code)).toEqual(['HOST_CPU_VENDOR']);
    expect(vm.warnings[0].message).toMatch(/^if the domain's type is 'kvm': evmcs runs on intel hosts only/);
  });
});

describe('HypervAspect with host', () => {
  test('a refused domain gets an error annotation and keeps no stylesheet; app.synth() stops on it', () => {
    const stack = newStack();
    const legacy = new Domain(stack, 'legacy', { name: 'legacy', type: 'kvm' });
    Aspects.of(stack).add(new HypervAspect({ host: AMD }));
    const synthesized = JSON.parse(Testing.synth(stack, true));
    expect(Object.values<Record<string, any>>(synthesized.resource.libvirt_domain)[0].xml).toBeUndefined();
    expect(legacy.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data))).toEqual([expect.stringMatching(/^HyperV-HOST_CPU_VENDOR: enlightenments.evmcs/)]);

    const outdir = mkdtempSync(join(tmpdir(), 'lvh-host-synth-'));
    try {
      const app = new App({ outdir });
      const real = new TerraformStack(app, 'windows');
      new LibvirtProvider(real, 'libvirt', { uri: 'qemu:///system' });
      new Domain(real, 'legacy', { name: 'legacy' });
      Aspects.of(real).add(new HypervAspect({ host: AMD }));
      expect(() => app.synth()).toThrow(/\[windows\/legacy\] HyperV-HOST_CPU_VENDOR: enlightenments.evmcs/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a domain that fits gets the stylesheet; a firmware path the host has no descriptor for is a warning', () => {
    const stack = newStack();
    const legacy = new Domain(stack, 'legacy', { name: 'legacy', machine: 'q35', firmware: '/srv/OVMF.fd' });
    Aspects.of(stack).add(new HypervAspect({ host: INTEL, preset: HypervPreset.WINDOWS11 }));
    const synthesized = JSON.parse(Testing.synth(stack, true));
    expect(Object.values<Record<string, any>>(synthesized.resource.libvirt_domain)[0].xml.xslt).toContain('xsl:stylesheet');
    expect(warningsOf(legacy)).toEqual([
      expect.stringMatching(/^HyperV-HOST_FIRMWARE: firmware: if \/srv\/OVMF.fd is not installed on host 'intel-kvm'/),
      // The firmware also means UEFI NVRAM, which a stylesheet change would delete (issue 14).
      expect.stringMatching(/^HyperV-STATE_AT_RISK: lifecycle: /),
    ]);
  });
});
