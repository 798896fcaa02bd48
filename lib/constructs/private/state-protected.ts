/**
 * The STATE_PROTECTED info, once per stack rather than once per VM: a fleet of a thousand UEFI VMs gets one line
 * naming how many VMs got prevent_destroy and why, instead of a thousand identical lines that bury every warning
 * (and cost a stack trace each: a synth of 1000 such VMs spent about 10% of its CPU on them).
 *
 * The info is written at synth, when every VM of the stack is known, by an Aspect hosted on the stack's first
 * protected VM: hosted on the stack, cdktf would call it for every construct of the stack. A VM a caller removes from
 * the tree after declaring it is left out (and, if it hosted the aspect, takes the info with it).
 */
import { Annotations, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Issue, formatIssue } from '../../core';
import { enclosingStack } from './enclosing-stack';

interface ProtectedVm {
  readonly vm: IConstruct;
  /** What irreplaceableState found, in words. */
  readonly state: readonly string[];
  readonly ignoresStylesheet: boolean;
}

/** Not Symbol.for: another copy of this library keeps its own list and writes its own info. */
const PROTECTED_VMS = Symbol('libvirt-hyperv.protectedVms');
/** How many VM paths the info names before "and N more". */
const NAMED = 3;

/**
 * Records that `vm` got prevent_destroy because of `state`; its stack's info is written at synth. A VM outside any
 * stack (which cdktf never synthesizes) gets its own info at once, as before.
 */
export function noteStateProtected(vm: IConstruct, state: readonly string[], ignoresStylesheet: boolean): void {
  const stack = enclosingStack(vm) as (TerraformStack & { [PROTECTED_VMS]?: ProtectedVm[] }) | undefined;
  if (stack === undefined) {
    Annotations.of(vm).addInfo(formatIssue(stateProtectedIssue([vm.node.path], 1, state, ignoresStylesheet)));
    return;
  }
  let vms = stack[PROTECTED_VMS];
  if (vms === undefined) {
    vms = [];
    // Not enumerable: invisible to anything that walks the stack's own properties.
    Object.defineProperty(stack, PROTECTED_VMS, { value: vms });
    Aspects.of(vm).add(new StateProtectedInfo(stack, vms));
  }
  vms.push({ vm, state, ignoresStylesheet });
}

class StateProtectedInfo implements IAspect {
  private written = false;

  constructor(
    private readonly stack: TerraformStack,
    private readonly vms: readonly ProtectedVm[],
  ) {}

  public visit(): void {
    // Once, even when the app is synthesized twice: a second info would repeat the first.
    if (this.written) return;
    this.written = true;
    const groups = new Map<string, ProtectedVm[]>();
    for (const entry of this.vms) {
      if (entry.vm.node.scope?.node.tryFindChild(entry.vm.node.id) !== entry.vm) continue;
      const key = `${entry.state.join('\n')}\n${entry.ignoresStylesheet}`;
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
    const prefix = `${this.stack.node.path}/`;
    const relative = (vm: IConstruct) => (vm.node.path.startsWith(prefix) ? vm.node.path.slice(prefix.length) : vm.node.path);
    for (const group of groups.values()) {
      const { state, ignoresStylesheet } = group[0]!;
      const named = group.slice(0, NAMED).map(({ vm }) => relative(vm));
      Annotations.of(this.stack).addInfo(formatIssue(stateProtectedIssue(named, group.length, state, ignoresStylesheet)));
    }
  }
}

/**
 * The info for `count` VMs, the first of them at `paths` (relative to their stack): what is kept, what it costs, and
 * both ways out.
 */
export function stateProtectedIssue(paths: readonly string[], count: number, state: readonly string[], ignoresStylesheet: boolean): Issue {
  const one = count === 1;
  const named = paths.join(', ') + (count > paths.length ? ` and ${count - paths.length} more` : '');
  const next = ignoresStylesheet
    ? 'stylesheet changes are ignored by Terraform (ignoreStylesheetChanges): apply them with libvirt-hyperv redefine'
    : 'a stylesheet change (and any other replacement) now fails the plan with "Instance cannot be destroyed": set ignoreStylesheetChanges: true and use libvirt-hyperv redefine to change enlightenments in place';
  return {
    code: 'STATE_PROTECTED',
    level: 'info',
    field: 'lifecycle.preventDestroy',
    message:
      `${count} ${one ? 'VM' : 'VMs'} (${named}) ${one ? 'has' : 'have'} ${state.join(' and ')}, which replacing ${one ? 'it' : 'them'} would delete, ` +
      `so ${one ? 'it gets' : 'they get'} lifecycle.prevent_destroy = true (cdktf destroy refuses ${one ? 'it' : 'them'} too); ${next}; ` +
      `set allowNvramAndTpmLoss: true to let Terraform replace ${one ? 'it' : 'a VM'}`,
  };
}
