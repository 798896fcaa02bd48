#!/usr/bin/env node
'use strict';
// Runs the CLI from the TypeScript sources in a git checkout (through ts-node, transpile-only: no build step, and
// never a stale dist/), and from the compiled dist/ in a packed package, which ships dist/lib but not lib/.
const { existsSync } = require('fs');
const { join } = require('path');

const root = join(__dirname, '..');
const source = join(root, 'lib', 'cli', 'index.ts');
const compiled = join(root, 'dist', 'lib', 'cli', 'index.js');

function load() {
  if (existsSync(source)) {
    let tsNode;
    try {
      tsNode = require('ts-node');
    } catch {
      tsNode = undefined;
    }
    if (tsNode) {
      tsNode.register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
      return require(source);
    }
  }
  if (existsSync(compiled)) return require(compiled);
  process.stderr.write('libvirt-hyperv: cannot find the CLI: run npm ci (for ts-node) or npm run build in the package\n');
  process.exitCode = 2;
  return undefined;
}

const cli = load();
if (cli) cli.main();
