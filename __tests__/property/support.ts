/**
 * Generators and real-tool helpers for the property tests.
 *
 * Option sets are generated from the core's exported constants (CATALOGUE, FEATURE_STATES, HYPERV_MODES,
 * CLOCK_OFFSETS, CPU_VENDORS, HypervPreset.all(), the value limits), so a new feature, state or preset is
 * generated without touching this file. A new *option* needs one line in OPTION_ARBITRARIES: a test fails until
 * every name in HYPERV_OPTION_NAMES has one.
 *
 * Scale: `npm test` runs a few hundred cases per property; `npm run test:property` sets PROPERTY_SCALE=full
 * (10,000 vendor ids, thousands of option sets).
 *
 * Seeds: every property runs with SEED, fixed unless PROPERTY_SEED is set, so `npm test` is deterministic and another
 * seed is a deliberate choice (`PROPERTY_SEED=$RANDOM npx jest __tests__/property`). A failing fc.assert prints the
 * command that replays it (seed and path: `PROPERTY_SEED=... PROPERTY_PATH=... npx jest FILE`); a property drawn with
 * fc.sample prints its seed in the failure (replayFor).
 */
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  CATALOGUE,
  CLOCK_OFFSETS,
  STYLESHEET_REVISIONS,
  CPU_VENDORS,
  FEATURE_STATES,
  FeatureId,
  FeatureValueOptions,
  HYPERV_MODES,
  HYPERV_OPTION_NAMES,
  HypervOptions,
  HypervPreset,
  PASSTHROUGH_LIBVIRT_SINCE,
  featureSpec,
  resolveUnknownOptions,
} from '../../lib/core';
import { pool, runTool } from '../../scripts/corpus/batch';
import { readHostProfile } from '../../lib/host';

// The value options' limits, from their catalogue entries.
const SPINLOCKS = featureSpec('spinlocks').value!;
const VENDOR_ID = featureSpec('vendorId').value!;
export const SPINLOCK_RETRIES_MIN = SPINLOCKS.min;
export const SPINLOCK_RETRIES_MAX = SPINLOCKS.max;
export const VENDOR_ID_MAX_BYTES = VENDOR_ID.max;
const vendorIdProblem = (value: unknown) => VENDOR_ID.problem(value);

/** The committed host profiles (one captured, three derived from libvirt's test data), for the `host` option. */
export const HOST_PROFILE_FIXTURES = ['captured-tcg', 'intel-kvm', 'amd-kvm', 'old-libvirt'].map((name) =>
  readHostProfile(join(__dirname, '..', 'fixtures', 'hosts', `${name}.json`)),
);

export const FULL = process.env.PROPERTY_SCALE === 'full';

/** Cases per property: the default `npm test` run, and the full property run. */
export const RUNS = {
  validOptions: FULL ? 2000 : 120,
  invalidOptions: FULL ? 5000 : 300,
  vendorIds: FULL ? 10000 : 400,
  inProcess: FULL ? 2000 : 100,
  oracleMutations: FULL ? 3000 : 200,
  cliEngines: FULL ? 1000 : 100,
};

/** Per-test timeout: the full run's properties take minutes. */
export const TIMEOUT = FULL ? 900_000 : 120_000;

/** A fixed seed unless PROPERTY_SEED is set, so `npm test` is reproducible and a failure can be replayed. */
export const SEED = seedFrom(process.env.PROPERTY_SEED);

function seedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 20260528;
  if (!/^-?[0-9]+$/.test(value)) throw new Error(`PROPERTY_SEED must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** The shell command that runs the current test file again with `seed` (and fast-check's `path`, when given). */
export function replayFor(seed: number, path?: string): string {
  const file = expect.getState().testPath ?? 'FILE';
  return `replay: PROPERTY_SEED=${seed}${path ? ` PROPERTY_PATH=${path}` : ''} npx jest ${file.replace(`${process.cwd()}/`, '')}`;
}

/**
 * fc.assert parameters for every property: `numRuns` cases from SEED, replaying PROPERTY_PATH when set, and a
 * failure report that ends with the replay command (fast-check calls `reporter` for async properties too).
 */
export function propertyParameters<Ts>(numRuns: number): fc.Parameters<Ts> {
  const path = process.env.PROPERTY_PATH || undefined;
  return {
    numRuns,
    seed: SEED,
    ...(path ? { path } : {}),
    reporter: (details: fc.RunDetails<Ts>) => {
      if (!details.failed) return;
      throw new Error(`${fc.defaultReportMessage(details)}\n${replayFor(details.seed, details.counterexamplePath ?? undefined)}`);
    },
  };
}

const FIXTURES = join(__dirname, '..', 'fixtures');
const xmlFiles = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => join(FIXTURES, dir, f));
/** The four domains exactly as the provider hands them to xsltproc. */
export const PROVIDER_FILES: readonly string[] = xmlFiles('provider-input');
/** Those and the hand-made ones (existing <hyperv>, every clock offset, timers, content that must survive). */
export const FIXTURE_FILES: readonly string[] = [...PROVIDER_FILES, ...xmlFiles('domains')];

/** The libvirt whose RNG schema and test driver are installed here ("9.0.0"). */
export function installedLibvirt(): string {
  const r = spawnSync('virsh', ['--version'], { encoding: 'utf8' });
  const v = (r.stdout ?? '').trim();
  if (r.status !== 0 || !/^\d+\.\d+\.\d+$/.test(v)) throw new Error('virsh --version failed: install libvirt-clients');
  return v;
}

// ---- option arbitraries ----

const ids = CATALOGUE.map((s) => s.id);

/** A sparse map of per-feature overrides, each with one of the states its catalogue entry accepts. */
export const enlightenmentsArb: fc.Arbitrary<{ [K in FeatureId]?: (typeof FEATURE_STATES)[number] }> = fc
  .uniqueArray(fc.constantFrom(...ids), { maxLength: 6 })
  .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(...featureSpec(k).states))).map((states) => Object.fromEntries(keys.map((k, i) => [k, states[i]]))));

/** Characters that are legal in a vendor id and awkward everywhere else. */
const AWKWARD = ['{', '}', '&', '<', '>', '"', "'", ' ', ';', '$', '\\', '/', ']]>', 'é', '€', '𝔘', '\u00a0', '\u200b', '\ufeff', '\ufffd'];

/** Vendor ids libvirt accepts: 1 to 12 bytes, no comma, no control characters. */
export const validVendorIdArb: fc.Arbitrary<string> = fc
  .string({ unit: fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: VENDOR_ID_MAX_BYTES })
  .filter((s) => vendorIdProblem(s) === undefined);

/**
 * Accepted values of each value option, from its catalogue entry: integers between its limits (the limits and the
 * presets' values weighted), strings of awkward characters that its check accepts (vendor ids get their own).
 */
function valueOptionArbitraries(): Record<string, fc.Arbitrary<unknown>> {
  const presetValues = (option: string) => [...new Set(HypervPreset.all().map((p) => (p.settings as unknown as Record<string, unknown>)[option]).filter((v) => v !== undefined))];
  return Object.fromEntries(
    CATALOGUE.filter((s) => s.value).map((s) => {
      const v = s.value!;
      if (v.option === 'vendorIdValue') return [v.option, validVendorIdArb];
      const arb: fc.Arbitrary<unknown> =
        v.valueType === 'integer'
          ? fc.oneof(fc.constantFrom(v.min, ...presetValues(v.option), v.max), fc.integer({ min: v.min, max: v.max }))
          : fc.string({ unit: fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), minLength: v.min, maxLength: v.max }).filter((x) => v.problem(x) === undefined);
      return [v.option, arb];
    }),
  );
}

/** A value each value option accepts, for options a rule says are missing: an integer's minimum, a string's preset value. */
export function acceptedValue(option: string): unknown {
  const v = CATALOGUE.find((s) => s.value?.option === option)!.value!;
  if (v.valueType === 'integer') return v.min;
  const preset = HypervPreset.all().map((p) => (p.settings as unknown as Record<string, unknown>)[option]).find((x) => x !== undefined);
  return preset ?? 'x'.repeat(v.min);
}

/** Versions worth testing: every catalogue threshold, the mode threshold, a version before all and the latest. */
export const VERSIONS: readonly string[] = [...new Set(['0.1.0', PASSTHROUGH_LIBVIRT_SINCE, ...CATALOGUE.map((s) => s.libvirtSince), '11.3.0'])];

/**
 * One arbitrary per option, for values the option accepts. Keys must cover HYPERV_OPTION_NAMES (checked by a
 * test), so options added to the core show up here as a failing test rather than as untested input.
 */
export const OPTION_ARBITRARIES: { readonly [K in keyof HypervOptions]-?: fc.Arbitrary<HypervOptions[K]> } = {
  preset: fc.constantFrom(...HypervPreset.all()),
  enlightenments: enlightenmentsArb,
  mode: fc.constantFrom(...HYPERV_MODES),
  ...(valueOptionArbitraries() as Required<{ readonly [K in keyof FeatureValueOptions]: fc.Arbitrary<FeatureValueOptions[K]> }>),
  clockOffset: fc.constantFrom(...CLOCK_OFFSETS),
  hostCpuVendor: fc.constantFrom(...CPU_VENDORS),
  libvirtVersion: fc.constantFrom(...VERSIONS),
  stylesheetRevision: fc.constantFrom(...STYLESHEET_REVISIONS),
  host: fc.oneof(fc.constantFrom(...HOST_PROFILE_FIXTURES), fc.subarray(HOST_PROFILE_FIXTURES, { minLength: 1 })),
};

/** Any combination of options with accepted values (which may still break a rule together). */
export const optionsArb: fc.Arbitrary<HypervOptions> = fc.record(OPTION_ARBITRARIES as { [K in keyof HypervOptions]-?: fc.Arbitrary<unknown> }, {
  requiredKeys: [],
}) as fc.Arbitrary<HypervOptions>;

/** Options as readable text for failure messages (the preset by name; NaN, bigint and functions visible). */
export function describeOptions(options: unknown): string {
  return fc.stringify(
    JSON.parse(
      JSON.stringify(options, (k, v) =>
        k === 'preset' && HypervPreset.isHypervPreset(v) ? `HypervPreset(${v.name})` : typeof v === 'bigint' || typeof v === 'function' || Number.isNaN(v) || v === Infinity || v === -Infinity ? `<${String(v)}${typeof v === 'bigint' ? 'n' : ''}>` : v,
      ),
    ),
  );
}

export function assertArbitrariesCoverOptions(): string[] {
  return HYPERV_OPTION_NAMES.filter((name) => !(name in OPTION_ARBITRARIES));
}

// ---- real tools on temporary files ----

export function withTempDir<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-prop-'));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function withTempDirAsync<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-prop-'));
  try {
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeFiles(dir: string, prefix: string, texts: readonly string[]): string[] {
  return texts.map((t, i) => {
    const f = join(dir, `${prefix}-${i}.xml`);
    writeFileSync(f, t);
    return f;
  });
}

export const readText = (f: string) => readFileSync(f, 'utf8');

/**
 * Turns a generated option set into an accepted one by dropping what a refusal names: the feature a rule refuses
 * is omitted, an unused value removed, a missing one supplied. It only reads which field was refused; the
 * properties then check the result with their own oracles.
 */
export function repairOptions(input: HypervOptions): HypervOptions {
  let options: Record<string, unknown> = { ...input, enlightenments: { ...(input.enlightenments ?? {}) } };
  for (let round = 0; round < 12; round++) {
    const errors = resolveUnknownOptions(options).issues.filter((i) => i.level === 'error');
    if (errors.length === 0) return options as HypervOptions;
    const next: Record<string, unknown> = { ...options, enlightenments: { ...(options.enlightenments as object) } };
    for (const issue of errors) {
      const feature = /^enlightenments\.(\w+)$/.exec(issue.field)?.[1];
      if (feature) (next.enlightenments as Record<string, string>)[feature] = 'omit';
      else if (issue.code === 'VALUE_REQUIRED') next[issue.field] = acceptedValue(issue.field);
      else delete next[issue.field];
    }
    options = next;
  }
  return options as HypervOptions;
}

/** Accepted option sets: generated, repaired, and kept only when the core accepts them. */
export const validOptionsArb: fc.Arbitrary<HypervOptions> = optionsArb.map(repairOptions).filter((o) => resolveUnknownOptions(o).plan !== undefined);

/**
 * `virsh -c test:///default`: `define --validate FILE`, `dumpxml NAME`, `undefine NAME` for every file, in a few
 * long-lived virsh sessions reading commands from stdin (one process per file would take minutes for 10,000).
 * Returns each file's dumpxml, or the error virsh gave when that one is run alone.
 */
export async function defineAndDumpMany(files: readonly string[], domainName: string): Promise<Array<{ xml?: string; error?: string }>> {
  const perSession = 1500;
  const sessions: string[][] = [];
  for (let i = 0; i < files.length; i += perSession) sessions.push(files.slice(i, i + perSession));
  const results = await pool(
    sessions.map((batch) => async () => {
      const script = batch.map((f, k) => `echo @@CASE ${k}@@\ndefine --validate ${f}\ndumpxml ${domainName}\nundefine ${domainName}\n`).join('') + `echo @@CASE ${batch.length}@@\n`;
      const r = await runTool('virsh', ['-q', '-c', 'test:///default'], script);
      return batch.map((_, k) => {
        const start = r.stdout.indexOf(`@@CASE ${k}@@`);
        const end = r.stdout.indexOf(`@@CASE ${k + 1}@@`, start);
        const section = start === -1 || end === -1 ? '' : r.stdout.slice(start, end);
        const m = /<domain[\s\S]*<\/domain>/.exec(section);
        return m ? m[0] : undefined;
      });
    }),
  );
  return results.flat().map((xml, i) => {
    if (xml !== undefined) return { xml };
    const alone = spawnSync('virsh', ['-c', 'test:///default', 'define', '--validate', files[i]], { encoding: 'utf8' });
    return { error: (alone.stderr || alone.stdout || `virsh exited ${alone.status}`).trim() };
  });
}
