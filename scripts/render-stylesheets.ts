/**
 * Writes xslt/*.xsl from the renderer. Run it only for an intended change of a stylesheet: every byte of these
 * files is ForceNew for the VMs built from them, so a change is a breaking change to list in the changelog.
 *
 * Usage: npm run render:stylesheets
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { planOrThrow, renderStylesheet, shippedStylesheets } from '../lib/core';

export const XSLT_DIR = join(__dirname, '..', 'xslt');

for (const { file, preset } of shippedStylesheets()) {
  writeFileSync(join(XSLT_DIR, file), renderStylesheet(planOrThrow({ preset }).plan));
  console.log(`wrote xslt/${file}`);
}
