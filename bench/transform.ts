/**
 * Transform-time measurements: what `terraform apply` pays per domain for our stylesheet (xsltproc, as the provider
 * runs it) and what a preview pays in process (xslt-processor), each against an identity stylesheet on the same
 * domain XML.
 */
import { spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runInProcess } from '../lib/preview/in-process';
import { PROVIDER_XSLTPROC_FLAGS } from '../lib/preview/xsltproc';
import { median, spreadPercent } from './stats';

/** XSLT 1.0's identity transform (spec section 7.5): the floor any stylesheet that copies a domain pays. */
export const IDENTITY_STYLESHEET = [
  '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">',
  '<xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>',
  '</xsl:stylesheet>',
].join('\n');

export const PROVIDER_INPUT_DIR = join(__dirname, '..', '__tests__', 'fixtures', 'provider-input');

/** The provider's domain XML (fixtures copied from provider 0.8.3), by file name. */
export function providerInputs(dir = PROVIDER_INPUT_DIR): ReadonlyArray<{ readonly name: string; readonly xml: string }> {
  const inputs = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, xml: readFileSync(join(dir, name), 'utf8') }));
  if (inputs.length === 0) throw new Error(`no provider input XML in ${dir}; the fixtures in __tests__/fixtures/provider-input/ are needed`);
  return inputs;
}

export interface XsltprocResult {
  readonly label: string;
  readonly documents: number;
  /** Median wall time of one xsltproc process transforming one document. */
  readonly oneDocMs: number;
  /** Median wall time of one xsltproc process transforming every document. */
  readonly batchMs: number;
  /** (batch − one) / (documents − 1): one more domain, process start and stylesheet compilation excluded. */
  readonly perDocumentUs: number;
  /** The same from xsltproc's user + system CPU time (/usr/bin/time), which waiting for a busy CPU does not inflate. */
  readonly perDocumentCpuUs?: number;
  readonly spreadPercent: number;
}

const GNU_TIME = '/usr/bin/time';

interface Timed {
  readonly wallMs: number;
  readonly cpuMs?: number;
}

/** Runs xsltproc with output to /dev/null; with GNU time present, also reads the child's CPU time. */
function timeXsltproc(args: readonly string[], cwd: string, devNull: number, cpuFile?: string): Timed {
  const [command, argv] = cpuFile ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, 'xsltproc', ...args]] : ['xsltproc', [...args]];
  const t0 = performance.now();
  const result = spawnSync(command, argv, { cwd, stdio: ['ignore', devNull, 'pipe'] });
  const wallMs = performance.now() - t0;
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}; install xsltproc (apt-get install xsltproc)`);
  if (result.status !== 0) throw new Error(`xsltproc ${args.slice(0, 5).join(' ')}… exited with ${result.status}: ${String(result.stderr).split('\n')[0]}`);
  if (!cpuFile) return { wallMs };
  const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  return { wallMs, cpuMs: 1000 * (user! + system!) };
}

/**
 * Checks once, outside the timed runs, that xsltproc transforms every document of the batch (one `</domain>` per
 * input on stdout, since --nowrite forbids -o) and, for our stylesheets, that each result carries `<hyperv`.
 */
function checkBatchOutput(label: string, args: readonly string[], cwd: string, documents: number, expectHyperv: boolean): void {
  const result = spawnSync('xsltproc', args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${label}: xsltproc exited with ${result.status}: ${result.stderr.split('\n')[0]}`);
  const count = (needle: string) => result.stdout.split(needle).length - 1;
  if (count('</domain>') !== documents || (expectHyperv && count('<hyperv') !== documents)) {
    throw new Error(`${label}: xsltproc gave ${count('</domain>')} domains, ${count('<hyperv')} with <hyperv>; expected ${documents}`);
  }
}

/**
 * Runs each stylesheet over one document and over `copies` copies of every provider input in one process (xsltproc
 * takes several input files and writes each result to stdout), with the provider's flags, `repeats` times,
 * stylesheets interleaved so that load from elsewhere drifts over all of them alike.
 */
