import 'cdktf/lib/testing/adapters/jest';
import { readFileSync } from 'fs';
import { join } from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { HypervOptions, HypervPreset, WindowsDomain, WindowsDomainConfig, WindowsDomainProps } from '../../lib';
import { renderStylesheet } from '../../lib/core';
import { Domain } from '../../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';

const DEFAULT_XSL = readFileSync(join(__dirname, '..', '..', 'xslt', 'windows-enlightenments.xsl'), 'utf8');

function stackWith(hyperv: HypervOptions = {}, domain: Partial<WindowsDomainConfig> = {}): { stack: TerraformStack; vm: WindowsDomain } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new LibvirtProvider(stack, 'libvirt', { uri: 'test:///default' });
  const vm = new WindowsDomain(stack, 'DC01', { domain: { name: 'dc01', ...domain }, hyperv });
  return { stack, vm };
}

function metadataOf(vm: WindowsDomain, type: string): string[] {
  return vm.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));
}

describe('WindowsDomain', () => {
  test('synthesizes a libvirt_domain whose xml.xslt is xslt/windows-enlightenments.xsl by default', () => {
    const synthesized = Testing.synthScope((scope) => {
      new WindowsDomain(scope, 'DC01', { domain: { name: 'dc01', memory: 8192, vcpu: 4, machine: 'q35' } });
    });
    expect(synthesized).toHaveResourceWithProperties(Domain, {
      name: 'dc01',
      memory: 8192,
      vcpu: 4,
      machine: 'q35',
      xml: { xslt: DEFAULT_XSL },
    });
  });

  test('passes every generated domain setting through', () => {
    const synthesized = JSON.parse(
      Testing.synthScope((scope) => {
        new WindowsDomain(scope, 'DC01', {
          domain: {
            name: 'dc01',
            firmware: '/usr/share/OVMF/OVMF_CODE_4M.fd',
            cpu: { mode: 'host-passthrough' },
            disk: [{ volumeId: 'vol-1' }],
            networkInterface: [{ networkName: 'default' }],
            tpm: { backendVersion: '2.0' },
            running: false,
            type: 'qemu',
          },
        });
      }),
    );
    const domain = Object.values(synthesized.resource.libvirt_domain)[0] as Record<string, unknown>;
    expect(domain).toMatchObject({
      firmware: '/usr/share/OVMF/OVMF_CODE_4M.fd',
      cpu: { mode: 'host-passthrough' },
      disk: [{ volume_id: 'vol-1' }],
      network_interface: [{ network_name: 'default' }],
      tpm: { backend_version: '2.0' },
      running: false,
      type: 'qemu',
    });
    for (const key of ['preset', 'enlightenments', 'host_cpu_vendor', 'hostCpuVendor']) expect(domain).not.toHaveProperty(key);
  });

  test('is the generated Domain itself, and exposes the stylesheet and the plan', () => {
    const { stack, vm } = stackWith({ preset: HypervPreset.MIGRATION_SAFE });
    expect(vm).toBeInstanceOf(Domain);
    expect(vm.terraformResourceType).toBe('libvirt_domain');
    expect(vm.node.children).toEqual([]);
    // 0.1's escape hatch, kept: it is the VM itself now.
    expect(vm.domain).toBe(vm);
    expect(vm.stylesheet).toBe(readFileSync(join(__dirname, '..', '..', 'xslt', 'windows-enlightenments-migration-safe.xsl'), 'utf8'));
    expect(vm.plan.presetName).toBe('migration-safe');
    expect(WindowsDomain.isWindowsDomain(vm)).toBe(true);
    expect(WindowsDomain.isWindowsDomain(new Domain(stack, 'plain', { name: 'plain' }))).toBe(false);
    expect(WindowsDomain.isWindowsDomain(WindowsDomain.prototype)).toBe(false);
  });

  test("the Domain's own attributes and escape hatches work on it", () => {
    const { stack, vm } = stackWith({}, { memory: 4096 });
    vm.memory = 8192;
    vm.addOverride('autostart', true);
    const body = Object.values(JSON.parse(Testing.synth(stack)).resource.libvirt_domain)[0] as Record<string, unknown>;
    expect(body).toMatchObject({ memory: 8192, autostart: true, xml: { xslt: vm.stylesheet } });
  });

  test('applies overrides on top of the preset', () => {
    const { vm } = stackWith({ hostCpuVendor: 'amd', enlightenments: { evmcs: 'omit' }, spinlockRetries: 4095, vendorIdValue: 'Windows' });
    expect(vm.stylesheet).not.toContain('evmcs');
    expect(vm.stylesheet).toContain('<spinlocks state="on" retries="4095"/>');
    expect(vm.stylesheet).toContain('<vendor_id state="on" value="Windows"/>');
  });

  test('VMs of one app with different options each get the stylesheet of their own plan', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const vms = [
      new WindowsDomain(stack, 'a', { domain: { name: 'a' } }),
      new WindowsDomain(stack, 'b', { domain: { name: 'b' }, hyperv: { preset: HypervPreset.MIGRATION_SAFE } }),
      new WindowsDomain(stack, 'c', { domain: { name: 'c' }, hyperv: { spinlockRetries: 4095 } }),
      new WindowsDomain(stack, 'd', { domain: { name: 'd' }, hyperv: { vendorIdValue: 'Windows' } }),
      new WindowsDomain(stack, 'e', { domain: { name: 'e' } }),
    ];
    for (const vm of vms) expect(vm.stylesheet).toBe(renderStylesheet(vm.plan));
    expect(vms[0]!.stylesheet).toBe(DEFAULT_XSL);
    expect(vms[4]!.stylesheet).toBe(DEFAULT_XSL);
    expect(new Set(vms.map((vm) => vm.stylesheet)).size).toBe(4);
    const synthesized = JSON.parse(Testing.synth(stack));
    for (const vm of vms) expect(synthesized.resource.libvirt_domain[vm.friendlyUniqueId].xml.xslt).toBe(vm.stylesheet);
  });

  test("preset: 'windows11' (the CLI's name) gives the WINDOWS11 stylesheet; an unknown name is refused with a suggestion", () => {
    expect(stackWith({ preset: 'windows11', hostCpuVendor: 'intel' }).vm.stylesheet).toBe(stackWith({ preset: HypervPreset.WINDOWS11, hostCpuVendor: 'intel' }).vm.stylesheet);
    expect(() => stackWith({ preset: 'windows-11' })).toThrow(/HyperV-INVALID_OPTION: hyperv\.preset: unknown preset "windows-11"; did you mean 'windows11'\?/);
  });

  test.each([
    [{ enlightenments: { stimerDirekt: 'on' } }, {}, /HyperV-UNKNOWN_FEATURE: hyperv\.enlightenments\.stimerDirekt: unknown name "stimerDirekt"; did you mean 'stimerDirect'\?/],
    [{ enlightenments: { evmsc: 'omit' } }, {}, /HyperV-UNKNOWN_FEATURE: hyperv\.enlightenments\.evmsc: unknown name "evmsc"; did you mean 'evmcs'\?/],
    [{}, { firmwre: '/usr/share/OVMF/OVMF_CODE_4M.fd' }, /HyperV-UNKNOWN_OPTION: domain\.firmwre: unknown name "firmwre"; did you mean 'firmware'\?/],
    [{}, { hostCpuVendor: 'intel' }, /HyperV-UNKNOWN_OPTION: domain\.hostCpuVendor: hostCpuVendor is a Hyper-V option, not a domain setting; move it into hyperv: \{ hostCpuVendor: \.\.\. \}/],
  ])('a misspelt or misplaced name gets the closest known one or its place: %p %p', (hyperv, domain, expected) => {
    expect(() => stackWith(hyperv as HypervOptions, domain as Partial<WindowsDomainConfig>)).toThrow(expected);
  });

  test('props in the 0.1 shape (domain settings and Hyper-V options side by side) are pointed to their new place', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const old = { name: 'dc01', memory: 8192, hostCpuVendor: 'intel' } as unknown as WindowsDomainProps;
    expect(() => new WindowsDomain(stack, 'DC01', old)).toThrow(
      [
        "[test/DC01] HyperV-UNKNOWN_OPTION: name: name is a domain setting: move it into domain: { name: ... }",
        "[test/DC01] HyperV-UNKNOWN_OPTION: memory: memory is a domain setting: move it into domain: { memory: ... }",
        "[test/DC01] HyperV-UNKNOWN_OPTION: hostCpuVendor: hostCpuVendor is a Hyper-V option: move it into hyperv: { hostCpuVendor: ... }",
        "[test/DC01] HyperV-INVALID_OPTION: domain: expected the provider's domain settings such as { name: 'dc01', memory: 8192 }, got undefined",
      ].join('\n'),
    );
  });

  test('options that look alike to a key but resolve differently are never mixed up in one app', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const rhel10 = new WindowsDomain(stack, 'a', { domain: { name: 'a' }, hyperv: { preset: HypervPreset.RHEL10 } });
    const namedLikeRhel10 = new WindowsDomain(stack, 'b', { domain: { name: 'b' }, hyperv: { preset: HypervPreset.custom('rhel10', HypervPreset.MIGRATION_SAFE.settings) } });
    expect(rhel10.stylesheet).toBe(DEFAULT_XSL);
    expect(namedLikeRhel10.stylesheet).toBe(renderStylesheet({ ...HypervPreset.MIGRATION_SAFE.settings, presetName: 'rhel10' }));
    new WindowsDomain(stack, 'c', { domain: { name: 'c' }, hyperv: { spinlockRetries: 4095 } });
    expect(() => new WindowsDomain(stack, 'd', { domain: { name: 'd' }, hyperv: { spinlockRetries: '4095' as unknown as number } })).toThrow(/HyperV-RETRIES_RANGE: hyperv\.spinlockRetries/);
  });

  test('VMs with the same options are each warned, and each fails under its own path', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new LibvirtProvider(stack, 'libvirt', { uri: 'test:///default' });
    const vms = [new WindowsDomain(stack, 'a', { domain: { name: 'a' } }), new WindowsDomain(stack, 'b', { domain: { name: 'b' } })];
    Testing.synth(stack, true);
    for (const vm of vms) expect(metadataOf(vm, '@cdktf/warn')).toEqual([expect.stringMatching(/^HyperV-EVMCS_VENDOR_UNKNOWN: /)]);
    for (const id of ['c', 'd']) {
      expect(() => new WindowsDomain(stack, id, { domain: { name: id }, hyperv: { hostCpuVendor: 'amd' } })).toThrow(new RegExp(`^\\[test/${id}\\] HyperV-EVMCS_AMD: `));
    }
  });

  test('warns at synth when evmcs is on and the host vendor is unknown', () => {
    const { stack, vm } = stackWith();
    Testing.synth(stack, true);
    const warnings = metadataOf(vm, '@cdktf/warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^HyperV-EVMCS_VENDOR_UNKNOWN: hyperv\.enlightenments\.evmcs: .*AMD host will refuse to start/);
  });

  test('no warning once the host vendor is declared', () => {
    const { vm } = stackWith({ hostCpuVendor: 'intel' });
    expect(metadataOf(vm, '@cdktf/warn')).toEqual([]);
  });

  test('fails when the options break a dependency, naming the construct path, the field and the fix', () => {
    expect(() => stackWith({ hostCpuVendor: 'intel', enlightenments: { vpindex: 'off' } })).toThrow(
      /\[test\/DC01\] HyperV-DEPENDENCY: hyperv\.enlightenments\.synic: synic requires vpindex .*set enlightenments.vpindex to 'on'/,
    );
  });

  test('fails when evmcs is on for an AMD host', () => {
    expect(() => stackWith({ hostCpuVendor: 'amd' })).toThrow(/HyperV-EVMCS_AMD: hyperv\.enlightenments\.evmcs/);
  });

  test('fails when xml.xslt is given: WindowsDomain owns the stylesheet and does not merge', () => {
    expect(() => stackWith({}, { xml: { xslt: '<xsl:stylesheet/>' } } as Partial<WindowsDomainConfig>)).toThrow(/\[test\/DC01\] HyperV-INVALID_OPTION: domain\.xml: WindowsDomain writes xml.xslt itself/);
  });

  test('fails when a Hyper-V option is a token', () => {
    const app = new App();
    const stack = new TerraformStack(app, 'tokens');
    const { Fn } = jest.requireActual('cdktf');
    expect(() => new WindowsDomain(stack, 'DC01', { domain: { name: 'dc01' }, hyperv: { vendorIdValue: Fn.lower('KVM') } })).toThrow(
      /HyperV-INVALID_OPTION: hyperv\.vendorIdValue: must be a literal value known at synth, not a token/,
    );
  });

  test('a failed construction leaves no half-built domain behind', () => {
    const stack = new TerraformStack(Testing.app(), 'partial');
    expect(() => new WindowsDomain(stack, 'DC01', { domain: { name: 'dc01' }, hyperv: { spinlockRetries: 1 } })).toThrow(/RETRIES_RANGE/);
    expect(stack.node.tryFindChild('DC01')).toBeUndefined();
    expect(stack.node.findAll().filter((c) => c instanceof Domain)).toEqual([]);
    expect(() => new WindowsDomain(stack, 'DC01', { domain: { name: 'dc01' }, hyperv: { hostCpuVendor: 'intel' } })).not.toThrow();
  });

  test('does not mutate the caller\'s props', () => {
    const props = Object.freeze({
      domain: Object.freeze({ name: 'dc01', disk: Object.freeze([{ file: '/x.iso' }]) }),
      hyperv: Object.freeze({ enlightenments: Object.freeze({ evmcs: 'omit' as const }) }),
    });
    const vm = new WindowsDomain(new TerraformStack(Testing.app(), 'test'), 'DC01', props as unknown as WindowsDomainProps);
    expect(vm.stylesheet).not.toContain('evmcs');
  });

  test('synthesized JSON is stable (snapshot)', () => {
    const synthesized = Testing.synthScope((scope) => {
      new WindowsDomain(scope, 'DC01', { domain: { name: 'dc01', memory: 8192, vcpu: 4, machine: 'q35' }, hyperv: { hostCpuVendor: 'intel' } });
    });
    expect(synthesized).toMatchSnapshot();
  });
});

