import { Token } from 'cdktf';
import { DomainFacts } from '../../core';

/** A literal string, or undefined for a token (unknown at synth) or anything else. */
const literal = (value: unknown): string | undefined => (typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined);

/**
 * Whether the domain has a TPM with the emulator (swtpm) backend, the provider's default: undefined when a token hides
 * the block or its backend. Reads construct props (`backendType`) and synthesized bodies (`backend_type`) alike. Host
 * checks treat undefined as "maybe"; the state protection counts it as present.
 */
export function emulatedTpm(config: Record<string, unknown>): boolean | undefined {
  const first = Array.isArray(config.tpm) ? config.tpm[0] : config.tpm;
  if (first === undefined || first === null) return false;
  if (typeof first !== 'object' || Token.isUnresolved(first)) return undefined;
  const fields = first as { backendType?: unknown; backend_type?: unknown };
  const backend = fields.backendType ?? fields.backend_type;
  if (backend === undefined) return true;
  return literal(backend) === undefined ? undefined : backend === 'emulator';
}

/** Not a string (absent, or something the provider would refuse): the field's default applies. */
const UNSET = Symbol('unset');

/**
 * A string field as the checks see it: its literal value, undefined for a token (unknown at synth), UNSET otherwise.
 * One Token.isUnresolved per field: it runs for every VM.
 */
const read = (value: unknown): string | undefined | typeof UNSET => (typeof value !== 'string' ? UNSET : Token.isUnresolved(value) ? undefined : value);

/** The field's value, or `fallback` when UNSET. */
const or = <T>(value: string | undefined | typeof UNSET, fallback: T): string | undefined | T => (value === UNSET ? fallback : value);

/**
 * The facts the domain checks need, from the domain's config as the provider reads it: `type` defaults to kvm and
 * the machine to libvirt's default (i440fx); `firmware` becomes the `<loader>`. Tokens are unknown. Construct props
 * (camelCase) and synthesized bodies (snake_case) spell the keys read here the same.
 */
export function domainFactsOf(config: Record<string, unknown> | object | undefined): DomainFacts {
  const fields = (config ?? {}) as Record<string, unknown>;
  return {
    type: or(read(fields.type), 'kvm'),
    // No arch is the host's: the provider leaves <os><type arch> to libvirt.
    arch: or(read(fields.arch), undefined),
    machine: or(read(fields.machine), ''),
    loader: or(read(fields.firmware), null),
    tpmEmulator: emulatedTpm(fields),
  };
}
