/**
 * Any invalid option set (a dependency broken, a value out of range, a CPU-vendor or libvirt-version conflict, a
 * bad enum value, an unknown name) is refused by resolveUnknownOptions, planOrThrow, WindowsDomain and HypervAspect, and
 * the refusal names the field to change. Each breaker is built from the catalogue and the exported constants,
 * so it knows which field must be named without asking the core.
 */
import { Testing, TerraformStack } from 'cdktf';
import * as fc from 'fast-check';
import {
  CATALOGUE,
  CLOCK_OFFSETS,
  CPU_VENDORS,
  HypervValidationError,
  FeatureId,
  FeatureSpec,
  HYPERV_MODES,
  HYPERV_OPTION_NAMES,
  HypervOptions,
  HypervPreset,
  IssueCode,
  PASSTHROUGH_LIBVIRT_SINCE,
  featureSpec,
  formatIssue,
  planOrThrow,
  resolveUnknownOptions,
  versionAtLeast,
} from '../../lib/core';
import { HypervAspect, WindowsDomain } from '../../lib/constructs';
import { RUNS, SPINLOCK_RETRIES_MAX, acceptedValue, SPINLOCK_RETRIES_MIN, TIMEOUT, VENDOR_ID_MAX_BYTES, VERSIONS, describeOptions, propertyParameters } from './support';

interface Broken {
  readonly options: Record<string, unknown>;
  readonly field: string;
  readonly code: IssueCode;
}

/** The feature, its parent and everything they require, all on (custom mode), so only the breaker is wrong. */
function onWithPrerequisites(id: FeatureId): Record<string, 'on'> {
  const on: Record<string, 'on'> = {};
  const add = (f: FeatureId) => {
    if (on[f]) return;
    on[f] = 'on';
    const s = featureSpec(f);
    if (s.parent) add(s.parent);
    s.requires.forEach(add);
  };
  add(id);
  return on;
}

const presetArb = fc.constantFrom(...HypervPreset.all());
const hypervFeatures = CATALOGUE.filter((s) => s.kind === 'hyperv');
/** A key that is none of `known` (prototype names included), to test unknown-name refusals. */
const unknownKey = (known: readonly string[]) =>
  fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Relaxed', 'spinlock_retries'), fc.string({ minLength: 1, maxLength: 20 })).filter((k) => !known.includes(k));
/** Values that are not one of `allowed`: other strings, other types, NaN. */
const notOneOf = (allowed: readonly string[]) =>
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom<unknown>(null, true, 0, Number.NaN, [], {}, 'ON', ' on')).filter((v) => !(typeof v === 'string' && allowed.includes(v)));

