/**
 * Options → plan, in two parts. `guardOptions` reads options from plain JavaScript, a CLI or another language: a
 * plain object, no unknown names, values of the right type. `resolveOptions` turns typed options into a plan in named
 * steps (choose the preset, check it, merge the features, drop orphaned nested ones, pick the values, check the
 * hosts, run the rules). Neither throws on user data: problems come back as issues, every one of them, in one fixed
 * order (STEPS), whichever part found them.
 */
import { CATALOGUE, FeatureId, VALUED_FEATURES, VALUE_OPTIONS, findFeature } from './catalogue';
import { describeValue } from './describe-value';
import { checkHostOption } from './host-profile';
import { hostConflicts, rulesFor } from './host-checks';
import { hostPresetWarnings } from './host-preset';
import { HypervValidationError, Issue, errorIssue as error, unknownKey } from './issues';
import { HYPERV_OPTION_NAMES, HypervOptions } from './options';
import type { HypervPlan } from './plan';
import { FeatureSwitches, HypervPreset, PresetSettings } from './presets';
import { stylesheetRevisionProblem } from './revisions';
import { closestName } from './suggest';
import { parseVersion } from './versions';
import { CLOCK_OFFSETS, CPU_VENDORS, ClockOffset, CpuVendor, FeatureState, HYPERV_MODES, HypervMode } from './vocabulary';

export interface Resolution {
  /** Present when there is no error. */
  readonly plan?: HypervPlan;
  /** Errors and warnings, in a stable order. */
  readonly issues: Issue[];
  /** The `stylesheetRevision` option when it was given and is supported (see chooseStylesheetRevision). */
  readonly stylesheetRevision?: number;
}

/** What guardOptions makes of unknown input: the options it could read (none when the input is no object). */
export interface GuardedOptions {
  readonly options?: HypervOptions;
  readonly issues: Issue[];
}

/**
 * The order issues are listed in: by the option (or part) they are about, the way a reader goes through the options.
 * The guard and the resolve steps both file their issues under one of these, and resolveUnknownOptions merges the
 * two lists by it, so an issue's place does not depend on which part found it.
 */
const STEPS: readonly string[] = Object.freeze([
  'options', 'preset', 'enlightenments', 'mode', 'clockOffset', 'hostCpuVendor', ...VALUE_OPTIONS, 'libvirtVersion',
  'stylesheetRevision', 'presetValues', 'host', 'rules',
]);

/** Issues filed by step (see STEPS). */
class StepIssues {
  private readonly entries: { readonly step: number; readonly issue: Issue }[] = [];

  add(step: string, ...issues: readonly Issue[]): void {
    const at = STEPS.indexOf(step);
    if (at < 0) throw new Error(`${step} is not a step of the option pipeline`);
    for (const issue of issues) this.entries.push({ step: at, issue });
  }

  hasError(): boolean {
    return this.entries.some((e) => e.issue.level === 'error');
  }

  list(): Issue[] {
    return this.entries.map((e) => e.issue);
  }

  /** Both lists in step order; within a step, this one's first (Array.prototype.sort is stable). */
  mergedWith(other: StepIssues): Issue[] {
    return [...this.entries, ...other.entries].sort((a, b) => a.step - b.step).map((e) => e.issue);
  }
}

const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** A plain data object ({...} or Object.create(null)), from any realm; Maps, Sets, Dates and arrays are not. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