export function measureXsltproc(
  stylesheets: ReadonlyArray<{ readonly label: string; readonly text: string; readonly expectHyperv: boolean }>,
  options: { readonly copies: number; readonly repeats: number },
): XsltprocResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-bench-'));
  const devNull = openSync('/dev/null', 'w');
  const cpuFile = existsSync(GNU_TIME) ? join(dir, 'cpu.txt') : undefined;
  try {
    // Short relative names, run from `dir`: thousands of them fit on one command line.
    const docs: string[] = [];
    providerInputs().forEach((input, k) => {
      for (let i = 0; i < options.copies; i++) {
        const file = `${k}-${i}.xml`;
        writeFileSync(join(dir, file), input.xml);
        docs.push(file);
      }
    });
    const runs = stylesheets.map((s, i) => {
      // The provider writes the stylesheet to a temporary file; runXsltproc trims it the same way.
      const file = `stylesheet-${i}.xsl`;
      writeFileSync(join(dir, file), s.text.trim());
      const one = [...PROVIDER_XSLTPROC_FLAGS, file, docs[0]!];
      const batch = [...PROVIDER_XSLTPROC_FLAGS, file, ...docs];
      checkBatchOutput(s.label, batch, dir, docs.length, s.expectHyperv);
      return { ...s, one, batch, oneMs: [] as number[], batchMs: [] as number[], perDocUs: [] as number[], perDocCpuUs: [] as number[] };
    });
    for (let r = 0; r < options.repeats; r++) {
      for (const run of r % 2 === 0 ? runs : [...runs].reverse()) {
        const one = timeXsltproc(run.one, dir, devNull, cpuFile);
        const batch = timeXsltproc(run.batch, dir, devNull, cpuFile);
        run.oneMs.push(one.wallMs);
        run.batchMs.push(batch.wallMs);
        run.perDocUs.push((1000 * (batch.wallMs - one.wallMs)) / (docs.length - 1));
        if (one.cpuMs !== undefined && batch.cpuMs !== undefined) run.perDocCpuUs.push((1000 * (batch.cpuMs - one.cpuMs)) / (docs.length - 1));
      }
    }
    return runs.map((run) => ({
      label: run.label,
      documents: docs.length,
      oneDocMs: median(run.oneMs),
      batchMs: median(run.batchMs),
      perDocumentUs: median(run.perDocUs),
      ...(run.perDocCpuUs.length > 0 ? { perDocumentCpuUs: median(run.perDocCpuUs) } : {}),
      spreadPercent: spreadPercent(run.perDocUs),
    }));
  } finally {
    closeSync(devNull);
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PreviewResult {
  readonly label: string;
  /** Median ms of one runInProcess call, per provider input. */
  readonly perInputMs: ReadonlyArray<{ readonly name: string; readonly ms: number }>;
  /** Mean of the per-input medians: one domain of each kind. */
  readonly meanMs: number;
  readonly worstMs: number;
}

/** Times runInProcess per domain: warm-up first (JIT), then `iterations` calls per input, median kept. */
export async function measurePreview(
  stylesheets: ReadonlyArray<{ readonly label: string; readonly text: string }>,
  options: { readonly warmup: number; readonly iterations: number },
): Promise<PreviewResult[]> {
  const inputs = providerInputs();
  const results: PreviewResult[] = [];
  for (const s of stylesheets) {
    const perInputMs: Array<{ name: string; ms: number }> = [];
    for (const input of inputs) {
      for (let i = 0; i < options.warmup; i++) await runInProcess(s.text, input.xml);
      const samples: number[] = [];
      for (let i = 0; i < options.iterations; i++) {
        const t0 = performance.now();
        await runInProcess(s.text, input.xml);
        samples.push(performance.now() - t0);
      }
      perInputMs.push({ name: input.name, ms: median(samples) });
    }
    const ms = perInputMs.map((p) => p.ms);
    results.push({ label: s.label, perInputMs, meanMs: ms.reduce((a, b) => a + b, 0) / ms.length, worstMs: Math.max(...ms) });
  }
  return results;
}
