import { IConstruct } from 'constructs';
import { HypervPlan, renderStylesheet } from '../../core';

/** Not Symbol.for: another copy of this library may render differently, so each copy keeps its own memo. */
const MEMO = Symbol('libvirt-hyperv.stylesheets');

type Root = IConstruct & { [MEMO]?: Map<string, string> };

/**
 * The stylesheet for `plan`, rendered once per construct tree. A repo declaring a thousand VMs of one configuration
 * renders one stylesheet and shares the string, instead of rendering a thousand identical copies and carrying them
 * all through synth (`npm run bench` measures both). The memo hangs on the tree's root, so it lives as long as the
 * app and no state is kept at module level.
 */
export function stylesheetFor(scope: IConstruct, plan: HypervPlan): string {
  const root = scope.node.root as Root;
  let memo = root[MEMO];
  if (memo === undefined) {
    memo = new Map();
    // Not enumerable: invisible to anything that walks the root's own properties.
    Object.defineProperty(root, MEMO, { value: memo });
  }
  // A plan is frozen plain data (strings, numbers, a map of feature states), so its JSON is a faithful key. Equal
  // plans built in another key order only miss the memo and render again: the same text, never a wrong one.
  const key = JSON.stringify(plan);
  let text = memo.get(key);
  if (text === undefined) {
    text = renderStylesheet(plan);
    memo.set(key, text);
  }
  return text;
}

