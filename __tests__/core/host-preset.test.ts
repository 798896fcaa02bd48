import { join } from 'path';
import { CATALOGUE, HypervValidationError, HostProfile, HypervPreset, hostIssues, presetForHosts, resolveOptions } from '../../lib/core';
import { readHostProfile } from '../../lib/host';

const HOSTS = join(__dirname, '..', 'fixtures', 'hosts');
const profile = (name: string): HostProfile => readHostProfile(join(HOSTS, `${name}.json`));
const [CAPTURED, INTEL, AMD, OLD] = ['captured-tcg', 'intel-kvm', 'amd-kvm', 'old-libvirt'].map(profile);

/** Ids in catalogue order (libvirt's), the order presets and warnings list them in. */
const inCatalogueOrder = (ids: string[]) => CATALOGUE.map((s) => s.id).filter((id) => ids.includes(id));
const on = (preset: HypervPreset) => Object.keys(preset.settings.features);
const dropped = (preset: HypervPreset) => resolveOptions({ preset }).issues.filter((i) => i.code === 'HOST_PRESET_DROPPED').map((i) => i.field.replace('enlightenments.', ''));

describe('presetForHosts: the widest set every host offers', () => {
  test('one Intel KVM host: everything its Hyper-V list shows, evmcs and avic included; the nested tlbflush options are not provable', () => {
    const preset = presetForHosts(INTEL);
    expect(on(preset)).toEqual(inCatalogueOrder(['relaxed', 'vapic', 'spinlocks', 'vendorId', 'vpindex', 'runtime', 'synic', 'stimer', 'stimerDirect', 'frequencies', 'reset', 'tlbflush', 'reenlightenment', 'ipi', 'evmcs', 'avic', 'emsrBitmap', 'xmmInput', 'hypervclock']));
    expect(dropped(preset)).toEqual(['tlbflushDirect', 'tlbflushExtended']);
  });

  test('Intel and AMD together: no evmcs (AMD lists none), no reenlightenment (migration), and the result fits both', () => {
    const preset = presetForHosts([INTEL, AMD]);
    expect(on(preset)).not.toContain('evmcs');
    expect(on(preset)).not.toContain('reenlightenment');
    expect(dropped(preset)).toEqual(inCatalogueOrder(['tlbflushDirect', 'tlbflushExtended', 'reenlightenment', 'evmcs']));
    const { plan, issues } = resolveOptions({ preset, host: [INTEL, AMD] });
    expect(issues.filter((i) => i.level === 'error')).toEqual([]);
    expect(hostIssues(plan!, [INTEL, AMD], { type: 'kvm', machine: '', loader: null, tpmEmulator: false })).toEqual([]);
  });

  test('an old libvirt without a Hyper-V list: the RHEL 10 set minus what the host refuses (evmcs on its AMD CPU)', () => {
    const rhelWithoutEvmcs = on(HypervPreset.RHEL10).filter((id) => id !== 'evmcs');
    expect(on(presetForHosts(OLD))).toEqual(rhelWithoutEvmcs);
  });

  test('this machine under TCG: vpindex goes, and everything that needs it, each with its reason', () => {
    const preset = presetForHosts(CAPTURED, 'qemu');
    expect(on(preset)).toEqual(inCatalogueOrder(['relaxed', 'vapic', 'spinlocks', 'vendorId', 'runtime', 'frequencies', 'reset', 'reenlightenment', 'evmcs', 'hypervclock']));
    const synic = resolveOptions({ preset }).issues.find((i) => i.field === 'enlightenments.synic')!;
    expect(synic).toMatchObject({ level: 'warning', message: expect.stringContaining('it needs vpindex, which was left out') });
  });

  test('bad profiles are refused', () => {
    expect(() => presetForHosts({} as HostProfile)).toThrow(HypervValidationError);
  });

});