describe('WindowsDomain on a domain the stylesheet leaves untouched, or with nothing to apply', () => {
  test.each([
    [{}, { arch: 'aarch64' }, /^HyperV-NOT_X86: domain\.arch: the domain's arch is 'aarch64'.*leaves the domain untouched.*; use arch 'x86_64'/],
    [{}, { type: 'xen' }, /^HyperV-NOT_KVM_OR_QEMU: domain\.type: the domain's type is 'xen'.*leaves the domain untouched.*; use type 'kvm'/],
    [{ preset: HypervPreset.PASSTHROUGH, mode: 'custom' }, {}, /^HyperV-NO_ENLIGHTENMENTS: hyperv\.mode: mode is 'custom' but no enlightenment is set.*erases the enlightenments the domain has/],
  ] as const)('%j %j: one warning naming the field and the fix', (hyperv, domain, warning) => {
    const { vm } = stackWith({ hostCpuVendor: 'intel', ...hyperv }, domain);
    expect(metadataOf(vm, '@cdktf/warn')).toEqual([expect.stringMatching(warning)]);
  });
});

describe('WindowsDomain on a host without KVM', () => {
  test('warns when type is qemu (TCG) and vpindex is on, naming what to leave out', () => {
    const { vm } = stackWith({ hostCpuVendor: 'intel' }, { type: 'qemu' });
    const warnings = metadataOf(vm, '@cdktf/warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^HyperV-NEEDS_KVM: hyperv\.enlightenments\.vpindex: .*QEMU refuses hv-vpindex; provider 0.8.3 starts every domain it creates/);
    expect(warnings[0]).toContain("set enlightenments.vpindex, enlightenments.synic, enlightenments.stimer, enlightenments.stimerDirect, enlightenments.tlbflush, enlightenments.ipi to 'omit'");
  });

  test('no warning for type kvm, or without vpindex', () => {
    expect(metadataOf(stackWith({ hostCpuVendor: 'intel' }, { type: 'kvm' }).vm, '@cdktf/warn')).toEqual([]);
    const withoutVpindex = stackWith(
      { hostCpuVendor: 'intel', enlightenments: { vpindex: 'omit', synic: 'omit', stimer: 'omit', tlbflush: 'omit', ipi: 'omit' } },
      { type: 'qemu' },
    );
    expect(metadataOf(withoutVpindex.vm, '@cdktf/warn')).toEqual([]);
  });
});

test('accepts every libvirt_domain attribute and block of the schema, and cdktf\'s meta-arguments', () => {
  const schema = require('../../schema/libvirt-0.8.3.schema.json').provider_schemas['registry.terraform.io/dmacvicar/libvirt'].resource_schemas.libvirt_domain.block;
  const keys = [...Object.keys(schema.attributes), ...Object.keys(schema.block_types)]
    .filter((k) => k !== 'xml' && !(schema.attributes[k]?.computed && !schema.attributes[k]?.optional))
    .map((k) => k.replace(/_([a-z])/g, (_m: string, c: string) => c.toUpperCase()));
  expect(keys.length).toBeGreaterThan(25);
  const { unknownDomainKeyIssues } = jest.requireActual('../../lib/constructs/private/messages');
  expect(unknownDomainKeyIssues(Object.fromEntries([...keys, 'dependsOn', 'count', 'provider', 'lifecycle', 'forEach'].map((k) => [k, undefined])))).toEqual([]);
});
