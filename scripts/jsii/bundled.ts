/**
 * The npm tarball inside the Python wheel and the Go module (`_jsii/*.jsii.tgz`) must carry every runtime
 * dependency: jsii's kernel runs the library from it with no npm install. npm pack decides what a bundled
 * dependency brings along from the installed tree, and a tree it misreads (a symlinked node_modules, say) drops a
 * transitive dependency without a word: saxes without xmlchars fails only when a user's synth reaches it.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/** The packages the library needs at run time: its dependencies and theirs, as installed under `root`/node_modules. */
export function runtimeDependencies(root: string): string[] {
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      // npm installs a dependency beside its dependent when versions conflict; otherwise at the top.
      const nested = path.join(dir, 'node_modules', name);
      visit(existsSync(nested) ? nested : path.join(root, 'node_modules', name));
    }
  };
  visit(root);
  return [...seen].sort();
}

/** The dependencies absent from a `tar -tz` listing of an npm tarball (top level or nested, any depth). */
export function missingFromTarball(listing: readonly string[], dependencies: readonly string[]): string[] {
  const present = new Set(listing.flatMap((entry) => {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(entry);
    return match ? [match[1]] : [];
  }));
  return dependencies.filter((name) => !present.has(name));
}
