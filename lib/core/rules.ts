/**
 * The validation rules, one function each. A rule reads a candidate plan and returns issues; it never throws on
 * user data. Sources: QEMU target/i386/kvm/kvm.c (dependencies, evmcs), libvirt src/conf/domain_conf.c (values).
 */
import { CATALOGUE, FeatureSpec, PASSTHROUGH_LIBVIRT_SINCE, featureSpec } from './catalogue';
import type { Issue } from './issues';
import type { CpuVendor } from './vocabulary';
import type { HypervPlan } from './plan';
import { versionAtLeast } from './versions';

export interface RuleContext {
  readonly hostCpuVendor: CpuVendor;
  readonly libvirtVersion?: string;
  /** Value options the user set explicitly (not inherited from the preset). */
  readonly explicitValues: ReadonlySet<string>;
}

export type Rule = (plan: HypervPlan, context: RuleContext) => Issue[];

const field = (s: FeatureSpec) => `enlightenments.${s.id}`;

/** A feature is written into the stylesheet when it has a state and, if nested, its parent is on. */
export function isRendered(plan: HypervPlan, spec: FeatureSpec): boolean {
  if (plan.features[spec.id] === undefined) return false;
  if (spec.kind === 'hyperv' && plan.mode === 'passthrough') return false;
  return spec.parent === undefined || plan.features[spec.parent] === 'on';
}

/** libvirt's RNG allows no children under `<hyperv mode='passthrough'>`, and libvirt ≥ 11.0 silently drops them. */
export const passthroughHasNoChildren: Rule = (plan) =>
  plan.mode !== 'passthrough'
    ? []
    : CATALOGUE.filter((s) => s.kind === 'hyperv' && plan.features[s.id] !== undefined).map((s) => ({
        code: 'PASSTHROUGH_CHILD',
        level: 'error',
        field: field(s),
        message: `mode 'passthrough' takes no child features (libvirt's schema refuses them), but ${s.id} is '${plan.features[s.id]}'; set enlightenments.${s.id} to 'omit', or set mode to 'custom'`,
      }));

/** QEMU refuses to start a VM whose enlightenment lacks a prerequisite ("Hyper-V X requires Hyper-V Y"). */
export const dependenciesAreOn: Rule = (plan) => {
  const issues: Issue[] = [];
  for (const s of CATALOGUE) {
    if (plan.features[s.id] !== 'on' || (s.kind === 'hyperv' && plan.mode === 'passthrough')) continue;
    for (const dep of s.requires) {
      const state = plan.features[dep] ?? 'omit';
      if (state === 'on') continue;
      const d = featureSpec(dep);
      issues.push({
        code: 'DEPENDENCY',
        level: 'error',
        field: field(s),
        message: `${s.id} requires ${dep} (QEMU: ${s.qemuFlag ?? s.id} requires ${d.qemuFlag ?? dep}), but ${dep} is '${state}'; set enlightenments.${dep} to 'on', or set enlightenments.${s.id} to 'off'`,
      });
    }
  }
  return issues;
};

/** libvirt requires `retries` on spinlocks and `value` on vendor_id when they are on. */
export const valuesPresentWhenOn: Rule = (plan) =>
  CATALOGUE.filter((s) => s.value && plan.mode === 'custom' && plan.features[s.id] === 'on' && plan[s.value.option] === undefined).map(
    (s) => ({
      code: 'VALUE_REQUIRED',
      level: 'error',
      field: s.value!.option,
      message: `${s.id} is 'on', and libvirt requires its ${s.value!.attribute} attribute; set ${s.value!.option}, or set enlightenments.${s.id} to 'omit'`,
    }),
  );

