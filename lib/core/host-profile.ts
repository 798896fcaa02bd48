/**
 * A host profile: what one libvirt host can run, as plain data. `libvirt-hyperv host` writes it from `virsh
 * capabilities`, `virsh domcapabilities --machine q35` (per virttype) and `virsh version`; the checks in
 * host-checks.ts read it. Kept to the facts the checks use, plus the versions and the host name for humans, so a
 * committed profile is small and its diffs are reviewable. No I/O here: reading files is the CLI's job.
 */
import { describeValue } from './describe-value';
import { Issue, errorIssue } from './issues';
import { parseVersion } from './versions';

/** The format marker every profile starts with; a new incompatible format gets a new number. */
export const HOST_PROFILE_FORMAT = 'libvirt-hyperv-host/1';

/**
 * What `virsh domcapabilities --virttype <kvm|qemu> --machine q35` says, reduced to what the checks use. A fact libvirt
 * does not report is absent here and `null` in the profile file.
 */
export interface VirtTypeCapabilities {
  /** The canonical q35 machine (`pc-q35-7.2`); absent when the host offers no q35 machine. */
  readonly q35Machine?: string;
  /** `<os><enum name='firmware'>` lists `efi`: libvirt can pick or run UEFI firmware. */
  readonly efi: boolean;
  /** `<loader><enum name='secure'>` lists `yes`: a firmware descriptor with Secure Boot exists for this machine. */
  readonly secureBoot: boolean;
  /** `<loader><value>`: the firmware images libvirt knows from descriptors (sorted). */
  readonly firmware: string[];
  /** `<tpm><enum name='model'>` (sorted); empty when TPMs are unsupported; absent when libvirt reports no `<tpm>`. */
  readonly tpmModels?: string[];
  /** `<tpm><enum name='backendModel'>` (sorted); `emulator` only when swtpm is installed; absent when not reported. */
  readonly tpmBackends?: string[];
  /** `<tpm><enum name='backendVersion'>` (sorted); absent when libvirt does not report it. */
  readonly tpmVersions?: string[];
  /**
   * `<hyperv><enum name='features'>` (libvirt names, sorted); absent when not reported (libvirt < 9.0.0, or no KVM probe).
   * libvirt fills it from a KVM CPU-model expansion with hv-passthrough (qemu_capabilities.c,
   * virQEMUCapsProbeHypervCapabilities): a boolean feature is listed only when KVM offers it; spinlocks and vendor_id
   * are listed whenever QEMU has them. The same list is reported for virttype qemu, so it says nothing about TCG.
   */
  readonly hypervFeatures?: string[];
}

