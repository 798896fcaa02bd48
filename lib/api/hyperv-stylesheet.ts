import {
  HypervOptions,
  LATEST_STYLESHEET_REVISION,
  OLDEST_STYLESHEET_REVISION,
  Resolution,
  STYLESHEET_REVISIONS,
  STYLESHEET_REVISION_CONTEXT_KEY,
  planOrThrow,
  renderStylesheetRevision,
  resolveUnknownOptions,
} from '../core';

/**
 * The stylesheet outside CDKTF: for HCL users who commit a .xsl file, for tests and previews. The constructs use the
 * same core. A class of static members, because jsii (Python, Go) does not carry exported functions and constants.
 */
export class HypervStylesheet {
  /** The newest stylesheet revision: what a new app should pin. */
  public static readonly LATEST_REVISION: number = LATEST_STYLESHEET_REVISION;
  /** The oldest revision this version still renders: what an unpinned app gets. */
  public static readonly OLDEST_REVISION: number = OLDEST_STYLESHEET_REVISION;
  /** The app context key that pins the revision of every domain in the app (cdktf.json `context`). */
  public static readonly REVISION_CONTEXT_KEY: string = STYLESHEET_REVISION_CONTEXT_KEY;

  /** Every revision this version renders, oldest first. */
  public static revisions(): number[] {
    return [...STYLESHEET_REVISIONS];
  }

  /**
   * Resolves options into the plan a stylesheet is rendered from, with every error and warning found. Never throws
   * on bad options: `plan` is absent when there is an error.
   */
  public static resolve(options: HypervOptions = {}): Resolution {
    // Guarded: plain JavaScript and other languages can pass anything, and a misspelt key must be reported.
    return resolveUnknownOptions(options);
  }

  /**
   * The stylesheet for the options, as `libvirt-hyperv stylesheet` prints it: at `options.stylesheetRevision`, or the
   * newest revision (a new file; pin the revision once VMs use it). Throws (in TypeScript a HypervValidationError)
   * with one line per error.
   */
  public static render(options: HypervOptions = {}): string {
    const { plan } = planOrThrow(options);
    return renderStylesheetRevision(plan, options.stylesheetRevision ?? LATEST_STYLESHEET_REVISION);
  }

  private constructor() {}
}
