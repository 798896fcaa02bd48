/** The one "did you mean" rule, shared by the constructs, the core and the CLI. */
import { CATALOGUE, HYPERV_OPTION_NAMES, closestName } from '../../lib/core';

const FEATURES = CATALOGUE.map((s) => s.id);

test.each([
  ['stimerDirekt', FEATURES, 'stimerDirect'],
  ['stimer_direct', FEATURES, 'stimerDirect'],
  ['evmsc', FEATURES, 'evmcs'],
  ['vendor_id', FEATURES, 'vendorId'],
  ['tlbflushExtnded', FEATURES, 'tlbflushExtended'],
  ['spinlockRetry', HYPERV_OPTION_NAMES, 'spinlockRetries'],
  ['hostCPUVendor', HYPERV_OPTION_NAMES, 'hostCpuVendor'],
  ['firmwre', ['firmware', 'machine', 'memory'], 'firmware'],
  ['--evmsc', ['--evmcs', '--vapic'], '--evmcs'],
])('%s -> %s', (name, candidates, expected) => {
  expect(closestName(name, candidates)).toBe(expected);
});

test.each([['xyzzy'], ['a'], ['hyperv']])('%s: nothing close, no suggestion', (name) => {
  expect(closestName(name, [...FEATURES, ...HYPERV_OPTION_NAMES])).toBeUndefined();
});

test('a megabyte name gets no suggestion (and no quadratic walk)', () => {
  expect(closestName('x'.repeat(1_000_000), FEATURES)).toBeUndefined();
});
