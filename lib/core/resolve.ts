/**
 * Options → plan. Reads options defensively (they may come from plain JavaScript or a CLI), merges the preset with
 * the overrides, checks values, then runs every rule. Never throws on user data: problems come back as issues.
 */
import { CATALOGUE, FeatureId, findFeature } from './catalogue';
import { describeValue } from './describe-value';
import { checkHostOption } from './host-profile';
import { hostConflicts, rulesFor } from './host-checks';
import { hostPresetWarnings } from './host-preset';
import { HypervValidationError, Issue, errorIssue as error, unknownKey } from './issues';
import {
  CLOCK_OFFSETS,
  CPU_VENDORS,
  ClockOffset,
  CpuVendor,
  HYPERV_MODES,
  HYPERV_OPTION_NAMES,
  HypervMode,
  HypervOptions,
} from './options';
import type { HypervPlan } from './plan';
import { HypervPreset } from './presets';
import { stylesheetRevisionProblem } from './revisions';
import { closestName } from './suggest';
import { SPINLOCK_RETRIES_MAX, SPINLOCK_RETRIES_MIN, VENDOR_ID_MAX_BYTES } from './rules';
import { parseVersion } from './versions';

export interface Resolution {
  /** Present when there is no error. */
  readonly plan?: HypervPlan;
  /** Errors and warnings, in a stable order. */
  readonly issues: readonly Issue[];
  /** The `stylesheetRevision` option when it was given and is supported (see chooseStylesheetRevision). */
  readonly stylesheetRevision?: number;
}

const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);


/** A plain data object ({...} or Object.create(null)), from any realm; Maps, Sets, Dates and arrays are not. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

function pick<T extends string>(issues: Issue[], field: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push(error('INVALID_OPTION', field, `got ${describeValue(value)}; use one of ${allowed.map((a) => `'${a}'`).join(', ')}`));
  return undefined;
}

/** Why `value` cannot be a vendor_id, or undefined when it can. */
export function vendorIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (value.includes(',')) return 'must not contain a comma (QEMU uses it to separate -cpu properties)';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `must not contain control characters (found U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) return `must contain only characters XML allows (found U+${cp.toString(16).toUpperCase()})`;
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > VENDOR_ID_MAX_BYTES) return `must be at most ${VENDOR_ID_MAX_BYTES} bytes (libvirt's limit; the CPUID leaf holds 12), got ${bytes}`;
  return undefined;
}

function retriesProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= SPINLOCK_RETRIES_MIN && value <= SPINLOCK_RETRIES_MAX) return undefined;
  return `must be an integer from ${SPINLOCK_RETRIES_MIN} (libvirt's minimum) to ${SPINLOCK_RETRIES_MAX}, got ${describeValue(value)}`;
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

