/**
 * The one catalogue of Hyper-V enlightenments: an entry is everything the library knows about a feature (its
 * element, value attribute and the value option with its limits, dependencies, vendor and version gates, CLI flag,
 * README row and, for the Windows 11 guest options, how the stylesheet renders it). Validation, rendering, presets,
 * the CLI flags, the README table and the generated types (lib/core/generated/catalogue-types.ts, `npm run
 * generate:types`) are all derived from it; nothing else lists features.
 *
 * Facts: libvirt docs/formatdomain.rst ("Hypervisor features") and src/conf/domain_conf.c for the element names,
 * attributes and "since" versions; QEMU target/i386/kvm/kvm.c (kvm_hyperv_properties[].dependencies and the
 * hv-synic check) for the dependencies; QEMU docs/system/i386/hyperv.rst for the Intel-only evmcs.
 */
import { kebab } from './cli-names';
import { describeValue } from './describe-value';
import type { FeatureId, IssueCode, ValueOption } from './generated/catalogue-types';
import { GuestRendering, SATA_CDROM, SECURE_BOOT, TPM_CRB, WINDOWS_TIMERS } from './guest-rendering';
import type { FeatureKind, FeatureState, FeatureValueType } from './vocabulary';

export type { FeatureId, ValueOption } from './generated/catalogue-types';

/** The option that carries a feature's attribute value (`spinlockRetries` for `<spinlocks retries>`), and its limits. */
export interface FeatureValueSpec {
  /** The attribute the feature carries when on (`retries`). */
  readonly attribute: string;
  /** The option that supplies it (`spinlockRetries`), on HypervOptions, PresetSettings and HypervPlan. */
  readonly option: ValueOption;
  /** `integer`, or `string` (a QEMU -cpu property value: no comma, no control characters). */
  readonly valueType: FeatureValueType;
  /** The smallest integer, or the fewest UTF-8 bytes of a string. */
  readonly min: number;
  /** The largest integer, or the most UTF-8 bytes of a string. */
  readonly max: number;
  /** Where the minimum comes from, said in messages (`libvirt's minimum`). */
  readonly minNote?: string;
  /** Where the maximum comes from, said in messages. */
  readonly maxNote?: string;
  /** The message code of a value outside the limits. */
  readonly code: IssueCode;
  /** What to set instead, appended to that message. */
  readonly hint: string;
  /** The value a preset computed for hosts uses (`HostProfiles.presetFor`): what RHEL, virt-install and Nova set. */
  readonly recommended: number | string;
  /** The limits in words, for the option's TSDoc (`an integer from 4095 (libvirt's minimum) to 4294967295`). */
  readonly limits: string;
  /** The option's doc line (TSDoc of the generated FeatureValueOptions). */
  readonly doc: string;
  /** The CLI flag that sets it (`--spinlock-retries`). */
  readonly cliFlag: string;
  /** Its argument in --help (`n`, `text`). */
  readonly cliArgument: string;
  /** Its --help line. */
  readonly cliDescription: string;
}

/** A catalogue entry as users read it (HypervCatalogue.features()): data only. */
export interface FeatureSpec {
  readonly id: FeatureId;
  /**
   * Where libvirt expresses it: a child of `<hyperv>`, the `hypervclock` timer of `<clock>`, or (`guest`) another
   * part of the domain a Windows guest needs (devices, firmware, timers).
   */
  readonly kind: FeatureKind;
  /** The libvirt element name (`vendor_id`, `direct`); for the timer, its `name`. */
  readonly element: string;
  /** For `<stimer><direct/>` and `<tlbflush><direct/><extended/>`: the enclosing feature. */
  readonly parent?: FeatureId;
  /** The attribute this feature carries when on, and the option that supplies it. */
  readonly value?: FeatureValueSpec;
  /** The QEMU -cpu property libvirt turns it into (Hyper-V features only). */
  readonly qemuFlag?: string;
  /** First libvirt release that accepts it for QEMU domains. */
  readonly libvirtSince: string;
  /** First QEMU release that implements it (Hyper-V features only). */
  readonly qemuSince?: string;
  /** The states it accepts; guest options are either applied (`on`) or not (`omit`). */
  readonly states: FeatureState[];
  /** Features QEMU refuses to start without (or that libvirt's nesting implies); all must be on. */
  readonly requires: FeatureId[];
  /** Set when only hosts of this CPU vendor can run it. */
  readonly cpuVendor?: string;
  /** Set when QEMU refuses it without KVM (domain type 'qemu', i.e. TCG). */
  readonly kvmOnly?: boolean;
  /** The CLI flag that sets its state (`--stimer-direct`). */
  readonly cliFlag: string;
  /** One line for the README table, --help and the TSDoc of FeatureOverrides. */
  readonly summary: string;
}

