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
import { decodeDomainBytes } from './encoding';
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
   * Why the in-process engine must not run on this input, with the line: the first construct xslt-processor would
   * change on output (a line break or tab in an attribute value, a carriage return, an entity-like text, a CDATA
   * section, mixed content, a processing instruction, xml:space), or a size beyond its budget; undefined when there
   * is none. libvirt never writes any of those constructs; hand-edited files may have them.
   */
  readonly inProcessHazard?: string;
  /** The domain's `type` attribute and `<os><type arch>`, for the warnings that depend on the domain. */
  readonly domain: { readonly type?: string; readonly arch?: string };
}

/**
 * libxml2's limits without XML_PARSE_HUGE, which both xsltproc (the provider's engine) and libvirt parse with
 * (measured with libxml2 2.9.14: xsltproc and `virsh define` accept 257 nested elements and refuse 258 with
 * "Excessive depth in document: 256"; xsltproc accepts a text node of 10,000,000 bytes and refuses one more with
 * "huge text node"; names over 50,000 bytes: "Name too long"; comments over 10,000,000 bytes: "Comment too big").
 * Input beyond them is refused before any engine runs, so the in-process engine never succeeds where the provider
 * fails.
 */
export const LIBXML2_LIMITS = Object.freeze({ depth: 257, textBytes: 10_000_000, nameBytes: 50_000, commentBytes: 10_000_000 });

/**
 * What the in-process engine takes on. xslt-processor's time per element grows with the square of the element's depth
 * (measured on 2 shared cores: 20,000 flat elements 2.7 s, 2000 elements at depth 100 12 s, a chain 257 deep 8.5 s,
 * where xsltproc takes milliseconds). The budget counts 260 + depth² per element, about 1 µs each: 2,000,000 is a
 * chain about 175 deep or some 7000 shallow elements, a second or two on an idle machine (libvirt's 2028 test
 * domains have at most 564 elements and 15 levels). Size: libxml2 refuses some constructs above 10,000,000 bytes (a long start tag:
 * "Huge input lookup") at offsets only it knows, so larger input is left to xsltproc.
 */
export const IN_PROCESS_BUDGET = Object.freeze({ work: 2_000_000, bytes: 10_000_000 });

/** Thrown inside saxes handlers to stop at the first problem (saxes would otherwise carry on). */
class Stop extends Error {}

/** Whitespace as XML defines it (JavaScript's trim() also strips no-break spaces, which are text). */
const XML_BLANK = /^[ \t\r\n]*$/;

