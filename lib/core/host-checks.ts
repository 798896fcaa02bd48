/**
 * Checks a resolved plan, and the domain it goes into, against host profiles: what each host would refuse when the
 * provider starts the VM (provider 0.8.3 starts every domain it creates, and a refusal leaves a defined domain
 * outside the Terraform state). Each check has its own code. Facts: libvirt 9.0.0 src/qemu/qemu_capabilities.c
 * (virQEMUCapsProbeHypervCapabilities, virQEMUCapsFillDomainOSCaps, virQEMUCapsFillDomainDeviceTPMCaps); QEMU 7.2
 * under TCG accepts every enlightenment but vpindex (tried on this project's test machine), so the CPU vendor and
 * the hyperv list matter for domain type kvm only.
 */
import { CATALOGUE, FeatureSpec, PASSTHROUGH_LIBVIRT_SINCE } from './catalogue';
import { HostProfile, VirtTypeCapabilities, checkHostOption } from './host-profile';
import { Issue } from './issues';
import type { HypervPlan } from './plan';
import { RULES, Rule, cpuVendorSupportsFeatures, dependsOn, isRendered, libvirtKnowsFeatures } from './rules';
import { compareVersions, parseVersion, versionAtLeast } from './versions';

/**
 * What the checks need to know about the domain. `undefined` means unknown (the CLI's `stylesheet` command has no
 * domain): a check that depends on an unknown fact is a warning phrased "if ...", not an error.
 */
export interface DomainFacts {
  /** `<domain type>`: 'kvm' (provider 0.8.3's default), 'qemu' (TCG), ... */
  readonly type?: string;
  /** `os/type/@arch`; undefined when unknown or unset (the host's). Read by domainIssues, not by the host checks. */
  readonly arch?: string;
  /** `os/type/@machine`; '' when unset (libvirt's default machine, i440fx on x86). */
  readonly machine?: string;
  /** The UEFI loader path; null when the domain has none. */
  readonly loader?: string | null;
  /** Whether the domain has a TPM with the emulator (swtpm) backend. */
  readonly tpmEmulator?: boolean;
}

/** Nothing known about the domain. */
export const UNKNOWN_DOMAIN: DomainFacts = Object.freeze({});

type Certainty = 'yes' | 'no' | 'maybe';

/** Features whose QEMU property has a value (number or string): libvirt lists them whether or not KVM helps. */
const VALUED: readonly string[] = CATALOGUE.filter((s) => s.value).map((s) => s.element);

const both = (a: Certainty, b: Certainty): Certainty => (a === 'no' || b === 'no' ? 'no' : a === 'yes' && b === 'yes' ? 'yes' : 'maybe');
const known = (fact: boolean | undefined): Certainty => (fact === undefined ? 'maybe' : fact ? 'yes' : 'no');

const isKvm = (d: DomainFacts): Certainty => known(d.type === undefined ? undefined : d.type === 'kvm');
const isTcg = (d: DomainFacts): Certainty => known(d.type === undefined ? undefined : d.type === 'qemu');
const isQ35 = (d: DomainFacts): Certainty => known(d.machine === undefined ? undefined : d.machine.includes('q35'));
const hasLoader = (d: DomainFacts): Certainty => known(d.loader === undefined ? undefined : d.loader !== null);

const field = (s: FeatureSpec) => `enlightenments.${s.id}`;
const on = (plan: HypervPlan, s: FeatureSpec) => plan.features[s.id] === 'on' && isRendered(plan, s);

/** The features that are on and need `target`, with it: what the user has to omit together. */
function withDependents(plan: HypervPlan, target: FeatureSpec): string {
  const ids = [target.id, ...CATALOGUE.filter((d) => d.id !== target.id && plan.features[d.id] === 'on' && dependsOn(d.id, target.id)).map((d) => d.id)];
  return ids.map((id) => `enlightenments.${id}`).join(', ');
}

/** The capabilities that apply to the domain's type: kvm's for kvm (or unknown), qemu's for TCG. */
function capsFor(host: HostProfile, domain: DomainFacts): VirtTypeCapabilities | undefined {
  if (domain.type === 'qemu') return host.qemu;
  if (domain.type === 'kvm') return host.kvm;
  return host.kvm ?? host.qemu;
}

