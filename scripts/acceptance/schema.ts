/**
 * The provider schema as the real provider prints it (`terraform providers schema -json`), compared with the one the
 * project carries (schema/libvirt-0.8.3.schema.json, which the bindings are generated from).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { isDeepStrictEqual } from 'util';
import * as path from 'path';
import { PROVIDER_VERSION, Terraform, terraform } from './toolbox';

export const CARRIED_SCHEMA = path.join(__dirname, '..', '..', 'schema', `libvirt-${PROVIDER_VERSION}.schema.json`);

/** Runs `terraform init` + `terraform providers schema -json` in `dir` with only the libvirt provider required. */
export function readRealSchema(tf: Terraform, dir: string): unknown {
  mkdirSync(dir, { recursive: true });
  const config = { terraform: { required_providers: { libvirt: { source: 'dmacvicar/libvirt', version: PROVIDER_VERSION } } } };
  writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  terraform(tf, dir, ['init', '-no-color', '-input=false']);
  return JSON.parse(terraform(tf, dir, ['providers', 'schema', '-json']).stdout);
}

export function readCarriedSchema(): unknown {
  return JSON.parse(readFileSync(CARRIED_SCHEMA, 'utf8'));
}

/** Carries `schema` in the repo, formatted like the file always was (two-space JSON, final newline). */
export function carrySchema(schema: unknown): void {
  writeFileSync(CARRIED_SCHEMA, `${JSON.stringify(schema, null, 2)}\n`);
}

/** JSON paths where the two documents differ (at most `limit`), with both values. */
export function schemaDifferences(expected: unknown, actual: unknown, limit = 50): string[] {
  const found: string[] = [];
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (found.length >= limit || isDeepStrictEqual(a, b)) return;
    const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null;
    if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
      found.push(`${at || '(root)'}: carried ${JSON.stringify(a) ?? 'absent'}, real ${JSON.stringify(b) ?? 'absent'}`);
      return;
    }
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const key of [...keys].sort()) {
      walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at ? `${at}.${key}` : key);
    }
  };
  walk(expected, actual, '');
  return found;
}