const breakers: fc.Arbitrary<Broken>[] = [
  // A prerequisite off or omitted (QEMU: "Hyper-V X requires Hyper-V Y").
  fc
    .tuple(fc.constantFrom(...CATALOGUE.filter((s) => s.requires.length > 0)), fc.nat(), fc.constantFrom('off', 'omit'), presetArb)
    .map(([s, n, state, preset]) => {
      const dep = s.requires[n % s.requires.length];
      return { options: { preset, mode: 'custom', hostCpuVendor: 'intel', enlightenments: { ...onWithPrerequisites(s.id), [dep]: state } }, field: `enlightenments.${s.id}`, code: 'DEPENDENCY' as IssueCode };
    }),
  // spinlockRetries out of range, fractional, not finite, or not a number.
  fc
    .tuple(
      fc.oneof(
        fc.integer({ min: -(2 ** 40), max: SPINLOCK_RETRIES_MIN - 1 }),
        fc.double({ min: SPINLOCK_RETRIES_MAX + 1, max: 2 ** 60, noNaN: true }),
        fc.double({ min: SPINLOCK_RETRIES_MIN, max: SPINLOCK_RETRIES_MAX, noNaN: true }).filter((x) => !Number.isInteger(x)),
        fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, '8191', null, true, [8191], { valueOf: () => 8191 }, BigInt(8191)),
      ),
      presetArb,
    )
    .map(([value, preset]) => ({ options: { preset, spinlockRetries: value }, field: 'spinlockRetries', code: 'RETRIES_RANGE' as IssueCode })),
  // vendorIdValue empty, too long, with a comma or a control character, not XML, or not a string.
  fc
    .tuple(
      fc.oneof(
        fc.constant(''),
        fc.string({ minLength: VENDOR_ID_MAX_BYTES + 1, maxLength: 40, unit: 'grapheme-ascii' }).filter((s) => Buffer.byteLength(s) > VENDOR_ID_MAX_BYTES),
        fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })).map(([a, b]) => `${a},${b}`),
        fc.tuple(fc.string({ maxLength: 5 }), fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c))).map(([a, c]) => `${a}${c}`),
        fc.constantFrom<unknown>('\u007f', '\u0085', '\ud800', 'a\udfff', '\ufffe', '\uffff', 8191, null, ['KVM Hv'], { toString: () => 'KVM Hv' }),
      ),
      presetArb,
    )
    .map(([value, preset]) => ({ options: { preset, vendorIdValue: value }, field: 'vendorIdValue', code: 'VENDOR_ID' as IssueCode })),
  // A vendor-only feature on hosts of another vendor (QEMU: "hv-evmcs is not supported by kernel").
  ...CATALOGUE.filter((s) => s.cpuVendor).map((s: FeatureSpec) =>
    fc
      .tuple(fc.constantFrom(...CPU_VENDORS.filter((v) => v !== s.cpuVendor && v !== 'unknown')), presetArb)
      .map(([vendor, preset]) => ({ options: { preset, mode: 'custom', hostCpuVendor: vendor, enlightenments: onWithPrerequisites(s.id) }, field: `enlightenments.${s.id}`, code: 'EVMCS_AMD' as IssueCode })),
  ),
  // A feature newer than the declared libvirt (libvirt: "unsupported HyperV Enlightenment feature").
  fc
    .tuple(fc.constantFrom(...CATALOGUE.filter((s) => VERSIONS.some((v) => !versionAtLeast(v, s.libvirtSince)))), fc.nat(), presetArb)
    .map(([s, n, preset]) => {
      const older = VERSIONS.filter((v) => !versionAtLeast(v, s.libvirtSince));
      return {
        options: { preset, mode: 'custom', hostCpuVendor: 'intel', libvirtVersion: older[n % older.length], enlightenments: onWithPrerequisites(s.id) },
        field: `enlightenments.${s.id}`,
        code: 'LIBVIRT_TOO_OLD' as IssueCode,
      };
    }),
  // mode passthrough on a libvirt that predates it.
  fc
    .constantFrom(...VERSIONS.filter((v) => !versionAtLeast(v, PASSTHROUGH_LIBVIRT_SINCE)))
    .map((v) => ({ options: { preset: HypervPreset.PASSTHROUGH, libvirtVersion: v }, field: 'mode', code: 'LIBVIRT_TOO_OLD' as IssueCode })),
  // Children under mode passthrough (libvirt's RNG has none there).
  fc
    .tuple(fc.constantFrom(...hypervFeatures), fc.constantFrom('on', 'off'), presetArb)
    .map(([s, state, preset]) => ({ options: { preset, mode: 'passthrough', enlightenments: { [s.id]: state } }, field: `enlightenments.${s.id}`, code: 'PASSTHROUGH_CHILD' as IssueCode })),
  // A value-carrying feature on without its value (libvirt requires retries / value).
  ...CATALOGUE.filter((s) => s.value).flatMap((s) => {
    const presets = HypervPreset.all().filter((p) => p.settings[s.value!.option] === undefined);
    return presets.length === 0
      ? []
      : [fc.constantFrom(...presets).map((preset) => ({ options: { preset, mode: 'custom', hostCpuVendor: 'intel', enlightenments: onWithPrerequisites(s.id) }, field: s.value!.option, code: 'VALUE_REQUIRED' as IssueCode }))];
  }),
  // A value given for a feature that is left out (it would be silently ignored).
  ...CATALOGUE.filter((s) => s.value).map((s) =>
    fc.tuple(presetArb, fc.constantFrom('off', 'omit')).map(([preset, state]) => ({
      options: { preset, [s.value!.option]: acceptedValue(s.value!.option), enlightenments: { [s.id]: state } },
      field: s.value!.option,
      code: 'VALUE_UNUSED' as IssueCode,
    })),
  ),
  // Enum options with values outside their lists.
  ...([['mode', HYPERV_MODES], ['clockOffset', CLOCK_OFFSETS], ['hostCpuVendor', CPU_VENDORS]] as const).map(([name, allowed]) =>
    notOneOf(allowed).map((value) => ({ options: { [name]: value }, field: name, code: 'INVALID_OPTION' as IssueCode })),
  ),
  fc.constantFrom<unknown>('9', 'v9.0.0', '9.0.0.1', '', 9, null, '9.0.0 ', 'latest').map((v) => ({ options: { libvirtVersion: v }, field: 'libvirtVersion', code: 'INVALID_OPTION' as IssueCode })),
  fc.constantFrom<unknown>(0, -1, 1.5, '1', null, Number.NaN, 99).map((v) => ({ options: { stylesheetRevision: v }, field: 'stylesheetRevision', code: 'STYLESHEET_REVISION' as IssueCode })),
  fc.constantFrom<unknown>('RHEL10', 'win2022', { name: 'rhel10' }, null, 0, HypervPreset).map((v) => ({ options: { preset: v }, field: 'preset', code: 'INVALID_OPTION' as IssueCode })),
  // A feature state outside those its catalogue entry accepts (FEATURE_STATES; guest options take no 'off').
  fc
    .constantFrom(...CATALOGUE)
    .chain((s) => fc.tuple(fc.constant(s.id), notOneOf(s.states)))
    .map(([id, state]) => ({ options: { enlightenments: { [id]: state } }, field: `enlightenments.${id}`, code: 'INVALID_OPTION' as IssueCode })),
  // A custom preset (from plain JavaScript) with a mode, clock offset or feature state outside the allowed ones.
  ...([['mode', HYPERV_MODES], ['clockOffset', CLOCK_OFFSETS]] as const).map(([name, allowed]) =>
    notOneOf(allowed).map((value) => ({
      options: { preset: HypervPreset.custom('mine', { ...HypervPreset.MIGRATION_SAFE.settings, [name]: value } as never) },
      field: `preset.${name}`,
      code: 'INVALID_OPTION' as IssueCode,
    })),
  ),
  fc
    .constantFrom(...CATALOGUE)
    .chain((s) => fc.tuple(fc.constant(s.id), notOneOf(s.states.filter((x) => x !== 'omit'))))
    .filter(([, state]) => state !== undefined)
    .map(([id, state]) => ({
      options: { preset: HypervPreset.custom('mine', { ...HypervPreset.MIGRATION_SAFE.settings, features: { [id]: state } } as never) },
      field: `preset.features.${id}`,
      code: 'INVALID_OPTION' as IssueCode,
    })),
  // Unknown feature names, prototype keys included (JSON.parse makes "__proto__" an own key).
  unknownKey(CATALOGUE.map((s) => s.id)).map((key) => ({
    options: { enlightenments: JSON.parse(`{${JSON.stringify(key)}: "on"}`) },
    field: `enlightenments.${key}`,
    code: 'UNKNOWN_FEATURE' as IssueCode,
  })),
  // Unknown option names.
  unknownKey(HYPERV_OPTION_NAMES).map((key) => ({ options: JSON.parse(`{${JSON.stringify(key)}: 1}`), field: key, code: 'UNKNOWN_OPTION' as IssueCode })),
];

