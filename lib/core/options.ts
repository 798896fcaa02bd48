import type { FeatureId } from './catalogue';
import type { HostProfile } from './host-profile';
import type { HypervPreset } from './presets';

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

export type FeatureOverrides = { readonly [K in FeatureId]?: FeatureState };

/** Everything that decides the stylesheet. Shared by the construct, the aspect and the CLI. */
export interface HypervOptions {
  /**
   * The starting set of enlightenments and values: a HypervPreset, or a built-in preset's name as the CLI's
   * `--preset` takes it ('rhel10', 'windows11', 'migration-safe', 'passthrough'; other names are refused).
   * @default HypervPreset.RHEL10 - exactly the block of Red Hat's RHEL 10 guide, localtime clock, hypervclock
   */
  readonly preset?: HypervPreset | string;
  /**
   * Per-feature overrides on top of the preset.
   * @default - the preset's settings
   */
  readonly enlightenments?: FeatureOverrides;
  /**
   * `<hyperv mode>`.
   * @default - the preset's mode (`custom`, or `passthrough` for HypervPreset.PASSTHROUGH)
   */
  readonly mode?: HypervMode;
  /**
   * `<spinlocks retries>`: an integer from 4095 (libvirt's minimum) to 4294967295.
   * @default - the preset's value (8191 for RHEL10)
   */
  readonly spinlockRetries?: number;
  /**
   * `<vendor_id value>`: 1 to 12 bytes, no comma, no control characters.
   * @default - the preset's value ('KVM Hv' for RHEL10)
   */
  readonly vendorIdValue?: string;
  /**
   * `<clock offset>`.
   * @default - the preset's offset ('localtime')
   */
  readonly clockOffset?: ClockOffset;
  /**
   * CPU vendor of the hosts. `amd` refuses evmcs; `unknown` with evmcs on gives a warning.
   * @default 'unknown'
   */
  readonly hostCpuVendor?: CpuVendor;
  /**
   * The oldest libvirt the domain will be defined on ("X.Y.Z"); features newer than it are refused.
   * @default - not checked
   */
  readonly libvirtVersion?: string;
  /**
   * Which rendering of the stylesheet to use. Pinning it keeps `xml.xslt` byte-identical when the library is upgraded
   * (a byte change replaces the VM); a newer revision is an explicit opt-in. The context key
   * `libvirt-hyperv:stylesheetRevision` pins it for a whole app.
   * @default - the context key's value; without one, the oldest supported revision, with a
   * `HyperV-STYLESHEET_REVISION_UNPINNED` warning
   */
  readonly stylesheetRevision?: number;
  /**
   * The hosts the domain may run on, as profiles from `libvirt-hyperv host` (one, or a list: the VM must fit each).
   * Replaces hostCpuVendor and libvirtVersion, and checks what each host would refuse at start (KVM, CPU vendor,
   * versions, the host's Hyper-V list, q35, Secure Boot firmware, swtpm). Read a file with readHostProfile(path).
   * @default - no host checks
   */
  readonly host?: HostProfile | readonly HostProfile[];
}

/** The option names, for refusing misspelt keys from plain JavaScript. */
export const HYPERV_OPTION_NAMES: readonly (keyof HypervOptions)[] = Object.freeze([
  'preset',
  'enlightenments',
  'mode',
  'spinlockRetries',
  'vendorIdValue',
  'clockOffset',
  'hostCpuVendor',
  'libvirtVersion',
  'stylesheetRevision',
  'host',
]);
