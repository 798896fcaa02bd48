/**
 * The annotations (warnings, errors) a CDKTF app left in cdktf.out/manifest.json, printed the way cdktf-cli 0.21
 * prints them after its synth: `WARN [stack/construct]: message`, an error's stack trace after it, and a non-zero
 * exit when any error was recorded. Without this, `npm run synth` (which runs the app without cdktf-cli) would hide
 * every HyperV-* warning.
 */
import { readFileSync } from 'fs';

interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
  readonly stacktrace?: readonly string[];
}

interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly annotations?: readonly ManifestAnnotation[] }>>;
}

/** cdktf's AnnotationMetadataEntryType values and the words cdktf-cli prints for them. */
const LEVELS: Readonly<Record<string, string>> = { '@cdktf/info': 'INFO', '@cdktf/warn': 'WARN', '@cdktf/error': 'ERROR' };

export interface AnnotationReport {
  /** The lines to print on stderr, in the manifest's order. */
  readonly lines: readonly string[];
  readonly errors: number;
  readonly warnings: number;
}

/** The report for a manifest's text. */
export function annotationReport(manifestText: string): AnnotationReport {
  const manifest = JSON.parse(manifestText) as Manifest;
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const stack of Object.values(manifest.stacks)) {
    for (const annotation of stack.annotations ?? []) {
      const level = LEVELS[annotation.level] ?? annotation.level;
      if (level === 'ERROR') errors += 1;
      if (level === 'WARN') warnings += 1;
      lines.push(`${level} [${annotation.constructPath}]: ${annotation.message}`);
      if (level === 'ERROR' && annotation.stacktrace) lines.push(...annotation.stacktrace);
    }
  }
  return { lines, errors, warnings };
}

/** Prints the annotations of `manifestFile` to stderr; returns the exit code cdktf-cli would give (1 on errors). */
export function printAnnotations(manifestFile: string): number {
  const report = annotationReport(readFileSync(manifestFile, 'utf8'));
  for (const line of report.lines) process.stderr.write(`${line}\n`);
  if (report.errors === 0) return 0;
  process.stderr.write('While synthesizing one or more error annotations have been encountered. Please check the log output above.\n');
  return 1;
}