describe('any invalid option set', () => {
  test(`is refused everywhere with an error naming the field (${RUNS.invalidOptions} cases)`, () => {
    const seen = new Map<IssueCode, number>();
    fc.assert(
      fc.property(fc.oneof(...breakers), (broken: Broken) => {
        const context = `${describeOptions(broken.options)} should be refused on ${broken.field}`;
        const { plan, issues } = resolveUnknownOptions(broken.options);
        const errors = issues.filter((i) => i.level === 'error');
        const named = errors.find((i) => i.field === broken.field && i.code === broken.code);
        expect({ context, refused: plan === undefined, named: named !== undefined }).toEqual({ context, refused: true, named: true });
        seen.set(broken.code, (seen.get(broken.code) ?? 0) + 1);
        // The message says what to do, and its printed form starts with the stable code and the field.
        const text = formatIssue(named!);
        expect(text.startsWith(`HyperV-${broken.code}: ${broken.field}: `)).toBe(true);
        expect(named!.message).toMatch(/\b(set|use|remove|add|raise|known|expected|must|got)\b/);
        expect(text.length).toBeLessThan(2000 + broken.field.length);

        let thrown: unknown;
        try {
          planOrThrow(broken.options);
        } catch (e) {
          thrown = e;
        }
        expect(HypervValidationError.isHypervValidationError(thrown)).toBe(true);
        expect((thrown as Error).message).toContain(`HyperV-${broken.code}: ${broken.field}: `);
        expect(() => new HypervAspect(broken.options as HypervOptions)).toThrow(`HyperV-${broken.code}: ${broken.field}: `);
        // The construct names the field as its props spell it: under hyperv.
        const stack = new TerraformStack(Testing.app(), 'stack');
        expect(() => new WindowsDomain(stack, 'vm', { domain: { name: 'vm' }, hyperv: broken.options as HypervOptions })).toThrow(
          `[stack/vm] HyperV-${broken.code}: hyperv.${broken.field}: `,
        );
      }),
      propertyParameters(RUNS.invalidOptions),
    );
    // Every kind of breaker was exercised.
    const kinds: IssueCode[] = ['DEPENDENCY', 'RETRIES_RANGE', 'VENDOR_ID', 'EVMCS_AMD', 'LIBVIRT_TOO_OLD', 'PASSTHROUGH_CHILD', 'VALUE_UNUSED', 'INVALID_OPTION', 'UNKNOWN_FEATURE', 'UNKNOWN_OPTION'];
    expect(kinds.filter((k) => !seen.has(k))).toEqual([]);
  }, TIMEOUT);
});