/** A value option as the library uses it: the data, and the check of a candidate value. */
export interface CatalogueValue extends FeatureValueSpec {
  /** Why `value` cannot be this option's value, or undefined when it can. */
  problem(value: unknown): string | undefined;
  /** True when `value` has the option's JavaScript type (the guard's check; `problem` checks the limits). */
  hasType(value: unknown): boolean;
}

/** A catalogue entry as the library uses it: the public data plus the check of its value and its rendering. */
export interface CatalogueEntry extends FeatureSpec {
  readonly value?: CatalogueValue;
  /** For guest options: what the stylesheet adds when it is on. */
  readonly render?: GuestRendering;
  readonly cpuVendor?: 'intel';
}

/** What an entry states about its value; the words (limits, doc, CLI) and the checks are derived from it. */
type ValueInput = Pick<FeatureValueSpec, 'attribute' | 'option' | 'valueType' | 'min' | 'max' | 'minNote' | 'maxNote' | 'code' | 'hint' | 'recommended'>;
type EntryInput = Omit<CatalogueEntry, 'states' | 'value' | 'cliFlag'> & { readonly value?: ValueInput };

const ALL_STATES: readonly FeatureState[] = Object.freeze(['on', 'off', 'omit']);
const APPLY_OR_NOT: readonly FeatureState[] = Object.freeze(['on', 'omit']);

const noted = (n: number, note?: string) => `${n}${note ? ` (${note})` : ''}`;
const hex = (cp: number) => cp.toString(16).toUpperCase();

function integerProblem(v: ValueInput, value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= v.min && value <= v.max) return undefined;
  return `must be an integer from ${noted(v.min, v.minNote)} to ${noted(v.max, v.maxNote)}, got ${describeValue(value)}`;
}

/** A QEMU -cpu property value inside an XML attribute: no comma (QEMU's separator), no control characters. */
function stringProblem(v: ValueInput, value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (value.includes(',')) return 'must not contain a comma (QEMU uses it to separate -cpu properties)';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `must not contain control characters (found U+${hex(cp).padStart(4, '0')})`;
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) return `must contain only characters XML allows (found U+${hex(cp)})`;
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < v.min) return `must be at least ${v.min} bytes${v.minNote ? ` (${v.minNote})` : ''}, got ${bytes}`;
  if (bytes > v.max) return `must be at most ${v.max} bytes${v.maxNote ? ` (${v.maxNote})` : ''}, got ${bytes}`;
  return undefined;
}

function valueOf(element: string, v: ValueInput): CatalogueValue {
  const integer = v.valueType === 'integer';
  const limits = integer ? `an integer from ${noted(v.min, v.minNote)} to ${noted(v.max, v.maxNote)}` : `${v.min} to ${v.max} bytes, no comma, no control characters`;
  return Object.freeze({
    ...v,
    limits,
    doc: `\`<${element} ${v.attribute}>\`: ${limits}.`,
    cliFlag: `--${kebab(v.option)}`,
    cliArgument: integer ? 'n' : 'text',
    cliDescription: `<${element} ${v.attribute}>: ${integer ? `${v.min} to ${v.max}` : `${v.min} to ${v.max} bytes, no comma`}`,
    problem: (value: unknown) => (integer ? integerProblem(v, value) : stringProblem(v, value)),
    hasType: (value: unknown) => typeof value === (integer ? 'number' : 'string'),
  });
}

