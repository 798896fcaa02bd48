import { Construct } from 'constructs';
import { HypervOptions, HypervPlan, Issue } from '../core';
import { Domain, DomainConfig } from '../generated/libvirt/domain';
import type { WindowsDomainConfig } from '../generated/windows-domain-config';
import { domainFactsOf } from './private/domain-facts';
import { guardWindowsDomainProps } from './private/props';
import { stylesheetFor } from './private/memo';
import { annotate, domainChecks, qualified, resolveHyperv, throwOnErrors } from './private/pipeline';
import { revisionFor, warnAboutRevisionOnce } from './private/revision';
import { noteStateProtected } from './private/state-protected';
import { irreplaceableState, protectedLifecycle } from './private/vm-state';

const BRAND = Symbol.for('libvirt-hyperv.WindowsDomain');

/**
 * Props of a WindowsDomain: the provider's domain settings, the Hyper-V options, and how the VM's NVRAM and TPM state
 * are protected. Each part has its own key, so a provider setting can never be taken for a Hyper-V option.
 */
export interface WindowsDomainProps {
  /**
   * Everything the provider's `libvirt_domain` takes (name, memory, vcpu, machine, firmware, disks...), except `xml`:
   * WindowsDomain writes `xml.xslt` itself.
   */
  readonly domain: WindowsDomainConfig;
  /**
   * The enlightenments, clock and Windows 11 options, and the hosts to check them against.
   * @default - exactly the block of Red Hat's RHEL 10 guide (HypervPreset.RHEL10), localtime clock, hypervclock
   */
  readonly hyperv?: HypervOptions;
  /**
   * Let Terraform destroy a VM that has UEFI NVRAM (`firmware` or `nvram` set) or an emulated TPM (`tpm` with the
   * emulator backend). By default such a VM gets `lifecycle.prevent_destroy = true`: any plan that would replace or
   * destroy it (a stylesheet change, a new `memory`, `cdktf destroy`) fails instead of deleting its UEFI variables
   * and TPM state. Set true only for VMs whose NVRAM and TPM can be thrown away. An explicit
   * `lifecycle.preventDestroy` wins over this.
   * @default false
   */
  readonly allowNvramAndTpmLoss?: boolean;
  /**
   * Add `xml` to `lifecycle.ignore_changes`, so a change of the stylesheet (a new enlightenment, a new
   * `stylesheetRevision`) never plans a replacement of an existing VM. New VMs still get the current stylesheet;
   * existing ones are changed in place with `libvirt-hyperv redefine`, which keeps NVRAM and TPM state.
   * @default false
   */
  readonly ignoreStylesheetChanges?: boolean;
}

/**
 * A `libvirt_domain` whose `xml.xslt` adds the Hyper-V enlightenments and the Windows clock when the provider
 * defines the VM. By default, exactly the block of Red Hat's RHEL 10 guide.
 *
 * @example
 * new WindowsDomain(stack, 'dc01', { domain: { name: 'dc01', memory: 8192, vcpu: 4, machine: 'q35' }, hyperv: { hostCpuVendor: 'intel' } });
 */
export class WindowsDomain extends Construct {
  /** True for WindowsDomains made by any copy of this library (no `instanceof`). */
  public static isWindowsDomain(x: unknown): x is WindowsDomain {
    return typeof x === 'object' && x !== null && x !== WindowsDomain.prototype && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** The generated libvirt domain resource (escape hatch). */
  public readonly domain: Domain;
  /** The XSLT attached as `xml.xslt`. */
  public readonly stylesheet: string;
  /** The resolved Hyper-V settings the stylesheet was rendered from. */
  public readonly plan: HypervPlan;
  /** Warnings found while resolving the options and checking the domain (also reported as synth warnings). */
  public readonly warnings: Issue[];
  /** The stylesheet revision `stylesheet` was rendered with. */
  public readonly stylesheetRevision: number;

  constructor(scope: Construct, id: string, props: WindowsDomainProps) {
    super(scope, id);
    try {
      const prepared = this.prepare(props);
      // Created here rather than in a helper: cdktf records a full stack trace for each token a Domain creates (a dozen
      // per Domain), so every frame between the caller and `new Domain` costs; one frame more was 1.5% of a 1000-VM synth.
      this.domain = new Domain(this, 'Resource', prepared.config);
      ({ stylesheet: this.stylesheet, plan: this.plan, warnings: this.warnings, revision: this.stylesheetRevision } = prepared);
      // Annotations last: nothing after them can throw, so a failed construction leaves none behind.
      annotate(this, prepared.warnings);
      if (prepared.protectedNow) noteStateProtected(this, prepared.irreplaceable, prepared.ignoresStylesheet);
      warnAboutRevisionOnce(this, prepared.revisionChoice);
    } catch (e) {
      // Whatever went wrong (bad props, a caller's getter that throws), leave nothing half-built in the tree for a
      // caller that catches the error and carries on.
      scope.node.tryRemoveChild(id);
      throw e;
    }
    this.node.defaultChild = this.domain;
  }

  /** Everything up to the Domain: guard, resolve, checks, stylesheet, lifecycle. Throws on any error; adds nothing to the tree. */
  private prepare(props: WindowsDomainProps) {
    const { config, hyperv, state, optionField, checkField } = guardWindowsDomainProps(props, this);
    const { plan, warnings: resolved } = resolveHyperv(this, hyperv, optionField);
    const revisionChoice = revisionFor(this, hyperv.stylesheetRevision);
    if (revisionChoice.revision === undefined) throwOnErrors(qualified(revisionChoice.issues, checkField), this);
    const checks = domainChecks(plan, hyperv.host, domainFactsOf(config), checkField);
    throwOnErrors(checks, this);
    const warnings = [...resolved, ...checks];
    const revision = revisionChoice.revision!;
    const stylesheet = stylesheetFor(this, plan, revision);
    const irreplaceable = irreplaceableState(config);
    const { lifecycle, protectedNow } = protectedLifecycle(config.lifecycle, irreplaceable, state);
    // One spread: it copies every setting of every VM. `lifecycle` is the user's own when nothing was added to it.
    const domainConfig: DomainConfig = { ...config, lifecycle, xml: { xslt: stylesheet } };
    return { config: domainConfig, stylesheet, plan, warnings, revision, revisionChoice, irreplaceable, protectedNow, ignoresStylesheet: state.ignoreStylesheetChanges === true };
  }

  /** The domain's Terraform id (the libvirt UUID once applied). */
  public get id(): string {
    return this.domain.id;
  }

  /** The domain's name. */
  public get name(): string {
    return this.domain.name;
  }
}

// The brand sits on the prototype, set once: a property defined on each instance cost a runtime call per VM.
Object.defineProperty(WindowsDomain.prototype, BRAND, { value: true });
