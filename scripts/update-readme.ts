/**
 * Rewrites the generated regions of README.md (between `<!-- NAME:start -->` and `<!-- NAME:end -->`) from the
 * catalogue and the message-code table. __tests__/readme.test.ts fails when the README is out of date; run `npm run docs` to fix it.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { renderCodeTable, renderFeatureTable } from '../lib/core';

export const README = join(__dirname, '..', 'README.md');

export function generatedRegions(): Record<string, string> {
  return { features: renderFeatureTable(), codes: renderCodeTable('validation'), 'host-codes': renderCodeTable('host') };
}

export function updateReadme(text: string): string {
  let out = text;
  for (const [name, content] of Object.entries(generatedRegions())) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    out = `${out.slice(0, from + start.length)}\n${content}\n${out.slice(to)}`;
  }
  return out;
}

if (require.main === module) {
  writeFileSync(README, updateReadme(readFileSync(README, 'utf8')));
  console.log(`README.md regenerated regions: ${Object.keys(generatedRegions()).join(', ')}`);
}
