/**
 * One synth measurement, run by bench/run.ts in a fresh Node process so that peak RSS belongs to this stack alone:
 *   node synth-child.js <windows|bare|bare-xslt> <count> <outdir>
 * Prints one JSON line (SynthSample). Runs compiled (see run.ts): under ts-node the TypeScript compiler would sit in
 * the same heap and inflate the memory figures.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'cdktf';
import { STACK_KINDS, StackKind, declareStack } from './stack';

export interface SynthSample {
  readonly kind: StackKind;
  readonly count: number;
  /** new App() to the last VM declared. */
  readonly constructMs: number;
  /** app.synth(): aspects, validations, token resolution, JSON written to outdir. */
  readonly synthMs: number;
  /** constructMs + synthMs: the stack's wall time, module loading excluded. */
  readonly wallMs: number;
  /** User + system CPU time over the same span; less sensitive than wall time to other processes on the machine. */
  readonly cpuMs: number;
  /** maxRSS once the modules are loaded, before the stack exists. */
  readonly baselineRssKiB: number;
  /** maxRSS after synth: the process's peak. */
  readonly peakRssKiB: number;
}

function parseArgs(argv: readonly string[]): { kind: StackKind; count: number; outdir: string } {
  const [kind, countText, outdir] = argv;
  const count = Number(countText);
  if (!(STACK_KINDS as readonly string[]).includes(kind ?? '') || !Number.isInteger(count) || count < 1 || !outdir) {
    throw new Error(`usage: synth-child <${STACK_KINDS.join('|')}> <count ≥ 1> <outdir>; got: ${argv.join(' ')}`);
  }
  return { kind: kind as StackKind, count, outdir };
}

/** Proves the stack holds what was measured, so a broken build cannot pass for a fast one. Runs after the clock stops. */
function checkOutput(outdir: string, kind: StackKind, count: number): void {
  const synthesized = JSON.parse(readFileSync(join(outdir, 'stacks', 'bench', 'cdk.tf.json'), 'utf8'));
  const domains = Object.values(synthesized.resource?.libvirt_domain ?? {}) as Array<{ xml?: { xslt?: unknown } }>;
  const withXslt = domains.filter((d) => typeof d.xml?.xslt === 'string' && d.xml.xslt.includes('<hyperv')).length;
  const expectedWithXslt = kind === 'bare' ? 0 : count;
  if (domains.length !== count || withXslt !== expectedWithXslt) {
    throw new Error(`${kind}: synthesized ${domains.length} libvirt_domain (${withXslt} with a Hyper-V stylesheet); expected ${count} (${expectedWithXslt})`);
  }
}

function main(): void {
  const { kind, count, outdir } = parseArgs(process.argv.slice(2));
  const baselineRssKiB = process.resourceUsage().maxRSS;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const app = new App({ outdir });
  declareStack(app, kind, count);
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const peakRssKiB = process.resourceUsage().maxRSS;
  checkOutput(outdir, kind, count);
  const sample: SynthSample = { kind, count, constructMs: t1 - t0, synthMs: t2 - t1, wallMs: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000, baselineRssKiB, peakRssKiB };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main();
