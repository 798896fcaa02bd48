import { HypervPreset, planOrThrow, resolveOptions } from '../../lib/core';

describe('presets', () => {
  test('RHEL10 is exactly the RHEL 10 guide: 14 <hyperv> children, spinlocks 8191, vendor KVM Hv, localtime, hypervclock', () => {
    const { plan } = planOrThrow({ preset: HypervPreset.RHEL10, hostCpuVendor: 'intel' });
    expect(plan.mode).toBe('custom');
    expect(plan.features).toEqual({
      relaxed: 'on', vapic: 'on', spinlocks: 'on', vendorId: 'on', vpindex: 'on', runtime: 'on', synic: 'on', stimer: 'on',
      stimerDirect: 'on', frequencies: 'on', reset: 'on', tlbflush: 'on', reenlightenment: 'on', ipi: 'on', evmcs: 'on',
      hypervclock: 'on',
    });
    expect(plan.spinlockRetries).toBe(8191);
    expect(plan.vendorIdValue).toBe('KVM Hv');
    expect(plan.clockOffset).toBe('localtime');
  });

  test('RHEL10 is the default', () => {
    expect(resolveOptions({}).plan).toEqual(resolveOptions({ preset: HypervPreset.RHEL10 }).plan);
  });

  test('MIGRATION_SAFE leaves out what blocks AMD hosts or live migration', () => {
    const { plan, warnings } = planOrThrow({ preset: HypervPreset.MIGRATION_SAFE });
    for (const id of ['evmcs', 'reenlightenment', 'stimerDirect', 'vendorId', 'reset'] as const) expect(plan.features[id]).toBeUndefined();
    for (const id of ['relaxed', 'vapic', 'spinlocks', 'vpindex', 'synic', 'stimer', 'hypervclock'] as const) expect(plan.features[id]).toBe('on');
    expect(warnings).toEqual([]);
  });

  test('PASSTHROUGH has no children, keeps hypervclock', () => {
    const { plan } = planOrThrow({ preset: HypervPreset.PASSTHROUGH });
    expect(plan.mode).toBe('passthrough');
    expect(plan.features).toEqual({ hypervclock: 'on' });
  });

  test('every built-in preset resolves without errors, and names are unique', () => {
    for (const preset of HypervPreset.all()) expect(resolveOptions({ preset, hostCpuVendor: 'intel' }).plan).toBeDefined();
    const names = HypervPreset.all().map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(HypervPreset.named('migration-safe')).toBe(HypervPreset.MIGRATION_SAFE);
    expect(HypervPreset.named('nope')).toBeUndefined();
  });

  test('presets have frozen settings (the preset object is not frozen: jsii keeps an id on it) and are recognised without instanceof', () => {
    expect(Object.isFrozen(HypervPreset.RHEL10.settings)).toBe(true);
    expect(Object.isFrozen(HypervPreset.RHEL10.settings.features)).toBe(true);
    expect(HypervPreset.isHypervPreset(HypervPreset.RHEL10)).toBe(true);
    expect(HypervPreset.isHypervPreset({ name: 'rhel10', settings: HypervPreset.RHEL10.settings })).toBe(false);
  });

  test('a custom preset is validated like user input', () => {
    const broken = HypervPreset.custom('broken', { mode: 'custom', features: { stimer: 'on' }, clockOffset: 'localtime' });
    const { issues } = resolveOptions({ preset: broken });
    expect(issues.map((i) => i.code)).toEqual(['DEPENDENCY', 'DEPENDENCY']);
  });
});

describe('HypervPreset.custom refuses a malformed preset at once', () => {
  test.each([null, undefined, 'rhel10', { mode: 'custom' }, { features: null }])('fails when the settings are %p', (settings) => {
    expect(() => HypervPreset.custom('mine', settings as never)).toThrow(/HyperV-INVALID_OPTION: preset: expected settings/);
  });

  test('fails on an unknown feature id instead of dropping it', () => {
    expect(() => HypervPreset.custom('mine', { mode: 'custom', features: { stimer_direct: 'on' } as never, clockOffset: 'localtime' })).toThrow(
      /HyperV-UNKNOWN_FEATURE: preset.features.stimer_direct: unknown name "stimer_direct"; did you mean 'stimerDirect'\?/,
    );
  });

  test('fails on an empty name', () => {
    expect(() => HypervPreset.custom('', { mode: 'custom', features: {}, clockOffset: 'localtime' })).toThrow(/preset.name/);
  });
});
