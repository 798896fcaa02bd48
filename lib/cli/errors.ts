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
