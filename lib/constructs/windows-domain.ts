import { Construct } from 'constructs';
import { HypervOptions, HypervPlan, Issue } from '../core';
import { Domain, DomainConfig } from '../generated/libvirt/domain';
import type { WindowsDomainConfig } from '../generated/windows-domain-config';
import { domainFactsOf } from './private/domain-facts';
import { keptLogicalId } from './private/kept-address';
import { guardWindowsDomainProps } from './private/props';
import { stylesheetFor } from './private/memo';
import { annotate, domainChecks, pendingChild, qualified, resolveHyperv, throwOnErrors } from './private/pipeline';
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
 * It is the generated `Domain` itself (every attribute, `addOverride`, `lifecycle` ... work on it), and its Terraform
 * address is the one 0.1 gave it, when the Domain was its child `Resource`.
 *
 * @example
 * new WindowsDomain(stack, 'dc01', { domain: { name: 'dc01', memory: 8192, vcpu: 4, machine: 'q35' }, hyperv: { hostCpuVendor: 'intel' } });
 */
export class WindowsDomain extends Domain {
  /** True for WindowsDomains made by any copy of this library (no `instanceof`). */
  public static isWindowsDomain(x: unknown): x is WindowsDomain {
    return typeof x === 'object' && x !== null && x !== WindowsDomain.prototype && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** The XSLT attached as `xml.xslt`. */
  public readonly stylesheet: string;
  /** The resolved Hyper-V settings the stylesheet was rendered from. */
  public readonly plan: HypervPlan;
  /** Warnings found while resolving the options and checking the domain (also reported as synth warnings). */
  public readonly warnings: Issue[];
  /** The stylesheet revision `stylesheet` was rendered with. */
  public readonly stylesheetRevision: number;

  constructor(scope: Construct, id: string, props: WindowsDomainProps) {
    // Everything is checked before the VM enters the tree: a caller that catches the error finds nothing half-built.
    const prepared = prepare(scope, id, props);
    super(scope, id, prepared.config);
    this.keepLogicalId();
    ({ stylesheet: this.stylesheet, plan: this.plan, warnings: this.warnings, revision: this.stylesheetRevision } = prepared);
    // Annotations last: nothing after them can throw, so a failed construction leaves none behind.
    annotate(this, prepared.warnings);
    if (prepared.protectedNow) noteStateProtected(this, prepared.irreplaceable, prepared.ignoresStylesheet);
    warnAboutRevisionOnce(this, prepared.revisionChoice);
  }

  /**
   * This WindowsDomain, which is the generated `Domain`: kept for code written against 0.1, where the Domain was a
   * child construct.
   * @deprecated use the WindowsDomain itself
   */
  public get domain(): Domain {
    return this;
  }

  /** Back to the generated logical id, which for a WindowsDomain is the one that keeps its 0.1 Terraform address. */
  public resetOverrideLogicalId(): void {
    super.resetOverrideLogicalId();
    this.keepLogicalId();
  }

  private keepLogicalId(): void {
    const kept = keptLogicalId(this);
    if (kept !== undefined) this.overrideLogicalId(kept);
  }
}

/**
 * Everything up to the Domain: guard, resolve, checks, stylesheet, lifecycle. Throws on any error, naming the path
 * the VM would have; adds nothing to the tree. The memos and the context are read on `scope`, which shares the VM's
 * root and context.
 */
function prepare(scope: Construct, id: string, props: WindowsDomainProps) {
  const site = pendingChild(scope, id);
  const { config, hyperv, state, optionField, checkField } = guardWindowsDomainProps(props, site);
  const { plan, warnings: resolved } = resolveHyperv(scope, hyperv, optionField, site);
  const revisionChoice = revisionFor(scope, hyperv.stylesheetRevision);
  if (revisionChoice.revision === undefined) throwOnErrors(qualified(revisionChoice.issues, checkField), site);
  const checks = domainChecks(plan, hyperv.host, domainFactsOf(config), checkField);
  throwOnErrors(checks, site);
  const warnings = [...resolved, ...checks];
  const revision = revisionChoice.revision!;
  const stylesheet = stylesheetFor(scope, plan, revision);
  const irreplaceable = irreplaceableState(config);
  const { lifecycle, protectedNow } = protectedLifecycle(config.lifecycle, irreplaceable, state);
  // One spread: it copies every setting of every VM. `lifecycle` is the user's own when nothing was added to it.
  const domainConfig: DomainConfig = { ...config, lifecycle, xml: { xslt: stylesheet } };
  return { config: domainConfig, stylesheet, plan, warnings, revision, revisionChoice, irreplaceable, protectedNow, ignoresStylesheet: state.ignoreStylesheetChanges === true };
}

// The brand sits on the prototype, set once: a property defined on each instance cost a runtime call per VM.
Object.defineProperty(WindowsDomain.prototype, BRAND, { value: true });
