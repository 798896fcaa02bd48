import { CATALOGUE, FeatureId, VALUE_OPTIONS, childrenOf, featureSpec, findFeature, publicFeatureSpec } from '../../lib/core';

// The libvirt element names of <hyperv> children, from libvirt 11.3.0 (src/conf/domain_conf.c virDomainHyperv).
const LIBVIRT_HYPERV_CHILDREN = [
  'relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'vendor_id', 'frequencies',
  'reenlightenment', 'tlbflush', 'ipi', 'evmcs', 'avic', 'emsr_bitmap', 'xmm_input',
];

describe('catalogue', () => {
  test('covers every <hyperv> child libvirt knows, plus the nested ones and the hypervclock timer', () => {
    const topLevel = CATALOGUE.filter((s) => s.kind === 'hyperv' && !s.parent).map((s) => s.element);
    expect([...topLevel].sort()).toEqual([...LIBVIRT_HYPERV_CHILDREN].sort());
    expect(childrenOf('stimer').map((s) => s.element)).toEqual(['direct']);
    expect(childrenOf('tlbflush').map((s) => s.element)).toEqual(['direct', 'extended']);
    expect(CATALOGUE.filter((s) => s.kind === 'timer').map((s) => s.element)).toEqual(['hypervclock']);
  });

  test('ids are unique and every dependency names a catalogue entry', () => {
    const ids = CATALOGUE.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of CATALOGUE) for (const dep of s.requires) expect(findFeature(dep)).toBeDefined();
  });

  test.each<[FeatureId, FeatureId[]]>([
    ['synic', ['vpindex']],
    ['stimer', ['synic', 'hypervclock']],
    ['stimerDirect', ['stimer']],
    ['tlbflush', ['vpindex']],
    ['ipi', ['vpindex']],
    ['evmcs', ['vapic']],
    ['tlbflushDirect', ['tlbflush', 'vapic']],
    ['tlbflushExtended', ['tlbflush']],
  ])('%s requires %j (QEMU kvm.c)', (id, requires) => {
    expect(featureSpec(id).requires).toEqual(requires);
  });

  test('nested entries require their parent', () => {
    for (const s of CATALOGUE.filter((c) => c.parent)) expect(s.requires).toContain(s.parent);
  });

  test('only evmcs is vendor-gated, to Intel', () => {
    expect(CATALOGUE.filter((s) => s.cpuVendor).map((s) => [s.id, s.cpuVendor])).toEqual([['evmcs', 'intel']]);
  });

  test.each<[FeatureId, string]>([
    ['stimerDirect', '5.7.0'],
    ['tlbflushDirect', '11.0.0'],
    ['tlbflushExtended', '11.0.0'],
    ['avic', '8.10.0'],
    ['emsrBitmap', '10.7.0'],
    ['xmmInput', '10.7.0'],
    ['evmcs', '4.10.0'],
  ])('%s needs libvirt %s', (id, since) => {
    expect(featureSpec(id).libvirtSince).toBe(since);
  });

  test('lookups ignore prototype keys', () => {
    expect(findFeature('__proto__')).toBeUndefined();
    expect(findFeature('constructor')).toBeUndefined();
    expect(findFeature('toString')).toBeUndefined();
  });

  test('the catalogue is frozen', () => {
    expect(Object.isFrozen(CATALOGUE)).toBe(true);
    expect(Object.isFrozen(CATALOGUE[0])).toBe(true);
    expect(Object.isFrozen(CATALOGUE[0].requires)).toBe(true);
  });

  test('a public FeatureSpec is plain data (jsii): no functions, fresh arrays, the same as its JSON', () => {
    for (const entry of CATALOGUE) {
      const spec = publicFeatureSpec(entry);
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      expect(spec.requires).not.toBe(entry.requires);
      expect('render' in spec).toBe(false);
    }
  });

  test('the value options and their limits are defined by their entries', () => {
    expect(VALUE_OPTIONS).toEqual(CATALOGUE.filter((s) => s.value).map((s) => s.value!.option));
    expect(VALUE_OPTIONS).toEqual(expect.arrayContaining(['spinlockRetries', 'vendorIdValue']));
    const retries = featureSpec('spinlocks').value!;
    expect([retries.valueType, retries.min, retries.max, retries.cliFlag, retries.cliDescription]).toEqual(['integer', 4095, 4294967295, '--spinlock-retries', '<spinlocks retries>: 4095 to 4294967295']);
    expect([retries.problem(4095), retries.problem(4294967295)]).toEqual([undefined, undefined]);
    expect(retries.problem(4094)).toBe("must be an integer from 4095 (libvirt's minimum) to 4294967295, got 4094");
    const vendor = featureSpec('vendorId').value!;
    expect([vendor.valueType, vendor.min, vendor.max, vendor.cliDescription]).toEqual(['string', 1, 12, '<vendor_id value>: 1 to 12 bytes, no comma']);
    expect(vendor.problem('x'.repeat(13))).toBe("must be at most 12 bytes (libvirt's limit; the CPUID leaf holds 12), got 13");
    expect(vendor.problem('KVM,Hv')).toMatch(/comma/);
  });

  test('only guest options carry a rendering, and every one of them does', () => {
    expect(CATALOGUE.filter((s) => s.render).map((s) => s.id)).toEqual(CATALOGUE.filter((s) => s.kind === 'guest').map((s) => s.id));
  });

  test('each entry names its CLI flag', () => {
    expect(featureSpec('stimerDirect').cliFlag).toBe('--stimer-direct');
  });
});
