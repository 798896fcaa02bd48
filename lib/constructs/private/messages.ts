import { Token } from 'cdktf';
import { HYPERV_OPTION_NAMES, HypervOptions, Issue, errorIssue, formatIssue, unknownKey } from '../../core';
import { Domain } from '../../generated/libvirt/domain';

/** Splits props into the Hyper-V options and the rest (the generated domain config). */
export function splitHypervOptions<T extends HypervOptions>(props: T): { hyperv: HypervOptions; rest: Omit<T, keyof HypervOptions> } {
  const hyperv: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const value = (props as Record<string, unknown>)[key];
    if ((HYPERV_OPTION_NAMES as readonly string[]).includes(key)) hyperv[key] = value;
    else rest[key] = value;
  }
  return { hyperv: hyperv as HypervOptions, rest: rest as Omit<T, keyof HypervOptions> };
}

/**
 * The stylesheet is rendered at synth, so every Hyper-V option must be a literal: a token would reach the
 * stylesheet unvalidated (and Terraform would interpolate it into XSLT text).
 */
export function tokenIssues(options: HypervOptions): Issue[] {
  const issues: Issue[] = [];
  const check = (field: string, value: unknown) => {
    if (value !== null && (typeof value === 'string' || typeof value === 'number' || typeof value === 'object') && Token.isUnresolved(value)) {
      issues.push(errorIssue('INVALID_OPTION', field, 'must be a literal value known at synth, not a token: the stylesheet is rendered at synth time'));
    }
  };
  for (const [key, value] of Object.entries(options)) {
    if (key === 'preset') continue;
    check(key, value);
    if (key === 'enlightenments' && typeof value === 'object' && value !== null && !Token.isUnresolved(value)) {
      for (const [feature, state] of Object.entries(value)) check(`enlightenments.${feature}`, state);
    }
  }
  return issues;
}

export function errorText(path: string, issues: readonly Issue[]): string {
  return issues
    .filter((i) => i.level === 'error')
    .map((i) => `[${path}] ${formatIssue(i)}`)
    .join('\n');
}

/** cdktf's meta-arguments, accepted by every resource config (TerraformMetaArguments). */
const META_ARGUMENTS: readonly string[] = ['dependsOn', 'count', 'provider', 'lifecycle', 'forEach', 'provisioners', 'connection'];

/** A key of DomainConfig: the generated Domain has an `…Input` getter for each of its config attributes and blocks. */
function isDomainConfigKey(key: string): boolean {
  return META_ARGUMENTS.includes(key) || Object.getOwnPropertyDescriptor(Domain.prototype, `${key}Input`)?.get !== undefined;
}

/**
 * Props that are neither Hyper-V options nor domain settings would be dropped silently by the generated Domain:
 * a misspelt `spinlockRetry` must not leave the default in place unnoticed.
 */
export function unknownPropIssues(rest: object): Issue[] {
  const unknown = Object.keys(rest).filter((key) => !isDomainConfigKey(key));
  if (unknown.length === 0) return []; // the common case stays cheap: it runs for every VM
  const known = [...HYPERV_OPTION_NAMES, ...Object.getOwnPropertyNames(Domain.prototype).filter((k) => k.endsWith('Input')).map((k) => k.slice(0, -5))];
  return unknown.map((key) => unknownKey('UNKNOWN_OPTION', '', key, known));
}
