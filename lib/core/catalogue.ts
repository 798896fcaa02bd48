/**
 * The one catalogue of Hyper-V enlightenments. Validation, rendering, presets, the CLI flags and the README table
 * are all derived from it; nothing else lists features.
 *
 * Facts: libvirt docs/formatdomain.rst ("Hypervisor features") and src/conf/domain_conf.c for the element names,
 * attributes and "since" versions; QEMU target/i386/kvm/kvm.c (kvm_hyperv_properties[].dependencies and the
 * hv-synic check) for the dependencies; QEMU docs/system/i386/hyperv.rst for the Intel-only evmcs.
 */

import type { FeatureState } from './options';

/** Identifier of a catalogue entry, as used in options (`enlightenments: { stimerDirect: 'on' }`). */
export type FeatureId =
  | 'relaxed'
  | 'vapic'
  | 'spinlocks'
  | 'vendorId'
  | 'vpindex'
  | 'runtime'
  | 'synic'
  | 'stimer'
  | 'stimerDirect'
  | 'frequencies'
  | 'reset'
  | 'tlbflush'
  | 'tlbflushDirect'
  | 'tlbflushExtended'
  | 'reenlightenment'
  | 'ipi'
  | 'evmcs'
  | 'avic'
  | 'emsrBitmap'
  | 'xmmInput'
  | 'hypervclock'
  | 'sataCdrom'
  | 'secureBoot'
  | 'tpmCrb'
  | 'windowsTimers';

/** Options that carry the value of a feature's attribute. */
export type ValueOption = 'spinlockRetries' | 'vendorIdValue';

export interface FeatureSpec {
  readonly id: FeatureId;
  /**
   * Where libvirt expresses it: a child of `<hyperv>`, the `hypervclock` timer of `<clock>`, or (`guest`) another
   * part of the domain a Windows guest needs (devices, firmware, timers).
   */
  readonly kind: 'hyperv' | 'timer' | 'guest';
  /** The libvirt element name (`vendor_id`, `direct`); for the timer, its `name`. */
  readonly element: string;
  /** For `<stimer><direct/>` and `<tlbflush><direct/><extended/>`: the enclosing feature. */
  readonly parent?: FeatureId;
  /** The attribute this feature carries when on, and the option that supplies it. */
  readonly value?: { readonly attribute: string; readonly option: ValueOption };
  /** The QEMU -cpu property libvirt turns it into (Hyper-V features only). */
  readonly qemuFlag?: string;
  /** First libvirt release that accepts it for QEMU domains. */
  readonly libvirtSince: string;
  /** First QEMU release that implements it (Hyper-V features only). */
  readonly qemuSince?: string;
  /** The states it accepts; guest options are either applied (`on`) or not (`omit`). */
  readonly states: readonly FeatureState[];
  /** Features QEMU refuses to start without (or that libvirt's nesting implies); all must be on. */
  readonly requires: readonly FeatureId[];
  /** Set when only hosts of this CPU vendor can run it. */
  readonly cpuVendor?: 'intel';
  /** Set when QEMU refuses it without KVM (domain type 'qemu', i.e. TCG). */
  readonly kvmOnly?: true;
  /** One line for the README table and --help. */
  readonly summary: string;
}

const ALL_STATES: readonly FeatureState[] = Object.freeze(['on', 'off', 'omit']);
const APPLY_OR_NOT: readonly FeatureState[] = Object.freeze(['on', 'omit']);

function spec(s: Omit<FeatureSpec, 'states'>): FeatureSpec {
  return Object.freeze({ ...s, requires: Object.freeze([...s.requires]), states: s.kind === 'guest' ? APPLY_OR_NOT : ALL_STATES });
}

/**
 * Hyper-V entries in the order libvirt formats `<hyperv>`'s children (its virDomainHyperv enum, the order
 * `virsh dumpxml` prints), so rendered stylesheets emit libvirt's canonical form and a diff against a dumped domain
 * is clean; then the timer and the guest options. Rendering, the flags and the README table follow this order.
 */
export const CATALOGUE: readonly FeatureSpec[] = Object.freeze([
  spec({ id: 'relaxed', kind: 'hyperv', element: 'relaxed', qemuFlag: 'hv-relaxed', libvirtSince: '1.0.0', qemuSince: '2.0', requires: [],
    summary: 'Disables a Windows watchdog check that crashes guests on a loaded host.' }),
  spec({ id: 'vapic', kind: 'hyperv', element: 'vapic', qemuFlag: 'hv-vapic', libvirtSince: '1.1.0', qemuSince: '2.0', requires: [],
    summary: 'Virtual APIC: fast MSR access to the APIC registers.' }),
  spec({ id: 'spinlocks', kind: 'hyperv', element: 'spinlocks', value: { attribute: 'retries', option: 'spinlockRetries' },
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
  spec({ id: 'vendorId', kind: 'hyperv', element: 'vendor_id', value: { attribute: 'value', option: 'vendorIdValue' },
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
  spec({ id: 'sataCdrom', kind: 'guest', element: "disk[@device='cdrom']/target/@bus", libvirtSince: '0.9.7', requires: [],
    summary: 'On q35 machines, CD-ROMs move from the IDE bus (which q35 lacks) to SATA, dropping their IDE address.' }),
  spec({ id: 'secureBoot', kind: 'guest', element: 'os/loader/@secure', libvirtSince: '2.1.0', requires: [],
    summary: "On q35 with a UEFI `<loader>`: `secure='yes'` and `<smm state='on'/>`, which libvirt requires for it." }),
  spec({ id: 'tpmCrb', kind: 'guest', element: 'tpm/@model', libvirtSince: '4.4.0', requires: [],
    summary: 'An emulated TPM 2.0, or one without a version (libvirt would make it 1.2), becomes TPM 2.0 on the CRB interface (`tpm-crb`), as Windows 11 expects.' }),
  spec({ id: 'windowsTimers', kind: 'guest', element: 'clock/timer', libvirtSince: '0.8.0', requires: [],
    summary: 'rtc `catchup`, pit `delay`, hpet off, set on existing timers (rtc/pit with present=no left alone): the policy virt-manager, Nova and KubeVirt use for Windows.' }),
]);

const BY_ID: ReadonlyMap<string, FeatureSpec> = new Map(CATALOGUE.map((s) => [s.id, s]));

/** The catalogue entry for `id`, or undefined for anything that is not a feature id (prototype keys included). */
export function findFeature(id: string): FeatureSpec | undefined {
  return BY_ID.get(id);
}

export function featureSpec(id: FeatureId): FeatureSpec {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown feature id ${id}`);
  return found;
}

/** Entries nested inside `parent` (`stimer` → `stimerDirect`). */
export function childrenOf(parent: FeatureId): readonly FeatureSpec[] {
  return CATALOGUE.filter((s) => s.parent === parent);
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
