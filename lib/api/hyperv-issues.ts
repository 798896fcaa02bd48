import { ISSUE_CODES, Issue, IssueCodeSpec, formatIssue } from '../core';

/** How issues read: `HyperV-CODE: field: message`, the form synth warnings, errors and the CLI use. */
export class HypervIssues {
  /** `HyperV-DEPENDENCY: enlightenments.synic: ...` */
  public static format(issue: Issue): string {
    return formatIssue(issue);
  }

  /** Every message code, with its levels, what raises it and what it means (the README's code tables). */
  public static codes(): IssueCodeSpec[] {
    return ISSUE_CODES.map((c) => ({ ...c, levels: [...c.levels] }));
  }

  private constructor() {}
}
