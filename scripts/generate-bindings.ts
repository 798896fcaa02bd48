/**
 * Generates the TypeScript bindings for the dmacvicar/libvirt 0.8.3 provider from the schema the project
 * carries (schema/libvirt-0.8.3.schema.json), with the generator `cdktf get` itself runs
 * (@cdktf/provider-generator 0.21.0). `cdktf get` cannot be used directly: it runs `terraform init` against the
 * public registry, and no `@cdktf/provider-libvirt` package exists on npm.
 *
 * The output is committed under lib/generated/libvirt/; __tests__/generated/bindings-in-sync.test.ts regenerates
 * it and fails when the committed files differ. Run `npm run generate:bindings` after changing the schema.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeMaker } from 'codemaker';
import { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } from '@cdktf/commons';
// The package's main file requires jsii-pacmak (not a dependency); the generator module itself does not.
import { TerraformProviderGenerator } from '@cdktf/provider-generator/lib/get/generator/provider-generator';
import { renderWindowsDomainConfig } from './windows-domain-config';

export const SCHEMA_FILE = path.join(__dirname, '..', 'schema', 'libvirt-0.8.3.schema.json');
export const BINDINGS_DIR = path.join(__dirname, '..', 'lib', 'generated', 'libvirt');
export const WINDOWS_DOMAIN_CONFIG_FILE = path.join(__dirname, '..', 'lib', 'generated', 'windows-domain-config.ts');

/** Runs the generator and returns the bindings as a map from relative path to file content. */
export async function renderBindings(schemaFile = SCHEMA_FILE): Promise<Map<string, string>> {
  const schema = JSON.parse(await fs.readFile(schemaFile, 'utf8'));
  const code = new CodeMaker();
  code.indentation = 2;
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint({ name: 'libvirt', source: 'dmacvicar/libvirt', version: '0.8.3' });
  generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'libvirt-bindings-'));
  try {
    await code.save(scratch);
    return await readTree(path.join(scratch, 'providers', 'libvirt'));
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** Reads every file below `dir` into a map keyed by its path relative to `dir` (forward slashes, sorted). */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function walk(rel: string): Promise<void> {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else files.set(child, await fs.readFile(path.join(dir, child), 'utf8'));
    }
  }
  await walk('');
  return files;
}

async function main(): Promise<void> {
  const files = await renderBindings();
  await fs.rm(BINDINGS_DIR, { recursive: true, force: true });
  for (const [rel, content] of files) {
    const target = path.join(BINDINGS_DIR, rel);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
  await fs.writeFile(WINDOWS_DOMAIN_CONFIG_FILE, renderWindowsDomainConfig(files.get('domain/index.ts')!));
  console.log(`wrote ${files.size} files under ${path.relative(process.cwd(), BINDINGS_DIR)} and ${path.relative(process.cwd(), WINDOWS_DOMAIN_CONFIG_FILE)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
