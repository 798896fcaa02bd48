/**
 * A small element tree of virsh's XML output, built with saxes (the strict XML parser the CLI already uses). virsh
 * output has no DTD and no mixed content that matters here, so elements, attributes and trimmed text are enough.
 */
import { SaxesParser } from 'saxes';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/** Parses `text`; throws an Error naming `source`, line and column on malformed XML or a DOCTYPE. */
export function parseXmlTree(text: string, source: string): XmlElement {
  const parser = new SaxesParser({ position: true, fileName: source });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let problem: string | undefined;
  parser.on('error', (e) => {
    problem ??= e.message;
  });
  parser.on('doctype', () => {
    problem ??= `${source}:${parser.line}:${parser.column + 1}: a DOCTYPE is not allowed (virsh never writes one)`;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (t) => {
    if (stack.length > 0) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) element.text = element.text.trim();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    problem ??= e instanceof Error ? e.message : String(e);
  }
  if (problem !== undefined) throw new Error(problem.startsWith(source) ? problem : `${source}: ${problem}`);
  if (!root) throw new Error(`${source}: no XML element found`);
  return root;
}

/** The first descendant along `path` (element names separated by '/'), or undefined. */
export function child(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = element;
  for (const name of path.split('/')) {
    current = current?.children.find((c) => c.name === name);
  }
  return current;
}

/** The `<value>`s of the `<enum name=...>` child of `element`, sorted; undefined when there is no such enum. */
export function enumValues(element: XmlElement | undefined, name: string): string[] | undefined {
  const found = element?.children.find((c) => c.name === 'enum' && c.attributes.name === name);
  return found ? found.children.filter((c) => c.name === 'value').map((c) => c.text).sort() : undefined;
}
