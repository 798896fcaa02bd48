import { VALUE_OPTIONS } from './catalogue';
import type { FeatureOverrides, FeatureValueOptions } from './generated/catalogue-types';
import type { HostProfile } from './host-profile';
import type { HypervPreset } from './presets';
import type { ClockOffset, CpuVendor, HypervMode } from './vocabulary';

export type { FeatureOverrides, FeatureValueOptions } from './generated/catalogue-types';
export { CLOCK_OFFSETS, CPU_VENDORS, FEATURE_STATES, HYPERV_MODES } from './vocabulary';
export type { ClockOffset, CpuVendor, FeatureState, HypervMode } from './vocabulary';

/** Everything that decides the stylesheet. Shared by the construct, the aspect and the CLI. */
export interface HypervOptions extends FeatureValueOptions {
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
  readonly host?: HostProfile | HostProfile[];
}

/** The option names, for refusing misspelt keys from plain JavaScript; the value options come from the catalogue. */
export const HYPERV_OPTION_NAMES: readonly (keyof HypervOptions)[] = Object.freeze([
  'preset',
  'enlightenments',
  'mode',
  ...VALUE_OPTIONS,
  'clockOffset',
  'hostCpuVendor',
  'libvirtVersion',
  'stylesheetRevision',
  'host',
]);
