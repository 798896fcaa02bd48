/**
 * The package's public API, listed name by name (README "API"; __tests__/package.test.ts holds the list). It is what
 * jsii compiles for Python and Go, so functions and constants are static members of classes. Everything else under
 * lib/ is internal: the CLI and the scripts import it from its module, so renaming an internal never breaks a user.
 */
export { WindowsDomain } from './constructs/windows-domain';
export type { WindowsDomainProps } from './constructs/windows-domain';
export type { WindowsDomainConfig } from './generated/windows-domain-config';
export { ExistingXslt, HypervAspect } from './constructs/hyperv-aspect';
export type { HypervAspectProps } from './constructs/hyperv-aspect';
export { HypervPreset } from './core/presets';
export type { PresetSettings } from './core/presets';
export type { ClockOffset, CpuVendor, FeatureOverrides, FeatureState, FeatureValueOptions, HypervMode, HypervOptions } from './core/options';
export type { FeatureId, FeatureSpec, FeatureValueSpec, ValueOption } from './core/catalogue';
export type { FeatureKind, FeatureValueType } from './core/vocabulary';
export type { PresetFeatures } from './core/generated/catalogue-types';
export type { HypervPlan } from './core/plan';
export type { Resolution } from './core/resolve';
export { HypervValidationError } from './core/issues';
export type { Issue, IssueCode, IssueLevel } from './core/issues';
export type { IssueCodeSpec } from './core/issue-codes';
export type { HostProfile, VirtTypeCapabilities } from './core/host-profile';
export { HostProfileError } from './host';
export { HostProfiles, HypervCatalogue, HypervIssues, HypervStylesheet } from './api';
export * as libvirt from './generated/libvirt';
