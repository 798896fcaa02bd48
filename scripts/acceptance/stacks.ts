/**
 * The CDKTF app the acceptance test deploys: two stacks with local state in the test's temp dir. The app is
 * synthesized again for each step with a different `LifecycleStage`, the way a user edits their app between deploys.
 */
import * as path from 'path';
import { App, Aspects, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HypervAspect, HypervPreset, WindowsDomain } from '../../lib';
import { Domain } from '../../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../../lib/generated/libvirt/provider';
import { TCG_STARTABLE_ENLIGHTENMENTS } from './expected';
import { LIBVIRT_URI } from './toolbox';

/** Every domain the test creates starts with this, so clean-up can find leftovers of an aborted run. */
export const DOMAIN_PREFIX = 'lvh-acceptance-';

export const DOMAINS = {
  rhel10: `${DOMAIN_PREFIX}rhel10`,
  migrationSafe: `${DOMAIN_PREFIX}migration-safe`,
  aspect: `${DOMAIN_PREFIX}aspect`,
  lifecycle: `${DOMAIN_PREFIX}lifecycle`,
  noXsltproc: `${DOMAIN_PREFIX}no-xsltproc`,
  windows11: `${DOMAIN_PREFIX}windows11`,
} as const;

/**
 * TCG domains (type 'qemu'): the test assumes no usable /dev/kvm. `running: false` asks the provider to leave them
 * shut off (0.8.3 still starts each domain once on create, then stops it). No disks or NICs: the test is about the
 * XML libvirt stores, and nothing needs cleaning up but the domains.
 */
const BASE = { type: 'qemu', running: false, memory: 256, vcpu: 1 } as const;

/** Stands for a repo's own module that declares a plain generated `Domain` and knows nothing of this library. */
class ExistingVirtualMachines extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new Domain(this, 'legacy', { ...BASE, name: DOMAINS.aspect });
  }
}

/** The full presets: the default (RHEL 10), MIGRATION_SAFE, and the aspect's default on a plain Domain. */
class PresetsStack extends TerraformStack {
  constructor(scope: Construct, id: string, statePath: string) {
    super(scope, id);
    new LocalBackend(this, { path: statePath });
    new LibvirtProvider(this, 'libvirt', { uri: LIBVIRT_URI });
    new WindowsDomain(this, 'rhel10', { domain: { ...BASE, name: DOMAINS.rhel10 } });
    new WindowsDomain(this, 'migration-safe', { domain: { ...BASE, name: DOMAINS.migrationSafe }, hyperv: { preset: HypervPreset.MIGRATION_SAFE } });
    const existing = new ExistingVirtualMachines(this, 'existing');
    Aspects.of(existing).add(new HypervAspect());
  }
}

export interface LifecycleStage {
  /** Switch evmcs off (the one-enlightenment toggle). */
  readonly evmcsOff?: boolean;
  /** Give the domain its stylesheet with every line after the first indented: a whitespace-only change. */
  readonly reindented?: boolean;
  /** Add one more WindowsDomain (for the step that runs terraform without xsltproc). */
  readonly withNoXsltprocDomain?: boolean;
  /**
   * Declare the VM as 0.1 did: a construct holding the generated Domain as its child `Resource`, with the same
   * stylesheet. Its plan against the state WindowsDomain applied must be empty (the upgrade keeps the address).
   */
  readonly shapeOf01?: boolean;
}

/** Indents every line but the XML declaration by two spaces: insignificant in XSLT, a different string to Terraform. */
export function reindent(stylesheet: string): string {
  return stylesheet
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : `  ${line}`))
    .join('\n');
}

/** One WindowsDomain whose stylesheet QEMU can start under TCG, edited from step to step like a user's app. */
class LifecycleStack extends TerraformStack {
  constructor(scope: Construct, id: string, statePath: string, stage: LifecycleStage) {
    super(scope, id);
    new LocalBackend(this, { path: statePath });
    new LibvirtProvider(this, 'libvirt', { uri: LIBVIRT_URI });
    const enlightenments = { ...TCG_STARTABLE_ENLIGHTENMENTS, ...(stage.evmcsOff ? { evmcs: 'off' as const } : {}) };
    const props = { domain: { ...BASE, name: DOMAINS.lifecycle }, hyperv: { enlightenments } };
    if (stage.shapeOf01) {
      const { stylesheet } = new WindowsDomain(new TerraformStack(new App(), 'scratch'), 'lifecycle', props);
      new Domain(new Construct(this, 'lifecycle'), 'Resource', { ...props.domain, xml: { xslt: stylesheet } });
      return;
    }
    const vm = new WindowsDomain(this, 'lifecycle', props);
    if (stage.reindented) vm.addOverride('xml.xslt', reindent(vm.stylesheet));
    if (stage.withNoXsltprocDomain) new WindowsDomain(this, 'no-xsltproc', { domain: { ...BASE, name: DOMAINS.noXsltproc }, hyperv: { enlightenments } });
  }
}

export const PRESETS_STACK = 'presets';
export const LIFECYCLE_STACK = 'lifecycle';

/** Synthesizes both stacks under `workdir`/cdktf.out; returns the directory terraform runs in for each. */
export function synth(workdir: string, stage: LifecycleStage): { presets: string; lifecycle: string } {
  const outdir = path.join(workdir, 'cdktf.out');
  const app = new App({ outdir });
  new PresetsStack(app, PRESETS_STACK, path.join(workdir, `${PRESETS_STACK}.tfstate`));
  new LifecycleStack(app, LIFECYCLE_STACK, path.join(workdir, `${LIFECYCLE_STACK}.tfstate`), stage);
  app.synth();
  return { presets: path.join(outdir, 'stacks', PRESETS_STACK), lifecycle: path.join(outdir, 'stacks', LIFECYCLE_STACK) };
}
