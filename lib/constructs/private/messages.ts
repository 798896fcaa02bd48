import { Token } from 'cdktf';
import { HYPERV_OPTION_NAMES, HypervOptions, Issue, errorIssue, unknownKey } from '../../core';
import { Domain } from '../../generated/libvirt/domain';

/**
 * The stylesheet is rendered at synth, so every Hyper-V option must be a literal: a token would reach the
 * stylesheet unvalidated (and Terraform would interpolate it into XSLT text).
 */
export function tokenIssues(options: HypervOptions): Issue[] {
  const issues: Issue[] = [];
  const check = (field: string, value: unknown) => {
    if (isToken(value)) issues.push(errorIssue('INVALID_OPTION', field, 'must be a literal value known at synth, not a token: the stylesheet is rendered at synth time'));
  };
  for (const key of Object.keys(options)) {
    if (key === 'preset') continue;
    const value = (options as Record<string, unknown>)[key];
    check(key, value);
    if (key === 'enlightenments' && typeof value === 'object' && value !== null && !Token.isUnresolved(value)) {
      for (const feature of Object.keys(value)) check(`enlightenments.${feature}`, (value as Record<string, unknown>)[feature]);
    }
  }
  return issues;
}

const isToken = (value: unknown): boolean =>
  value !== null && (typeof value === 'string' || typeof value === 'number' || typeof value === 'object') && Token.isUnresolved(value);

/** cdktf's meta-arguments, accepted by every resource config (TerraformMetaArguments). */
const META_ARGUMENTS: readonly string[] = ['dependsOn', 'count', 'provider', 'lifecycle', 'forEach', 'provisioners', 'connection'];

/**
 * The keys of DomainConfig, meta-arguments first: the generated Domain has an `…Input` getter for each of its config
 * attributes and blocks. Read once (the class does not change): every VM's keys are looked up in it.
 */
let domainConfigKeySet: ReadonlySet<string> | undefined;

function domainConfigKeySetOnce(): ReadonlySet<string> {
  domainConfigKeySet ??= new Set([
    ...META_ARGUMENTS,
    ...Object.getOwnPropertyNames(Domain.prototype)
      .filter((name) => name.endsWith('Input') && Object.getOwnPropertyDescriptor(Domain.prototype, name)?.get !== undefined)
      .map((name) => name.slice(0, -'Input'.length)),
  ]);
  return domainConfigKeySet;
}

/** A key of DomainConfig. */
export function isDomainConfigKey(key: string): boolean {
  return domainConfigKeySetOnce().has(key);
}

/** The domain setting names (DomainConfig's keys without xml), for suggestions. */
export function domainConfigKeys(): string[] {
  return [...domainConfigKeySetOnce()].filter((k) => k !== 'xml');
}

/**
 * Keys of `domain` the generated Domain does not take would be dropped silently: a misspelt `memroy` must not leave
 * the VM without its memory setting unnoticed. A Hyper-V option written there is pointed to `hyperv`.
 */
export function unknownDomainKeyIssues(domain: object): Issue[] {
  const unknown = Object.keys(domain).filter((key) => !isDomainConfigKey(key));
  if (unknown.length === 0) return []; // the common case stays cheap: it runs for every VM
  return unknown.map((key) =>
    (HYPERV_OPTION_NAMES as readonly string[]).includes(key)
      ? errorIssue('UNKNOWN_OPTION', `domain.${key}`, `${key} is a Hyper-V option, not a domain setting; move it into hyperv: { ${key}: ... }`)
      : unknownKey('UNKNOWN_OPTION', 'domain.', key, domainConfigKeys()),
  );
}
