import { HypervPreset } from './presets';

/**
 * The stylesheet files the project ships in xslt/, one per built-in preset, rendered with the preset alone.
 * `windows-enlightenments.xsl` is the default (RHEL10) stylesheet HCL users load with `file()`.
 * These files are the ForceNew contract: a test fails when a rendering differs from them by one byte.
 */
export function shippedStylesheets(): ReadonlyArray<{ readonly file: string; readonly preset: HypervPreset }> {
  return HypervPreset.all().map((preset) => ({
    file: preset === HypervPreset.RHEL10 ? 'windows-enlightenments.xsl' : `windows-enlightenments-${preset.name}.xsl`,
    preset,
  }));
}

/**
 * Where, under xslt/, the pinned files of stylesheet revision `revision` live: the same file names as the newest set
 * in xslt/ itself. HCL users who copied a file take it from here to keep its bytes after an upgrade.
 */
export function revisionDirectory(revision: number): string {
  return `revisions/${revision}`;
}
