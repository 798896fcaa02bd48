import { CATALOGUE, FeatureId, findFeature } from './catalogue';
import { describeValue } from './describe-value';
import type { FeatureValueOptions, PresetFeatures } from './generated/catalogue-types';
import { HypervValidationError, Issue, errorIssue, unknownKey } from './issues';
import type { ClockOffset, HypervMode } from './vocabulary';

/** What a preset fixes: features not listed are left out of the stylesheet. */
export interface PresetSettings extends FeatureValueOptions {
  readonly mode: HypervMode;
  readonly features: PresetFeatures;
  readonly clockOffset: ClockOffset;
}

/** PresetFeatures being filled in (internal: the exported shape is the generated interface). */
export type FeatureSwitches = { -readonly [K in FeatureId]?: 'on' | 'off' };

const BRAND = Symbol.for('libvirt-hyperv.HypervPreset');

function on(...ids: FeatureId[]): PresetFeatures {
  return Object.fromEntries(ids.map((id) => [id, 'on']));
}

/**
 * A named starting point for the options. Pick one of the constants, or build your own with `HypervPreset.custom`.
 * Presets are values, not strings, so a typo is a compile error and the CLI lists exactly these.
 */
export class HypervPreset {
  /**
   * Exactly what Red Hat's RHEL 10 guide ("Enabling Hyper-V enlightenments") tells admins to paste with
   * `virsh edit`: 14 enlightenments (evmcs included, so Intel hosts only), localtime clock, hypervclock.
   */
  public static readonly RHEL10 = new HypervPreset('rhel10', 'The RHEL 10 guide\'s block: 14 enlightenments, evmcs included (Intel hosts).', {
    mode: 'custom',
    features: on('relaxed', 'vapic', 'spinlocks', 'vendorId', 'vpindex', 'runtime', 'synic', 'stimer', 'stimerDirect',
      'frequencies', 'reset', 'tlbflush', 'reenlightenment', 'ipi', 'evmcs', 'hypervclock'),
    spinlockRetries: 8191,
    vendorIdValue: 'KVM Hv',
    clockOffset: 'localtime',
  });

  /**
   * Vendor-neutral and safe to live-migrate, the common ground of OpenStack Nova and virt-install: no evmcs
   * (Intel-only, Nova bug 2009280), no reenlightenment (needs a pinned TSC frequency to migrate, Nova bug 2046549),
   * no stimer direct, reset or vendor_id. Keeps stimer with hypervclock, which stops Windows polling timers when idle.
   */
  public static readonly MIGRATION_SAFE = new HypervPreset('migration-safe', 'Runs on Intel and AMD and live-migrates: no evmcs, reenlightenment, reset, vendor_id.', {
    mode: 'custom',
    features: on('relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'frequencies', 'tlbflush', 'ipi', 'hypervclock'),
    spinlockRetries: 8191,
    clockOffset: 'localtime',
  });

  /**
   * `<hyperv mode='passthrough'/>`: QEMU enables every enlightenment the host's KVM offers. Not migratable unless
   * hosts are identical (libvirt docs). Keeps hypervclock, which stimer needs.
   */
  public static readonly PASSTHROUGH = new HypervPreset('passthrough', 'mode=passthrough: everything the host KVM offers; hosts must be identical to migrate.', {
    mode: 'passthrough',
    features: on('hypervclock'),
    clockOffset: 'localtime',
  });

  /**
   * The RHEL 10 set plus what Windows 11 needs on q35 and provider 0.8.3 gets wrong: CD-ROMs on SATA instead of
   * IDE, Secure Boot (`secure='yes'` with SMM), a CRB TPM 2.0, and the Windows timer policy (rtc catchup, pit
   * delay, hpet off). Each is decided in the stylesheet from the domain itself (q35, a UEFI loader, an emulated
   * TPM 2.0), so the same stylesheet is right for any input.
   */
  public static readonly WINDOWS11 = new HypervPreset('windows11', 'RHEL 10 set + Windows 11 on q35: SATA CD-ROMs, Secure Boot with SMM, CRB TPM 2.0, Windows timers.', {
    ...HypervPreset.RHEL10.settings,
    features: { ...HypervPreset.RHEL10.settings.features, ...on('sataCdrom', 'secureBoot', 'tpmCrb', 'windowsTimers') },
  });

  /** Every built-in preset, in the order the CLI and README list them. */
  public static all(): HypervPreset[] {
    return [HypervPreset.RHEL10, HypervPreset.WINDOWS11, HypervPreset.MIGRATION_SAFE, HypervPreset.PASSTHROUGH];
  }

  /** The built-in preset called `name`, or undefined. */
  public static named(name: string): HypervPreset | undefined {
    return HypervPreset.all().find((p) => p.name === name);
  }

  /** A preset of your own; it is validated like any other options when used. */
  public static custom(name: string, settings: PresetSettings): HypervPreset {
    // Values are checked when the preset is used (resolveOptions' preset steps); the shape is checked here, so that nothing is
    // silently dropped: a preset is built once, from code, and a typo in it should stop that code.
    const problems: Issue[] = [];
    if (typeof name !== 'string' || name === '') problems.push(errorIssue('INVALID_OPTION', 'preset.name', `expected a non-empty string, got ${describeValue(name)}`));
    if (typeof settings !== 'object' || settings === null || typeof settings.features !== 'object' || settings.features === null) {
      problems.push(errorIssue('INVALID_OPTION', 'preset', `expected settings such as { mode: 'custom', features: { relaxed: 'on' }, clockOffset: 'localtime' }, got ${describeValue(settings)}`));
    } else {
      const ids = CATALOGUE.map((s) => s.id);
      for (const key of Object.keys(settings.features)) {
        if (!findFeature(key)) problems.push(unknownKey('UNKNOWN_FEATURE', 'preset.features.', key, ids));
      }
    }
    if (problems.length > 0) throw new HypervValidationError(problems);
    return new HypervPreset(name, 'custom preset', settings);
  }

  /** True for presets made by any copy of this library (no `instanceof`). */
  public static isHypervPreset(x: unknown): x is HypervPreset {
    return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  public readonly settings: PresetSettings;

  private constructor(public readonly name: string, public readonly description: string, settings: PresetSettings) {
    Object.defineProperty(this, BRAND, { value: true });
    const features: FeatureSwitches = {};
    for (const entry of CATALOGUE) {
      const state = Object.prototype.hasOwnProperty.call(settings.features, entry.id) ? settings.features[entry.id] : undefined;
      if (state !== undefined) features[entry.id] = state;
    }
    // The settings are frozen; the preset itself is not, since jsii keeps an object id on it.
    this.settings = Object.freeze({ ...settings, features: Object.freeze(features) });
  }
}
