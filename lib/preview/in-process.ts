import { XNode, XmlParser, Xslt, xmlTransformedText } from 'xslt-processor';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Characters JavaScript's `trim()` and `\s` treat as whitespace but XML does not (XML's are only space, tab, CR and
 * LF). xslt-processor strips and drops text "made of whitespace" with those tests, so a title of U+00A0 alone would
 * vanish. Each is replaced for the run by a C0 control character, which XML 1.0 forbids in any document (even as a
 * reference), so none can be in the input or the stylesheet, and replaced back in the output.
 */
const JS_ONLY_SPACES = '\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
/** U+0001 to U+0008 and U+000E to U+0018: neither XML characters nor JavaScript whitespace. */
const STAND_INS = '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018';

const TO_STAND_IN = new Map([...JS_ONLY_SPACES].map((c, i) => [c, STAND_INS[i]]));
const FROM_STAND_IN = new Map([...STAND_INS].map((c, i) => [c, JS_ONLY_SPACES[i]]));
const ANY_JS_ONLY_SPACE = new RegExp(`[${JS_ONLY_SPACES}]`, 'g');
const ANY_STAND_IN = new RegExp(`[${STAND_INS}]`, 'g');

/** Comments, CDATA sections and processing instructions: a `&#...;` inside them is text, not a reference. */
const OPAQUE_OR_REFERENCE = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|&#(x[0-9a-fA-F]+|[0-9]+);/g;

/**
 * Writes character references to non-ASCII characters as the characters themselves (the same XML). xslt-processor
 * decodes references with String.fromCharCode, which cuts code points above U+FFFF to 16 bits (`&#x10000;` becomes
 * NUL); literal characters pass intact. ASCII references stay, since `&#60;` must not become markup. Sound on
 * well-formed XML only: there every `<` outside those constructs starts markup, so a reference is in text or in an
 * attribute value.
 */
function literalNonAsciiReferences(xml: string): string {
  return xml.replace(OPAQUE_OR_REFERENCE, (match, ref: string | undefined) => {
    if (ref === undefined) return match;
    const cp = ref.startsWith('x') ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    return cp >= 0x80 ? String.fromCodePoint(cp) : match;
  });
}

/** What xslt-processor reads: references as characters, JavaScript-only spaces replaced by their stand-ins. */
function prepare(xml: string): string {
  return literalNonAsciiReferences(xml).replace(ANY_JS_ONLY_SPACE, (c) => TO_STAND_IN.get(c)!);
}

/**
 * xslt-processor 5.1.2 decides whether apply-templates passes on a whitespace-only text node of the SOURCE with the
 * rule for text in the STYLESHEET (kept only under xml:space="preserve"), so `xsl:preserve-space elements="title"`
 * has no effect and `<title>` + line break comes out empty. Its own shouldStripWhitespaceNode implements the source
 * rule (XSLT 1.0 section 3.4, strip-space and preserve-space); this subclass uses it for source nodes.
 */
class SourceWhitespaceXslt extends Xslt {
  constructor(private readonly stylesheetDocument: XNode) {
    super();
  }

  protected override xsltPassText(node: XNode): boolean {
    let root = node;
    while (root.parentNode) root = root.parentNode;
    return root === this.stylesheetDocument ? super.xsltPassText(node) : !this.shouldStripWhitespaceNode(node);
  }
}

/**
 * Marks every whitespace-only text node of the result as text to write. The transform has already removed what
 * `xsl:strip-space` strips (xslt-processor decides that correctly, honouring `xsl:preserve-space` and `xml:space`);
 * its serializer would then drop every remaining whitespace-only node too, emptying a `<title>` of one line break
 * that xsltproc keeps.
 */
function keepWhitespaceText(node: XNode): void {
  for (const child of node.childNodes) {
    if (child.nodeType === TEXT_NODE && child.nodeValue !== undefined && child.nodeValue !== null && String(child.nodeValue).trim() === '') child.fromXslText = true;
    else if (child.nodeType === ELEMENT_NODE) keepWhitespaceText(child);
  }
}

/**
 * Runs a stylesheet with xslt-processor (pure JavaScript), for previews on machines without xsltproc.
 *
 * Divergences from libxslt, and how they are handled:
 * - a comment or processing instruction before the root element makes xslt-processor 5.1 return only that node
 *   (the domain is lost), and those after the root are dropped: the CLI hands over the root element alone
 *   (lib/cli/input.ts). libvirt discards them anyway, so the domain it defines is the same;
 * - references above U+FFFF are corrupted and U+00A0 and other non-XML spaces count as whitespace: handled here
 *   (literalNonAsciiReferences, stand-ins), as are whitespace-only text nodes it strips against `xsl:preserve-space`
 *   (SourceWhitespaceXslt) or drops on output (keepWhitespaceText);
 * - attributes added by the stylesheet may come out in another order, and there is no trailing newline: equal
 *   to xsltproc's output after canonicalisation (C14N), which the tests check on every fixture;
 * - what it cannot do right, the CLI refuses before calling it (DomainInput.inProcessHazard, with the line): literal
 *   `&amp;` in text comes out as `&` (its xmlEscapeText), a tab, LF or CR in an attribute value is written raw,
 *   processing instructions inside the root are dropped, text mixed with elements is re-indented, and documents
 *   too deep or too large for its running time (it costs about 0.13 ms per node plus a term growing with the
 *   square of the depth; see the README's Performance section).
 */
export async function runInProcess(stylesheet: string, xml: string): Promise<string> {
  const parser = new XmlParser();
  const document = parser.xmlParse(prepare(xml));
  for (const node of [...document.childNodes]) {
    if (node.nodeType !== ELEMENT_NODE) document.removeChild(node);
  }
  const stylesheetDocument = parser.xmlParse(prepare(stylesheet.trim()));
  const xslt = new SourceWhitespaceXslt(stylesheetDocument);
  const result = await xslt.xsltProcessToDocument(document, stylesheetDocument);
  keepWhitespaceText(result);
  // The options xsltProcess itself serializes with (xslt-processor 5.1.2, Xslt.xsltProcess).
  const output = xmlTransformedText(result, {
    cData: xslt.options.cData,
    escape: xslt.options.escape,
    selfClosingTags: xslt.options.selfClosingTags,
    outputMethod: xslt.outputMethod,
    outputVersion: xslt.outputVersion,
    itemSeparator: xslt.itemSeparator,
    indent: xslt.outputIndent,
  } as Parameters<typeof xmlTransformedText>[1]);
  const text = output.replace(ANY_STAND_IN, (c) => FROM_STAND_IN.get(c)!);
  return text.endsWith('\n') ? text : `${text}\n`;
}