/** An issue when `value` (given) is not one of `allowed`. */
function choiceIssue(field: string, value: unknown, allowed: readonly string[]): Issue | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return error('INVALID_OPTION', field, `got ${describeValue(value)}; use one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
}

/** A HypervPreset, or the built-in one a name such as 'windows11' (the CLI's --preset value) stands for. */
function presetFrom(value: unknown): HypervPreset | Issue {
  if (HypervPreset.isHypervPreset(value)) return value;
  const names = HypervPreset.all().map((p) => p.name);
  if (typeof value === 'string') {
    const named = HypervPreset.named(value);
    if (named) return named;
    const hint = closestName(value, names);
    return error('INVALID_OPTION', 'preset', `unknown preset ${describeValue(value)}${hint ? `; did you mean '${hint}'?` : ''}; use one of ${names.map((n) => `'${n}'`).join(', ')}`);
  }
  const constants = HypervPreset.all().map((p) => `HypervPreset.${p.name.toUpperCase().replace(/-/g, '_')}`);
  return error('INVALID_OPTION', 'preset', `expected a HypervPreset (${constants.join(', ')}) or its name (${names.map((n) => `'${n}'`).join(', ')}), got ${describeValue(value)}`);
}

/** The issue for a value option's value, user-given (with the hint) or the preset's. */
function valueIssue(spec: (typeof VALUED_FEATURES)[number], problem: string, fromPreset: boolean): Issue {
  return fromPreset
    ? error(spec.value.code, `preset.${spec.value.option}`, problem)
    : error(spec.value.code, spec.value.option, `${problem}; ${spec.value.hint}`);
}

const VERSION_EXAMPLE = (value: unknown) => `expected a version such as '9.0.0', got ${describeValue(value)}`;

// ---------------------------------------------------------------------------------------------------------------
// The guard: unknown input → options of the right shape.

function guardSteps(input: unknown): { options?: HypervOptions; issues: StepIssues } {
  const issues = new StepIssues();
  if (!isPlainObject(input)) {
    const kind = typeof input === 'object' && input !== null && !Array.isArray(input) ? `a ${Object.prototype.toString.call(input).slice(8, -1)}` : describeValue(input);
    issues.add('options', error('INVALID_OPTION', 'options', `expected a plain object of Hyper-V options such as { hostCpuVendor: 'intel' }, got ${kind}`));
    return { issues };
  }
  for (const key of Object.keys(input)) {
    if (!(HYPERV_OPTION_NAMES as readonly string[]).includes(key)) issues.add('options', unknownKey('UNKNOWN_OPTION', '', key, HYPERV_OPTION_NAMES));
  }
  // Each option is read once (a getter may throw, or answer differently twice) and kept only when its type is right.
  const options: Record<string, unknown> = {};
  // `check` returns the issue, or nothing to keep the value as given, or `{ kept }` to keep a part of it.
  const keep = (key: keyof HypervOptions, step: string, check: (value: unknown) => Issue | { kept: unknown } | undefined) => {
    if (!own(input, key)) return;
    const value = input[key];
    if (value === undefined) return;
    const result = check(value);
    if (result && 'kept' in result) options[key] = result.kept;
    else if (result) issues.add(step, result);
    else options[key] = value;
  };
  keep('preset', 'preset', (v) => (HypervPreset.isHypervPreset(v) || typeof v === 'string' ? undefined : (presetFrom(v) as Issue)));
  keep('enlightenments', 'enlightenments', (v) => {
    if (!isPlainObject(v)) return error('INVALID_OPTION', 'enlightenments', `expected an object such as { evmcs: 'omit' }, got ${describeValue(v)}`);
    const states: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const spec = findFeature(key);
      if (spec && v[key] === undefined) continue; // an override left undefined is no override
      const issue = spec ? choiceIssue(`enlightenments.${key}`, v[key], spec.states) : unknownKey('UNKNOWN_FEATURE', 'enlightenments.', key, CATALOGUE.map((s) => s.id));
      if (issue) issues.add('enlightenments', issue);
      else states[key] = v[key];
    }
    return { kept: states };
  });
  // Strings only: which strings is resolve's to say (hostCpuVendor 'bogus' also contradicts host profiles there).
  keep('mode', 'mode', (v) => (typeof v === 'string' ? undefined : choiceIssue('mode', v, HYPERV_MODES)));
  keep('clockOffset', 'clockOffset', (v) => (typeof v === 'string' ? undefined : choiceIssue('clockOffset', v, CLOCK_OFFSETS)));
  keep('hostCpuVendor', 'hostCpuVendor', (v) => (typeof v === 'string' ? undefined : choiceIssue('hostCpuVendor', v, CPU_VENDORS)));
  for (const spec of VALUED_FEATURES) {
    keep(spec.value.option, spec.value.option, (v) => (spec.value.hasType(v) ? undefined : valueIssue(spec, spec.value.problem(v)!, false)));
  }
  keep('libvirtVersion', 'libvirtVersion', (v) => (typeof v === 'string' ? undefined : error('INVALID_OPTION', 'libvirtVersion', VERSION_EXAMPLE(v))));
  keep('stylesheetRevision', 'stylesheetRevision', (v) =>
    typeof v === 'number' ? undefined : error('STYLESHEET_REVISION', 'stylesheetRevision', stylesheetRevisionProblem(v)!),
  );
  // Host profiles are checked, contents and all, by the host step (checkHostOption never throws on user data).
  keep('host', 'host', () => undefined);
  return { options: options as HypervOptions, issues };
}

/** Reads options from unknown input: a plain object, known names, values of the right type. Never throws on user data. */
export function guardOptions(input: unknown): GuardedOptions {
  const { options, issues } = guardSteps(input);
  return { ...(options ? { options } : {}), issues: issues.list() };
}

// ---------------------------------------------------------------------------------------------------------------
// Resolve: typed options → plan, one named step at a time.

/** The preset the options name (RHEL10 when none), with the warnings it carries (presetForHosts' dropped features). */
function choosePreset(value: HypervOptions['preset'], issues: StepIssues): HypervPreset {
  let preset = HypervPreset.RHEL10;
  if (value !== undefined) {
    const found = presetFrom(value);
    if (HypervPreset.isHypervPreset(found)) preset = found;
    else issues.add('preset', found);
  }
  issues.add('preset', ...hostPresetWarnings(preset));
  return preset;
}

/**
 * A preset made with HypervPreset.custom from plain JavaScript is checked like user input, so no value outside the
 * allowed ones reaches the stylesheet (state="maybe", offset="bogus").
 */
function checkPreset(settings: PresetSettings, issues: StepIssues): void {
  const choice = (field: string, value: unknown, allowed: readonly string[]) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      issues.add('preset', error('INVALID_OPTION', `preset.${field}`, `the preset's ${field} is ${describeValue(value)}; use one of ${allowed.map((a) => `'${a}'`).join(', ')}`));
    }
  };
  choice('mode', settings.mode, HYPERV_MODES);
  choice('clockOffset', settings.clockOffset, CLOCK_OFFSETS);
  for (const s of CATALOGUE) {
    const state = settings.features[s.id];
    if (state !== undefined) choice(`features.${s.id}`, state, s.states.filter((x) => x !== 'omit'));
  }
}

