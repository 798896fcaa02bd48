/**
 * The facts the host checks need, read from the domain XML that `apply` and `diff` work on (already checked by
 * input.ts), and the host issues in CLI terms.
 */
import { DomainFacts, HypervPlan, Issue, formatIssue, hostIssues } from '../core';
import { child, parseXmlTree } from '../host/xml-tree';
import { firstErrorOf } from './errors';
import { issueForCli } from './flags';

/** `<domain type>`, `os/type/@machine`, the `<loader>` path, and whether a TPM uses the emulator backend. */
export function domainFactsFromXml(xml: string, name: string): DomainFacts {
  const root = parseXmlTree(xml, name);
  const tpms = child(root, 'devices')?.children.filter((c) => c.name === 'tpm') ?? [];
  const loader = child(root, 'os/loader');
  return {
    type: root.attributes.type ?? '',
    machine: child(root, 'os/type')?.attributes.machine ?? '',
    loader: loader ? loader.text : null,
    tpmEmulator: tpms.some((t) => child(t, 'backend')?.attributes.type === 'emulator'),
  };
}

/** Fields of the domain itself, named as XML paths (there is no flag for them). */
const DOMAIN_FIELDS: Readonly<Record<string, string>> = { type: 'domain/@type', machine: 'os/type/@machine', firmware: 'os/loader', tpm: 'devices/tpm' };

export function hostIssueForCli(issue: Issue): string {
  const xmlField = DOMAIN_FIELDS[issue.field];
  return xmlField ? formatIssue({ ...issue, field: xmlField }) : issueForCli(issue);
}

/**
 * Runs the host checks; the first error (with a count of the rest) is thrown as one line, warnings are returned.
 * `readDomain` is called only when there are hosts: without --host, apply and diff do not parse the domain again.
 */
export function checkHosts(plan: HypervPlan, hosts: unknown, readDomain: () => DomainFacts): string[] {
  if (hosts === undefined) return [];
  const issues = hostIssues(plan, hosts, readDomain());
  const errors = issues.filter((i) => i.level === 'error');
  if (errors.length > 0) throw firstErrorOf(errors, hostIssueForCli);
  return issues.map((i) => `warning: ${hostIssueForCli(i)}`);
}
