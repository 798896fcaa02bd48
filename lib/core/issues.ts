import { describeValue } from './describe-value';
import type { IssueCode } from './generated/catalogue-types';
import { issueCodeSpec } from './issue-codes';
import { closestName } from './suggest';
import type { IssueLevel } from './vocabulary';

export type { IssueCode } from './generated/catalogue-types';
export type { IssueLevel } from './vocabulary';

/** A problem found in the options or the domain; printed as `HyperV-<CODE>: <field>: <message>`. */
export interface Issue {
  /** Stable code from the code table (lib/core/issue-codes.ts), so users and tests can grep it. */
  readonly code: IssueCode;
  /** `info` says what the library did for the user (e.g. a protection it added), with how to change it. */
  readonly level: IssueLevel;
  /** The option path the user has to change, e.g. `enlightenments.synic`. */
  readonly field: string;
  /** What is wrong and what to set instead. */
  readonly message: string;
}

/** `HyperV-DEPENDENCY: enlightenments.synic: ...` */
export function formatIssue(issue: Issue): string {
  return `HyperV-${issue.code}: ${issue.field}: ${issue.message}`;
}

/** An issue of `code` at its table's usual level, or at `level` when the table allows it. */
export function issueOf(code: IssueCode, field: string, message: string, level?: IssueLevel): Issue {
  const spec = issueCodeSpec(code);
  const chosen = level ?? spec.levels[0];
  if (!spec.levels.includes(chosen)) throw new Error(`message code ${code} is not raised at level ${chosen} (lib/core/issue-codes.ts)`);
  return { code, level: chosen, field, message };
}

const BRAND = Symbol.for('libvirt-hyperv.HypervValidationError');

/**
 * Thrown for options that cannot be turned into a stylesheet, by the core and the constructs alike; carries every
 * error found. Its message is one `[scopePath] HyperV-CODE: field: message` line per issue (no prefix without a path).
 * @jsii ignore
 */
export class HypervValidationError extends Error {
  /** True for errors thrown by any copy of this library (no `instanceof`). */
  public static isHypervValidationError(x: unknown): x is HypervValidationError {
    return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
  }

  public readonly issues: Issue[];

  constructor(issues: readonly Issue[], scopePath?: string) {
    super(issues.map((i) => (scopePath ? `[${scopePath}] ${formatIssue(i)}` : formatIssue(i))).join('\n'));
    this.name = 'HypervValidationError';
    this.issues = [...issues];
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function errorIssue(code: IssueCode, field: string, message: string): Issue {
  return issueOf(code, field, message, 'error');
}

/** A user's key as it appears in a field name: megabyte keys are clipped. */
function keyInField(key: string): string {
  return key.length <= 64 ? key : `${key.slice(0, 40)}...(${key.length} characters)`;
}

/** An issue for a name that is not among `known`, with the closest known name as a suggestion. */
export function unknownKey(code: IssueCode, prefix: string, key: string, known: readonly string[]): Issue {
  const hint = closestName(key, known);
  return errorIssue(code, `${prefix}${keyInField(key)}`, `unknown name ${describeValue(key)}${hint ? `; did you mean '${hint}'?` : ''}; known: ${known.join(', ')}`);
}