/** Resolves options into a plan, collecting every problem. */
export function resolveOptions(input: unknown = {}): Resolution {
  const issues: Issue[] = [];
  if (!isPlainObject(input)) {
    const kind = typeof input === 'object' && input !== null && !Array.isArray(input) ? `a ${Object.prototype.toString.call(input).slice(8, -1)}` : describeValue(input);
    return { issues: [error('INVALID_OPTION', 'options', `expected a plain object of Hyper-V options such as { hostCpuVendor: 'intel' }, got ${kind}`)] };
  }
  const options = input as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(HYPERV_OPTION_NAMES as readonly string[]).includes(key)) issues.push(unknownKey('UNKNOWN_OPTION', '', key, HYPERV_OPTION_NAMES));
  }
  const get = (key: keyof HypervOptions): unknown => (own(options, key) ? options[key] : undefined);

  let preset = HypervPreset.RHEL10;
  const presetValue = get('preset');
  if (presetValue !== undefined) {
    const found = presetFrom(presetValue);
    if (HypervPreset.isHypervPreset(found)) preset = found;
    else issues.push(found);
  }
  issues.push(...hostPresetWarnings(preset));
  const settings = preset.settings;
  // A preset made with HypervPreset.custom from plain JavaScript is checked like user input, so no value outside
  // the allowed ones reaches the stylesheet (state="maybe", offset="bogus").
  const presetChoice = (field: string, value: unknown, allowed: readonly string[]) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      issues.push(error('INVALID_OPTION', `preset.${field}`, `the preset's ${field} is ${describeValue(value)}; use one of ${allowed.map((a) => `'${a}'`).join(', ')}`));
    }
  };
  presetChoice('mode', settings.mode, HYPERV_MODES);
  presetChoice('clockOffset', settings.clockOffset, CLOCK_OFFSETS);
  for (const s of CATALOGUE) {
    const state = settings.features[s.id];
    if (state !== undefined) presetChoice(`features.${s.id}`, state, s.states.filter((x) => x !== 'omit'));
  }

  const features: { [K in FeatureId]?: 'on' | 'off' } = {};
  for (const s of CATALOGUE) {
    const state = settings.features[s.id];
    if (state !== undefined) features[s.id] = state;
  }
  const explicitFeatures = new Set<string>();
  const overrides = get('enlightenments');
  if (overrides !== undefined) {
    if (!isPlainObject(overrides)) {
      issues.push(error('INVALID_OPTION', 'enlightenments', `expected an object such as { evmcs: 'omit' }, got ${describeValue(overrides)}`));
    } else {
      for (const key of Object.keys(overrides)) {
        const spec = findFeature(key);
        if (!spec) {
          issues.push(unknownKey('UNKNOWN_FEATURE', 'enlightenments.', key, CATALOGUE.map((s) => s.id)));
          continue;
        }
        const state = pick(issues, `enlightenments.${key}`, (overrides as Record<string, unknown>)[key], spec.states);
        if (state !== undefined) explicitFeatures.add(spec.id);
        if (state === 'omit') delete features[spec.id];
        else if (state !== undefined) features[spec.id] = state;
      }
    }
  }

  // A nested feature the preset turned on goes with its parent when the user switches the parent off; one the
  // user set explicitly stays, so the dependency rule can report the contradiction.
  for (const s of CATALOGUE) {
    if (s.parent && features[s.parent] !== 'on' && !explicitFeatures.has(s.id)) delete features[s.id];
  }

  const mode: HypervMode = pick(issues, 'mode', get('mode'), HYPERV_MODES) ?? settings.mode;
  const clockOffset: ClockOffset = pick(issues, 'clockOffset', get('clockOffset'), CLOCK_OFFSETS) ?? settings.clockOffset;
  const hostCpuVendor: CpuVendor = pick(issues, 'hostCpuVendor', get('hostCpuVendor'), CPU_VENDORS) ?? 'unknown';

  const explicitValues = new Set<string>();
  let spinlockRetries = settings.spinlockRetries;
  const retries = get('spinlockRetries');
  if (retries !== undefined) {
    const problem = retriesProblem(retries);
    if (problem) issues.push(error('RETRIES_RANGE', 'spinlockRetries', `${problem}; 8191 is what RHEL, virt-install and Nova use`));
    else {
      spinlockRetries = retries as number;
      explicitValues.add('spinlockRetries');
    }
  }
  let vendorIdValue = settings.vendorIdValue;
  const vendor = get('vendorIdValue');
  if (vendor !== undefined) {
    const problem = vendorIdProblem(vendor);
    if (problem) issues.push(error('VENDOR_ID', 'vendorIdValue', `${problem}; for example 'KVM Hv'`));
    else {
      vendorIdValue = vendor as string;
      explicitValues.add('vendorIdValue');
    }
  }

  let libvirtVersion: string | undefined;
  const version = get('libvirtVersion');
  if (version !== undefined) {
    if (typeof version === 'string' && parseVersion(version)) libvirtVersion = version;
    else issues.push(error('INVALID_OPTION', 'libvirtVersion', `expected a version such as '9.0.0', got ${describeValue(version)}`));
  }

  const revisionOption = get('stylesheetRevision');
  const revisionProblem = revisionOption === undefined ? undefined : stylesheetRevisionProblem(revisionOption);
  if (revisionProblem) issues.push(error('STYLESHEET_REVISION', 'stylesheetRevision', revisionProblem));

  const plan: HypervPlan = Object.freeze({
    presetName: preset.name,
    mode,
    features: Object.freeze(features),
    ...(spinlockRetries !== undefined ? { spinlockRetries } : {}),
    ...(vendorIdValue !== undefined ? { vendorIdValue } : {}),
    clockOffset,
  });
  // A preset made with HypervPreset.custom is checked like user input.
  if (settings.spinlockRetries !== undefined && retriesProblem(settings.spinlockRetries)) {
    issues.push(error('RETRIES_RANGE', 'preset.spinlockRetries', `${retriesProblem(settings.spinlockRetries)}`));
  }
  if (settings.vendorIdValue !== undefined && vendorIdProblem(settings.vendorIdValue)) {
    issues.push(error('VENDOR_ID', 'preset.vendorIdValue', `${vendorIdProblem(settings.vendorIdValue)}`));
  }
  const hosts = checkHostOption(get('host'));
  issues.push(...hosts.issues, ...hostConflicts(get('hostCpuVendor'), libvirtVersion, hosts.profiles));
  for (const rule of rulesFor(get('host'))) issues.push(...rule(plan, { hostCpuVendor, libvirtVersion, explicitValues }));
  const hasError = issues.some((i) => i.level === 'error');
  const stylesheetRevision = revisionOption !== undefined && !revisionProblem ? (revisionOption as number) : undefined;
  return { plan: hasError ? undefined : plan, issues: Object.freeze(issues), ...(stylesheetRevision !== undefined ? { stylesheetRevision } : {}) };
}

/** Like resolveOptions, but throws a HypervValidationError listing every error; returns the plan and its warnings. */
export function planOrThrow(options?: HypervOptions | unknown): { plan: HypervPlan; warnings: readonly Issue[] } {
  const { plan, issues } = resolveOptions(options);
  if (!plan) throw new HypervValidationError(issues.filter((i) => i.level === 'error'));
  return { plan, warnings: issues.filter((i) => i.level === 'warning') };
}