/** A value the user gave for a feature that is not on would be silently ignored: say so instead. */
export const valuesUsed: Rule = (plan, ctx) =>
  CATALOGUE.filter((s) => s.value && ctx.explicitValues.has(s.value.option) && (plan.features[s.id] !== 'on' || plan.mode !== 'custom')).map(
    (s) => ({
      code: 'VALUE_UNUSED',
      level: 'error',
      field: s.value!.option,
      message: `${s.value!.option} is set but ${s.id} is not on${plan.mode === 'custom' ? '' : ' in a custom-mode block'}, so it would be ignored; set enlightenments.${s.id} to 'on', or remove ${s.value!.option}`,
    }),
  );

/** Intel-only: on AMD, KVM offers no enlightened VMCS and QEMU fails with "hv-evmcs is not supported by kernel". */
export const cpuVendorSupportsFeatures: Rule = (plan, ctx) => {
  const issues: Issue[] = [];
  for (const s of CATALOGUE) {
    if (!s.cpuVendor || plan.features[s.id] !== 'on' || !isRendered(plan, s) || ctx.hostCpuVendor === s.cpuVendor) continue;
    if (ctx.hostCpuVendor === 'unknown') {
      issues.push({
        code: 'EVMCS_VENDOR_UNKNOWN',
        level: 'warning',
        field: field(s),
        message: `${s.id} is on and runs on ${s.cpuVendor} hosts only: an AMD host will refuse to start this VM ("${s.qemuFlag} is not supported by kernel"); set hostCpuVendor to '${s.cpuVendor}' to confirm, or set enlightenments.${s.id} to 'omit'`,
      });
    } else {
      issues.push({
        code: 'EVMCS_AMD',
        level: 'error',
        field: field(s),
        message: `${s.id} runs on ${s.cpuVendor} hosts only and hostCpuVendor is '${ctx.hostCpuVendor}': QEMU would refuse to start the VM ("${s.qemuFlag} is not supported by kernel"); set enlightenments.${s.id} to 'omit', or use HypervPreset.MIGRATION_SAFE`,
      });
    }
  }
  return issues;
};

/** libvirt refuses elements it does not know ("unsupported HyperV Enlightenment feature"). */
export const libvirtKnowsFeatures: Rule = (plan, ctx) => {
  const version = ctx.libvirtVersion;
  if (version === undefined) return [];
  const issues: Issue[] = [];
  if (plan.mode === 'passthrough' && !versionAtLeast(version, PASSTHROUGH_LIBVIRT_SINCE)) {
    issues.push({
      code: 'LIBVIRT_TOO_OLD',
      level: 'error',
      field: 'mode',
      message: `mode 'passthrough' needs libvirt ${PASSTHROUGH_LIBVIRT_SINCE} or later, but libvirtVersion is ${version}; set mode to 'custom', or raise libvirtVersion`,
    });
  }
  for (const s of CATALOGUE) {
    if (!isRendered(plan, s) || versionAtLeast(version, s.libvirtSince)) continue;
    issues.push({
      code: 'LIBVIRT_TOO_OLD',
      level: 'error',
      field: field(s),
      message: `${s.id} needs libvirt ${s.libvirtSince} or later, but libvirtVersion is ${version}; set enlightenments.${s.id} to 'omit', or raise libvirtVersion`,
    });
  }
  return issues;
};

/** The platform facts (domain type, arch) some warnings depend on: they belong to the domain, not to the options. */
export interface DomainPlatform {
  /** libvirt's domain `type` (`kvm`, `qemu`, `xen`, ...), as the resource body or `<domain type>` gives it. */
  readonly type?: unknown;
  /** The guest architecture (`<os><type arch>`, the provider's `arch`). */
  readonly arch?: unknown;
}

/** Architectures with Hyper-V enlightenments (QEMU implements them for x86 only). */
export const HYPERV_ARCHES: readonly string[] = Object.freeze(['i686', 'x86_64']);
/** Domain types whose hypervisor is QEMU, the one that implements the enlightenments. */
export const HYPERV_DOMAIN_TYPES: readonly string[] = Object.freeze(['kvm', 'qemu']);

/** A plain value such as 'kvm'; unresolved tokens (`${TfToken[...]}`) and other types say nothing. */
const known = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_.-]+$/.test(value);