/** Text that xslt-processor's escaping would turn into something else (`&amp;` written as `&`, for one). */
const ENTITY_LIKE = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/;

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

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
    hazard ??= `${where()}: ${what}, which the in-process engine (xslt-processor) would write differently from xsltproc`;
  };

  parser.on('error', (e) => stop(e.message));
  parser.on('doctype', () =>
    stop(`${where()}: a DOCTYPE is not allowed: libvirt domain XML has none, and a DTD can pull in external files or expand entities without bound; remove the <!DOCTYPE ...> declaration`),
  );
  // Per open element: whether it has text and child elements (xslt-processor indents mixed content, xsltproc not).
  const open: { name: string; text: boolean; elements: boolean }[] = [];
  const mixed = () => {
    const top = open[open.length - 1];
    if (top && top.text && top.elements) noteHazard(`element <${top.name}> mixes text and elements`);
  };
  const domain: { type?: string; arch?: string } = {};
  let work = 0;
  // Bytes of the text node being read: libxml2 (with XML_PARSE_NOCDATA, as xsltproc parses) joins text and CDATA.
  let textRun = 0;
  const addText = (t: string) => {
    textRun += bytesOf(t);
    if (textRun > LIBXML2_LIMITS.textBytes) {
      stop(`${where()}: a text node of more than ${LIBXML2_LIMITS.textBytes} bytes, which xsltproc and libvirt refuse ("huge text node", libxml2's limit); shorten it`);
    }
  };
  const checkName = (what: string) => {
    for (const part of what.split(':')) {
      if (bytesOf(part) > LIBXML2_LIMITS.nameBytes) stop(`${where()}: a name longer than ${LIBXML2_LIMITS.nameBytes} bytes, which xsltproc and libvirt refuse ("Name too long", libxml2's limit); shorten it`);
    }
  };
  parser.on('opentagstart', (tag) => {
    if (open.length === 0) rootStart = text.lastIndexOf('<', parser.position - 1);
    textRun = 0;
    checkName(tag.name);
    if (open.length >= LIBXML2_LIMITS.depth) {
      stop(`${where()}: elements nested more than ${LIBXML2_LIMITS.depth} deep, which xsltproc and libvirt refuse ("Excessive depth in document", libxml2's limit); flatten <${tag.name}>`);
    }
    work += 260 + (open.length + 1) ** 2;
  });
  parser.on('opentag', (tag) => {
    if (open.length === 0 && tag.attributes.type !== undefined) domain.type = String(tag.attributes.type.value);
    if (open.length === 2 && tag.name === 'type' && open[1].name === 'os' && tag.attributes.arch !== undefined) domain.arch = String(tag.attributes.arch.value);
    if (tag.attributes['xml:space'] !== undefined) noteHazard('an xml:space attribute');
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
      checkName(attribute.name);
      if (/[\t\n\r]/.test(attribute.value)) noteHazard(`attribute ${attribute.name} holds a tab or line break`);
      else if (ENTITY_LIKE.test(attribute.value)) noteHazard(`attribute ${attribute.name} holds text that looks like an entity reference`);
    }
  });
  // saxes reports a closetag for self-closing elements too.
  parser.on('closetag', () => {
    textRun = 0;
    open.pop();
    if (open.length === 0) rootEnd = parser.position;
  });
  parser.on('text', (t) => {
    addText(t);
    if (open.length > 0 && !XML_BLANK.test(t)) {
      open[open.length - 1].text = true;
      mixed();
    }
    if (t.includes('\r')) noteHazard('text holds a carriage return');
    else if (ENTITY_LIKE.test(t)) noteHazard('text holds something that looks like an entity reference');
  });
  parser.on('cdata', (t) => {
    addText(t);
    noteHazard('a CDATA section');
  });
  parser.on('comment', (t) => {
    textRun = 0;
    if (bytesOf(t) > LIBXML2_LIMITS.commentBytes) stop(`${where()}: a comment of more than ${LIBXML2_LIMITS.commentBytes} bytes, which xsltproc and libvirt refuse ("Comment too big", libxml2's limit); shorten it`);
  });
  parser.on('processinginstruction', (pi) => {
    textRun = 0;
    if (open.length > 0) noteHazard(`a processing instruction <?${pi.target}?> (xslt-processor drops it)`);
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  if (problem !== undefined) throw new CliError(problem.startsWith(name) ? problem : `${name}: ${problem}`);
  if (rootStart < 0 || rootEnd < 0) throw new CliError(`${name}: no <domain> element found`);
  const xml = `${text.slice(rootStart, rootEnd)}\n`;
  if (hazard === undefined && bytesOf(xml) > IN_PROCESS_BUDGET.bytes) hazard = `${name}: more than ${IN_PROCESS_BUDGET.bytes} bytes, beyond what the in-process engine (xslt-processor) takes on`;
  if (hazard === undefined && work > IN_PROCESS_BUDGET.work) {
    hazard = `${name}: too many elements nested too deep for the in-process engine (xslt-processor) to finish within seconds (its time per element grows with the square of the depth)`;
  }
  return { name, xml, domain, ...(hazard ? { inProcessHazard: hazard } : {}) };
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
  return checkDomainXml(decodeDomainBytes(bytes, name), name);
}
