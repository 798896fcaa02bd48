/** A unified diff of two texts (jsdiff), coloured the way git and diff --color do, only when asked. */
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';

const STYLE = { header: '\x1b[1m', hunk: '\x1b[36m', removed: '\x1b[31m', added: '\x1b[32m', reset: '\x1b[0m' };

function colourLine(line: string, index: number): string {
  let style: string | undefined;
  if (index < 2) style = STYLE.header;
  else if (line.startsWith('@@')) style = STYLE.hunk;
  else if (line.startsWith('-')) style = STYLE.removed;
  else if (line.startsWith('+')) style = STYLE.added;
  return style && line !== '' ? `${style}${line}${STYLE.reset}` : line;
}

/** `--- before` / `+++ after` and the hunks, or '' when the texts are equal. */
export function unifiedDiff(
  before: { readonly label: string; readonly text: string },
  after: { readonly label: string; readonly text: string },
  options: { readonly context: number; readonly colour: boolean },
): string {
  if (before.text === after.text) return '';
  const patch = structuredPatch(before.label, after.label, before.text, after.text, undefined, undefined, { context: options.context });
  const text = formatPatch(patch, FILE_HEADERS_ONLY);
  if (!options.colour) return text;
  // Lines 0 and 1 are the file headers; later lines starting with '---' are removed content.
  return text
    .split('\n')
    .map((line, index) => colourLine(line, index))
    .join('\n');
}

/** no-color.org: any non-empty NO_COLOR turns colour off; otherwise colour only on a terminal. */
export function wantsColour(stdoutIsTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return stdoutIsTTY && !env.NO_COLOR;
}
