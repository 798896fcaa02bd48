/**
 * Running a language's app and its TypeScript twin (twin/app.ts) on the same case, and requiring the same synth:
 * shared by test:python and test:go. Every app runs with the checkout as its working directory, because cdktf
 * writes the local backend's absolute state path (`<cwd>/terraform.<stack>.tfstate`) into cdk.tf.json.
 */
import { strict as assert } from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { RunResult, run } from '../acceptance/toolbox';
import { firstDifference, manifestWithoutStacktraces } from './compare';
import { QUIET_NODE_ENV, REPO_ROOT } from './package';

export const TWIN_DIR = path.join(__dirname, 'twin');
/** The stack every twin app declares. */
export const STACK = 'twin';

/** Every app's environment: no update checks, no Node end-of-life banner, and no __pycache__ in the checkout. */
export const APP_ENV: NodeJS.ProcessEnv = { ...QUIET_NODE_ENV, CHECKPOINT_DISABLE: '1', PYTHONDONTWRITEBYTECODE: '1' };

export interface Synth {
  readonly language: string;
  readonly outdir: string;
  readonly result: RunResult;
  /** Wall-clock seconds of the whole process (runtime start, the jsii kernel for Python and Go, constructs, synth). */
  readonly wallSeconds: number;
  /** What the app printed as `synth: N ms` (from its App to the end of synth). */
  readonly appMs: number;
}

export interface AppCommand {
  readonly language: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Only what this app needs: a Python or Go app must find everything in its own package, as a user's does. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs one app on `caseArgs`, writing to `outdir`. */
export function synthApp(app: AppCommand, outdir: string, caseArgs: readonly string[], env: NodeJS.ProcessEnv = {}, allowFailure = false): Synth {
  const since = Date.now();
  const result = run(app.command, [...app.args, ...caseArgs], { cwd: REPO_ROOT, env: { ...APP_ENV, ...app.env, ...env, CDKTF_OUTDIR: outdir }, allowFailure });
  const match = /^synth: (\d+) ms$/m.exec(result.stdout);
  return { language: app.language, outdir, result, wallSeconds: (Date.now() - since) / 1000, appMs: match ? Number(match[1]) : NaN };
}

/**
 * twin/app.ts as an npm user runs it: compiled to JavaScript, on plain node, importing the jsii build in dist/lib
 * (what the npm package ships, and what the Python and Go packages run in their jsii kernel). ts-node would time its
 * own source maps, which make every stack trace cdktf records several times slower.
 */
export function compileTypescriptTwin(workdir: string): AppCommand {
  const source = readFileSync(path.join(TWIN_DIR, 'app.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  const importLine = 'require("../../../lib")';
  assert.ok(outputText.includes(importLine), `twin/app.ts should import the library as '../../../lib'`);
  const file = path.join(workdir, 'app.js');
  writeFileSync(file, outputText.replace(importLine, `require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'lib'))})`));
  // NODE_PATH: the compiled twin lives in the temp dir; cdktf and constructs come from the checkout, as dist/lib's do.
  return { language: 'TypeScript', command: process.execPath, args: [file], env: { NODE_PATH: path.join(REPO_ROOT, 'node_modules') } };
}

export const readOut = (outdir: string, ...parts: string[]): string => readFileSync(path.join(outdir, ...parts), 'utf8');

/** Two synths of one case: the same cdk.tf.json bytes, and the same manifest but for the annotations' stack traces. */
export function assertSameSynth(app: Synth, twin: Synth): string {
  const stack = readOut(app.outdir, 'stacks', STACK, 'cdk.tf.json');
  const twinStack = readOut(twin.outdir, 'stacks', STACK, 'cdk.tf.json');
  if (stack !== twinStack) {
    const where = firstDifference(JSON.parse(stack), JSON.parse(twinStack));
    assert.fail(`cdk.tf.json differs between ${app.language} and ${twin.language}${where ? ` first at ${where}` : ' (same JSON, different bytes)'}`);
  }
  const where = firstDifference(manifestWithoutStacktraces(readOut(app.outdir, 'manifest.json')), manifestWithoutStacktraces(readOut(twin.outdir, 'manifest.json')));
  assert.equal(where, undefined, `manifest.json (annotations without stack traces) differs first at ${where}`);
  console.log(`  cdk.tf.json: identical bytes (${(stack.length / 1024).toFixed(0)} KiB); manifest.json: identical but for the annotations' stack traces`);
  for (const synth of [app, twin]) console.log(`  ${synth.language}: ${synth.wallSeconds.toFixed(1)} s process, ${synth.appMs} ms App→synth`);
  return stack;
}
