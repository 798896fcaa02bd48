/**
 * `npm run bench`: what a Windows VM costs at synth time and at transform time, side by side with the floor.
 *
 *   npm run bench                  # full run: about 7-8 min on 2 cores
 *   npm run bench -- --repeats 3   # fewer repeats for the tables, noisier medians
 *   npm run bench -- --pairs 60    # a longer series for the windows/bare-xslt ratio, a narrower interval
 *
 * Prints markdown tables (ready for the README) and, last, `synth ratio windows/bare-xslt @1000: X.XX` (wall time,
 * from its own series of process pairs, with its 95% interval on the line before): WindowsDomain against a plain
 * Domain that synthesizes the same body. Exit code 0 even when a target is missed: the
 * verdicts are in the table, and the figures are what a reader needs. Exit code 1 when that plain Domain does not
 * synthesize the same body (bench/fairness.ts): the ratio would not mean what it says.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { planOrThrow, renderStylesheet, shippedStylesheets } from '../lib/core';
import { unfairKinds } from './fairness';
import { median, ratioOfMedians, spreadPercent } from './stats';
import { BENCH_HYPERV_OPTIONS, STACK_KINDS, StackKind } from './stack';
import type { SynthSample } from './synth-child';
import { IDENTITY_STYLESHEET, PreviewResult, XsltprocResult, measurePreview, measureXsltproc } from './transform';

const ROOT = join(__dirname, '..');
/**
 * Compiled bench + library, inside node_modules so that `require('cdktf')` resolves from there; one directory per
 * checkout, since git worktrees may share one node_modules and two benches must not compile over each other.
 */
const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'libvirt-hyperv-bench', createHash('sha256').update(ROOT).digest('hex').slice(0, 12));
const SIZES = [1, 100, 1000] as const;

const TARGETS = {
  /** Against the generated Domain with no stylesheet: what a user pays for Hyper-V, stylesheet included. */
  synthRatioAt1000: 1.1,
  /** Against the generated Domain with the same body (stylesheet, lifecycle): what WindowsDomain's own work costs. */
  synthRatioToBareXsltAt1000: 1.05,
  /** Per-VM time at 1000 over per-VM time at 100: 1.00 is perfectly linear; above this is called superlinear. */
  linearity: 1.15,
  defaultStylesheetBytes: 2048,
  xsltprocRatio: 1.2,
  previewMs: 3,
};

interface Options {
  /** Fresh processes per kind and size for the tables. */
  readonly repeats: number;
  /** Pairs of fresh processes (windows, bare-xslt) at 1000 VMs for the ratio the last line prints. */
  readonly pairs: number;
}

const USAGE = 'usage: npm run bench [-- --repeats N] [--pairs N]';

function parseOptions(argv: readonly string[]): Options {
  const options = { repeats: 9, pairs: 30 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = /^--(repeats|pairs)(?:=|$)/.exec(arg)?.[1] as keyof Options | undefined;
    if (name === undefined) throw new Error(`unknown argument '${arg}'; ${USAGE}`);
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected an integer ≥ 1, got '${value ?? ''}'; ${USAGE}`);
    options[name] = n;
  }
  return options;
}

/** Compiles bench/ and the library it imports with tsc, once, so each child starts with plain JavaScript. */
function compile(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(__dirname, 'tsconfig.json'), '--outDir', BUILD_DIR], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc failed to compile bench/ (exit ${result.status}):\n${result.stdout}${result.stderr}`);
}

