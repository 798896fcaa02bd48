import { XmlParser, Xslt } from 'xslt-processor';

/**
 * Runs a stylesheet with xslt-processor (pure JavaScript), for previews on machines without xsltproc. Its known
 * divergences from libxslt (comments and processing instructions outside the root element are dropped, no XML
 * declaration) do not matter to libvirt, which discards both; results agree with xsltproc after canonicalisation.
 */
export async function runInProcess(stylesheet: string, xml: string): Promise<string> {
  const parser = new XmlParser();
  const output = await new Xslt({ outputMethod: 'xml' }).xsltProcess(parser.xmlParse(xml), parser.xmlParse(stylesheet.trim()));
  return output.endsWith('\n') ? output : `${output}\n`;
}