/** The preset's features with the overrides applied; `explicit` holds the ids the overrides set. */
function mergeFeatures(settings: PresetSettings, overrides: HypervOptions['enlightenments'], issues: StepIssues): { features: FeatureSwitches; explicit: Set<FeatureId> } {
  const features: FeatureSwitches = {};
  for (const s of CATALOGUE) {
    const state = settings.features[s.id];
    if (state !== undefined) features[s.id] = state;
  }
  const explicit = new Set<FeatureId>();
  for (const [key, state] of Object.entries(overrides ?? {}) as [string, FeatureState | undefined][]) {
    const spec = findFeature(key);
    if (!spec || state === undefined) continue; // the guard reported unknown names
    const issue = choiceIssue(`enlightenments.${key}`, state, spec.states);
    if (issue) {
      issues.add('enlightenments', issue);
      continue;
    }
    explicit.add(spec.id);
    if (state === 'omit') delete features[spec.id];
    else features[spec.id] = state;
  }
  return { features, explicit };
}

/**
 * A nested feature the preset turned on goes with its parent when the user switches the parent off; one the user set
 * explicitly stays, so the dependency rule can report the contradiction.
 */
function dropOrphanedNestedFeatures(features: FeatureSwitches, explicit: ReadonlySet<FeatureId>): void {
  for (const s of CATALOGUE) {
    if (s.parent && features[s.parent] !== 'on' && !explicit.has(s.id)) delete features[s.id];
  }
}

interface PickedValues {
  readonly mode: HypervMode;
  readonly clockOffset: ClockOffset;
  readonly hostCpuVendor: CpuVendor;
  readonly values: Record<string, string | number>;
  /** Value options the user set explicitly (not inherited from the preset). */
  readonly explicitValues: Set<string>;
  readonly libvirtVersion?: string;
  readonly stylesheetRevision?: number;
}

