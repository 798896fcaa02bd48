import { CATALOGUE, FeatureId, childrenOf, featureSpec, findFeature } from '../../lib/core';

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
});
