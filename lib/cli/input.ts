/**
 * Reads the domain XML a command works on and checks it before any XSLT engine sees it, so every bad input gets one
 * clear line instead of an engine's error or a hang.
 *
 * saxes does the checking: a maintained, strict XML 1.0 + namespaces parser (jsdom's) that reports every
 * well-formedness error with line and column and never fetches or expands anything a DTD declares. We refuse any
 * DOCTYPE outright: libvirt never writes one into domain XML, and a DTD is how external entities and entity-expansion
 * bombs ("billion laughs") get in.
 */
import { readFile } from 'fs/promises';
import { SaxesParser } from 'saxes';
import { CliError } from './errors';
import type { CliIo } from './io';

export interface DomainInput {
  /** How messages and diff headers name the input: the path, or `stdin` for `-`. */
  readonly name: string;
  /**
   * The `<domain>` element alone. The XML declaration, comments and processing instructions outside it are dropped:
   * libvirt discards them, and the in-process engine mishandles them (a comment before the root hides the whole
   * domain), so both engines get exactly the same text.
   */
  readonly xml: string;
  /**
   * The first construct that xslt-processor would change on output (a line break or tab in an attribute value, a
   * carriage return, an entity-like text, a CDATA section, mixed content), with its line; undefined when there is
   * none. libvirt never writes any of them; hand-edited files may have them.
   */
  readonly inProcessHazard?: string;
}

/** Thrown inside saxes handlers to stop at the first problem (saxes would otherwise carry on). */
class Stop extends Error {}

/** Whitespace as XML defines it (JavaScript's trim() also strips no-break spaces, which are text). */
const XML_BLANK = /^[ \t\r\n]*$/;

const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** Text that xslt-processor's escaping would turn into something else (`&amp;` written as `&`, for one). */
const ENTITY_LIKE = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/;

function decode(bytes: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`${name} is not UTF-8 text; libvirt domain XML is UTF-8 (convert it with iconv -t UTF-8)`);
  }
}

/** Checks that `text` is one well-formed `<domain>` without a DOCTYPE; returns it trimmed to the root element. */
export function checkDomainXml(text: string, name: string): DomainInput {
  if (XML_BLANK.test(text)) throw new CliError(`${name} is empty; expected a libvirt domain XML (virsh dumpxml VM > FILE)`);
  const parser = new SaxesParser({ xmlns: true, position: true, fileName: name });
  let problem: string | undefined;
  let hazard: string | undefined;
  let rootStart = -1;
  let rootEnd = -1;
  const where = () => `${name}:${parser.line}:${parser.column + 1}`;
  const stop = (message: string): never => {
    problem = message;
    throw new Stop();
  };
  const noteHazard = (what: string) => {
    hazard ??= `${where()}: ${what}`;
  };

  parser.on('error', (e) => stop(e.message));
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && !UTF8_NAMES.has(decl.encoding.toLowerCase())) {
      stop(`${where()}: declares encoding ${JSON.stringify(decl.encoding)}; libvirt domain XML is UTF-8 (convert it with iconv -t UTF-8)`);
    }
  });
  parser.on('doctype', () =>
    stop(`${where()}: a DOCTYPE is not allowed: libvirt domain XML has none, and a DTD can pull in external files or expand entities without bound; remove the <!DOCTYPE ...> declaration`),
  );
  // Per open element: whether it has text and child elements (xslt-processor indents mixed content, xsltproc not).
  const open: { name: string; text: boolean; elements: boolean }[] = [];
  const mixed = () => {
    const top = open[open.length - 1];
    if (top && top.text && top.elements) noteHazard(`element <${top.name}> mixes text and elements`);
  };
  parser.on('opentagstart', () => {
    if (open.length === 0) rootStart = text.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (tag) => {
    if (open.length === 0 && (tag.local !== 'domain' || tag.uri !== '')) {
      const ns = tag.uri ? ` in namespace ${tag.uri}` : '';
      stop(`${where()}: the root element is <${tag.name}>${ns}, expected <domain> (a libvirt domain as virsh dumpxml prints it)`);
    }
    if (open.length > 0) {
      open[open.length - 1].elements = true;
      mixed();
    }
    // The stylesheet adds elements to <domain>, <features> and <clock>: text there becomes mixed content.
    const filled = open.length === 0 || (open.length === 1 && (tag.name === 'features' || tag.name === 'clock'));
    open.push({ name: tag.name, text: false, elements: filled });
    for (const attribute of Object.values(tag.attributes)) {
      if (/[\t\n\r]/.test(attribute.value)) noteHazard(`attribute ${attribute.name} holds a tab or line break`);
      else if (ENTITY_LIKE.test(attribute.value)) noteHazard(`attribute ${attribute.name} holds text that looks like an entity reference`);
    }
  });
  // saxes reports a closetag for self-closing elements too.
  parser.on('closetag', () => {
    open.pop();
    if (open.length === 0) rootEnd = parser.position;
  });
  parser.on('text', (t) => {
    if (open.length > 0 && !XML_BLANK.test(t)) {
      open[open.length - 1].text = true;
      mixed();
    }
    if (t.includes('\r')) noteHazard('text holds a carriage return');
    else if (ENTITY_LIKE.test(t)) noteHazard('text holds something that looks like an entity reference');
  });
  parser.on('cdata', () => noteHazard('a CDATA section'));

  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  if (problem !== undefined) throw new CliError(problem.startsWith(name) ? problem : `${name}: ${problem}`);
  if (rootStart < 0 || rootEnd < 0) throw new CliError(`${name}: no <domain> element found`);
  return { name, xml: `${text.slice(rootStart, rootEnd)}\n`, ...(hazard ? { inProcessHazard: hazard } : {}) };
}

function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Reads FILE (or standard input for `-`) and checks it. */
export async function readDomainInput(path: string, io: CliIo): Promise<DomainInput> {
  const name = path === '-' ? 'stdin' : path;
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await io.readStdin() : await readFile(path);
  } catch (e) {
    throw new CliError(`cannot read ${name}: ${readProblem(e)}`);
  }
  return checkDomainXml(decode(bytes, name), name);
}