/** Each option's value, checked, else the preset's (or the default); values the preset brings are checked too. */
function pickValues(options: HypervOptions, settings: PresetSettings, issues: StepIssues): PickedValues {
  const choose = <T extends string>(field: 'mode' | 'clockOffset' | 'hostCpuVendor', allowed: readonly T[]): T | undefined => {
    const value = options[field];
    if (value === undefined) return undefined;
    const issue = choiceIssue(field, value, allowed);
    if (issue) issues.add(field, issue);
    return issue ? undefined : (value as T);
  };
  const mode = choose('mode', HYPERV_MODES) ?? settings.mode;
  const clockOffset = choose('clockOffset', CLOCK_OFFSETS) ?? settings.clockOffset;
  const hostCpuVendor = choose('hostCpuVendor', CPU_VENDORS) ?? 'unknown';

  const values: Record<string, string | number> = {};
  const explicitValues = new Set<string>();
  for (const spec of VALUED_FEATURES) {
    const option = spec.value.option;
    const inherited = settings[option];
    if (inherited !== undefined) values[option] = inherited;
    const given = options[option];
    if (given === undefined) continue;
    const problem = spec.value.problem(given);
    if (problem) issues.add(option, valueIssue(spec, problem, false));
    else {
      values[option] = given;
      explicitValues.add(option);
    }
  }

  let libvirtVersion: string | undefined;
  if (options.libvirtVersion !== undefined) {
    if (typeof options.libvirtVersion === 'string' && parseVersion(options.libvirtVersion)) libvirtVersion = options.libvirtVersion;
    else issues.add('libvirtVersion', error('INVALID_OPTION', 'libvirtVersion', VERSION_EXAMPLE(options.libvirtVersion)));
  }

  const revision = options.stylesheetRevision;
  const revisionProblem = revision === undefined ? undefined : stylesheetRevisionProblem(revision);
  if (revisionProblem) issues.add('stylesheetRevision', error('STYLESHEET_REVISION', 'stylesheetRevision', revisionProblem));

  // A preset made with HypervPreset.custom is checked like user input.
  for (const spec of VALUED_FEATURES) {
    const inherited = settings[spec.value.option];
    const problem = inherited === undefined ? undefined : spec.value.problem(inherited);
    if (problem) issues.add('presetValues', valueIssue(spec, problem, true));
  }
  return {
    mode,
    clockOffset,
    hostCpuVendor,
    values,
    explicitValues,
    ...(libvirtVersion !== undefined ? { libvirtVersion } : {}),
    ...(revision !== undefined && !revisionProblem ? { stylesheetRevision: revision } : {}),
  };
}

/** The host profiles, checked, and whether hostCpuVendor and libvirtVersion agree with them. */
function checkHosts(options: HypervOptions, libvirtVersion: string | undefined, issues: StepIssues): void {
  const hosts = checkHostOption(options.host);
  issues.add('host', ...hosts.issues, ...hostConflicts(options.hostCpuVendor, libvirtVersion, hosts.profiles));
}

/** Every rule on the candidate plan (with host profiles, the host checks replace the vendor and version rules). */
function runRules(plan: HypervPlan, options: HypervOptions, picked: PickedValues, issues: StepIssues): void {
  const context = { hostCpuVendor: picked.hostCpuVendor, libvirtVersion: picked.libvirtVersion, explicitValues: picked.explicitValues };
  for (const rule of rulesFor(options.host)) issues.add('rules', ...rule(plan, context));
}

function resolveSteps(options: HypervOptions, issues: StepIssues): Resolution {
  const preset = choosePreset(options.preset, issues);
  checkPreset(preset.settings, issues);
  const { features, explicit } = mergeFeatures(preset.settings, options.enlightenments, issues);
  dropOrphanedNestedFeatures(features, explicit);
  const picked = pickValues(options, preset.settings, issues);
  const plan: HypervPlan = Object.freeze({
    presetName: preset.name,
    mode: picked.mode,
    features: Object.freeze(features),
    ...picked.values,
    clockOffset: picked.clockOffset,
  });
  checkHosts(options, picked.libvirtVersion, issues);
  runRules(plan, options, picked, issues);
  return {
    ...(issues.hasError() ? {} : { plan }),
    issues: [],
    ...(picked.stylesheetRevision !== undefined ? { stylesheetRevision: picked.stylesheetRevision } : {}),
  };
}

/** Resolves typed options into a plan, collecting every problem. */
export function resolveOptions(options: HypervOptions = {}): Resolution {
  const issues = new StepIssues();
  return { ...resolveSteps(options, issues), issues: issues.list() };
}

/** guardOptions, then resolveOptions: for options from plain JavaScript, a CLI or another language. */
export function resolveUnknownOptions(input: unknown = {}): Resolution {
  const guarded = guardSteps(input);
  if (!guarded.options) return { issues: guarded.issues.list() };
  const issues = new StepIssues();
  const resolution = resolveSteps(guarded.options, issues);
  const all = guarded.issues.mergedWith(issues);
  const { plan, ...rest } = resolution;
  return { ...rest, ...(plan && !all.some((i) => i.level === 'error') ? { plan } : {}), issues: all };
}

/** Like resolveUnknownOptions, but throws a HypervValidationError listing every error; returns the plan and its warnings. */
export function planOrThrow(options?: unknown): { plan: HypervPlan; warnings: Issue[] } {
  const { plan, issues } = resolveUnknownOptions(options);
  if (!plan) throw new HypervValidationError(issues.filter((i) => i.level === 'error'));
  return { plan, warnings: issues.filter((i) => i.level === 'warning') };
}
