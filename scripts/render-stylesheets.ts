/**
 * Writes xslt/*.xsl (the newest revision) and xslt/revisions/<newest>/*.xsl from the renderer. Run it only for an
 * intended change of the newest revision before it is released: every byte of these files is ForceNew for the VMs
 * built from them, so a change is a breaking change to list in the changelog. Older revisions' directories are never
 * written: their bytes are what deployed apps pin (a test compares them with their renderers).
 *
 * Usage: npm run render:stylesheets
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { LATEST_STYLESHEET_REVISION, planOrThrow, renderStylesheetRevision, revisionDirectory, shippedStylesheets } from '../lib/core';

export const XSLT_DIR = join(__dirname, '..', 'xslt');

const pinned = revisionDirectory(LATEST_STYLESHEET_REVISION);
mkdirSync(join(XSLT_DIR, pinned), { recursive: true });
for (const { file, preset } of shippedStylesheets()) {
  const text = renderStylesheetRevision(planOrThrow({ preset }).plan, LATEST_STYLESHEET_REVISION);
  for (const relative of [file, `${pinned}/${file}`]) {
    writeFileSync(join(XSLT_DIR, relative), text);
    console.log(`wrote xslt/${relative}`);
  }
}
