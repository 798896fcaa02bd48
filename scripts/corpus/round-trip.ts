/**
 * The corpus through libvirt itself, per preset:
 * - round trip (test driver): define T(x), `virsh dumpxml`, then `libvirt-hyperv diff` with the same options
 *   must exit 0, and with one option changed must show that option's lines only;
 * - QEMU driver: every x86 QEMU/KVM domain the QEMU driver accepted (define --validate) is still accepted after T.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CliIo, run } from '../../lib/cli';
import { unifiedDiff } from '../../lib/cli/unified-diff';
import { HypervOptions, HypervPreset, planOrThrow, renderLayoutStylesheet, renderStylesheet } from '../../lib/core';
import { xsltprocMany } from './batch';
import { Finding, parseXml } from './compare';
import { qemuDriverAccepts, qemuDriverError, testDriverDump } from './libvirt-drivers';

/** One option changed from the preset, and the changed lines (trimmed) its diff may show. */
export const ONE_OPTION: Readonly<Record<string, { flags: string[]; options: HypervOptions; lines: string[] }>> = {
  rhel10: { flags: ['--frequencies', 'off'], options: { enlightenments: { frequencies: 'off' } }, lines: ['-<frequencies state="on"/>', '+<frequencies state="off"/>'] },
  windows11: { flags: ['--spinlock-retries', '4095'], options: { spinlockRetries: 4095 }, lines: ['-<spinlocks state="on" retries="8191"/>', '+<spinlocks state="on" retries="4095"/>'] },
  'migration-safe': { flags: ['--vapic', 'off'], options: { enlightenments: { vapic: 'off' } }, lines: ['-<vapic state="on"/>', '+<vapic state="off"/>'] },
  passthrough: { flags: ['--hypervclock', 'off'], options: { enlightenments: { hypervclock: 'off' } }, lines: ['-<timer name="hypervclock" present="yes"/>', '+<timer name="hypervclock" present="no"/>'] },
};

/** The CLI, in-process, on stdin: exit code and stdout. */
async function cli(argv: string[], stdin: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: () => undefined,
    readStdin: async () => Buffer.from(stdin),
    stdoutIsTTY: false,
    env: {},
  };
  return { code: await run(argv, io), out };
}

/** The changed lines of a unified diff, trimmed, without the file headers. */
export function changedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l))
    .map((l) => `${l[0]}${l.slice(1).trim()}`);
}

/** A domain the QEMU x86 checks apply to: type kvm or qemu, arch x86 or none (the host's). */
export function isX86QemuDomain(canonicalInput: string): boolean {
  const domain = parseXml(canonicalInput).documentElement!;
  const type = domain.getAttribute('type');
  const arch = /<os>\s*<type[^>]*\barch="([^"]*)"/.exec(canonicalInput)?.[1];
  return (type === 'kvm' || type === 'qemu') && (arch === undefined || arch === 'x86_64' || arch === 'i686');
}

export interface RoundTripResult {
  /** Domains whose result the test driver defined. */
  readonly defined: number;
  /** Of those, how many `diff` with the same options found clean (exit 0). */
  readonly clean: number;
  /** Of those, how many `diff` with one option changed showed that option's lines only. */
  readonly oneOption: number;
  readonly findings: Array<{ index: number; finding: Finding }>;
}

/**
 * Batched: the dumps go through xsltproc in one process per stylesheet (the layout one for the "before" side, as
 * the CLI's diff does); the CLI itself runs on the first `cliSample` dumps and must agree with the batch.
 */
export async function libvirtRoundTrip(
  preset: HypervPreset,
  outputs: ReadonlyArray<{ index: number; text: string }>,
  workDir: string,
  cliSample = 10,
): Promise<RoundTripResult> {
  const dumps = testDriverDump(outputs.map((o) => o.text));
  const findings: Array<{ index: number; finding: Finding }> = [];
  const change = ONE_OPTION[preset.name];
  mkdirSync(workDir, { recursive: true });
  const defined = dumps.flatMap((d, k) => (d === undefined ? [] : [{ index: outputs[k].index, file: join(workDir, `${k}.xml`), dump: d }]));
  defined.forEach((d) => writeFileSync(d.file, d.dump));
  const stylesheet = (name: string, text: string) => {
    const file = join(workDir, name);
    writeFileSync(file, text.trim());
    return file;
  };
  const files = defined.map((d) => d.file);
  const [before, same, one] = await Promise.all([
    xsltprocMany(stylesheet('layout.xsl', renderLayoutStylesheet()), files, join(workDir, 'sep-layout')),
    xsltprocMany(stylesheet('same.xsl', renderStylesheet(planOrThrow({ preset }).plan)), files, join(workDir, 'sep-same')),
    xsltprocMany(stylesheet('one.xsl', renderStylesheet(planOrThrow({ preset, ...change.options }).plan)), files, join(workDir, 'sep-one')),
  ]).then((r) => r.map((x) => x.outputs));
  let clean = 0;
  let oneOption = 0;
  for (const [k, d] of defined.entries()) {
    if (before[k] === same[k]) clean++;
    else findings.push({ index: d.index, finding: { reason: 'diff of libvirt\'s dump not clean', detail: changedLines(unifiedDiff({ label: 'a', text: before[k] }, { label: 'b', text: same[k] }, { context: 0, colour: false })).slice(0, 4).join(' ') } });
    const lines = changedLines(unifiedDiff({ label: 'a', text: before[k] }, { label: 'b', text: one[k] }, { context: 0, colour: false }));
    // A domain the stylesheet leaves alone (not x86, not kvm/qemu) shows nothing; any other shows the option's pair.
    if (lines.every((l) => change.lines.includes(l))) oneOption++;
    else findings.push({ index: d.index, finding: { reason: 'one-option diff shows other lines', detail: `${change.flags.join(' ')}: ${lines.filter((l) => !change.lines.includes(l)).slice(0, 4).join(' ')}` } });
  }
  // The batch is what the CLI does: `libvirt-hyperv diff` on a sample gives the same verdicts and lines.
  for (const [k, d] of defined.slice(0, cliSample).entries()) {
    const r = await cli(['diff', '--engine', 'xsltproc', '--preset', preset.name, ...change.flags, '-U', '0', '-'], d.dump);
    const lines = changedLines(unifiedDiff({ label: 'a', text: before[k] }, { label: 'b', text: one[k] }, { context: 0, colour: false }));
    const s = await cli(['diff', '--engine', 'xsltproc', '--preset', preset.name, '-'], d.dump);
    if (JSON.stringify(changedLines(r.out)) !== JSON.stringify(lines) || s.code !== (before[k] === same[k] ? 0 : 1)) {
      findings.push({ index: d.index, finding: { reason: 'batched round trip differs from the CLI', detail: 'scripts/corpus/round-trip.ts batches wrongly' } });
    }
  }
  return { defined: defined.length, clean, oneOption, findings };
}

/** Of `acceptedBefore` (indexes whose input the QEMU driver accepted), those whose result it refuses, with why. */
export function qemuDriverLosses(outputs: ReadonlyArray<{ index: number; text: string }>, explainAtMost = 20): Array<{ index: number; finding: Finding }> {
  const accepted = qemuDriverAccepts(outputs.map((o) => o.text));
  return outputs
    .filter((_, k) => !accepted[k])
    .map((o, n) => ({
      index: o.index,
      finding: { reason: 'QEMU driver refuses the result (it accepted the input)', detail: n < explainAtMost ? qemuDriverError(o.text) : 'rerun with --limit to see why' },
    }));
}
