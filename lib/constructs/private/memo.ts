import { IConstruct } from 'constructs';
import { HypervOptions, HypervPlan, HypervPreset, Resolution, renderStylesheetRevision, resolveUnknownOptions } from '../../core';

/*
 * Memos kept per construct tree, for repos that declare hundreds of VMs of a few configurations: each distinct
 * configuration is resolved and rendered once, and its stylesheet string is shared, instead of a thousand identical
 * copies being built in a cold process and carried through synth (`npm run bench` measures it). They hang on the
 * tree's root, so they live as long as the app and no state is kept at module level. The symbols are not
 * Symbol.for: another copy of this library may resolve or render differently, so each copy keeps its own.
 */
const STYLESHEETS = Symbol('libvirt-hyperv.stylesheets');
const RESOLUTIONS = Symbol('libvirt-hyperv.resolutions');
const STYLESHEETS_BY_PLAN = Symbol('libvirt-hyperv.stylesheetsByPlan');

export function memoOnRoot<T>(scope: IConstruct, slot: symbol, key: string, compute: () => T): T {
  const root = scope.node.root as unknown as { [slot: symbol]: Map<string, T> | undefined };
  let memo = root[slot];
  if (memo === undefined) {
    memo = new Map();
    // Not enumerable: invisible to anything that walks the root's own properties.
    Object.defineProperty(root, slot, { value: memo });
  }
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    memo.set(key, value);
  }
  return value;
}

/**
 * The stylesheet for `plan` at `revision`, rendered once per tree. A plan is frozen plain data (strings, numbers, a
 * map of feature states), so its JSON is a faithful key; equal plans built in another key order only miss the memo
 * and render again: the same text, never a wrong one.
 */
export function stylesheetFor(scope: IConstruct, plan: HypervPlan, revision: number): string {
  // First by the plan object: VMs of one configuration share the memoised resolution's plan, so the JSON key is built
  // once per plan rather than once per VM.
  const byPlan = memoOnRoot(scope, STYLESHEETS_BY_PLAN, '', () => new WeakMap<HypervPlan, Map<number, string>>());
  let byRevision = byPlan.get(plan);
  if (byRevision === undefined) byPlan.set(plan, (byRevision = new Map()));
  let stylesheet = byRevision.get(revision);
  if (stylesheet === undefined) {
    stylesheet = memoOnRoot(scope, STYLESHEETS, `${revision}:${JSON.stringify(plan)}`, () => renderStylesheetRevision(plan, revision));
    byRevision.set(revision, stylesheet);
  }
  return stylesheet;
}

/**
 * A key that determines resolveUnknownOptions' result, or undefined when the options hold anything a JSON key might blur
 * (custom presets, booleans, fractions, -0, NaN, undefined, objects other than plain ones): those are resolved
 * every time. Keys are taken in the caller's order, since the order of the issues follows it.
 */
function resolutionKey(options: HypervOptions): string | undefined {
  const parts: unknown[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (name === 'preset') {
      // Built-in presets are singletons with frozen settings, so the name stands for the settings.
      if (!HypervPreset.all().includes(value as HypervPreset)) return undefined;
      parts.push(name, (value as HypervPreset).name);
    } else if (name === 'enlightenments') {
      if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      const states = Object.entries(value);
      if (states.some(([, state]) => typeof state !== 'string')) return undefined;
      parts.push(name, states);
    } else if (typeof value === 'string' || (Number.isSafeInteger(value) && !Object.is(value, -0))) {
      parts.push(name, value);
    } else {
      return undefined;
    }
  }
  return JSON.stringify(parts);
}

/** resolveUnknownOptions(options), computed once per tree (when there is one) for each distinct set of literal options. */
export function resolutionFor(scope: IConstruct | undefined, options: HypervOptions): Resolution {
  const key = scope === undefined ? undefined : resolutionKey(options);
  return key === undefined ? resolveUnknownOptions(options) : memoOnRoot(scope!, RESOLUTIONS, key, () => resolveUnknownOptions(options));
}
