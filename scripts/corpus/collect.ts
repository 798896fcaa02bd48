/**
 * Finds the domain XMLs of libvirt's test suite: every *.xml under a `tests` directory of the source tree whose
 * root element is `<domain>`. Symlinks and byte-identical copies (qemuxml2xmloutdata links to qemuxml2argvdata)
 * are counted but tested once.
 */
import { createHash } from 'crypto';
import { lstatSync, readFileSync, readdirSync } from 'fs';
import { join, relative, sep } from 'path';

export interface CorpusFile {
  /** Path relative to the source tree (the first one seen, in sorted order). */
  readonly path: string;
  readonly absolute: string;
  /** Other paths with the same bytes. */
  readonly copies: readonly string[];
}

export interface Collection {
  /** *.xml files under tests/ directories (symlinks included). */
  readonly xmlFiles: number;
  /** Of those, regular files whose root element is <domain>. */
  readonly domainFiles: number;
  readonly symlinks: number;
  /** Unique by content. */
  readonly unique: readonly CorpusFile[];
}

/** The name of the root element, read past the XML declaration, comments, PIs and a DOCTYPE; undefined if none. */
export function rootElementName(text: string): string | undefined {
  let rest = text.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.replace(/^\s+/, '');
    if (rest.startsWith('<?')) rest = rest.slice(rest.indexOf('?>') + 2 || rest.length);
    else if (rest.startsWith('<!--')) rest = rest.slice(rest.indexOf('-->') + 3 || rest.length);
    else if (rest.startsWith('<!DOCTYPE')) {
      const internal = rest.indexOf('[');
      const close = rest.indexOf('>');
      rest = rest.slice(internal !== -1 && internal < close ? rest.indexOf(']>') + 2 : close + 1);
    } else break;
    if (rest === '') return undefined;
  }
  const m = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
  return m ? m[1] : undefined;
}

function walk(dir: string, inTests: boolean, found: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, inTests || entry.name === 'tests', found);
    else if (inTests && entry.name.endsWith('.xml')) found.push(path);
  }
}

export function collectDomainXml(sourceDir: string): Collection {
  const found: string[] = [];
  walk(sourceDir, false, found);
  let symlinks = 0;
  let domainFiles = 0;
  const byHash = new Map<string, { path: string; absolute: string; copies: string[] }>();
  for (const absolute of found) {
    const path = relative(sourceDir, absolute).split(sep).join('/');
    if (lstatSync(absolute).isSymbolicLink()) {
      symlinks++;
      continue;
    }
    const bytes = readFileSync(absolute);
    if (rootElementName(bytes.toString('utf8')) !== 'domain') continue;
    domainFiles++;
    const hash = createHash('sha256').update(bytes).digest('hex');
    const seen = byHash.get(hash);
    if (seen) seen.copies.push(path);
    else byHash.set(hash, { path, absolute, copies: [] });
  }
  return { xmlFiles: found.length, domainFiles, symlinks, unique: [...byHash.values()] };
}
