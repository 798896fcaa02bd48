/**
 * The TypeScript twin: the declarations app.py (test:python) and go/main.go (test:go) make in their languages, so
 * that those tests can require the same cdk.tf.json and annotations. The tests run it compiled, on dist/lib.
 *
 *   ts-node --transpile-only scripts/jsii/twin/app.ts [declarations|scale|evmcs-amd]     (writes to $CDKTF_OUTDIR)
 *
 * app.py's fourth case, the keyword typo, is a compile error here; test-python.ts type-checks it from a scratch file.
 */
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HypervAspect, HypervPreset, WindowsDomain, libvirt } from '../../../lib';

const OVMF = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OWN_XSLT = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>';

class Declarations extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new libvirt.provider.LibvirtProvider(this, 'libvirt', { uri: 'qemu:///system' });
    new WindowsDomain(this, 'rhel10', {
      domain: {
        name: 'rhel10',
        memory: 8192,
        vcpu: 4,
        machine: 'q35',
        firmware: OVMF,
        disk: [{ volumeId: 'vol-rhel10' }],
        networkInterface: [{ networkName: 'default' }],
        graphics: { type: 'spice', listenType: 'address' },
      },
      hyperv: { preset: HypervPreset.RHEL10, hostCpuVendor: 'intel' },
      ignoreStylesheetChanges: true,
    });
    new WindowsDomain(this, 'windows11', {
      domain: { name: 'windows11', memory: 8192, vcpu: 4, machine: 'q35' },
      hyperv: { preset: 'windows11' },
    });
    new WindowsDomain(this, 'migration-safe', {
      domain: { name: 'migration-safe', memory: 4096 },
      hyperv: { preset: HypervPreset.MIGRATION_SAFE, spinlockRetries: 4095 },
    });
    const passthrough = new WindowsDomain(this, 'passthrough', {
      domain: { name: 'passthrough', memory: 4096, cpu: { mode: 'host-passthrough' } },
      hyperv: { preset: HypervPreset.PASSTHROUGH, hostCpuVendor: 'amd' },
    });
    // A WindowsDomain is the generated Domain: its attribute setters work in every language.
    passthrough.autostart = true;
    const legacy = new Construct(this, 'legacy');
    new libvirt.domain.Domain(legacy, 'app01', { name: 'app01', memory: 4096 });
    new libvirt.domain.Domain(legacy, 'app02', { name: 'app02', memory: 4096, xml: { xslt: OWN_XSLT } });
    Aspects.of(this).add(new HypervAspect({ preset: HypervPreset.MIGRATION_SAFE, hostCpuVendor: 'intel' }));
  }
}

class Scale extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new libvirt.provider.LibvirtProvider(this, 'libvirt', { uri: 'qemu:///system' });
    for (let i = 0; i < Number(process.env.VMS ?? '1000'); i++) {
      new WindowsDomain(this, `vm${i}`, {
        domain: { name: `vm${i}`, memory: 4096, vcpu: 2, machine: 'q35' },
        hyperv: { hostCpuVendor: 'intel' },
      });
    }
  }
}

class Refused extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new libvirt.provider.LibvirtProvider(this, 'libvirt', { uri: 'qemu:///system' });
    new WindowsDomain(this, 'dc01', { domain: { name: 'dc01' }, hyperv: { hostCpuVendor: 'amd' } });
  }
}

const STACKS: Readonly<Record<string, new (scope: Construct, id: string) => TerraformStack>> = { declarations: Declarations, scale: Scale, 'evmcs-amd': Refused };

const [, , requested = 'declarations'] = process.argv;
const Stack = STACKS[requested];
if (Stack === undefined) throw new Error(`unknown case '${requested}': ${Object.keys(STACKS).join(' or ')}`);
const started = performance.now();
const app = new App({ context: { 'libvirt-hyperv:stylesheetRevision': 1 } });
new Stack(app, 'twin');
app.synth();
console.log(`synth: ${(performance.now() - started).toFixed(0)} ms`);