/** Issues for one host; `certainty` 'maybe' makes a warning that says which domain fact it depends on. */
function hostFindings(plan: HypervPlan, host: HostProfile, domain: DomainFacts): Issue[] {
  const issues: Issue[] = [];
  const name = `host '${host.host}'`;
  const add = (code: Issue['code'], certainty: Certainty, where: string, condition: string, message: string) => {
    if (certainty === 'no') return;
    const prefix = certainty === 'maybe' ? `if ${condition}: ` : '';
    issues.push({ code, level: certainty === 'yes' ? 'error' : 'warning', field: where, message: `${prefix}${message}` });
  };

  // KVM: libvirt refuses virttype kvm where /dev/kvm is unusable, and QEMU refuses vpindex without KVM.
  if (host.kvm === undefined) {
    add('HOST_NO_KVM', isKvm(domain), 'type', "the domain's type is 'kvm' (the provider's default)",
      `${name} has no usable KVM (libvirt refuses domain type kvm there); deploy to a KVM host, or set type = "qemu" (TCG: slow, and without vpindex)`);
    for (const s of CATALOGUE.filter((x) => x.kvmOnly && on(plan, x))) {
      add('HOST_NO_KVM', isTcg(domain), field(s), "the domain's type is 'qemu'",
        `${name} has no KVM, and QEMU refuses ${s.qemuFlag} without it; set ${withDependents(plan, s)} to 'omit', or deploy to a KVM host`);
    }
  }

  // CPU vendor: KVM offers evmcs on Intel only ("hv-evmcs is not supported by kernel"); TCG does not care.
  for (const s of CATALOGUE.filter((x) => x.cpuVendor && on(plan, x))) {
    if (host.cpuVendor === s.cpuVendor || host.kvm === undefined) continue;
    add('HOST_CPU_VENDOR', isKvm(domain), field(s), "the domain's type is 'kvm'",
      `${s.id} runs on ${s.cpuVendor} hosts only, and ${name} has an ${host.cpuVendor === 'unknown' ? 'unknown' : host.cpuVendor.toUpperCase()} CPU: QEMU would refuse to start the VM ("${s.qemuFlag} is not supported by kernel"); set ${withDependents(plan, s)} to 'omit', or use HypervPreset.MIGRATION_SAFE`);
  }

  // Versions: libvirt refuses elements it does not know; QEMU refuses -cpu properties it does not have.
  if (plan.mode === 'passthrough' && !versionAtLeast(host.libvirtVersion, PASSTHROUGH_LIBVIRT_SINCE)) {
    add('HOST_LIBVIRT_TOO_OLD', 'yes', 'mode', '',
      `mode 'passthrough' needs libvirt ${PASSTHROUGH_LIBVIRT_SINCE} or later, and ${name} has libvirt ${host.libvirtVersion}; set mode to 'custom', or upgrade libvirt there`);
  }
  for (const s of CATALOGUE.filter((x) => isRendered(plan, x))) {
    if (!versionAtLeast(host.libvirtVersion, s.libvirtSince)) {
      add('HOST_LIBVIRT_TOO_OLD', 'yes', field(s), '',
        `${s.id} needs libvirt ${s.libvirtSince} or later, and ${name} has libvirt ${host.libvirtVersion}; set ${withDependents(plan, s)} to 'omit', or upgrade libvirt there`);
    } else if (s.qemuSince && s.kind !== 'guest' && !versionAtLeast(host.qemuVersion, s.qemuSince)) {
      // 'off' too: libvirt writes hv-<name>=off, and QEMU refuses a property it does not have either way.
      add('HOST_QEMU_TOO_OLD', 'yes', field(s), '',
        `${s.id} (${s.qemuFlag}) needs QEMU ${s.qemuSince} or later, and ${name} runs QEMU ${host.qemuVersion}; set ${withDependents(plan, s)} to 'omit', or upgrade QEMU there`);
    }
  }

  // The hyperv list: for KVM, a boolean feature absent from it is one KVM does not offer. spinlocks and vendor_id
  // are listed whatever KVM can do, so a list of only those proves nothing (libvirt 9.0 prints exactly that on a
  // host whose probe ran without usable KVM). Nested features (stimer direct, tlbflush direct/extended) are not in
  // libvirt 9.0's list; their parent is checked.
  const list = host.kvm?.hypervFeatures;
  const probed = list?.some((name) => !VALUED.includes(name)) ?? false;
  if (list && probed && plan.mode === 'custom') {
    for (const s of CATALOGUE.filter((x) => x.kind === 'hyperv' && !x.parent && !x.value && on(plan, x))) {
      if (list.includes(s.element) || (s.cpuVendor && host.cpuVendor !== s.cpuVendor)) continue;
      add('HOST_HYPERV_FEATURE', isKvm(domain), field(s), "the domain's type is 'kvm'",
        `KVM on ${name} does not offer ${s.qemuFlag} (virsh domcapabilities lists: ${list.join(', ') || 'none'}); set ${withDependents(plan, s)} to 'omit', or use a host whose KVM offers it`);
    }
  }

  // Windows 11: q35, Secure Boot firmware, swtpm. Checked against the capabilities of the domain's type.
  const caps = capsFor(host, domain);
  if (caps) {
    const wantsQ35 = domain.machine === undefined ? (plan.features.sataCdrom === 'on' || plan.features.secureBoot === 'on' ? 'maybe' : 'no') : isQ35(domain);
    if (caps.q35Machine === undefined) {
      add('HOST_NO_Q35', wantsQ35, 'machine', 'the domain uses q35', `${name} offers no q35 machine (virsh domcapabilities --machine q35 failed); upgrade QEMU there, or use machine 'pc' (no Secure Boot)`);
    }
    const secureBoot = featureOn(plan, 'secureBoot') ? both(isQ35(domain), hasLoader(domain)) : 'no';
    if (!caps.efi || !caps.secureBoot) {
      add('HOST_NO_SECURE_BOOT', secureBoot, 'enlightenments.secureBoot', 'the domain is q35 with a UEFI loader',
        `${name} has no ${caps.efi ? 'Secure Boot ' : 'UEFI '}firmware for q35 (virsh domcapabilities: loader secure='yes' missing), so the VM gets no Secure Boot, which Windows 11 setup requires; install OVMF with Secure Boot there (Debian: ovmf, RHEL: edk2-ovmf) and capture the profile again, or set enlightenments.secureBoot to 'omit'`);
    }
    if (domain.loader && caps.firmware.length > 0 && !caps.firmware.includes(domain.loader)) {
      add('HOST_FIRMWARE', 'maybe', 'firmware', `${domain.loader} is not installed on ${name}`,
        `libvirt on ${name} knows no firmware descriptor for it (it knows: ${caps.firmware.join(', ')}), and the VM fails to start without the file; use one of those`);
    }
    const tpm = domain.tpmEmulator === undefined ? (featureOn(plan, 'tpmCrb') ? 'maybe' : 'no') : known(domain.tpmEmulator);
    const missing = [
      ...(caps.tpmBackends === undefined || caps.tpmBackends.includes('emulator') ? [] : ['the emulator backend (swtpm is not installed)']),
      ...(featureOn(plan, 'tpmCrb') && caps.tpmModels !== undefined && !caps.tpmModels.includes('tpm-crb') ? ['the tpm-crb model'] : []),
      ...(caps.tpmVersions && !caps.tpmVersions.includes('2.0') ? ['TPM 2.0 (swtpm_setup cannot make one)'] : []),
    ];
    if (missing.length > 0) {
      add('HOST_NO_TPM', tpm, featureOn(plan, 'tpmCrb') ? 'enlightenments.tpmCrb' : 'tpm', 'the domain has an emulated TPM',
        `${name} lacks ${missing.join(' and ')}, so libvirt would refuse the domain's emulated TPM; install swtpm and swtpm-tools there and capture the profile again, or remove the tpm block`);
    }
  }
  return issues;
}

