/**
 * The one path from what a user wrote to a stylesheet, shared by WindowsDomain and HypervAspect:
 * guard (shape, tokens) → resolve (the core, once per distinct configuration) → checks against the domain and its
 * hosts → one error type carrying every error → warnings and infos as Annotations.
 */
import { Annotations } from 'cdktf';
import { IConstruct } from 'constructs';
import { DomainFacts, HypervOptions, HypervPlan, HypervValidationError, Issue, domainIssues, formatIssue, hostIssues } from '../../core';
import { tokenIssues } from './messages';
import { resolutionFor } from './memo';

/** Where an adapter's issues point: the prop path a user edits (`hyperv.enlightenments.synic` for a WindowsDomain). */
export type FieldPath = (field: string) => string;

export const SAME_FIELD: FieldPath = (field) => field;

/** Fields of options given under a key of the props (`hyperv`): `options` itself is the key. */
export const under = (key: string): FieldPath => (field) => (field === 'options' ? key : `${key}.${field}`);

/**
 * What an error names: a construct, or one not created yet (WindowsDomain validates its props before it enters the
 * tree). Only `node.path` is read, and only when there is an error.
 */
export interface ErrorSite {
  readonly node: { readonly path: string };
}

/**
 * The site of the construct `id` about to be created under `scope`: its path as it will be, built only if asked. A
 * class, since an object literal with a getter, made for every VM, cost 4 µs each.
 */
class PendingChild implements ErrorSite {
  constructor(
    private readonly scope: IConstruct,
    private readonly id: string,
  ) {}

  public get node(): { readonly path: string } {
    const parent = this.scope.node.path;
    return { path: parent === '' ? this.id : `${parent}/${this.id}` };
  }
}

export function pendingChild(scope: IConstruct, id: string): ErrorSite {
  return new PendingChild(scope, id);
}

/** Throws one HypervValidationError with every error among `issues`, naming the construct when there is one. */
export function throwOnErrors(issues: readonly Issue[], site?: ErrorSite): void {
  if (issues.length === 0) return;
  const errors = issues.filter((i) => i.level === 'error');
  // The path is computed only here: for a thousand valid VMs it would be a thousand strings nobody reads.
  if (errors.length > 0) throw new HypervValidationError(errors, site?.node.path);
}

/** The issues with their fields as the adapter's props spell them. */
export function qualified(issues: readonly Issue[], path: FieldPath): Issue[] {
  return path === SAME_FIELD ? [...issues] : issues.map((i) => ({ ...i, field: path(i.field) }));
}

/**
 * Guard and resolve: tokens are refused (the stylesheet is rendered at synth), then the core checks and resolves the
 * options. Returns the plan and its warnings; throws on any error, naming `site` (by default `scope`). With a scope
 * the resolution is memoised per tree (hundreds of VMs share a few configurations); without one (an aspect's props,
 * before any tree) the options are resolved directly.
 */
export function resolveHyperv(
  scope: IConstruct | undefined,
  options: HypervOptions,
  path: FieldPath,
  site: ErrorSite | undefined = scope,
): { plan: HypervPlan; warnings: Issue[] } {
  throwOnErrors(qualified(tokenIssues(options), path), site);
  const { plan, issues } = resolutionFor(scope, options);
  const warnings = qualified(issues, path);
  throwOnErrors(warnings, site);
  return { plan: plan!, warnings };
}

/**
 * What the domain itself and the hosts it may run on say about the plan: the domain's platform (arch, type) and each
 * host profile's refusals. Errors among them stop the adapter; the rest are warnings.
 */
export function domainChecks(plan: HypervPlan, host: HypervOptions['host'], facts: DomainFacts, path: FieldPath): Issue[] {
  const onDomain = domainIssues(plan, facts);
  if (host === undefined && onDomain.length === 0) return []; // the common case: it runs for every VM
  return qualified([...onDomain, ...(host === undefined ? [] : hostIssues(plan, host, facts))], path);
}

/** Reports issues on `scope` at their level: errors fail `cdktf synth`, warnings and infos are printed. */
export function annotate(scope: IConstruct, issues: readonly Issue[]): void {
  if (issues.length === 0) return; // Annotations.of reads the context: not for nothing, for every VM
  const annotations = Annotations.of(scope);
  for (const issue of issues) {
    const text = formatIssue(issue);
    if (issue.level === 'error') annotations.addError(text);
    else if (issue.level === 'warning') annotations.addWarning(text);
    else annotations.addInfo(text);
  }
}
