/**
 * Runs xsltproc and xmllint on many files per process. Starting a process costs far more than transforming one
 * domain (about 28 ms against 0.1 ms), so the corpus and the property runs hand each tool hundreds of files at once.
 *
 * xsltproc cannot write one output file per input with the provider's `--nowrite` (it refuses `-o DIR/`), and
 * `xmllint --c14n` has no per-file output at all: both print every result to stdout, one after the other. So a
 * tiny separator document is placed after each input; its (transformed or canonical) form marks where the result
 * of the input before it ends. The separators carry their position, so a missing or extra result cannot shift
 * the others silently.
 */
import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { join } from 'path';
import { PROVIDER_XSLTPROC_FLAGS } from '../../lib/preview/xsltproc';

/** Root element of the separator documents; no libvirt document uses it. */
export const SEPARATOR_ELEMENT = 'libvirt-hyperv-batch-end';

/** Files handed to one process: keeps command lines well under ARG_MAX and spreads work over both cores. */
const FILES_PER_PROCESS = 400;

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion without a shell, collecting stdout and stderr as UTF-8. */
export function runTool(command: string, args: readonly string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`could not run ${command}: ${e.message}`)));
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => undefined); // a tool that exits early closes its stdin; its status tells why
    child.stdin.end(input ?? '');
  });
}

/** Runs `tasks` with at most `limit` in flight; results keep the order of `tasks`. */
export async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Writes the separator documents 0..count-1 into a new folder under `workDir` and returns their paths. */
function separators(workDir: string, count: number): string[] {
  mkdirSync(workDir, { recursive: true });
  // A folder per call: calls running side by side must not rewrite each other's separators.
  const dir = mkdtempSync(join(workDir, 'separators-'));
  return Array.from({ length: count }, (_, n) => {
    const file = join(dir, `sep-${n}.xml`);
    writeFileSync(file, `<${SEPARATOR_ELEMENT} n="${n}"/>`);
    return file;
  });
}

/**
 * Splits a tool's stdout at the separators' results. `pattern` matches one separator as the tool prints it and
 * captures its number. Returns one string per input, or undefined where the output is not in the expected order.
 */
function splitAtSeparators(stdout: string, count: number, pattern: RegExp): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  const re = new RegExp(pattern.source, 'g');
  let match: RegExpExecArray | null;
  while ((match = re.exec(stdout)) !== null) {
    if (Number(match[1]) !== parts.length) return undefined;
    parts.push(stdout.slice(start, match.index));
    start = match.index + match[0].length;
  }
  if (parts.length !== count || stdout.slice(start).trim() !== '') return undefined;
  return parts;
}

/**
 * Runs `command ...fixedArgs in1 sep0 in2 sep1 ...` over every input (several processes, two at a time) and returns
 * each input's share of stdout. A tool that prints nothing for an input (a parse error, say) gives ''.
 */
async function runSeparated(
  command: string,
  fixedArgs: readonly string[],
  inputs: readonly string[],
  workDir: string,
  separatorPattern: RegExp,
): Promise<{ outputs: string[]; stderr: string }> {
  const batches = chunks(inputs, FILES_PER_PROCESS);
  const seps = separators(workDir, Math.min(FILES_PER_PROCESS, inputs.length));
  const results = await pool(
    batches.map((batch) => async () => {
      const args = [...fixedArgs, ...batch.flatMap((file, i) => [file, seps[i]])];
      const r = await runTool(command, args);
      const parts = splitAtSeparators(r.stdout, batch.length, separatorPattern);
      if (!parts) throw new Error(`${command}: could not split the batched output of ${batch.length} files (status ${r.status}): ${r.stderr.slice(0, 500)}`);
      return { parts, stderr: r.stderr };
    }),
  );
  return { outputs: results.flatMap((r) => r.parts), stderr: results.map((r) => r.stderr).join('') };
}

/**
 * `xsltproc --nomkdir --nonet --nowrite STYLESHEET FILE` for every file, as the provider runs it, in few processes.
 * The stylesheet must copy unknown elements (the identity template) so the separators come through; every
 * stylesheet this project renders does. Inputs whose transform failed give ''.
 */
export async function xsltprocMany(stylesheetFile: string, inputs: readonly string[], workDir: string): Promise<{ outputs: string[]; stderr: string }> {
  // With indent="yes" and no XML declaration, a separator comes out as its own line.
  const pattern = new RegExp(`<${SEPARATOR_ELEMENT} n="(\\d+)"/>\\n`);
  return runSeparated('xsltproc', [...PROVIDER_XSLTPROC_FLAGS, stylesheetFile], inputs, workDir, pattern);
}

/** `xmllint --c14n` (W3C Canonical XML 1.0 with comments) of every file; '' for files that do not parse. */
export async function canonicalMany(inputs: readonly string[], workDir: string): Promise<string[]> {
  const pattern = new RegExp(`<${SEPARATOR_ELEMENT} n="(\\d+)"></${SEPARATOR_ELEMENT}>`);
  return (await runSeparated('xmllint', ['--c14n', '--nonet'], inputs, workDir, pattern)).outputs;
}

/** libvirt's domain schema, the one `virt-xml-validate FILE domain` uses. */
export const DOMAIN_RNG = '/usr/share/libvirt/schemas/domain.rng';

/**
 * `xmllint --noout --relaxng domain.rng FILE...`: exactly what `virt-xml-validate FILE domain` runs (it is a shell
 * script around that call), for many files per process. Returns, per file, whether it validates.
 */
export async function validateMany(files: readonly string[]): Promise<boolean[]> {
  const results = await pool(
    chunks(files, FILES_PER_PROCESS).map((batch) => async () => {
      const r = await runTool('xmllint', ['--noout', '--relaxng', DOMAIN_RNG, ...batch]);
      if (/Relax-NG schema .* failed to compile/.test(r.stderr)) throw new Error(`xmllint could not load ${DOMAIN_RNG}: ${r.stderr.slice(0, 300)}`);
      const valid = new Set(r.stderr.split('\n').filter((l) => l.endsWith(' validates')).map((l) => l.slice(0, -' validates'.length)));
      return batch.map((f) => valid.has(f));
    }),
  );
  return results.flat();
}

/**
 * One provider-style xsltproc run per (stylesheet, input) pair, two at a time: for many *different* stylesheets,
 * which xsltproc cannot share a process. Returns each result, or the error xsltproc printed.
 */
export async function xsltprocEach(pairs: ReadonlyArray<readonly [string, string]>): Promise<Array<{ output?: string; error?: string }>> {
  return pool(
    pairs.map(([xsl, input]) => async () => {
      const r = await runTool('xsltproc', [...PROVIDER_XSLTPROC_FLAGS, xsl, input]);
      return r.status === 0 ? { output: r.stdout } : { error: `xsltproc exited ${r.status}: ${r.stderr.trim().split('\n')[0]}` };
    }),
  );
}
