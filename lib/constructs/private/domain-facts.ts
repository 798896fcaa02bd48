import { Token } from 'cdktf';
import { DomainFacts } from '../../core';

/** Not a string (absent, or something the provider would refuse): the field's default applies. */
const UNSET = Symbol('unset');

/**
 * A string field as the checks see it: its literal value, undefined for a token (unknown at synth), UNSET otherwise.
 * One Token.isUnresolved per field: it runs for every VM.
 */
const read = (value: unknown): string | undefined | typeof UNSET => (typeof value !== 'string' ? UNSET : Token.isUnresolved(value) ? undefined : value);

/** The field's value, or `fallback` when UNSET. */
const or = <T>(value: string | undefined | typeof UNSET, fallback: T): string | undefined | T => (value === UNSET ? fallback : value);

/** The first element of a block given as a list (the provider's `tpm`), or the block itself. */
const block = (value: unknown): Record<string, unknown> | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
};

/**
 * The facts the host checks need, from the domain's config as the provider reads it: `type` defaults to kvm and the
 * machine to libvirt's default (i440fx); `firmware` becomes the `<loader>`; a `tpm` block is the emulator unless
 * `backend_type` says otherwise. Tokens are unknown. `keys` picks the spelling: construct props or Terraform JSON.
 */
function factsFrom(config: Record<string, unknown>, keys: { backendType: string }): DomainFacts {
  const tpm = block(config.tpm);
  const backend = tpm === undefined ? UNSET : read(tpm[keys.backendType]);
  return {
    type: or(read(config.type), 'kvm'),
    // No arch is the host's: the provider leaves <os><type arch> to libvirt.
    arch: or(read(config.arch), undefined),
    machine: or(read(config.machine), ''),
    loader: or(read(config.firmware), null),
    tpmEmulator: tpm === undefined ? false : backend === undefined ? undefined : or(backend, 'emulator') === 'emulator',
  };
}

/** From WindowsDomain props (camelCase). */
export const factsFromProps = (props: object): DomainFacts => factsFrom(props as Record<string, unknown>, { backendType: 'backendType' });

/** From a resource's synthesized body (snake_case). */
export const factsFromBody = (body: Record<string, unknown> | undefined): DomainFacts => factsFrom(body ?? {}, { backendType: 'backend_type' });
