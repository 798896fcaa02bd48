/**
 * Stylesheet revisions: the bytes of `xml.xslt` are part of a VM's identity (ForceNew in provider 0.8.3), so a
 * library upgrade must not change them for an app that already deployed. Each revision is a frozen rendering; an app
 * pins one (the `stylesheetRevision` option, or the context key below) and keeps its bytes across upgrades until it
 * opts in to a newer one, the way aws-cdk feature flags keep old defaults for existing apps.
 *
 * Adding revision N+1: give `RENDERERS` an entry for it, set the new rendering's differences behind it (never change
 * what an older revision renders), run `npm run render:stylesheets` (it writes xslt/ and xslt/revisions/<N+1>/ and
 * never touches an older revision's directory), and list the change in the changelog.
 */
import { describeValue } from './describe-value';
import { Issue, errorIssue } from './issues';
import type { HypervPlan } from './plan';
import { renderStylesheet } from './stylesheet';

/** A context key (cdktf.json `context`, or `new App({ context })`) that pins the revision for a whole app. */
export const STYLESHEET_REVISION_CONTEXT_KEY = 'libvirt-hyperv:stylesheetRevision';

/**
 * The renderer of each supported revision. Revision 1 is the first one a release pins (0.2.0; 0.1.0 was never
 * published). While it is the newest, it is the current renderer; once a revision 2 exists, revision 1 must keep
 * rendering today's bytes (the golden files in xslt/revisions/1/ fail the tests on any difference).
 */
const RENDERERS: ReadonlyMap<number, (plan: HypervPlan) => string> = new Map([[1, renderStylesheet]]);

/** Supported revisions, oldest first. */
export const STYLESHEET_REVISIONS: readonly number[] = Object.freeze([...RENDERERS.keys()].sort((a, b) => a - b));
/** What new apps should pin (the README's quick start and the example app do). */
export const LATEST_STYLESHEET_REVISION: number = STYLESHEET_REVISIONS[STYLESHEET_REVISIONS.length - 1];
/** What an app that pins nothing gets: the oldest supported, so upgrading the library never changes its bytes. */
export const OLDEST_STYLESHEET_REVISION: number = STYLESHEET_REVISIONS[0];

/** Why `value` is not a supported revision, or undefined when it is one. */
export function stylesheetRevisionProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && STYLESHEET_REVISIONS.includes(value)) return undefined;
  return `got ${describeValue(value)}; this version of libvirt-hyperv renders revision ${STYLESHEET_REVISIONS.join(', ')} (newest ${LATEST_STYLESHEET_REVISION}); pin the revision your VMs were deployed with, or ${LATEST_STYLESHEET_REVISION} for new VMs`;
}

/** The stylesheet for `plan` as revision `revision` renders it. Throws for an unsupported revision. */
export function renderStylesheetRevision(plan: HypervPlan, revision: number): string {
  const render = RENDERERS.get(revision);
  if (!render) throw new RangeError(`stylesheet revision ${describeValue(revision)}: ${stylesheetRevisionProblem(revision)}`);
  return render(plan);
}

export interface RevisionChoice {
  /** The revision to render; undefined when a given value is invalid (then `issues` holds the error). */
  readonly revision?: number;
  readonly issues: readonly Issue[];
}

/**
 * Picks the revision: the option, else the context key, else the oldest supported with a `STYLESHEET_REVISION_UNPINNED`
 * warning telling the app to pin. `option` and `context` are read as given (plain JavaScript, JSON context).
 */
export function chooseStylesheetRevision(option: unknown, context: unknown): RevisionChoice {
  if (option !== undefined) {
    const problem = stylesheetRevisionProblem(option);
    return problem ? { issues: [errorIssue('STYLESHEET_REVISION', 'stylesheetRevision', problem)] } : { revision: option as number, issues: [] };
  }
  if (context !== undefined) {
    const problem = stylesheetRevisionProblem(context);
    return problem
      ? { issues: [errorIssue('STYLESHEET_REVISION', `context '${STYLESHEET_REVISION_CONTEXT_KEY}'`, problem)] }
      : { revision: context as number, issues: [] };
  }
  return {
    revision: OLDEST_STYLESHEET_REVISION,
    issues: [
      {
        code: 'STYLESHEET_REVISION_UNPINNED',
        level: 'warning',
        field: 'stylesheetRevision',
        message: `no stylesheet revision is pinned, so the oldest supported one (${OLDEST_STYLESHEET_REVISION}) is used and upgrades keep its bytes (xml.xslt is ForceNew: other bytes would replace the VM); pin it with "context": { "${STYLESHEET_REVISION_CONTEXT_KEY}": ${OLDEST_STYLESHEET_REVISION} } in cdktf.json or the stylesheetRevision option (${LATEST_STYLESHEET_REVISION} for an app that has deployed nothing yet)`,
      },
    ],
  };
}
