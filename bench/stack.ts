/**
 * The stacks the benchmark synthesises: N Windows VMs declared from the same DomainConfig with
 * - `windows`:   WindowsDomain (options resolved, stylesheet rendered, `xml.xslt` set; it is the Domain itself);
 * - `bare`:      the generated Domain alone, no stylesheet (the floor the issue asks to compare against);
 * - `bare-xslt`: the generated Domain with the same stylesheet text, rendered once, as a literal `xml.xslt`, and the
 *                same lifecycle WindowsDomain gives it (prevent_destroy: the VM has UEFI firmware);
 * - `wrapper`:   `bare-xslt` one level down, in a minimal construct (a Domain child called 'Resource', as WindowsDomain
 *                was in 0.1).
 * Together they split the overhead: bare → bare-xslt is what carrying 2 KiB per VM through synth costs whoever ships
 * the stylesheet, bare-xslt → windows is our code; bare-xslt → wrapper is what a construct level around Domain costs
 * in cdktf, which WindowsDomain no longer pays.
 */
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { WindowsDomain } from '../lib/constructs';
import { planOrThrow, renderStylesheet } from '../lib/core';
import { Domain, DomainConfig } from '../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../lib/generated/libvirt/provider';

export const STACK_KINDS = ['windows', 'bare', 'bare-xslt', 'wrapper'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/**
 * hostCpuVendor 'intel' lets the default preset resolve without a warning: one warning annotation per VM would add
 * console output no real repo would keep, and would measure the annotation printer rather than the construct.
 */
export const BENCH_HYPERV_OPTIONS = Object.freeze({ hostCpuVendor: 'intel' as const });

/** One VM as an IaC repo would declare it: main.ts's example with a literal volume id (no Volume resource). */
export function vmConfig(index: number): DomainConfig {
  const name = `win-${String(index).padStart(4, '0')}`;
  return {
    name,
    memory: 8192,
    vcpu: 4,
    machine: 'q35',
    firmware: '/usr/share/OVMF/OVMF_CODE_4M.fd',
    cpu: { mode: 'host-passthrough' },
    disk: [{ volumeId: `/var/lib/libvirt/images/${name}.qcow2` }],
    networkInterface: [{ networkName: 'default' }],
    graphics: { type: 'spice', listenType: 'address' },
    video: { type: 'qxl' },
  };
}

/**
 * What WindowsDomain gives the bench VM besides the stylesheet: it has `firmware` (UEFI NVRAM), so it gets
 * prevent_destroy. `bare-xslt` and `wrapper` carry the same, so that they synthesize the same resource body as
 * `windows` (synth-child checks it) and the ratios measure WindowsDomain's own work only.
 */
export const BENCH_LIFECYCLE = Object.freeze({ preventDestroy: true });

/** The config the bench's plain Domains get: the VM's, plus what WindowsDomain would add. */
const withStylesheet = (config: DomainConfig, xslt: string): DomainConfig => ({ ...config, lifecycle: BENCH_LIFECYCLE, xml: { xslt } });

/** The least an L2 that wraps Domain and ships a stylesheet can do: no options, no validation, no rendering. */
class MinimalWrapper extends Construct {
  constructor(scope: Construct, id: string, config: DomainConfig) {
    super(scope, id);
    this.node.defaultChild = new Domain(this, 'Resource', config);
  }
}

/** Declares `count` VMs of one kind in a new stack called `bench`. */
export function declareStack(app: App, kind: StackKind, count: number): TerraformStack {
  const stack = new TerraformStack(app, 'bench');
  new LibvirtProvider(stack, 'libvirt', { uri: 'qemu:///system' });
  const xslt = renderStylesheet(planOrThrow(BENCH_HYPERV_OPTIONS).plan);
  for (let i = 0; i < count; i++) {
    const config = vmConfig(i);
    if (kind === 'windows') new WindowsDomain(stack, config.name, { domain: config, hyperv: BENCH_HYPERV_OPTIONS });
    else if (kind === 'wrapper') new MinimalWrapper(stack, config.name, withStylesheet(config, xslt));
    else if (kind === 'bare-xslt') new Domain(stack, config.name, withStylesheet(config, xslt));
    else new Domain(stack, config.name, config);
  }
  return stack;
}