function runSynthChild(kind: StackKind, count: number): SynthSample & { processMs: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-bench-synth-'));
  try {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [join(BUILD_DIR, 'bench', 'synth-child.js'), kind, String(count), outdir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    const processMs = performance.now() - t0;
    if (result.status !== 0) throw new Error(`synth child (${kind}, ${count} VMs) exited with ${result.status}:\n${result.stderr}`);
    return { ...(JSON.parse(result.stdout.trim().split('\n').pop()!) as SynthSample), processMs };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

interface SynthRow {
  readonly kind: StackKind;
  readonly count: number;
  readonly wallMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly processMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  readonly stackRssMiB: number;
  readonly spreadPercent: number;
}

/** Every size, every kind, `repeats` fresh processes each; the order of kinds alternates so drift hits all alike. */
function measureSynth(repeats: number): SynthRow[] {
  const rows: SynthRow[] = [];
  for (const count of SIZES) {
    const samples = new Map<StackKind, Array<SynthSample & { processMs: number }>>(STACK_KINDS.map((k) => [k, []]));
    for (let r = 0; r < repeats; r++) {
      for (const kind of r % 2 === 0 ? STACK_KINDS : [...STACK_KINDS].reverse()) samples.get(kind)!.push(runSynthChild(kind, count));
    }
    for (const [kind, s] of samples) {
      rows.push({
        kind,
        count,
        wallMs: median(s.map((x) => x.wallMs)),
        constructMs: median(s.map((x) => x.constructMs)),
        synthMs: median(s.map((x) => x.synthMs)),
        processMs: median(s.map((x) => x.processMs)),
        cpuMs: median(s.map((x) => x.cpuMs)),
        peakRssMiB: median(s.map((x) => x.peakRssKiB)) / 1024,
        stackRssMiB: median(s.map((x) => x.peakRssKiB - x.baselineRssKiB)) / 1024,
        spreadPercent: spreadPercent(s.map((x) => x.wallMs)),
      });
    }
  }
  return rows;
}

interface RatioSeries {
  readonly pairs: number;
  readonly wall: ReturnType<typeof ratioOfMedians>;
  readonly cpu: ReturnType<typeof ratioOfMedians>;
}

/**
 * The ratio the issue's target is about, measured on its own: `pairs` rounds of one `windows` and one `bare-xslt`
 * process at 1000 VMs, the order alternating. A fresh Node process's synth time scatters by about ±10% on a shared
 * 2-core machine (JIT and GC timing, neighbours), so the 9 runs of the tables put this ratio anywhere within about
 * ±8%; 30 to 40 pairs bring its 95% interval to about ±5%, lopsided (measured: 1.06–1.17 around 1.11, 0.96–1.11
 * around 1.00), since the per-process times fall into a fast and a slow group.
 */
function measureRatioSeries(pairs: number): RatioSeries {
  const samples = { windows: [] as SynthSample[], 'bare-xslt': [] as SynthSample[] };
  for (let r = 0; r < pairs; r++) {
    for (const kind of r % 2 === 0 ? (['windows', 'bare-xslt'] as const) : (['bare-xslt', 'windows'] as const)) samples[kind].push(runSynthChild(kind, 1000));
  }
  const of = (kind: keyof typeof samples, metric: 'wallMs' | 'cpuMs') => samples[kind].map((x) => x[metric]);
  return { pairs, wall: ratioOfMedians(of('windows', 'wallMs'), of('bare-xslt', 'wallMs')), cpu: ratioOfMedians(of('windows', 'cpuMs'), of('bare-xslt', 'cpuMs')) };
}

const fixed = (n: number, digits: number) => n.toFixed(digits);
const signedPercent = (fraction: number) => `${fraction >= 0 ? '+' : '−'}${Math.abs(100 * fraction).toFixed(1)}%`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const interval = (r: { ratio: number; low: number; high: number }) => `${fixed(r.ratio, 2)} (${fixed(r.low, 2)}–${fixed(r.high, 2)})`;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

interface SynthSummary {
  readonly text: string;
  /** windows ÷ bare @1000, wall and CPU. */
  readonly ratioAt1000: number;
  readonly cpuRatioAt1000: number;
  /** windows ÷ bare-xslt @1000, wall and CPU. */
  readonly bareXsltRatioAt1000: number;
  readonly bareXsltCpuRatioAt1000: number;
  readonly linearity: Record<StackKind, number>;
}

function synthSection(rows: readonly SynthRow[]): SynthSummary {
  const find = (kind: StackKind, count: number) => rows.find((r) => r.kind === kind && r.count === count)!;
  const body = rows.map((r) => {
    const bare = find('bare', r.count);
    return [
      String(r.count),
      r.kind,
      fixed(r.wallMs, 1),
      fixed(r.constructMs, 1),
      fixed(r.synthMs, 1),
      fixed((1000 * r.wallMs) / r.count, 0),
      fixed(r.processMs, 0),
      fixed(r.peakRssMiB, 1),
      fixed(r.stackRssMiB, 1),
      fixed(r.wallMs / bare.wallMs, 2),
      fixed(r.cpuMs / bare.cpuMs, 2),
      fixed(r.wallMs / find('bare-xslt', r.count).wallMs, 2),
      fixed(r.peakRssMiB / bare.peakRssMiB, 2),
      `${fixed(r.spreadPercent, 0)}%`,
    ];
  });
  const linearity = Object.fromEntries(
    STACK_KINDS.map((k) => [k, find(k, 1000).wallMs / 1000 / (find(k, 100).wallMs / 100)]),
  ) as Record<StackKind, number>;
  const ratioAt1000 = find('windows', 1000).wallMs / find('bare', 1000).wallMs;
  const cpuRatioAt1000 = find('windows', 1000).cpuMs / find('bare', 1000).cpuMs;
  const bareXsltRatioAt1000 = find('windows', 1000).wallMs / find('bare-xslt', 1000).wallMs;
  const bareXsltCpuRatioAt1000 = find('windows', 1000).cpuMs / find('bare-xslt', 1000).cpuMs;
  // Each step adds one thing to the previous kind; in CPU time, which other processes disturb least.
  const steps: ReadonlyArray<[StackKind, StackKind, string]> = [
    ['bare', 'bare-xslt', 'the stylesheet carried in xml.xslt'],
    ['bare-xslt', 'windows', 'WindowsDomain\'s own code'],
  ];
  const bareCpu = find('bare', 1000).cpuMs;
  const share = (from: StackKind, to: StackKind) => signedPercent((find(to, 1000).cpuMs - find(from, 1000).cpuMs) / bareCpu);
  const split = steps.map(([from, to, what]) => `${what} ${share(from, to)}`);
  const text = [
    '### Synth (cdktf synth of one stack, fresh process per run, medians)',
    '',
    table(
      ['VMs', 'kind', 'wall ms', 'construct ms', 'synth ms', 'µs/VM', 'process ms', 'peak RSS MiB', 'stack RSS MiB', 'wall ÷ bare', 'CPU ÷ bare', 'wall ÷ bare-xslt', 'RSS ÷ bare', 'IQR'],
      body,
    ),
    '',
    '`windows` = WindowsDomain; `bare` = the generated Domain, same config, no stylesheet; `bare-xslt` = the generated',
    'Domain with the same stylesheet as a literal `xml.xslt` and the same lifecycle (prevent_destroy), so the same',
    'resource body as `windows` (checked before measuring); `wrapper` = that Domain as child `Resource` of a minimal',
    'construct (the shape of 0.1). `wall` = construct + synth in the child (module loading excluded; `process` includes',
    'it); `CPU` = user + system time over the same span; `stack RSS` = peak RSS − RSS after module loading; IQR =',
    'interquartile range of wall ÷ median.',
    '',
    `Linearity (µs/VM @1000 ÷ µs/VM @100; 1.00 = linear): ${STACK_KINDS.map((k) => `${k} ${fixed(linearity[k], 2)}`).join(', ')}.`,
    '',
    `Where windows ÷ bare @1000 comes from (CPU, share of bare): ${split.join('; ')}. For comparison, one construct level`,
    `around the Domain (\`wrapper\`, the shape of 0.1's WindowsDomain): ${share('bare-xslt', 'wrapper')}.`,
  ].join('\n');
  return { text, ratioAt1000, cpuRatioAt1000, bareXsltRatioAt1000, bareXsltCpuRatioAt1000, linearity };
}

function stylesheetSection(xsltproc: readonly XsltprocResult[], preview: readonly PreviewResult[], bytes: ReadonlyArray<{ file: string; bytes: number }>): string {
  const identity = xsltproc.find((x) => x.label === 'identity')!;
  const previewIdentity = preview.find((p) => p.label === 'identity')!;
  return [
    '### Stylesheets (bytes in `xml.xslt`; xsltproc with the provider\'s flags; in-process preview)',
    '',
    table(
      ['stylesheet', 'bytes', 'wall µs/domain', 'wall ÷ identity', 'CPU µs/domain', 'CPU ÷ identity', '1 doc ms', 'IQR'],
      xsltproc.map((x) => [
        x.label,
        x.label === 'identity' ? String(Buffer.byteLength(IDENTITY_STYLESHEET)) : String(bytes.find((b) => b.file === x.label)?.bytes ?? ''),
        fixed(x.perDocumentUs, 1),
        fixed(x.perDocumentUs / identity.perDocumentUs, 2),
        x.perDocumentCpuUs === undefined ? 'n/a' : fixed(x.perDocumentCpuUs, 1),
        x.perDocumentCpuUs === undefined || identity.perDocumentCpuUs === undefined ? 'n/a' : fixed(x.perDocumentCpuUs / identity.perDocumentCpuUs, 2),
        fixed(x.oneDocMs, 2),
        `${fixed(x.spreadPercent, 0)}%`,
      ]),
    ),
    '',
    `xsltproc \`--nomkdir --nonet --nowrite\`; µs/domain = (time for ${identity.documents} documents in one process − time for 1) ÷`,
    `${identity.documents - 1}; the documents are the four provider inputs (__tests__/fixtures/provider-input/) in equal numbers.`,
    'CPU = user + system time of the xsltproc process (GNU time).',
    '',
    table(
      ['preview (runInProcess)', ...previewIdentity.perInputMs.map((p) => `${p.name.replace(/\.xml$/, '')} ms`), 'mean ms/domain', 'worst ms', '÷ identity'],
      preview.map((p) => [
        p.label,
        ...p.perInputMs.map((i) => fixed(i.ms, 2)),
        fixed(p.meanMs, 2),
        fixed(p.worstMs, 2),
        fixed(p.meanMs / previewIdentity.meanMs, 2),
      ]),
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const t0 = performance.now();
  const loadBefore = loadavg()[0]!;
  const unfair = unfairKinds();
  if (unfair.length > 0) throw new Error(`the plain Domains do not synthesize WindowsDomain's body, so the ratios would not be fair:\n${unfair.join('\n')}`);
  compile();

  const synthRows = measureSynth(options.repeats);
  const series = measureRatioSeries(options.pairs);

  const presets = shippedStylesheets().map(({ file, preset }) => ({ file, text: renderStylesheet(planOrThrow({ preset, ...BENCH_HYPERV_OPTIONS }).plan) }));
  const bytes = presets.map((p) => ({ file: p.file, bytes: Buffer.byteLength(p.text, 'utf8') }));
  const xsltproc = measureXsltproc(
    [{ label: 'identity', text: IDENTITY_STYLESHEET, expectHyperv: false }, ...presets.map((p) => ({ label: p.file, text: p.text, expectHyperv: true }))],
    { copies: 1000, repeats: options.repeats },
  );
  const defaultStylesheet = presets.find((p) => p.file === 'windows-enlightenments.xsl')!;
  const preview = await measurePreview(
    [{ label: 'identity', text: IDENTITY_STYLESHEET }, { label: defaultStylesheet.file, text: defaultStylesheet.text }],
    { warmup: 20, iterations: 10 * options.repeats },
  );
  const loadAfter = loadavg()[0]!;
  const elapsedS = (performance.now() - t0) / 1000;

  const synth = synthSection(synthRows);
  const defaultXsltproc = xsltproc.find((x) => x.label === defaultStylesheet.file)!;
  const xsltprocRatio = defaultXsltproc.perDocumentUs / xsltproc.find((x) => x.label === 'identity')!.perDocumentUs;
  const identityCpu = xsltproc.find((x) => x.label === 'identity')!.perDocumentCpuUs;
  const xsltprocCpuRatio = defaultXsltproc.perDocumentCpuUs !== undefined && identityCpu ? defaultXsltproc.perDocumentCpuUs / identityCpu : undefined;
  const defaultPreview = preview.find((p) => p.label === defaultStylesheet.file)!;
  const defaultBytes = bytes.find((b) => b.file === defaultStylesheet.file)!.bytes;
  const cores = availableParallelism();
  // One bench process runs at a time, so it accounts for a load of about 1; anything beyond is someone else.
  const busy = loadBefore > 0.5 || loadAfter > 1.5;

  const targets = table(
    ['target', 'measured', 'verdict'],
    [
      [
        `synth windows ÷ bare-xslt @1000 ≤ ${TARGETS.synthRatioToBareXsltAt1000} (wall; CPU; ${series.pairs} pairs, 95% interval)`,
        `${interval(series.wall)}; ${interval(series.cpu)}`,
        verdict(series.wall.ratio <= TARGETS.synthRatioToBareXsltAt1000),
      ],
      [
        `synth windows ÷ bare @1000 ≤ ${TARGETS.synthRatioAt1000} (wall; CPU)`,
        `${fixed(synth.ratioAt1000, 2)}; ${fixed(synth.cpuRatioAt1000, 2)}`,
        verdict(synth.ratioAt1000 <= TARGETS.synthRatioAt1000),
      ],
      [
        `linear 100 → 1000 (µs/VM ratio ≤ ${TARGETS.linearity})`,
        `windows ${fixed(synth.linearity.windows, 2)}, bare ${fixed(synth.linearity.bare, 2)}`,
        verdict(synth.linearity.windows <= TARGETS.linearity),
      ],
      [`default stylesheet ≤ ${TARGETS.defaultStylesheetBytes} bytes`, String(defaultBytes), verdict(defaultBytes <= TARGETS.defaultStylesheetBytes)],
      [
        // Judged on CPU time when GNU time is there: a few µs per domain drown in waiting for a busy CPU.
        `xsltproc default ÷ identity ≤ ${TARGETS.xsltprocRatio} (wall; CPU, judged on CPU)`,
        `${fixed(xsltprocRatio, 2)}; ${xsltprocCpuRatio === undefined ? 'n/a' : fixed(xsltprocCpuRatio, 2)}`,
        verdict((xsltprocCpuRatio ?? xsltprocRatio) <= TARGETS.xsltprocRatio),
      ],
      [`preview ≤ ${TARGETS.previewMs} ms/domain (mean; worst input)`, `${fixed(defaultPreview.meanMs, 2)}; ${fixed(defaultPreview.worstMs, 2)}`, verdict(defaultPreview.meanMs <= TARGETS.previewMs)],
    ],
  );

  const lines = [
    `## Benchmark (${started.toISOString().slice(0, 10)}, ${cores} cores, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version})`,
    '',
    `Medians of ${options.repeats} runs. Load average ${fixed(loadBefore, 2)} before, ${fixed(loadAfter, 2)} after (the bench ` +
      `itself adds about 1): ${busy ? 'other processes competed for the CPUs, so wall times are noisy; CPU times less so' : 'the machine was otherwise quiet'}. ` +
      `Bench took ${fixed(elapsedS, 0)} s.`,
    '',
    targets,
    '',
    synth.text,
    '',
    stylesheetSection(xsltproc, preview, bytes),
    '',
    `synth ratio windows/bare @1000: ${fixed(synth.ratioAt1000, 2)}`,
    `synth ratio windows/bare-xslt @1000 in the tables (${options.repeats} runs each): ${fixed(synth.bareXsltRatioAt1000, 2)} wall, ${fixed(synth.bareXsltCpuRatioAt1000, 2)} CPU`,
    `synth ratio windows/bare-xslt @1000, ${series.pairs} pairs: CPU ${interval(series.cpu)}; wall, 95% interval ${fixed(series.wall.low, 2)}–${fixed(series.wall.high, 2)}:`,
    `synth ratio windows/bare-xslt @1000: ${fixed(series.wall.ratio, 2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
