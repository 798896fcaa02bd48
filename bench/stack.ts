/**
 * The stacks the benchmark synthesises: N Windows VMs declared from the same DomainConfig with
 * - `windows`:   WindowsDomain (options resolved, stylesheet rendered, `xml.xslt` set, one construct level more);
 * - `bare`:      the generated Domain alone, no stylesheet (the floor the issue asks to compare against);
 * - `bare-xslt`: the generated Domain with the same stylesheet text, rendered once, as a literal `xml.xslt`.
 * `bare-xslt` splits the overhead in two: what carrying 2 KiB per VM through synth costs whoever ships it, and what
 * the construct itself adds on top.
 */
import { App, TerraformStack } from 'cdktf';
import { WindowsDomain } from '../lib/constructs';
import { planOrThrow, renderStylesheet } from '../lib/core';
import { Domain, DomainConfig } from '../lib/generated/libvirt/domain';
import { LibvirtProvider } from '../lib/generated/libvirt/provider';

export const STACK_KINDS = ['windows', 'bare', 'bare-xslt'] as const;
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

/** Declares `count` VMs of one kind in a new stack called `bench`. */
export function declareStack(app: App, kind: StackKind, count: number): TerraformStack {
  const stack = new TerraformStack(app, 'bench');
  new LibvirtProvider(stack, 'libvirt', { uri: 'qemu:///system' });
  const xslt = kind === 'bare-xslt' ? renderStylesheet(planOrThrow(BENCH_HYPERV_OPTIONS).plan) : undefined;
  for (let i = 0; i < count; i++) {
    const config = vmConfig(i);
    if (kind === 'windows') new WindowsDomain(stack, config.name, { ...config, ...BENCH_HYPERV_OPTIONS });
    else new Domain(stack, config.name, xslt === undefined ? config : { ...config, xml: { xslt } });
  }
  return stack;
}