function spec({ value, ...s }: EntryInput): CatalogueEntry {
  return Object.freeze({
    ...s,
    ...(value ? { value: valueOf(s.element, value) } : {}),
    requires: Object.freeze([...s.requires]) as FeatureId[],
    states: (s.kind === 'guest' ? APPLY_OR_NOT : ALL_STATES) as FeatureState[],
    cliFlag: `--${kebab(s.id)}`,
  });
}

/**
 * Hyper-V entries in the order libvirt formats `<hyperv>`'s children (its virDomainHyperv enum, the order
 * `virsh dumpxml` prints), so rendered stylesheets emit libvirt's canonical form and a diff against a dumped domain
 * is clean; then the timer and the guest options. Rendering, the flags and the README table follow this order.
 */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  spec({ id: 'relaxed', kind: 'hyperv', element: 'relaxed', qemuFlag: 'hv-relaxed', libvirtSince: '1.0.0', qemuSince: '2.0', requires: [],
    summary: 'Disables a Windows watchdog check that crashes guests on a loaded host.' }),
  spec({ id: 'vapic', kind: 'hyperv', element: 'vapic', qemuFlag: 'hv-vapic', libvirtSince: '1.1.0', qemuSince: '2.0', requires: [],
    summary: 'Virtual APIC: fast MSR access to the APIC registers.' }),
  spec({ id: 'spinlocks', kind: 'hyperv', element: 'spinlocks', value: {
    attribute: 'retries', option: 'spinlockRetries', valueType: 'integer', min: 4095, max: 4294967295, minNote: "libvirt's minimum",
    code: 'RETRIES_RANGE', hint: '8191 is what RHEL, virt-install and Nova use', recommended: 8191 },
    qemuFlag: 'hv-spinlocks', libvirtSince: '1.1.0', qemuSince: '2.0', requires: [],
    summary: 'Spinlock retries before the guest notifies the hypervisor (`spinlockRetries`).' }),
  // Under TCG QEMU refuses it: "kernel doesn't allow setting HyperV VP_INDEX" (seen by the acceptance test).
  spec({ id: 'vpindex', kind: 'hyperv', element: 'vpindex', qemuFlag: 'hv-vpindex', libvirtSince: '1.3.3', qemuSince: '2.5', requires: [],
    kvmOnly: true, summary: 'Virtual processor index.' }),
  spec({ id: 'runtime', kind: 'hyperv', element: 'runtime', qemuFlag: 'hv-runtime', libvirtSince: '1.3.3', qemuSince: '2.5', requires: [],
    summary: 'Processor time spent running guest code and on its behalf.' }),
  spec({ id: 'synic', kind: 'hyperv', element: 'synic', qemuFlag: 'hv-synic', libvirtSince: '1.3.3', qemuSince: '2.6', requires: ['vpindex'],
    summary: 'Synthetic interrupt controller.' }),
  spec({ id: 'stimer', kind: 'hyperv', element: 'stimer', qemuFlag: 'hv-stimer', libvirtSince: '1.3.3', qemuSince: '2.6',
    requires: ['synic', 'hypervclock'],
    summary: 'Synthetic timers; without them Windows polls HPET or RTC and burns CPU while idle.' }),
  spec({ id: 'stimerDirect', kind: 'hyperv', element: 'direct', parent: 'stimer', qemuFlag: 'hv-stimer-direct', libvirtSince: '5.7.0',
    qemuSince: '4.1', requires: ['stimer'], summary: 'Synthetic timer expiry delivered as a normal interrupt.' }),
  spec({ id: 'reset', kind: 'hyperv', element: 'reset', qemuFlag: 'hv-reset', libvirtSince: '1.3.3', qemuSince: '2.5', requires: [],
    summary: 'Hypervisor-assisted guest reset.' }),
  spec({ id: 'vendorId', kind: 'hyperv', element: 'vendor_id', value: {
    attribute: 'value', option: 'vendorIdValue', valueType: 'string', min: 1, max: 12, maxNote: "libvirt's limit; the CPUID leaf holds 12",
    code: 'VENDOR_ID', hint: "for example 'KVM Hv'", recommended: 'KVM Hv' },
    qemuFlag: 'hv-vendor-id', libvirtSince: '1.3.3', qemuSince: '2.5', requires: [],
    summary: 'The Hyper-V vendor id the guest sees (`vendorIdValue`).' }),
  spec({ id: 'frequencies', kind: 'hyperv', element: 'frequencies', qemuFlag: 'hv-frequencies', libvirtSince: '4.7.0', qemuSince: '2.12',
    requires: [], summary: 'Hyper-V frequency MSRs.' }),
  spec({ id: 'reenlightenment', kind: 'hyperv', element: 'reenlightenment', qemuFlag: 'hv-reenlightenment', libvirtSince: '4.7.0',
    qemuSince: '3.0', requires: [], summary: 'Notifies the guest of TSC frequency changes (live migration needs a fixed TSC frequency).' }),
  spec({ id: 'tlbflush', kind: 'hyperv', element: 'tlbflush', qemuFlag: 'hv-tlbflush', libvirtSince: '4.7.0', qemuSince: '3.0',
    requires: ['vpindex'], summary: 'Paravirtualised TLB flushes.' }),
  spec({ id: 'tlbflushDirect', kind: 'hyperv', element: 'direct', parent: 'tlbflush', qemuFlag: 'hv-tlbflush-direct', libvirtSince: '11.0.0',
    qemuSince: '7.1', requires: ['tlbflush', 'vapic'], summary: 'TLB flush hypercalls of nested guests handled directly by L0.' }),
  spec({ id: 'tlbflushExtended', kind: 'hyperv', element: 'extended', parent: 'tlbflush', qemuFlag: 'hv-tlbflush-ext',
    libvirtSince: '11.0.0', qemuSince: '7.1', requires: ['tlbflush'], summary: 'Extended GVA ranges for TLB flush hypercalls.' }),
  spec({ id: 'ipi', kind: 'hyperv', element: 'ipi', qemuFlag: 'hv-ipi', libvirtSince: '4.10.0', qemuSince: '3.1', requires: ['vpindex'],
    summary: 'Paravirtualised inter-processor interrupts.' }),
  spec({ id: 'evmcs', kind: 'hyperv', element: 'evmcs', qemuFlag: 'hv-evmcs', libvirtSince: '4.10.0', qemuSince: '3.1', requires: ['vapic'],
    cpuVendor: 'intel', summary: 'Enlightened VMCS: faster exits for nested Hyper-V (VBS, WSL2) guests.' }),
  spec({ id: 'avic', kind: 'hyperv', element: 'avic', qemuFlag: 'hv-avic', libvirtSince: '8.10.0', qemuSince: '6.2', requires: [],
    summary: 'Hyper-V APIC virtualisation hints; needs host APICv or AVIC.' }),
  spec({ id: 'emsrBitmap', kind: 'hyperv', element: 'emsr_bitmap', qemuFlag: 'hv-emsr-bitmap', libvirtSince: '10.7.0', qemuSince: '7.1',
    requires: [], summary: 'Enlightened MSR bitmap for nested guests.' }),
  spec({ id: 'xmmInput', kind: 'hyperv', element: 'xmm_input', qemuFlag: 'hv-xmm-input', libvirtSince: '10.7.0', qemuSince: '7.1',
    requires: [], summary: 'Hypercall input passed in XMM registers.' }),
  spec({ id: 'hypervclock', kind: 'timer', element: 'hypervclock', qemuFlag: 'hv-time', libvirtSince: '1.2.2', qemuSince: '1.5.3',
    requires: [], summary: 'Hyper-V reference time counter: `<timer name="hypervclock" present="yes"/>` in `<clock>`.' }),
  // Windows 11 needs UEFI with Secure Boot and TPM 2.0, in practice q35; provider 0.8.3 gets these wrong
  // (ISO CD-ROMs on IDE, loader secure="no", <tpm> without a model). Facts: libvirt docs/formatdomain.rst,
  // src/qemu/qemu_validate.c (Secure Boot needs q35, x86_64 and SMM).
  spec({ id: 'sataCdrom', kind: 'guest', element: "disk[@device='cdrom']/target/@bus", render: SATA_CDROM, libvirtSince: '0.9.7', requires: [],
    summary: 'On q35 machines, CD-ROMs move from the IDE bus (which q35 lacks) to SATA, dropping their IDE address.' }),
  spec({ id: 'secureBoot', kind: 'guest', element: 'os/loader/@secure', render: SECURE_BOOT, libvirtSince: '2.1.0', requires: [],
    summary: "On q35 with a UEFI `<loader>`: `secure='yes'` and `<smm state='on'/>`, which libvirt requires for it." }),
  spec({ id: 'tpmCrb', kind: 'guest', element: 'tpm/@model', render: TPM_CRB, libvirtSince: '4.4.0', requires: [],
    summary: 'An emulated TPM 2.0, or one without a version (libvirt would make it 1.2), becomes TPM 2.0 on the CRB interface (`tpm-crb`), as Windows 11 expects.' }),
  spec({ id: 'windowsTimers', kind: 'guest', element: 'clock/timer', render: WINDOWS_TIMERS, libvirtSince: '0.8.0', requires: [],
    summary: 'rtc `catchup`, pit `delay`, hpet off, set on existing timers (rtc/pit with present=no left alone): the policy virt-manager, Nova and KubeVirt use for Windows.' }),

]);

