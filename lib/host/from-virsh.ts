/**
 * Builds a host profile from the text of `virsh capabilities`, `virsh domcapabilities --machine q35` (one per
 * virttype) and `virsh version`. Pure: strings in, profile out; running virsh or reading files is the caller's job.
 */
import { HOST_PROFILE_FORMAT, HostProfile, VirtTypeCapabilities, checkHostProfile } from '../core/host-profile';
import { parseVersion } from '../core/versions';
import { XmlElement, child, enumValues, parseXmlTree } from './xml-tree';

export interface VirshOutputs {
  /** `virsh capabilities`. */
  readonly capabilities: string;
  /** `virsh domcapabilities --virttype kvm|qemu --machine q35`, one text per virttype captured. */
  readonly domcapabilities: readonly string[];
  /** `virsh version`. */
  readonly version: string;
  /** Source names for messages, in the same order: capabilities, each domcapabilities, version. */
  readonly sources?: { readonly capabilities: string; readonly domcapabilities: readonly string[]; readonly version: string };
  /** For humans: the host's name and the URI (or 'files'). */
  readonly host: string;
  readonly uri: string;
}

/** X.Y.Z from "9.0.0" or "7.2.22"; virsh prints versions with three parts. */
function version(text: string | undefined, what: string, source: string): string {
  const v = text && parseVersion(text.trim()) ? text.trim() : undefined;
  if (!v) throw new Error(`${source}: no ${what} version found; expected the output of \`virsh version\``);
  return v;
}

/**
 * `virsh version` output: the daemon's libvirt ("Running against daemon", printed for remote and daemon
 * connections) or else the library's, and the running hypervisor ("Running hypervisor: QEMU 7.2.22").
 */
export function parseVirshVersion(text: string, source = 'virsh version'): { libvirtVersion: string; qemuVersion: string } {
  const line = (label: RegExp) => text.split(/\r?\n/).map((l) => label.exec(l)?.[1]).find((x) => x !== undefined);
  const libvirt = line(/^Running against daemon:\s*(\S+)/) ?? line(/^Using library:\s*libvirt\s+(\S+)/);
  const qemu = line(/^Running hypervisor:\s*QEMU\s+(\S+)/);
  return { libvirtVersion: version(libvirt, 'libvirt', source), qemuVersion: version(qemu, 'QEMU ("Running hypervisor: QEMU ...")', source) };
}

/** Reduces one domcapabilities document to what the checks use. */
export function parseDomcapabilities(text: string, source = 'virsh domcapabilities'): { virtType: 'kvm' | 'qemu'; arch: string; caps: VirtTypeCapabilities } {
  const root = parseXmlTree(text, source);
  if (root.name !== 'domainCapabilities') throw new Error(`${source}: the root element is <${root.name}>, expected <domainCapabilities> (virsh domcapabilities)`);
  const virtType = child(root, 'domain')?.text;
  if (virtType !== 'kvm' && virtType !== 'qemu') throw new Error(`${source}: <domain> is ${JSON.stringify(virtType)}, expected kvm or qemu`);
  const machine = child(root, 'machine')?.text ?? '';
  const os = child(root, 'os');
  const loader = child(os, 'loader');
  const tpm = child(root, 'devices/tpm');
  const tpmSupported = tpm?.attributes.supported === 'yes';
  const tpmEnum = (name: string) => (tpm === undefined ? undefined : tpmSupported ? (enumValues(tpm, name) ?? []) : []);
  const hyperv = child(root, 'features/hyperv');
  const supported = (e: XmlElement | undefined) => e?.attributes.supported === 'yes';
  return {
    virtType,
    arch: child(root, 'arch')?.text ?? 'unknown',
    caps: {
      q35Machine: machine.includes('q35') ? machine : undefined,
      efi: supported(os) && (enumValues(os, 'firmware') ?? []).includes('efi'),
      secureBoot: supported(loader) && (enumValues(loader, 'secure') ?? []).includes('yes'),
      firmware: supported(loader) ? loader!.children.filter((c) => c.name === 'value').map((c) => c.text).sort() : [],
      tpmModels: tpmEnum('model'),
      tpmBackends: tpmEnum('backendModel'),
      tpmVersions: tpmSupported ? enumValues(tpm, 'backendVersion') : undefined,
      hypervFeatures: supported(hyperv) ? enumValues(hyperv, 'features') : undefined,
    },
  };
}

/** `virsh capabilities` host/cpu/vendor, lower-cased; 'unknown' when it has none (non-x86 hosts). */
export function parseCapabilities(text: string, source = 'virsh capabilities'): { cpuVendor: string; arch: string } {
  const root = parseXmlTree(text, source);
  if (root.name !== 'capabilities') throw new Error(`${source}: the root element is <${root.name}>, expected <capabilities> (virsh capabilities)`);
  const cpu = child(root, 'host/cpu');
  return { cpuVendor: cpu ? (child(cpu, 'vendor')?.text.toLowerCase() || 'unknown') : 'unknown', arch: child(cpu, 'arch')?.text ?? 'unknown' };
}

/** The profile; throws an Error naming the source of the first problem. */
export function profileFromVirsh(outputs: VirshOutputs): HostProfile {
  const sources = outputs.sources ?? { capabilities: 'virsh capabilities', domcapabilities: outputs.domcapabilities.map(() => 'virsh domcapabilities'), version: 'virsh version' };
  const { cpuVendor, arch } = parseCapabilities(outputs.capabilities, sources.capabilities);
  const { libvirtVersion, qemuVersion } = parseVirshVersion(outputs.version, sources.version);
  const byType: { kvm?: VirtTypeCapabilities; qemu?: VirtTypeCapabilities } = {};
  outputs.domcapabilities.forEach((text, i) => {
    const parsed = parseDomcapabilities(text, sources.domcapabilities[i]);
    if (byType[parsed.virtType]) throw new Error(`${sources.domcapabilities[i]}: a second domcapabilities for virttype ${parsed.virtType}; give one per virttype`);
    byType[parsed.virtType] = parsed.caps;
  });
  const profile: HostProfile = { format: HOST_PROFILE_FORMAT, host: outputs.host, uri: outputs.uri, arch, cpuVendor, libvirtVersion, qemuVersion, ...byType };
  const checked = checkHostProfile(profile, 'profile');
  if (!checked.profile) throw new Error(checked.issues[0].message);
  return checked.profile;
}
