/**
 * The step between `jsii-pacmak --code-only` and the wheel build: ships keyword_hints.py as
 * `libvirt_hyperv._keyword_hints` and calls it in every generated module, just before the module's
 * `publication.publish()` (which hides the module's private names, the hint import among them). Nothing else in the
 * generated code changes; if pacmak's layout changes, this fails rather than ship a wheel without the hints.
 */
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';

export const HINTS_MODULE = '_keyword_hints';
const PUBLISH_LINE = 'publication.publish()';

/** The lines added to a generated module, before its publish line. */
export function hintCall(pythonPackage: string): string {
  return `from ${pythonPackage}.${HINTS_MODULE} import add_keyword_hints as _add_keyword_hints\n_add_keyword_hints(globals())\n`;
}

/** One generated module's text with the hint call before its `publication.publish()` line (exactly one). */
export function withHintCall(source: string, pythonPackage: string, file = 'module'): string {
  const lines = source.split('\n');
  const at = lines.flatMap((line, index) => (line === PUBLISH_LINE ? [index] : []));
  if (at.length !== 1) {
    throw new Error(`${file}: expected one '${PUBLISH_LINE}' line from jsii-pacmak, found ${at.length}; the keyword hints cannot be added`);
  }
  if (source.includes(hintCall(pythonPackage))) return source;
  return [...lines.slice(0, at[0]), hintCall(pythonPackage).trimEnd(), ...lines.slice(at[0])].join('\n');
}

/** Every generated module (`__init__.py`) of the package, except jsii's own `_jsii` loader. */
export function generatedModules(packageDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== '_jsii') walk(path.join(dir, entry.name));
      else if (entry.isFile() && entry.name === '__init__.py' && path.basename(dir) !== '_jsii') found.push(path.join(dir, entry.name));
    }
  };
  walk(packageDir);
  return found.sort();
}

/** Adds the hints to pacmak's Python source tree (`<srcDir>/<pythonPackage>/`); returns the modules it changed. */
export function addKeywordHints(srcDir: string, pythonPackage: string): string[] {
  const packageDir = path.join(srcDir, pythonPackage);
  copyFileSync(path.join(__dirname, 'keyword_hints.py'), path.join(packageDir, `${HINTS_MODULE}.py`));
  const modules = generatedModules(packageDir);
  for (const file of modules) {
    writeFileSync(file, withHintCall(readFileSync(file, 'utf8'), pythonPackage, path.relative(srcDir, file)));
  }
  return modules;
}
