import { Issue, formatIssue } from '../core';

/** How issues read: `HyperV-CODE: field: message`, the form synth warnings, errors and the CLI use. */
export class HypervIssues {
  /** `HyperV-DEPENDENCY: enlightenments.synic: ...` */
  public static format(issue: Issue): string {
    return formatIssue(issue);
  }

  private constructor() {}
}
