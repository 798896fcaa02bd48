/**
 * The guard of WindowsDomain's props: their shape, before anything is resolved. Plain JavaScript and Python can hand
 * over anything, and the 0.1 shape (domain settings and Hyper-V options side by side) is pointed to its new place.
 */
import { HYPERV_OPTION_NAMES, HypervOptions, Issue, describeValue, errorIssue, unknownKey } from '../../core';
import type { WindowsDomainConfig } from '../../generated/windows-domain-config';
import type { WindowsDomainProps } from '../windows-domain';
import { ErrorSite, FieldPath, throwOnErrors, under } from './pipeline';
import { isDomainConfigKey, unknownDomainKeyIssues } from './messages';
import { VM_STATE_PROP_NAMES, VmStateChoices } from './vm-state';

const PROP_NAMES: readonly (keyof WindowsDomainProps)[] = ['domain', 'hyperv', ...VM_STATE_PROP_NAMES];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The fields of the Hyper-V options as the props spell them; one function for every VM. */
const UNDER_HYPERV: FieldPath = under('hyperv');

/** A field of a check on the domain as the props spell it: Hyper-V options under `hyperv.`, domain settings under `domain.`. */
const checkFieldPath: FieldPath = (field) => {
  const root = field.split(/[.[]/, 1)[0]!;
  if ((HYPERV_OPTION_NAMES as readonly string[]).includes(root)) return `hyperv.${field}`;
  if (isDomainConfigKey(root)) return `domain.${field}`;
  return field;
};

export interface GuardedProps {
  readonly config: WindowsDomainConfig;
  readonly hyperv: HypervOptions;
  readonly state: VmStateChoices;
  /** How the issues of the options name their fields (all under `hyperv`). */
  readonly optionField: FieldPath;
  /** How the issues of the checks on the domain name theirs (about the options or the domain settings). */
  readonly checkField: FieldPath;
}

/** Checks the props' shape; throws a HypervValidationError naming `site`'s path and every problem found. */
export function guardWindowsDomainProps(props: unknown, site: ErrorSite): GuardedProps {
  if (!isObject(props)) {
    throwOnErrors([errorIssue('INVALID_OPTION', 'props', `expected an object such as { domain: { name: 'dc01', memory: 8192 } }, got ${describeValue(props)}`)], site);
  }
  const given = props as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(given)) {
    if ((PROP_NAMES as readonly string[]).includes(key)) continue;
    if ((HYPERV_OPTION_NAMES as readonly string[]).includes(key)) {
      issues.push(errorIssue('UNKNOWN_OPTION', key, `${key} is a Hyper-V option: move it into hyperv: { ${key}: ... }`));
    } else if (isDomainConfigKey(key) && key !== 'xml') {
      issues.push(errorIssue('UNKNOWN_OPTION', key, `${key} is a domain setting: move it into domain: { ${key}: ... }`));
    } else if (key !== 'xml') {
      issues.push(unknownKey('UNKNOWN_OPTION', '', key, PROP_NAMES));
    }
  }
  const { domain, hyperv } = given;
  if (!isObject(domain)) {
    issues.push(errorIssue('INVALID_OPTION', 'domain', `expected the provider's domain settings such as { name: 'dc01', memory: 8192 }, got ${describeValue(domain)}`));
  } else {
    issues.push(...unknownDomainKeyIssues(domain));
  }
  if ((isObject(domain) && domain.xml !== undefined) || given.xml !== undefined) {
    issues.push(
      errorIssue(
        'INVALID_OPTION',
        given.xml !== undefined ? 'xml' : 'domain.xml',
        'WindowsDomain writes xml.xslt itself and does not merge stylesheets; remove xml, or declare a plain Domain and apply HypervAspect with onExisting: ExistingXslt.REPLACE',
      ),
    );
  }
  if (hyperv !== undefined && !isObject(hyperv)) {
    issues.push(errorIssue('INVALID_OPTION', 'hyperv', `expected Hyper-V options such as { preset: 'windows11', hostCpuVendor: 'intel' }, got ${describeValue(hyperv)}`));
  }
  for (const name of VM_STATE_PROP_NAMES) {
    if (given[name] !== undefined && typeof given[name] !== 'boolean') issues.push(errorIssue('INVALID_OPTION', name, `expected true or false, got ${describeValue(given[name])}`));
  }
  throwOnErrors(issues, site);
  return {
    config: domain as WindowsDomainConfig,
    hyperv: (hyperv ?? {}) as HypervOptions,
    state: { allowNvramAndTpmLoss: given.allowNvramAndTpmLoss as boolean | undefined, ignoreStylesheetChanges: given.ignoreStylesheetChanges as boolean | undefined },
    optionField: UNDER_HYPERV,
    checkField: checkFieldPath,
  };
}
