import { describeValue } from './describe-value';
import { closestName } from './suggest';

/** Stable codes; messages surface as `HyperV-<CODE>: ...` so users and tests can grep them. */
export type IssueCode =
  | 'UNKNOWN_OPTION'
  | 'INVALID_OPTION'
  | 'UNKNOWN_FEATURE'
  | 'DEPENDENCY'
  | 'VALUE_REQUIRED'
  | 'VALUE_UNUSED'
  | 'RETRIES_RANGE'
  | 'VENDOR_ID'
  | 'PASSTHROUGH_CHILD'
  | 'EVMCS_AMD'
  | 'EVMCS_VENDOR_UNKNOWN'
  | 'LIBVIRT_TOO_OLD'
  | 'NEEDS_KVM'
  | 'STYLESHEET_REVISION'
  | 'STYLESHEET_REVISION_UNPINNED'
  | 'STATE_PROTECTED'
  | 'STATE_AT_RISK'
  // Host profiles (host-checks.ts): each says what one host would refuse.
  | 'HOST_PROFILE'
  | 'HOST_CONFLICT'
  | 'HOST_NO_KVM'
  | 'HOST_CPU_VENDOR'
  | 'HOST_LIBVIRT_TOO_OLD'
  | 'HOST_QEMU_TOO_OLD'
  | 'HOST_HYPERV_FEATURE'
  | 'HOST_NO_Q35'
  | 'HOST_NO_SECURE_BOOT'
  | 'HOST_FIRMWARE'
  | 'HOST_NO_TPM'
  | 'HOST_PRESET_DROPPED'
  | 'NO_ENLIGHTENMENTS'
  | 'NOT_X86'
  | 'NOT_KVM_OR_QEMU';

export interface Issue {
  readonly code: IssueCode;
  /** `info` says what the library did for the user (e.g. a protection it added), with how to change it. */
  readonly level: 'error' | 'warning' | 'info';
  /** The option path the user has to change, e.g. `enlightenments.synic`. */
  readonly field: string;
  /** What is wrong and what to set instead. */
  readonly message: string;
}

/** `HyperV-DEPENDENCY: enlightenments.synic: ...` */
export function formatIssue(issue: Issue): string {
  return `HyperV-${issue.code}: ${issue.field}: ${issue.message}`;
}

const BRAND = Symbol.for('libvirt-hyperv.HypervValidationError');

/**
 * Thrown for options that cannot be turned into a stylesheet, by the constructs, the aspect and the core alike; carries
 * every error found. Its message has one line per error, `[construct path] HyperV-CODE: field: message`, which is also
 * what Python and Go users see (jsii passes the message on).
 *
 * @jsii ignore
 */
export class HypervValidationError extends Error {
  /** True for errors thrown by any copy of this library (no `instanceof`). */
  public static isHypervValidationError(x: unknown): x is HypervValidationError {
    return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  public readonly issues: Issue[];

  /** `scopePath`: the construct the options belong to, when there is one. */
  constructor(issues: readonly Issue[], scopePath?: string) {
    super(issues.map((i) => `${scopePath !== undefined ? `[${scopePath}] ` : ''}${formatIssue(i)}`).join('\n'));
    this.name = 'HypervValidationError';
    this.issues = [...issues];
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function errorIssue(code: Issue['code'], field: string, message: string): Issue {
  return { code, level: 'error', field, message };
}

/** A key as it appears in a field: whole unless it is absurdly long (a megabyte key must not make a megabyte error). */
/** A user's key as it appears in a field name: megabyte keys are clipped. */
function keyInField(key: string): string {
  return key.length <= 64 ? key : `${key.slice(0, 40)}...(${key.length} characters)`;
}

/** An issue for a name that is not among `known`, with the closest known name as a suggestion. */
export function unknownKey(code: Issue['code'], prefix: string, key: string, known: readonly string[]): Issue {
  const hint = closestName(key, known);
  return errorIssue(code, `${prefix}${keyInField(key)}`, `unknown name ${describeValue(key)}${hint ? `; did you mean '${hint}'?` : ''}; known: ${known.join(', ')}`);
}
