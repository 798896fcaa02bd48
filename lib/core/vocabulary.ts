/**
 * The small closed vocabularies the options, the catalogue and the presets share. They import nothing, so the
 * catalogue, the options and the presets can all use them without importing each other.
 */

/** `on` and `off` write `state='on'|'off'`; `omit` leaves the feature out of the stylesheet. */
export type FeatureState = 'on' | 'off' | 'omit';
export const FEATURE_STATES: readonly FeatureState[] = Object.freeze(['on', 'off', 'omit']);

/** `<hyperv mode=...>`: `custom` lists each feature; `passthrough` lets QEMU enable all the host supports. */
export type HypervMode = 'custom' | 'passthrough';
export const HYPERV_MODES: readonly HypervMode[] = Object.freeze(['custom', 'passthrough']);

/**
 * `<clock offset=...>`: Windows keeps its RTC in local time, hence `localtime`; `utc` for guests set up otherwise;
 * `keep` leaves the domain's offset as it is (libvirt's default, `utc`, when there is no `<clock>`).
 */
export type ClockOffset = 'localtime' | 'utc' | 'keep';
export const CLOCK_OFFSETS: readonly ClockOffset[] = Object.freeze(['localtime', 'utc', 'keep']);

/** The CPU vendor of the hosts the domain will run on; evmcs exists only on Intel. */
export type CpuVendor = 'intel' | 'amd' | 'unknown';
export const CPU_VENDORS: readonly CpuVendor[] = Object.freeze(['intel', 'amd', 'unknown']);

/** Where libvirt expresses a feature: a `<hyperv>` child, the `<clock>` timer, or another part of the domain. */
export type FeatureKind = 'hyperv' | 'timer' | 'guest';

/** How a value option is typed: an integer attribute or a string attribute. */
export type FeatureValueType = 'integer' | 'string';

/** How serious an issue is; `info` says what the library did for the user, with how to change it. */
export type IssueLevel = 'error' | 'warning' | 'info';