function featureOn(plan: HypervPlan, id: FeatureSpec['id']): boolean {
  return plan.features[id] === 'on';
}

/**
 * Everything each host in `hostOption` (one profile or a list; already checked by resolveOptions) would refuse for
 * this plan and domain. Errors for what is certain, warnings for what depends on a domain fact not known here.
 */
export function hostIssues(plan: HypervPlan, hostOption: unknown, domain: DomainFacts = UNKNOWN_DOMAIN): Issue[] {
  const { profiles } = checkHostOption(hostOption);
  return profiles.flatMap((p) => hostFindings(plan, p, domain));
}

/**
 * A profile replaces hostCpuVendor and libvirtVersion: given together they must agree. hostCpuVendor must match
 * every profile's vendor ('unknown' agrees with anything); libvirtVersion, "the oldest libvirt the domain is defined
 * on", must equal the oldest profile's.
 */
export function hostConflicts(hostCpuVendor: unknown, libvirtVersion: string | undefined, profiles: readonly HostProfile[]): Issue[] {
  if (profiles.length === 0) return [];
  const issues: Issue[] = [];
  if (typeof hostCpuVendor === 'string' && hostCpuVendor !== 'unknown') {
    for (const p of profiles.filter((x) => x.cpuVendor !== 'unknown' && x.cpuVendor !== hostCpuVendor)) {
      issues.push({ code: 'HOST_CONFLICT', level: 'error', field: 'hostCpuVendor',
        message: `hostCpuVendor is '${hostCpuVendor}' but host '${p.host}' has an ${p.cpuVendor.toUpperCase()} CPU; remove hostCpuVendor (the profiles say it), or correct the host list` });
    }
  }
  if (libvirtVersion !== undefined) {
    const oldest = [...profiles].sort((a, b) => compareVersions(parseVersion(a.libvirtVersion)!, parseVersion(b.libvirtVersion)!))[0];
    if (compareVersions(parseVersion(libvirtVersion)!, parseVersion(oldest.libvirtVersion)!) !== 0) {
      issues.push({ code: 'HOST_CONFLICT', level: 'error', field: 'libvirtVersion',
        message: `libvirtVersion is ${libvirtVersion} but the oldest host, '${oldest.host}', has libvirt ${oldest.libvirtVersion}; remove libvirtVersion (the profiles say it), or add the profile of the older host` });
    }
  }
  return issues;
}

/** With the host option, the host checks replace the rules that read hostCpuVendor and libvirtVersion. */
export function rulesFor(hostOption: unknown): readonly Rule[] {
  return hostOption === undefined ? RULES : RULES.filter((r) => r !== cpuVendorSupportsFeatures && r !== libvirtKnowsFeatures);
}