const BY_ID: ReadonlyMap<string, CatalogueEntry> = new Map(CATALOGUE.map((s) => [s.id, s]));

/** The catalogue entry for `id`, or undefined for anything that is not a feature id (prototype keys included). */
export function findFeature(id: string): CatalogueEntry | undefined {
  return BY_ID.get(id);
}

export function featureSpec(id: FeatureId): CatalogueEntry {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown feature id ${id}`);
  return found;
}

/** Entries nested inside `parent` (`stimer` → `stimerDirect`). */
export function childrenOf(parent: FeatureId): readonly CatalogueEntry[] {
  return CATALOGUE.filter((s) => s.parent === parent);
}

/** The entries with a value option, in catalogue order (spinlocks, vendorId). */
export const VALUED_FEATURES: readonly (CatalogueEntry & { readonly value: CatalogueValue })[] = Object.freeze(
  CATALOGUE.filter((s): s is CatalogueEntry & { readonly value: CatalogueValue } => s.value !== undefined),
);

/** The value options (`spinlockRetries`, `vendorIdValue`), in catalogue order. */
export const VALUE_OPTIONS: readonly ValueOption[] = Object.freeze(VALUED_FEATURES.map((s) => s.value.option));

/** A catalogue entry as plain data (no functions, fresh arrays), as users get it. */
export function publicFeatureSpec(entry: CatalogueEntry): FeatureSpec {
  const { render: _render, value, ...data } = entry;
  const plainValue = value ? (({ problem: _p, hasType: _h, ...v }) => v)(value) : undefined;
  return { ...data, states: [...data.states], requires: [...data.requires], ...(plainValue ? { value: plainValue } : {}) };
}

/** libvirt's `<hyperv mode='...'>` attribute; `mode` is accepted since libvirt 8.0.0. */
export const PASSTHROUGH_LIBVIRT_SINCE = '8.0.0';

/**
 * `<features>` children in the order libvirt formats them (its virDomainFeature enum, checked with `virsh dumpxml`
 * on the test driver), up to the last one the stylesheets place themselves. libvirt only appends to this enum, so
 * what comes before `hyperv` or `smm` is fixed; anything else (newer features included) comes after them.
 */
export const LIBVIRT_FEATURES_ORDER: readonly string[] = Object.freeze([
  'acpi', 'apic', 'pae', 'hap', 'viridian', 'privnet', 'hyperv', 'kvm', 'pvspinlock', 'capabilities', 'pmu', 'vmport', 'gic', 'smm',
]);

/** The `<features>` children libvirt formats before `element` (one of LIBVIRT_FEATURES_ORDER). */
export function featuresBefore(element: string): readonly string[] {
  const at = LIBVIRT_FEATURES_ORDER.indexOf(element);
  if (at < 0) throw new Error(`${element} is not in LIBVIRT_FEATURES_ORDER`);
  return LIBVIRT_FEATURES_ORDER.slice(0, at);
}
