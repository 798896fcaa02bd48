import { describeValue } from './describe-value';

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
  | 'NO_ENLIGHTENMENTS'
  | 'NOT_X86'
  | 'NOT_KVM_OR_QEMU';

export interface Issue {
  readonly code: IssueCode;
  readonly level: 'error' | 'warning';
  /** The option path the user has to change, e.g. `enlightenments.synic`. */
  readonly field: string;
  /** What is wrong and what to set instead. */
  readonly message: string;
}

/** `HyperV-DEPENDENCY: enlightenments.synic: ...` */
export function formatIssue(issue: Issue): string {
  return `HyperV-${issue.code}: ${issue.field}: ${issue.message}`;
}

const BRAND = Symbol.for('libvirt-hyperv.CoreValidationError');

/** Thrown by the core for options that cannot be turned into a stylesheet; carries every error found. */
export class CoreValidationError extends Error {
  public static isCoreValidationError(x: unknown): x is CoreValidationError {
    return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  public readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'CoreValidationError';
    this.issues = Object.freeze([...issues]);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function errorIssue(code: Issue['code'], field: string, message: string): Issue {
  return { code, level: 'error', field, message };
}

/** The known name the user most likely meant (case, dashes and underscores aside, or the same first letters). */
function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase().replace(/[-_]/g, '');
  return candidates.find((c) => c.toLowerCase() === lower) ?? candidates.find((c) => lower.length > 2 && c.toLowerCase().startsWith(lower.slice(0, 4)));
}

/** A key as it appears in a field: whole unless it is absurdly long (a megabyte key must not make a megabyte error). */
/** A user's key as it appears in a field name: megabyte keys are clipped. */
function keyInField(key: string): string {
  return key.length <= 64 ? key : `${key.slice(0, 40)}...(${key.length} characters)`;
}

/** An issue for a name that is not among `known`, with the closest known name as a suggestion. */
export function unknownKey(code: Issue['code'], prefix: string, key: string, known: readonly string[]): Issue {
  const hint = closest(key, known);
  return errorIssue(code, `${prefix}${keyInField(key)}`, `unknown name ${describeValue(key)}${hint ? `; did you mean '${hint}'?` : ''}; known: ${known.join(', ')}`);
}