/** What one libvirt host can run: the JSON `libvirt-hyperv host` writes, read with `HostProfiles.read(path)`. */
export interface HostProfile {
  /** `libvirt-hyperv-host/1`. */
  readonly format: string;
  /** For humans: which host this is (`virsh hostname`, or --name). */
  readonly host: string;
  /** For humans: the connection URI it was captured from, or `files`. */
  readonly uri: string;
  readonly arch: string;
  /** `virsh capabilities` host/cpu/vendor, lower-cased (`intel`, `amd`, `hygon`); `unknown` when absent. */
  readonly cpuVendor: string;
  /** The libvirt daemon's version (X.Y.Z). */
  readonly libvirtVersion: string;
  /** The QEMU the daemon runs (X.Y.Z). */
  readonly qemuVersion: string;
  /** Domain type `kvm`; absent (null in the file) when libvirt refuses it on this host (no usable /dev/kvm). */
  readonly kvm?: VirtTypeCapabilities;
  /** Domain type `qemu` (TCG); absent (null in the file) when not captured. */
  readonly qemu?: VirtTypeCapabilities;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && Object.prototype.toString.call(x) === '[object Object]';

const PROFILE_KEYS = ['format', 'host', 'uri', 'arch', 'cpuVendor', 'libvirtVersion', 'qemuVersion', 'kvm', 'qemu'] as const;
const VIRT_KEYS = ['q35Machine', 'efi', 'secureBoot', 'firmware', 'tpmModels', 'tpmBackends', 'tpmVersions', 'hypervFeatures'] as const;
const FIX = 'capture it again with `libvirt-hyperv host > FILE`';

/** Checks one plain-data profile; `field` names it in issues (`host`, `host[1]`). */
export function checkHostProfile(value: unknown, field: string): { profile?: HostProfile; issues: Issue[] } {
  const issues: Issue[] = [];
  const bad = (path: string, what: string) => issues.push(errorIssue('HOST_PROFILE', `${field}${path}`, `${what}; ${FIX}`));
  if (!isRecord(value)) {
    bad('', `expected a host profile object (from \`libvirt-hyperv host\`), got ${describeValue(value)}`);
    return { issues };
  }
  if (value.format !== HOST_PROFILE_FORMAT) {
    bad('.format', `expected '${HOST_PROFILE_FORMAT}', got ${describeValue(value.format)}`);
    return { issues };
  }
  for (const key of Object.keys(value)) if (!(PROFILE_KEYS as readonly string[]).includes(key)) bad(`.${key}`, 'unknown key');
  // Lengths bounded so that messages naming the host stay short (a host name has at most 253 characters).
  for (const [key, max] of [['host', 253], ['uri', 1024], ['arch', 64], ['cpuVendor', 64]] as const) {
    const text = value[key];
    if (typeof text !== 'string' || text === '' || text.length > max) bad(`.${key}`, `expected a string of 1 to ${max} characters, got ${describeValue(text)}`);
  }
  for (const key of ['libvirtVersion', 'qemuVersion'] as const) {
    if (typeof value[key] !== 'string' || !parseVersion(value[key] as string)) bad(`.${key}`, `expected a version such as '9.0.0', got ${describeValue(value[key])}`);
  }
  for (const type of ['kvm', 'qemu'] as const) {
    const caps = value[type];
    if (caps === null || caps === undefined) continue;
    if (!isRecord(caps)) {
      bad(`.${type}`, `expected an object or null, got ${describeValue(caps)}`);
      continue;
    }
    for (const key of Object.keys(caps)) if (!(VIRT_KEYS as readonly string[]).includes(key)) bad(`.${type}.${key}`, 'unknown key');
    if (caps.q35Machine != null && typeof caps.q35Machine !== 'string') bad(`.${type}.q35Machine`, `expected a string or null, got ${describeValue(caps.q35Machine)}`);
    for (const key of ['efi', 'secureBoot'] as const) {
      if (typeof caps[key] !== 'boolean') bad(`.${type}.${key}`, `expected true or false, got ${describeValue(caps[key])}`);
    }
    for (const key of ['firmware', 'tpmModels', 'tpmBackends', 'tpmVersions', 'hypervFeatures'] as const) {
      const list = caps[key];
      const nullable = key !== 'firmware';
      if ((nullable && list == null) || (Array.isArray(list) && list.every((x) => typeof x === 'string'))) continue;
      bad(`.${type}.${key}`, `expected a list of strings${nullable ? ' or null' : ''}, got ${describeValue(list)}`);
    }
  }
  if (value.kvm == null && value.qemu == null) bad('', 'has neither kvm nor qemu capabilities');
  return issues.length > 0 ? { issues } : { profile: withoutNulls(value) as unknown as HostProfile, issues };
}

/** The profile as the API types it: a fact the file records as null is absent (jsii has no null). */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const copy = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined));
  const profile = copy(value);
  for (const type of ['kvm', 'qemu']) if (isRecord(profile[type])) profile[type] = copy(profile[type] as Record<string, unknown>);
  return profile;
}

/** The `host` option as a list of checked profiles (one profile or an array of them); never throws on user data. */
export function checkHostOption(value: unknown): { profiles: HostProfile[]; issues: Issue[] } {
  try {
    return checkHostList(value);
  } catch (e) {
    // A getter that throws, a revoked Proxy: plain JavaScript can hand over anything.
    return { profiles: [], issues: [errorIssue('HOST_PROFILE', 'host', `could not be read (${describeValue(e instanceof Error ? e.message : e)}); ${FIX}`)] };
  }
}

function checkHostList(value: unknown): { profiles: HostProfile[]; issues: Issue[] } {
  if (value === undefined) return { profiles: [], issues: [] };
  const list = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0) {
    return { profiles: [], issues: [errorIssue('HOST_PROFILE', 'host', `an empty list checks nothing; give at least one profile, or remove host`)] };
  }
  const profiles: HostProfile[] = [];
  const issues: Issue[] = [];
  list.forEach((item, i) => {
    const checked = checkHostProfile(item, Array.isArray(value) ? `host[${i}]` : 'host');
    issues.push(...checked.issues);
    if (checked.profile) profiles.push(checked.profile);
  });
  return { profiles, issues };
}

/** A profile's text as `libvirt-hyperv host` writes it: keys sorted at every level, two-space indent, final newline. */
export function formatHostProfile(profile: HostProfile): string {
  // Every key is written, an unreported fact as null, so that a profile's diff shows a fact appearing or going away.
  const withNulls = (record: object, keys: readonly string[]) => ({ ...Object.fromEntries(keys.map((k) => [k, null])), ...record });
  const full = withNulls(profile, PROFILE_KEYS) as Record<string, unknown>;
  for (const type of ['kvm', 'qemu']) if (isRecord(full[type])) full[type] = withNulls(full[type] as object, VIRT_KEYS);
  const sortKeys = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sortKeys) : isRecord(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys(x[k])])) : x;
  return `${JSON.stringify(sortKeys(full), null, 2)}\n`;
}