/**
 * Checks the plan against the domain. Another architecture or domain type: the stylesheet leaves the domain
 * untouched, so nothing of the options is applied. With type 'qemu' (TCG, no KVM) QEMU refuses some enlightenments
 * at start, and provider 0.8.3 starts every domain it creates, even with `running = false`: the apply would fail and
 * leave the domain defined in libvirt but not in the state. Warnings, since the domain XML itself is valid.
 */
export function domainIssues(plan: HypervPlan, domain: DomainPlatform): Issue[] {
  const untouched = 'so the stylesheet leaves the domain untouched and none of these options is applied';
  if (known(domain.arch) && !HYPERV_ARCHES.includes(domain.arch)) {
    return [
      warning('NOT_X86', 'arch', `the domain's arch is '${domain.arch}', and Hyper-V enlightenments exist on x86 only (${HYPERV_ARCHES.join(', ')}), ${untouched}; use arch 'x86_64' for a Windows VM, or leave the Hyper-V stylesheet off this domain`),
    ];
  }
  if (known(domain.type) && !HYPERV_DOMAIN_TYPES.includes(domain.type)) {
    return [
      warning('NOT_KVM_OR_QEMU', 'type', `the domain's type is '${domain.type}', and the enlightenments are QEMU's (${HYPERV_DOMAIN_TYPES.join(', ')}), ${untouched}; use type 'kvm' (or 'qemu' without KVM), or leave the Hyper-V stylesheet off this domain`),
    ];
  }
  if (domain.type !== 'qemu') return [];
  return CATALOGUE.filter((s) => s.kvmOnly && plan.features[s.id] === 'on' && isRendered(plan, s)).map((s) => {
    const dependents = CATALOGUE.filter((d) => plan.features[d.id] === 'on' && d.id !== s.id && dependsOn(d.id, s.id)).map((d) => d.id);
    return warning(
      'NEEDS_KVM',
      field(s),
      `${s.id} is on but the domain type is 'qemu' (TCG, no KVM), where QEMU refuses ${s.qemuFlag}; provider 0.8.3 starts every domain it creates (even with running = false), so the apply would fail; use type 'kvm' on a KVM host, or set ${[s.id, ...dependents].map((id) => `enlightenments.${id}`).join(', ')} to 'omit'`,
    );
  });
}

const warning = (code: Issue['code'], fieldName: string, message: string): Issue => ({ code, level: 'warning', field: fieldName, message });

/**
 * Custom mode with no enlightenment rendered writes an empty `<hyperv>`, which replaces the domain's own: every
 * enlightenment it had is erased. Valid XML, so a warning; mostly a preset without children (passthrough) switched
 * to mode custom, or every feature set to 'omit'.
 */
export const customModeRendersSomething: Rule = (plan) =>
  plan.mode !== 'custom' || CATALOGUE.some((s) => s.kind === 'hyperv' && isRendered(plan, s))
    ? []
    : [
        warning(
          'NO_ENLIGHTENMENTS',
          'mode',
          `mode is 'custom' but no enlightenment is set (every one is 'omit'), so the stylesheet writes an empty <hyperv> and erases the enlightenments the domain has; set some to 'on' (HypervPreset.RHEL10 has the recommended set), or set mode to 'passthrough'`,
        ),
      ];

/** True when `id` needs `target`, directly or through other features. */
export function dependsOn(id: FeatureSpec['id'], target: FeatureSpec['id'], seen: Set<string> = new Set()): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  return featureSpec(id).requires.some((dep) => dep === target || dependsOn(dep, target, seen));
}

export const RULES: readonly Rule[] = Object.freeze([
  passthroughHasNoChildren,
  dependenciesAreOn,
  valuesPresentWhenOn,
  valuesUsed,
  cpuVendorSupportsFeatures,
  libvirtKnowsFeatures,
  customModeRendersSomething,
]);
