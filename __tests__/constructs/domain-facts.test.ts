/** One reading of the domain's config for the host checks, the platform warnings and the state protection. */
import { Fn } from 'cdktf';
import { domainFactsOf, emulatedTpm } from '../../lib/constructs/private/domain-facts';

test.each([
  ['no tpm', {}, false],
  ['the provider default backend (props)', { tpm: { backendVersion: '2.0' } }, true],
  ['the emulator, named (props)', { tpm: { backendType: 'emulator' } }, true],
  ['the emulator, named (synthesized body, as a list)', { tpm: [{ backend_type: 'emulator' }] }, true],
  ['passthrough (body)', { tpm: { backend_type: 'passthrough' } }, false],
  ['passthrough (props)', { tpm: { backendType: 'passthrough' } }, false],
  ['a token for the backend', { tpm: { backendType: Fn.lower('EMULATOR') } }, undefined],
  ['a token for the whole block', { tpm: Fn.lookup({}, 'tpm') }, undefined],
])('emulatedTpm: %s', (_what, config, expected) => {
  expect(emulatedTpm(config as Record<string, unknown>)).toBe(expected);
});

test('domainFactsOf: provider defaults, literal values, tokens unknown', () => {
  expect(domainFactsOf({})).toEqual({ type: 'kvm', arch: undefined, machine: '', loader: null, tpmEmulator: false });
  expect(domainFactsOf({ type: 'qemu', arch: 'x86_64', machine: 'q35', firmware: '/OVMF.fd' })).toEqual({
    type: 'qemu', arch: 'x86_64', machine: 'q35', loader: '/OVMF.fd', tpmEmulator: false,
  });
  expect(domainFactsOf({ type: Fn.lower('KVM'), machine: Fn.lower('Q35'), firmware: Fn.lower('X'), arch: Fn.lower('X') })).toEqual({
    type: undefined, arch: undefined, machine: undefined, loader: undefined, tpmEmulator: false,
  });
});
