import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { RevisionChoice, STYLESHEET_REVISION_CONTEXT_KEY, chooseStylesheetRevision } from '../../core';
import { enclosingStack } from './enclosing-stack';
import { memoOnRoot } from './memo';
import { annotate } from './pipeline';

const UNPINNED_WARNED = Symbol('libvirt-hyperv.unpinnedWarned');
type Warned = { [UNPINNED_WARNED]?: true };

const CHOICES = Symbol('libvirt-hyperv.revisionChoices');

/**
 * The stylesheet revision for a domain under `scope`: the option, else the context key, else the oldest supported.
 * The choice from a context value is made once per tree: unpinned, it carries a warning whose text would otherwise be
 * built again for every VM.
 */
export function revisionFor(scope: IConstruct, option: unknown): RevisionChoice {
  const context: unknown = scope.node.tryGetContext(STYLESHEET_REVISION_CONTEXT_KEY);
  // Values whose text is exact (String(-0) is '0', and cdktf.json holds only JSON anyway); anything else is chosen anew.
  const keyable = context === undefined || typeof context === 'string' || typeof context === 'boolean' || (typeof context === 'number' && !Object.is(context, -0));
  if (option !== undefined || !keyable) return chooseStylesheetRevision(option, context);
  return memoOnRoot(scope, CHOICES, `${typeof context}:${String(context)}`, () => chooseStylesheetRevision(undefined, context));
}

/**
 * Adds the revision warnings (an unpinned app) to the stack of `scope`, once per stack rather than once per VM: they
 * are about the app, and a thousand identical warnings would hide every other one.
 */
export function warnAboutRevisionOnce(scope: IConstruct, choice: RevisionChoice): void {
  if (!choice.issues.some((i) => i.level === 'warning')) return;
  // Marks on the stack and on the VM's parent (mostly the stack itself): finding the stack by its path meant building
  // that path for every VM, and most VMs share a parent whose stack was warned already.
  const parent = scope.node.scope as (IConstruct & Warned) | undefined;
  if (parent?.[UNPINNED_WARNED]) return;
  const warnings = choice.issues.filter((i) => i.level === 'warning');
  const stack = enclosingStack(scope) as (TerraformStack & Warned) | undefined;
  if (stack === undefined) {
    // Outside any stack (never synthesized, but declared): the warning goes on the VM itself.
    annotate(scope, warnings);
    return;
  }
  if (!stack[UNPINNED_WARNED]) {
    annotate(stack, warnings);
    Object.defineProperty(stack, UNPINNED_WARNED, { value: true });
  }
  if (parent !== undefined && parent !== stack) Object.defineProperty(parent, UNPINNED_WARNED, { value: true });
}
