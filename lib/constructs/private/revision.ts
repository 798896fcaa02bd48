import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Issue, RevisionChoice, STYLESHEET_REVISION_CONTEXT_KEY, chooseStylesheetRevision, formatIssue } from '../../core';
import { memoOnRoot } from './memo';

const UNPINNED_WARNED = Symbol('libvirt-hyperv.unpinnedWarned');

/** The stylesheet revision for a domain under `scope`: the option, else the context key, else the oldest supported. */
export function revisionFor(scope: IConstruct, option: unknown): RevisionChoice {
  return chooseStylesheetRevision(option, scope.node.tryGetContext(STYLESHEET_REVISION_CONTEXT_KEY));
}

/**
 * Adds the revision warnings (an unpinned app) to the stack of `scope`, once per stack rather than once per VM: they
 * are about the app, and a thousand identical warnings would hide every other one.
 */
export function warnAboutRevisionOnce(scope: IConstruct, choice: RevisionChoice): void {
  const warnings: Issue[] = choice.issues.filter((i) => i.level === 'warning');
  if (warnings.length === 0) return;
  const stack = TerraformStack.of(scope);
  memoOnRoot(scope, UNPINNED_WARNED, stack.node.path, () => {
    for (const warning of warnings) Annotations.of(stack).addWarning(formatIssue(warning));
    return true;
  });
}
