/**
 * Hostile values for every Hyper-V option, as plain JavaScript can pass them: wrong types, NaN, infinities,
 * negative and fractional numbers, boxed values, prototype keys, megabyte strings. Each row names the field the
 * refusal must name.
 */
import { HypervPreset } from '../../lib/core';

export const MEGABYTE = 'x'.repeat(1 << 20);

/** [description, options, field the error must name] */
export const HOSTILE_OPTIONS: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
  ['preset as an unknown name', { preset: 'rhel-10' }, 'preset'],
  ['preset as the class', { preset: HypervPreset }, 'preset'],
  ['preset as a look-alike object', { preset: { name: 'rhel10', settings: HypervPreset.RHEL10.settings } }, 'preset'],
  ['enlightenments as a string', { enlightenments: 'all' }, 'enlightenments'],
  ['enlightenments as an array', { enlightenments: ['evmcs'] }, 'enlightenments'],
  ['enlightenments as null', { enlightenments: null }, 'enlightenments'],
  ['a feature state true', { enlightenments: { evmcs: true } }, 'enlightenments.evmcs'],
  ['a feature state "ON"', { enlightenments: { relaxed: 'ON' } }, 'enlightenments.relaxed'],
  ['a feature state null', { enlightenments: { relaxed: null } }, 'enlightenments.relaxed'],
  ['a guest option turned off', { enlightenments: { sataCdrom: 'off' } }, 'enlightenments.sataCdrom'],
  ['an unknown feature', { enlightenments: { turbo: 'on' } }, 'enlightenments.turbo'],
  ['a misspelt feature', { enlightenments: { stimer_direct: 'on' } }, 'enlightenments.stimer_direct'],
  ['feature "__proto__" (JSON)', { enlightenments: JSON.parse('{"__proto__": "on"}') }, 'enlightenments.__proto__'],
  ['feature "constructor"', { enlightenments: { constructor: 'on' } }, 'enlightenments.constructor'],
  ['feature "hasOwnProperty"', { enlightenments: { hasOwnProperty: 'on' } }, 'enlightenments.hasOwnProperty'],
  ['mode 5', { mode: 5 }, 'mode'],
  ['mode "Passthrough"', { mode: 'Passthrough' }, 'mode'],
  ['spinlockRetries NaN', { spinlockRetries: Number.NaN }, 'spinlockRetries'],
  ['spinlockRetries Infinity', { spinlockRetries: Number.POSITIVE_INFINITY }, 'spinlockRetries'],
  ['spinlockRetries negative', { spinlockRetries: -8191 }, 'spinlockRetries'],
  ['spinlockRetries fractional', { spinlockRetries: 8191.5 }, 'spinlockRetries'],
  ['spinlockRetries below the minimum', { spinlockRetries: 4094 }, 'spinlockRetries'],
  ['spinlockRetries above 2^32-1', { spinlockRetries: 2 ** 32 }, 'spinlockRetries'],
  ['spinlockRetries as a string', { spinlockRetries: '8191' }, 'spinlockRetries'],
  ['spinlockRetries boxed', { spinlockRetries: Object(8191) }, 'spinlockRetries'],
  ['spinlockRetries as a bigint', { spinlockRetries: BigInt(8191) }, 'spinlockRetries'],
  ['spinlockRetries null', { spinlockRetries: null }, 'spinlockRetries'],
  ['vendorIdValue a number', { vendorIdValue: 42 }, 'vendorIdValue'],
  ['vendorIdValue boxed', { vendorIdValue: Object('KVM Hv') }, 'vendorIdValue'],
  ['vendorIdValue empty', { vendorIdValue: '' }, 'vendorIdValue'],
  ['vendorIdValue a megabyte', { vendorIdValue: MEGABYTE }, 'vendorIdValue'],
  ['vendorIdValue with a comma', { vendorIdValue: 'KVM,Hv' }, 'vendorIdValue'],
  ['vendorIdValue with a NUL', { vendorIdValue: 'KVM\u0000' }, 'vendorIdValue'],
  ['clockOffset true', { clockOffset: true }, 'clockOffset'],
  ['clockOffset "variable"', { clockOffset: 'variable' }, 'clockOffset'],
  ['hostCpuVendor an object', { hostCpuVendor: {} }, 'hostCpuVendor'],
  ['hostCpuVendor "Intel"', { hostCpuVendor: 'Intel' }, 'hostCpuVendor'],
  ['libvirtVersion a number', { libvirtVersion: 9 }, 'libvirtVersion'],
  ['libvirtVersion a megabyte', { libvirtVersion: MEGABYTE }, 'libvirtVersion'],
  ['mode a megabyte', { mode: MEGABYTE }, 'mode'],
];

/** An error message fit for a terminal: bounded whatever the input's size. */
export const SHORT = 2000;
