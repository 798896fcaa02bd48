import 'cdktf/lib/testing/adapters/jest';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Construct } from 'constructs';
import { Aspects, Fn, TerraformStack, Testing } from 'cdktf';
import { ExistingXslt, HypervAspect, HypervPreset, WindowsDomain } from '../../lib';
import { Domain } from '../../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';
import { Volume } from '../../lib/generated/libvirt/volume';

const XSLT = join(__dirname, '..', '..', 'xslt');
const DEFAULT_XSL = readFileSync(join(XSLT, 'windows-enlightenments.xsl'), 'utf8');

function synthDomains(stack: TerraformStack): Record<string, Record<string, any>> {
  return JSON.parse(Testing.synth(stack, true)).resource.libvirt_domain;
}

const warningsOf = (node: { node: { metadata: Array<{ type: string; data: unknown }> } }) =>
  node.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

describe('HypervAspect', () => {
  let stack: TerraformStack;
  beforeEach(() => {
    stack = new TerraformStack(Testing.app(), 'test');
    new LibvirtProvider(stack, 'libvirt', { uri: 'test:///default' });
  });

  test('gives a plain libvirt_domain the default stylesheet', () => {
    new Domain(stack, 'legacy', { name: 'legacy' });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: DEFAULT_XSL });
  });

  test('uses the configured preset', () => {
    new Domain(stack, 'legacy', { name: 'legacy' });
    Aspects.of(stack).add(new HypervAspect({ preset: HypervPreset.PASSTHROUGH }));
    const xslt = Object.values(synthDomains(stack))[0].xml.xslt;
    expect(xslt).toBe(readFileSync(join(XSLT, 'windows-enlightenments-passthrough.xsl'), 'utf8'));
  });

  test('matches by Terraform type: other resources are untouched', () => {
    new Volume(stack, 'disk', { name: 'disk.qcow2' });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    const volume = Object.values(JSON.parse(Testing.synth(stack)).resource.libvirt_volume)[0] as Record<string, unknown>;
    expect(volume).not.toHaveProperty('xml');
  });

  test('matches a domain from another copy of the bindings (no instanceof)', () => {
    // A class that is not our generated Domain but synthesizes the same resource type.
    const { TerraformResource } = jest.requireActual('cdktf');
    class ForeignDomain extends TerraformResource {
      constructor(scope: TerraformStack, id: string) {
        super(scope, id, { terraformResourceType: 'libvirt_domain' });
      }
      protected synthesizeAttributes() {
        return { name: 'foreign' };
      }
    }
    new ForeignDomain(stack, 'foreign');
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    expect(synthDomains(stack).foreign).toEqual({ name: 'foreign', xml: { xslt: DEFAULT_XSL } });
  });

  test('skips a domain with its own stylesheet and warns', () => {
    const own = new Domain(stack, 'own', { name: 'own', xml: { xslt: '<mine/>' } });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: '<mine/>' });
    expect(warningsOf(own)).toEqual([expect.stringMatching(/^HyperV-EXISTING_XSLT: xml.xslt: .*set onExisting: ExistingXslt.REPLACE/)]);
  });

  test('replaces a domain\'s own stylesheet with onExisting REPLACE, and says so', () => {
    const own = new Domain(stack, 'own', { name: 'own', xml: { xslt: '<mine/>' } });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel', onExisting: ExistingXslt.REPLACE }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: DEFAULT_XSL });
    expect(warningsOf(own)).toEqual([expect.stringMatching(/^HyperV-EXISTING_XSLT: .*replaced/)]);
  });

  test('treats a blank stylesheet as none, as the provider does', () => {
    const blank = new Domain(stack, 'blank', { name: 'blank', xml: { xslt: '  \n' } });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: DEFAULT_XSL });
    expect(warningsOf(blank)).toEqual([]);
  });

  test('sees a stylesheet set through addOverride', () => {
    const own = new Domain(stack, 'own', { name: 'own' });
    own.addOverride('xml.xslt', '<override/>');
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: '<override/>' });
  });

  test('warns and does not patch when the existing stylesheet is a token', () => {
    const own = new Domain(stack, 'own', { name: 'own', xml: { xslt: Fn.file('custom.xsl') } });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel', onExisting: ExistingXslt.REPLACE }));
    expect(Object.values(synthDomains(stack))[0].xml.xslt).toBe('${file("custom.xsl")}');
    expect(warningsOf(own)).toEqual([expect.stringMatching(/^HyperV-UNRESOLVED: /)]);
  });

  test('is idempotent: two aspects, or two visits, give one identical result and no extra warnings', () => {
    const legacy = new Domain(stack, 'legacy', { name: 'legacy' });
    const aspect = new HypervAspect();
    Aspects.of(stack).add(aspect);
    Aspects.of(stack).add(aspect);
    aspect.visit(legacy);
    const domains = synthDomains(stack);
    expect(Object.values(domains)[0].xml).toEqual({ xslt: DEFAULT_XSL });
    expect(warningsOf(legacy).filter((w) => w.startsWith('HyperV-EVMCS_VENDOR_UNKNOWN'))).toHaveLength(1);
  });

  test('leaves a WindowsDomain alone (no double patching)', () => {
    const vm = new WindowsDomain(stack, 'dc01', { domain: { name: 'dc01' }, hyperv: { preset: HypervPreset.MIGRATION_SAFE } });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel', onExisting: ExistingXslt.REPLACE }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: vm.stylesheet });
    expect(warningsOf(vm)).toEqual([]);
  });

  test("leaves alone the Domain of a WindowsDomain from a 0.1 copy of the library (its child 'Resource')", () => {
    const older = new Construct(stack, 'old01');
    Object.defineProperty(older, Symbol.for('libvirt-hyperv.WindowsDomain'), { value: true });
    const own = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>';
    const inner = new Domain(older, 'Resource', { name: 'old01', xml: { xslt: own } });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel', onExisting: ExistingXslt.REPLACE }));
    expect(Object.values(synthDomains(stack))[0].xml).toEqual({ xslt: own });
    expect(warningsOf(inner)).toEqual([]);
  });

  test('warns about a TCG domain (type qemu) that QEMU would refuse to start with vpindex', () => {
    const tcg = new Domain(stack, 'tcg', { name: 'tcg', type: 'qemu' });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    synthDomains(stack);
    expect(warningsOf(tcg)).toEqual([expect.stringMatching(/^HyperV-NEEDS_KVM: enlightenments.vpindex: /)]);
  });

  test('warns about domains the stylesheet leaves untouched (another arch or domain type), in the same words as WindowsDomain', () => {
    const arm = new Domain(stack, 'arm', { name: 'arm', arch: 'aarch64' });
    const xen = new Domain(stack, 'xen', { name: 'xen', type: 'xen' });
    Aspects.of(stack).add(new HypervAspect({ hostCpuVendor: 'intel' }));
    synthDomains(stack);
    expect(warningsOf(arm)).toEqual([expect.stringMatching(/^HyperV-NOT_X86: arch: the domain's arch is 'aarch64'/)]);
    expect(warningsOf(xen)).toEqual([expect.stringMatching(/^HyperV-NOT_KVM_OR_QEMU: type: the domain's type is 'xen'/)]);
  });

  test('warns when custom mode would write an empty <hyperv>', () => {
    const vm = new Domain(stack, 'vm', { name: 'vm' });
    Aspects.of(stack).add(new HypervAspect({ preset: HypervPreset.PASSTHROUGH, mode: 'custom' }));
    synthDomains(stack);
    expect(warningsOf(vm)).toEqual([expect.stringMatching(/^HyperV-NO_ENLIGHTENMENTS: mode: /)]);
  });

  test('fails at construction for invalid options, naming the field', () => {
    expect(() => new HypervAspect({ hostCpuVendor: 'amd' })).toThrow(/HyperV-EVMCS_AMD: enlightenments.evmcs/);
    expect(() => new HypervAspect({ onExisting: 'merge' as ExistingXslt })).toThrow(/HyperV-INVALID_OPTION: onExisting/);
  });
});
