/**
 * The static classes are the public API for every language (jsii carries no functions or constants): each is checked
 * against the shipped files and the core it wraps.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { HostProfiles, HypervCatalogue, HypervIssues, HypervOptions, HypervPreset, HypervStylesheet, HypervValidationError } from '../../lib';
import { CATALOGUE } from '../../lib/core';

const ROOT = join(__dirname, '..', '..');
const HOSTS = join(ROOT, '__tests__', 'fixtures', 'hosts');

describe('HypervStylesheet', () => {
  test('render gives the shipped stylesheet of each preset at the newest revision, or at the one asked for', () => {
    expect(HypervStylesheet.render()).toBe(readFileSync(join(ROOT, 'xslt', 'windows-enlightenments.xsl'), 'utf8'));
    expect(HypervStylesheet.render({ preset: 'windows11' })).toBe(readFileSync(join(ROOT, 'xslt', 'windows-enlightenments-windows11.xsl'), 'utf8'));
    expect(HypervStylesheet.render({ preset: HypervPreset.MIGRATION_SAFE, stylesheetRevision: HypervStylesheet.OLDEST_REVISION })).toBe(
      readFileSync(join(ROOT, 'xslt', 'revisions', String(HypervStylesheet.OLDEST_REVISION), 'windows-enlightenments-migration-safe.xsl'), 'utf8'),
    );
  });

  test('render throws one HypervValidationError with every error; resolve returns them without throwing', () => {
    let thrown: unknown;
    try {
      HypervStylesheet.render({ hostCpuVendor: 'amd', spinlockRetries: 1 });
    } catch (e) {
      thrown = e;
    }
    expect(HypervValidationError.isHypervValidationError(thrown)).toBe(true);
    expect((thrown as HypervValidationError).issues.map((i) => i.code)).toEqual(['RETRIES_RANGE', 'EVMCS_AMD']);
    expect((thrown as Error).message.split('\n')).toEqual([
      expect.stringMatching(/^HyperV-RETRIES_RANGE: spinlockRetries: /),
      expect.stringMatching(/^HyperV-EVMCS_AMD: enlightenments\.evmcs: /),
    ]);
    const resolution = HypervStylesheet.resolve({ hostCpuVendor: 'amd' });
    expect(resolution.plan).toBeUndefined();
    expect(resolution.issues.map((i) => i.code)).toEqual(['EVMCS_AMD']);
    expect(HypervStylesheet.resolve().plan?.presetName).toBe('rhel10');
    // Options are guarded as everywhere else: a misspelt key is refused with the right name.
    const misspelt = HypervStylesheet.resolve({ spinlockRetry: 4095 } as HypervOptions);
    expect(misspelt.plan).toBeUndefined();
    expect(misspelt.issues.filter((i) => i.level === 'error').map((i) => HypervIssues.format(i))).toEqual([
      expect.stringMatching(/^HyperV-UNKNOWN_OPTION: spinlockRetry: unknown name "spinlockRetry"; did you mean 'spinlockRetries'\?/),
    ]);
  });

  test('the revisions and the context key', () => {
    expect(HypervStylesheet.revisions()).toEqual([1]);
    expect([HypervStylesheet.OLDEST_REVISION, HypervStylesheet.LATEST_REVISION]).toEqual([1, 1]);
    expect(HypervStylesheet.REVISION_CONTEXT_KEY).toBe('libvirt-hyperv:stylesheetRevision');
    // The example app pins it under that key.
    expect(JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).context).toEqual({ [HypervStylesheet.REVISION_CONTEXT_KEY]: HypervStylesheet.LATEST_REVISION });
    // A copy: a caller cannot change what the library renders.
    HypervStylesheet.revisions().push(99);
    expect(HypervStylesheet.revisions()).toEqual([1]);
  });
});

describe('HypervCatalogue', () => {
  test('features are the catalogue, in its order, as copies', () => {
    const features = HypervCatalogue.features();
    expect(features.map((f) => f.id)).toEqual(CATALOGUE.map((s) => s.id));
    (features[0] as { summary: string }).summary = 'changed';
    expect(HypervCatalogue.features()[0].summary).not.toBe('changed');
  });

  test('feature(id) finds one entry, and names the closest id for a typo', () => {
    expect(HypervCatalogue.feature('stimerDirect')).toMatchObject({ element: 'direct', parent: 'stimer', qemuFlag: 'hv-stimer-direct' });
    expect(() => HypervCatalogue.feature('stimerDirekt')).toThrow(/^HyperV-UNKNOWN_FEATURE: stimerDirekt: unknown name "stimerDirekt"; did you mean 'stimerDirect'\?/);
  });
});

test('HypervIssues.format is the form of every message', () => {
  expect(HypervIssues.format({ code: 'DEPENDENCY', level: 'error', field: 'enlightenments.synic', message: 'synic requires vpindex' })).toBe(
    'HyperV-DEPENDENCY: enlightenments.synic: synic requires vpindex',
  );
});

describe('HostProfiles', () => {
  test('read checks a file; an unreported fact is absent', () => {
    const captured = HostProfiles.read(join(HOSTS, 'captured-tcg.json'));
    expect(captured.kvm).toBeUndefined();
    expect(captured.qemu?.q35Machine).toBe('pc-q35-7.2');
    expect(() => HostProfiles.read(join(HOSTS, 'missing.json'))).toThrow(/^cannot read host profile .*missing\.json: no such file$/);
  });

  test('presetFor gives the widest set both hosts offer, and refuses a domain type other than kvm or qemu', () => {
    const hosts = ['intel-kvm', 'amd-kvm'].map((h) => HostProfiles.read(join(HOSTS, `${h}.json`)));
    const preset = HostProfiles.presetFor(hosts);
    expect(preset.settings.features.evmcs).toBeUndefined();
    expect(preset.settings.features.synic).toBe('on');
    expect(() => HostProfiles.presetFor(hosts, 'xen' as 'kvm')).toThrow(/^HyperV-INVALID_OPTION: domainType: got "xen"; use 'kvm' or 'qemu'$/);
  });
});
