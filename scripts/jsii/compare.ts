/**
 * What `npm run test:python` compares between the Python app and its TypeScript twin: the synthesized stack, the
 * stylesheets, the annotations and the error text. Pure functions over the files cdktf writes.
 */

/** A cdktf annotation as compared across languages: no `stacktrace`, whose frames are the language runtime's. */
export interface ComparedAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

interface Manifest {
  readonly stacks: Record<string, { readonly annotations?: ReadonlyArray<ComparedAnnotation & { readonly stacktrace?: unknown }> }>;
}

/**
 * The manifest's annotations for `stack`, without their stack traces: a TypeScript trace runs through ts-node and
 * the app's files, a Python one through the jsii kernel's temp dir, so traces never match and carry no message.
 */
export function annotationsOf(manifestJson: string, stack: string): ComparedAnnotation[] {
  const manifest = JSON.parse(manifestJson) as Manifest;
  const entry = manifest.stacks[stack];
  if (entry === undefined) throw new Error(`manifest.json has no stack '${stack}' (it has: ${Object.keys(manifest.stacks).join(', ')})`);
  return (entry.annotations ?? []).map(({ constructPath, level, message }) => ({ constructPath, level, message }));
}

/** The manifest with every annotation's stacktrace removed, for a whole-file comparison. */
export function manifestWithoutStacktraces(manifestJson: string): unknown {
  return JSON.parse(manifestJson, (key, value: unknown) => (key === 'stacktrace' ? undefined : value));
}

/** The JSON path of the first difference between two parsed documents, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return at;
  if (typeof a !== 'object' || a === null) return Object.is(a, b) ? undefined : at;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  for (const key of keys) {
    if (!(key in left) || !(key in right)) return `${at}.${key}`;
    const inner = firstDifference(left[key], right[key], `${at}.${key}`);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Each libvirt_domain's name and xml.xslt in a cdk.tf.json (undefined where the domain has none). */
export function domainStylesheets(tfJson: string): Map<string, string | undefined> {
  const stack = JSON.parse(tfJson) as { resource?: { libvirt_domain?: Record<string, { name: string; xml?: { xslt?: string } }> } };
  const domains = Object.values(stack.resource?.libvirt_domain ?? {});
  return new Map(domains.map((domain) => [domain.name, domain.xml?.xslt]));
}

/**
 * The distinct `[path] HyperV-<code>: ...` messages in a process's output. Node prints `Error: <message>`, Python
 * `RuntimeError: <message>` after the JavaScript stack (which repeats it): the message itself is what must match.
 */
export function issueMessages(output: string, code: string): string[] {
  const pattern = new RegExp(`(\\[[^\\]]*\\] )?HyperV-${code}: .*$`);
  const found = output.split('\n').flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [match[0].trimEnd()] : [];
  });
  return [...new Set(found)];
}
