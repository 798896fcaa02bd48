/** diff(1)'s exit codes, which every command uses: 2 is trouble of any kind. */
export const EXIT_OK = 0;
export const EXIT_CHANGED = 1;
export const EXIT_TROUBLE = 2;

/**
 * A failure the user can fix: printed as one line on stderr (`libvirt-hyperv: <message>`), exit code 2, no stack.
 * The message names what is wrong and what to do instead.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Collapses any text to one line, so every failure is exactly one line on stderr whatever produced it. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

/**
 * The CLI's error for a list of issues: the first one as one line, and how many more there are, so the user fixes one
 * thing at a time. `describe` words an issue for this command line (a flag, or an XML path for the domain's fields).
 */
export function firstErrorOf<T>(errors: readonly T[], describe: (error: T) => string): CliError {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more: fix this one and run again)` : '';
  return new CliError(`${describe(errors[0])}${more}`);
}
