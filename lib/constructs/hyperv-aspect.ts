import { IAspect, TerraformResource, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { HypervOptions, HypervPlan, Issue, OLDEST_STYLESHEET_REVISION, describeValue, errorIssue, issueOf, renderStylesheetRevision } from '../core';
import { stylesheetFor } from './private/memo';
import { domainFactsOf } from './private/domain-facts';
import { SAME_FIELD, annotate, domainChecks, resolveHyperv, throwOnErrors } from './private/pipeline';
import { revisionFor, warnAboutRevisionOnce } from './private/revision';
import { stateAtRiskIssue } from './private/vm-state';
import { WindowsDomain } from './windows-domain';

/** What the aspect does with a domain that already has a stylesheet of its own. */
export enum ExistingXslt {
  /** Leave it alone and warn (`HyperV-EXISTING_XSLT`). */
  SKIP = 'skip',
  /** Replace it with the Hyper-V stylesheet (and say so in a warning). */
  REPLACE = 'replace',
}

export interface HypervAspectProps extends HypervOptions {
  /**
   * What to do with a `libvirt_domain` that already sets `xml.xslt`. The aspect never merges two stylesheets.
   * @default ExistingXslt.SKIP
   */
  readonly onExisting?: ExistingXslt;
}

export const LIBVIRT_DOMAIN_TYPE = 'libvirt_domain';

/**
 * Gives every `libvirt_domain` in a scope the Hyper-V stylesheet, for repos that already declare their domains.
 * Matches resources by Terraform type, so it works with bindings generated elsewhere.
 *
 * @example
 * Aspects.of(stack).add(new HypervAspect({ preset: HypervPreset.MIGRATION_SAFE }));
 */
export class HypervAspect implements IAspect {
  /**
   * The stylesheet at the `stylesheetRevision` prop, or at the oldest supported revision without one. A domain gets
   * the revision the prop or, without it, the context key `libvirt-hyperv:stylesheetRevision` of its app pins.
   */
  public readonly stylesheet: string;
  public readonly plan: HypervPlan;
  private readonly onExisting: ExistingXslt;
  private readonly warnings: Issue[];
  private readonly stylesheetRevision?: number;
  private readonly host: HypervOptions['host'];

  constructor(props: HypervAspectProps = {}) {
    // Plain JavaScript can pass anything; destructuring null would be a bare TypeError.
    if (typeof props !== 'object' || props === null || Array.isArray(props)) {
      throwOnErrors([errorIssue('INVALID_OPTION', 'props', `expected an object such as { preset: HypervPreset.RHEL10 }, got ${describeValue(props)}`)]);
    }
    const { onExisting, ...options } = props;
    if (onExisting !== undefined && !Object.values(ExistingXslt).includes(onExisting)) {
      throwOnErrors([errorIssue('INVALID_OPTION', 'onExisting', `got ${describeValue(onExisting)}; use ExistingXslt.SKIP or ExistingXslt.REPLACE`)]);
    }
    ({ plan: this.plan, warnings: this.warnings } = resolveHyperv(undefined, options, SAME_FIELD));
    this.stylesheetRevision = options.stylesheetRevision;
    this.stylesheet = renderStylesheetRevision(this.plan, this.stylesheetRevision ?? OLDEST_STYLESHEET_REVISION);
    this.onExisting = onExisting ?? ExistingXslt.SKIP;
    this.host = options.host;
  }

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || node.terraformResourceType !== LIBVIRT_DOMAIN_TYPE) return;
    // A WindowsDomain has its stylesheet; so has the child Domain of one made by a 0.1 copy of this library.
    if (WindowsDomain.isWindowsDomain(node) || WindowsDomain.isWindowsDomain(node.node.scope)) return;
    const revision = revisionFor(node, this.stylesheetRevision);
    if (revision.revision === undefined) {
      annotate(node, revision.issues);
      return;
    }
    const stylesheet = stylesheetFor(node, this.plan, revision.revision);
    const body = renderedBody(node);
    const existing = xsltOf(body);
    if (existing === stylesheet) return; // already patched: visiting twice changes nothing
    if (existing !== undefined && Token.isUnresolved(existing)) {
      annotate(node, [issueOf('UNRESOLVED', 'xml', 'the existing xml.xslt is a token, so it cannot be checked; the domain was left without the Hyper-V stylesheet. Use a literal stylesheet, or WindowsDomain')]);
      return;
    }
    if (existing !== undefined) {
      if (this.onExisting === ExistingXslt.SKIP) {
        annotate(node, [issueOf('EXISTING_XSLT', 'xml.xslt', 'the domain already has its own stylesheet, so the Hyper-V stylesheet was not applied; remove it, or set onExisting: ExistingXslt.REPLACE')]);
        return;
      }
      annotate(node, [issueOf('EXISTING_XSLT', 'xml.xslt', "the domain's own stylesheet was replaced by the Hyper-V stylesheet (onExisting: REPLACE)")]);
    }
    // Host refusals are errors on the domain (cdktf fails the synth on them); the domain keeps no stylesheet.
    const checks = domainChecks(this.plan, this.host, domainFactsOf(body), SAME_FIELD);
    if (checks.some((i) => i.level === 'error')) {
      annotate(node, checks.filter((i) => i.level === 'error'));
      return;
    }
    node.addOverride('xml.xslt', stylesheet);
    warnAboutRevisionOnce(node, revision);
    const atRisk = body ? stateAtRiskIssue(body) : undefined;
    annotate(node, [...this.warnings, ...checks, ...(atRisk ? [atRisk] : [])]);
  }
}

/** The resource's Terraform body as it will synthesize (config and overrides merged). */
function renderedBody(resource: TerraformResource): Record<string, unknown> | undefined {
  const rendered = resource.toTerraform()?.resource?.[LIBVIRT_DOMAIN_TYPE] ?? {};
  return Object.values(rendered)[0] as Record<string, unknown> | undefined;
}

/** The body's `xml.xslt`; undefined when there is none. */
function xsltOf(body: Record<string, unknown> | undefined): unknown {
  let xml = body?.xml;
  if (typeof xml === 'string' && Token.isUnresolved(xml)) return xml;
  if (Array.isArray(xml)) xml = xml[0];
  if (typeof xml !== 'object' || xml === null) return undefined;
  const xslt = (xml as Record<string, unknown>).xslt;
  // The provider treats a blank stylesheet as none (strings.TrimSpace in utils_xslt.go), and so does the aspect.
  return typeof xslt === 'string' && xslt.trim() === '' ? undefined : (xslt ?? undefined);
}
