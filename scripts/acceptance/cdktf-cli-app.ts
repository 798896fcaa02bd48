/**
 * The app `cdktf deploy` runs in the acceptance test (scripts/acceptance/cdktf-cli.ts): one stack with two
 * WindowsDomains and an Aspect-patched plain Domain, all with the RHEL 10 set minus vpindex and what needs it, so
 * QEMU starts them under TCG (provider 0.8.3 starts every domain it creates). LVH_CDKTF_STAGE=toggled switches one
 * enlightenment of the first VM off, the way a user edits their app before `cdktf diff`.
 */
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HypervAspect, WindowsDomain } from '../../lib';
import { Domain } from '../../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';
import { CDKTF_CLI_DOMAINS, CDKTF_CLI_STACK, cdktfCliEnlightenments } from './cdktf-cli-domains';

const BASE = { type: 'qemu', running: false, memory: 256, vcpu: 1 } as const;

class CdktfCliStack extends TerraformStack {
  constructor(scope: Construct, id: string, toggled: boolean) {
    super(scope, id);
    new LibvirtProvider(this, 'libvirt', { uri: 'qemu:///system' });
    new WindowsDomain(this, 'first', { domain: { ...BASE, name: CDKTF_CLI_DOMAINS.first }, hyperv: { hostCpuVendor: 'intel', enlightenments: cdktfCliEnlightenments(CDKTF_CLI_DOMAINS.first, toggled) } });
    new WindowsDomain(this, 'second', { domain: { ...BASE, name: CDKTF_CLI_DOMAINS.second }, hyperv: { hostCpuVendor: 'intel', enlightenments: cdktfCliEnlightenments(CDKTF_CLI_DOMAINS.second, toggled) } });
    const legacy = new Construct(this, 'existing');
    new Domain(legacy, 'legacy', { ...BASE, name: CDKTF_CLI_DOMAINS.aspect });
    Aspects.of(legacy).add(new HypervAspect({ hostCpuVendor: 'intel', enlightenments: cdktfCliEnlightenments(CDKTF_CLI_DOMAINS.aspect, toggled) }));
  }
}

const app = new App();
new CdktfCliStack(app, CDKTF_CLI_STACK, process.env.LVH_CDKTF_STAGE === 'toggled');
app.synth();
