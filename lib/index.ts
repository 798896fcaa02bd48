/**
 * The package's public API, listed name by name (README "API"; __tests__/package.test.ts holds the list).
 * Everything else under lib/ is internal: the CLI and the scripts import it from its module, so renaming an
 * internal never breaks a user.
 */
export { WindowsDomain } from './constructs/windows-domain';
export type { WindowsDomainProps } from './constructs/windows-domain';
export { ExistingXslt, HypervAspect } from './constructs/hyperv-aspect';
export type { HypervAspectProps } from './constructs/hyperv-aspect';
export { CATALOGUE } from './core/catalogue';
export type { FeatureId, FeatureSpec } from './core/catalogue';
export { HypervValidationError, formatIssue } from './core/issues';
export type { Issue, IssueCode } from './core/issues';
export type { ClockOffset, CpuVendor, FeatureOverrides, FeatureState, HypervMode, HypervOptions } from './core/options';
export type { HypervPlan } from './core/plan';
export { HypervPreset } from './core/presets';
export type { PresetSettings } from './core/presets';
export { planOrThrow, resolveOptions } from './core/resolve';
export type { Resolution } from './core/resolve';
export { renderStylesheet } from './core/stylesheet';
export {
  LATEST_STYLESHEET_REVISION,
  OLDEST_STYLESHEET_REVISION,
  STYLESHEET_REVISIONS,
  STYLESHEET_REVISION_CONTEXT_KEY,
  renderStylesheetRevision,
} from './core/revisions';
export type { HostProfile } from './core/host-profile';
export { presetForHosts } from './core/host-preset';
export * as libvirt from './generated/libvirt';
export { HostProfileError, readHostProfile } from './host';
