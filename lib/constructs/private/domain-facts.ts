import { Token } from 'cdktf';
import { DomainFacts } from '../../core';

/** A literal string, or undefined for a token (unknown at synth) or anything else. */
const literal = (value: unknown): string | undefined => (typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined);

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
  const unknown = (value: unknown) => typeof value === 'string' && Token.isUnresolved(value);
  const tpm = block(config.tpm);
  const backend = tpm?.[keys.backendType];
  return {
    type: unknown(config.type) ? undefined : (literal(config.type) ?? 'kvm'),
    // No arch is the host's: the provider leaves <os><type arch> to libvirt.
    arch: literal(config.arch),
    machine: unknown(config.machine) ? undefined : (literal(config.machine) ?? ''),
    loader: unknown(config.firmware) ? undefined : (literal(config.firmware) ?? null),
    tpmEmulator: tpm === undefined ? false : unknown(backend) ? undefined : (literal(backend) ?? 'emulator') === 'emulator',
  };
}

/** From WindowsDomain props (camelCase). */
export const factsFromProps = (props: object): DomainFacts => factsFrom(props as Record<string, unknown>, { backendType: 'backendType' });

/** From a resource's synthesized body (snake_case). */
export const factsFromBody = (body: Record<string, unknown> | undefined): DomainFacts => factsFrom(body ?? {}, { backendType: 'backend_type' });
