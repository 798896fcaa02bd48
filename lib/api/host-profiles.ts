import { HostProfile, HypervPreset, HypervValidationError, describeValue, errorIssue, presetForHosts } from '../core';
import { readHostProfile } from '../host';

/** Host profiles: the JSON files `libvirt-hyperv host` writes, for the `host` option. */
export class HostProfiles {
  /**
   * Reads and checks the profile at `path`; throws (in TypeScript a HostProfileError) with one line saying what is
   * wrong and how to capture it again.
   */
  public static read(path: string): HostProfile {
    return readHostProfile(path);
  }

  /**
   * The widest custom-mode preset every host offers (the CLI's `--preset for-hosts`), for domains of `domainType`
   * (`kvm`, the provider's default, or `qemu`).
   */
  public static presetFor(hosts: HostProfile[], domainType: 'kvm' | 'qemu' = 'kvm'): HypervPreset {
    // Python and Go pass any string.
    if (domainType !== 'kvm' && domainType !== 'qemu') {
      throw new HypervValidationError([errorIssue('INVALID_OPTION', 'domainType', `got ${describeValue(domainType)}; use 'kvm' or 'qemu'`)]);
    }
    return presetForHosts(hosts, domainType);
  }

  private constructor() {}
}
