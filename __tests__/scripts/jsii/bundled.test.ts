import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { missingFromTarball, runtimeDependencies } from '../../../scripts/jsii/bundled';

test('runtimeDependencies follows dependencies through node_modules, nested copies first', () => {
  const root = mkdtempSync(join(tmpdir(), 'bundled-'));
  const write = (dir: string, dependencies: Record<string, string>): void => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name: dir, dependencies }));
  };
  try {
    write('.', { saxes: '^6', diff: '^8' });
    write('node_modules/saxes', { xmlchars: '^2' });
    write('node_modules/xmlchars', {});
    write('node_modules/diff', { '@scope/inner': '^1' });
    write('node_modules/diff/node_modules/@scope/inner', {});
    expect(runtimeDependencies(root)).toEqual(['@scope/inner', 'diff', 'saxes', 'xmlchars']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('missingFromTarball names what an npm tarball listing lacks, at any depth', () => {
  const listing = ['package/package.json', 'package/node_modules/saxes/package.json', 'package/node_modules/diff/node_modules/@scope/inner/package.json', 'package/node_modules/saxes/lib/x.js'];
  expect(missingFromTarball(listing, ['@scope/inner', 'saxes', 'xmlchars'])).toEqual(['xmlchars']);
  expect(missingFromTarball(listing, ['saxes'])).toEqual([]);
});
