import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { HypervOptions, HypervPlan, Issue, describeValue, domainIssues, errorIssue, formatIssue, hostIssues } from '../core';
import { Domain, DomainConfig } from '../generated/libvirt/domain';
import { factsFromProps } from './private/domain-facts';
import { errorText, splitHypervOptions, tokenIssues, unknownPropIssues } from './private/messages';
import { resolutionFor, stylesheetFor } from './private/memo';
import { revisionFor, warnAboutRevisionOnce } from './private/revision';
import { VM_STATE_PROP_NAMES, VmStateProps, irreplaceableState, protectedLifecycle, stateProtectedIssue, vmStatePropIssues } from './private/vm-state';

const BRAND = Symbol.for('libvirt-hyperv.WindowsDomain');

/**
 * Props of a WindowsDomain: everything the generated libvirt `Domain` takes (name, memory, vcpu, machine,
 * firmware, disks...), the Hyper-V options, and how the VM's NVRAM and TPM state are protected. `xml.xslt` is not
 * accepted: WindowsDomain writes it.
 */
export interface WindowsDomainProps extends DomainConfig, HypervOptions, VmStateProps {}

/**
 * A `libvirt_domain` whose `xml.xslt` adds the Hyper-V enlightenments and the Windows clock when the provider
 * defines the VM. By default, exactly the block of Red Hat's RHEL 10 guide.
 *
 * @example
 * new WindowsDomain(stack, 'dc01', { name: 'dc01', memory: 8192, vcpu: 4, machine: 'q35', hostCpuVendor: 'intel' });
 */
export class WindowsDomain extends Construct {
  /** True for WindowsDomains made by any copy of this library (no `instanceof`). */
  public static isWindowsDomain(x: unknown): x is WindowsDomain {
    return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** The generated libvirt domain resource (escape hatch). */
  public readonly domain: Domain;
  /** The XSLT attached as `xml.xslt`. */
  public readonly stylesheet: string;
  /** The resolved Hyper-V settings the stylesheet was rendered from. */
  public readonly plan: HypervPlan;
  /** Warnings found while resolving the options (also reported as synth warnings). */
  public readonly warnings: readonly Issue[];
  /** The stylesheet revision `stylesheet` was rendered with. */
  public readonly stylesheetRevision: number;

  constructor(scope: Construct, id: string, props: WindowsDomainProps) {
    super(scope, id);
    try {
      Object.defineProperty(this, BRAND, { value: true });
      ({ domain: this.domain, stylesheet: this.stylesheet, plan: this.plan, warnings: this.warnings, stylesheetRevision: this.stylesheetRevision } = this.build(props));
    } catch (e) {
      // Whatever went wrong (bad props, a caller's getter that throws), leave nothing half-built in the tree for a
      // caller that catches the error and carries on.
      scope.node.tryRemoveChild(id);
      throw e;
    }
    this.node.defaultChild = this.domain;
  }

  private build(props: WindowsDomainProps): { domain: Domain; stylesheet: string; plan: HypervPlan; warnings: readonly Issue[]; stylesheetRevision: number } {
    if (typeof props !== 'object' || props === null || Array.isArray(props)) {
      throw new Error(
        errorText(this.node.path, [
          errorIssue('INVALID_OPTION', 'props', `expected an object such as { name: 'dc01', memory: 8192 }, got ${describeValue(props)}`),
        ]),
      );
    }
    const { hyperv, rest: withStateProps } = splitHypervOptions(props);
    const stateProps: VmStateProps = { allowNvramAndTpmLoss: props.allowNvramAndTpmLoss, ignoreStylesheetChanges: props.ignoreStylesheetChanges };
    const rest = Object.fromEntries(Object.entries(withStateProps).filter(([key]) => !(VM_STATE_PROP_NAMES as readonly string[]).includes(key))) as unknown as DomainConfig;

    const refused: Issue[] = [...unknownPropIssues(rest), ...tokenIssues(hyperv), ...vmStatePropIssues(stateProps)];
    if (rest.xml !== undefined) {
      refused.push(
        errorIssue(
          'INVALID_OPTION',
          'xml',
          'WindowsDomain writes xml.xslt itself and does not merge stylesheets; remove xml, or declare a plain Domain and apply HypervAspect with onExisting: ExistingXslt.REPLACE',
        ),
      );
    }
    const { plan, issues } = refused.length > 0 ? { plan: undefined, issues: refused } : resolutionFor(this, hyperv);
    if (!plan) throw new Error(errorText(this.node.path, issues));
    const revision = revisionFor(this, hyperv.stylesheetRevision);
    if (revision.revision === undefined) throw new Error(errorText(this.node.path, revision.issues));
    const onHosts = hyperv.host === undefined ? [] : hostIssues(plan, hyperv.host, factsFromProps(rest));
    if (onHosts.some((i) => i.level === 'error')) throw new Error(errorText(this.node.path, onHosts));
    const warnings = [...issues.filter((i) => i.level === 'warning'), ...domainIssues(plan, { type: rest.type, arch: rest.arch }), ...onHosts];
    const stylesheet = stylesheetFor(this, plan, revision.revision);
    const state = irreplaceableState(rest);
    const { lifecycle, protectedNow } = protectedLifecycle(rest.lifecycle, state, stateProps);
    const domain = new Domain(this, 'Resource', { ...rest, ...(lifecycle ? { lifecycle } : {}), xml: { xslt: stylesheet } });
    // Annotations last: nothing after them can throw, so a failed construction leaves none behind.
    for (const warning of warnings) Annotations.of(this).addWarning(formatIssue(warning));
    if (protectedNow) Annotations.of(this).addInfo(formatIssue(stateProtectedIssue(state, stateProps.ignoreStylesheetChanges === true)));
    warnAboutRevisionOnce(this, revision);
    return { domain, stylesheet, plan, warnings, stylesheetRevision: revision.revision };
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
