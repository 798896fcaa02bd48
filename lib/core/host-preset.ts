/**
 * A preset computed from host profiles: the widest set of enlightenments that every given host offers (the idea of
 * MIGRATION_SAFE, computed from what the hosts say instead of written down). What it leaves out comes back as
 * `HOST_PRESET_DROPPED` warnings, each with the reason, whenever the preset is used.
 */
import { CATALOGUE, FeatureId, FeatureSpec, VALUED_FEATURES } from './catalogue';
import type { FeatureValueOptions } from './generated/catalogue-types';
import { DomainFacts, hostIssues } from './host-checks';
import { HostProfile, checkHostOption } from './host-profile';
import { HypervValidationError, Issue } from './issues';
import type { HypervPlan } from './plan';
import { HypervPreset } from './presets';

const DROPPED = new WeakMap<HypervPreset, readonly Issue[]>();

/** The warnings a preset from presetForHosts carries (empty for any other preset). */
export function hostPresetWarnings(preset: HypervPreset): readonly Issue[] {
  return DROPPED.get(preset) ?? [];
}

/** Features libvirt names in its Hyper-V list with a value: listed whatever KVM offers. */
const valued = (s: FeatureSpec) => s.value !== undefined;
/** The RHEL 10 set: what a host whose list proves nothing is assumed to offer. */
const RHEL = HypervPreset.RHEL10.settings.features;

/** Why `host` is not known to offer `s` for a domain of `domainType`, or undefined when it is. */
function unproven(s: FeatureSpec, host: HostProfile, domainType: 'kvm' | 'qemu'): string | undefined {
  if (s.kind === 'timer') return undefined;
  if (s.parent) {
    // Nested features are not in libvirt 9.0's list; stimer direct is in the RHEL set and widely offered.
    return RHEL[s.id] === 'on' ? undefined : `host '${host.host}' cannot show that it offers ${s.qemuFlag} (libvirt lists no nested features)`;
  }
  const list = host.kvm?.hypervFeatures;
  const probed = list?.some((name) => !CATALOGUE.some((x) => valued(x) && x.element === name)) ?? false;
  if (domainType === 'kvm' && probed) {
    return valued(s) || list!.includes(s.element) ? undefined : `KVM on host '${host.host}' does not offer ${s.qemuFlag}`;
  }
  return RHEL[s.id] === 'on' ? undefined : `host '${host.host}' has no Hyper-V list that shows ${s.qemuFlag} (libvirt before 9.0.0, or no KVM probe)`;
}

const drop = (s: FeatureSpec, reason: string): Issue => ({
  code: 'HOST_PRESET_DROPPED',
  level: 'warning',
  field: `enlightenments.${s.id}`,
  message: `left out of the preset for these hosts: ${reason}; set enlightenments.${s.id} to 'on' only if every host offers it`,
});

/** The catalogue's recommended value for each valued feature in `on` (spinlockRetries 8191, vendorIdValue 'KVM Hv'). */
function recommendedValues(on: ReadonlySet<string>): FeatureValueOptions {
  return Object.fromEntries(VALUED_FEATURES.filter((s) => on.has(s.id)).map((s) => [s.value.option, s.value.recommended]));
}

/**
 * The widest custom-mode set every host offers, for domains of `domainType` (kvm, the provider's default, or qemu).
 * Starts from every Hyper-V enlightenment of the catalogue, keeps those each host's Hyper-V list proves (the RHEL 10
 * set where a host has no usable list), then drops whatever a host check refuses and whatever loses a prerequisite,
 * until nothing changes. Throws a HypervValidationError for bad profiles.
 */
export function presetForHosts(host: HostProfile | readonly HostProfile[], domainType: 'kvm' | 'qemu' = 'kvm'): HypervPreset {
  const { profiles, issues } = checkHostOption(host);
  if (issues.length > 0) throw new HypervValidationError(issues);
  const dropped: Issue[] = [];
  const on = new Set<FeatureId>();
  for (const s of CATALOGUE.filter((x) => x.kind !== 'guest')) {
    // Several hosts means migrating between them: a guest with reenlightenment breaks on migration unless the TSC
    // frequency is pinned (OpenStack Nova bug 2046549), which is why MIGRATION_SAFE leaves it out too.
    const migration = s.id === 'reenlightenment' && profiles.length > 1 ? 'live migration between these hosts needs a pinned TSC frequency (Nova bug 2046549)' : undefined;
    const reason = migration ?? profiles.map((p) => unproven(s, p, domainType)).find((r) => r !== undefined);
    if (reason) dropped.push(drop(s, reason));
    else on.add(s.id);
  }
  const domain: DomainFacts = { type: domainType };
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of CATALOGUE.filter((x) => on.has(x.id))) {
      const missing = s.requires.find((dep) => !on.has(dep));
      if (missing) {
        on.delete(s.id);
        dropped.push(drop(s, `it needs ${missing}, which was left out`));
        changed = true;
      }
    }
    const plan: HypervPlan = { presetName: 'for-hosts', mode: 'custom', features: Object.fromEntries([...on].map((id) => [id, 'on'])), ...recommendedValues(on), clockOffset: 'localtime' };
    for (const refusal of hostIssues(plan, profiles, domain).filter((i) => i.level === 'error' && i.field.startsWith('enlightenments.'))) {
      const id = refusal.field.slice('enlightenments.'.length) as FeatureId;
      if (!on.delete(id)) continue;
      dropped.push(drop(CATALOGUE.find((x) => x.id === id)!, refusal.message.replace(/; set .*$/, '')));
      changed = true;
    }
  }
  const features = Object.fromEntries(CATALOGUE.filter((s) => on.has(s.id)).map((s) => [s.id, 'on' as const]));
  const preset = HypervPreset.custom(`for-hosts(${profiles.map((p) => p.host).join(',')})`, {
    mode: 'custom',
    features,
    ...recommendedValues(on),
    clockOffset: 'localtime',
  });
  DROPPED.set(preset, Object.freeze(dropped));
  return preset;
}
