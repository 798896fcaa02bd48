/**
 * `npm run test:corpus`: every domain XML of libvirt's own test suite through every preset's stylesheet.
 *
 * For each preset and each well-formed domain it checks, with the real tools:
 * - xsltproc with the provider's flags transforms it;
 * - the result validates against libvirt's RNG whenever the input did;
 * - nothing outside <features>/<hyperv> and <clock> changed, and inside <clock> only what the options own
 *   (canonical trees: xmllint --c14n, whitespace-only text between elements ignored);
 * - the <hyperv> block and the hypervclock timer are exactly what the preset says;
 * - applying the stylesheet to its own result gives the same bytes;
 * - the in-process engine (xslt-processor) gives the same canonical result, or the file is listed with the reason;
 * - libvirt round trip: every result libvirt's test driver defines, dumped (`virsh dumpxml`) and diffed with the
 *   same options (`libvirt-hyperv diff`), exits 0; with one option changed the diff shows that option's lines only;
 * - libvirt's QEMU driver (`qemu:///embed`, define --validate) accepts every result of an x86 QEMU/KVM domain whose
 *   input it accepted (type kvm is defined as qemu, so /dev/kvm does not matter).
 * Prints counts and exits 1 on any failure.
 *
 * Options: --refresh (fetch the source again), --keep (keep the work folder), --limit N (first N domains, for a
 * quick look), --source DIR (an already extracted libvirt tree instead of apt).
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { HypervPreset, planOrThrow, renderStylesheet, shippedStylesheets } from '../../lib/core';
import { runInProcess } from '../../lib/preview/in-process';
import { XsltprocError, runXsltproc } from '../../lib/preview/xsltproc';
import { DOMAIN_RNG, canonicalMany, pool, validateMany, xsltprocMany } from './batch';
import { collectDomainXml } from './collect';
import { Finding, checkTransform, parseXml, sameContent } from './compare';
import { fetchLibvirtSource } from './fetch';
import { qemuDriverAccepts } from './libvirt-drivers';
import { isX86QemuDomain, libvirtRoundTrip, qemuDriverLosses } from './round-trip';

const ROOT = resolve(__dirname, '..', '..');
const CACHE = join(ROOT, '.cache', 'corpus');

interface Args {
  refresh: boolean;
  keep: boolean;
  limit?: number;
  source?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { refresh: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--refresh') args.refresh = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--limit' && /^\d+$/.test(argv[i + 1] ?? '')) args.limit = Number(argv[++i]);
    else if (a === '--source' && argv[i + 1]) args.source = resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}; use --refresh, --keep, --limit N, --source DIR`);
  }
  return args;
}

function requireTools(): void {
  const missing = ['xsltproc', 'xmllint', 'virt-xml-validate', 'apt-get', 'virsh', 'qemu-system-x86_64'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (!existsSync(DOMAIN_RNG)) missing.push(`${DOMAIN_RNG} (package libvirt0)`);
  if (missing.length > 0) {
    throw new Error(`missing: ${missing.join(', ')}; apt-get install -y --no-install-recommends xsltproc libxml2-utils libvirt-clients libvirt-daemon-driver-qemu qemu-system-x86 dpkg-dev`);
  }
}

/** One failure or in-process listing, kept for the report. */
interface Entry {
  preset: string;
  file: string;
  reason: string;
  detail: string;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Why xslt-processor's result differs, when the input shows a divergence lib/preview/in-process.ts documents. */
function knownInProcessDivergence(canonicalInput: string): string | undefined {
  const doc = parseXml(canonicalInput);
  const outside = Array.from(doc.childNodes as ArrayLike<{ nodeType: number }>).filter((n) => n.nodeType === 7 || n.nodeType === 8);
  if (outside.length > 0) return 'comment or processing instruction outside the root element (libvirt discards them)';
  // Canonical XML writes a literal "&amp;" as &amp;amp;, and a tab, LF or CR in an attribute as &#x9; &#xA; &#xD;.
  if (canonicalInput.includes('&amp;amp;')) return 'literal "&amp;" in the content (xslt-processor 5.1.2 collapses it to "&")';
  if (/&#x[9AD];/.test(canonicalInput)) return 'tab, LF or CR in an attribute value (xslt-processor 5.1.2 writes it raw)';
  return undefined;
}

async function main(): Promise<number> {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  requireTools();
  mkdirSync(CACHE, { recursive: true });

  const source = args.source
    ? { dir: args.source, version: 'given with --source', how: 'given' }
    : fetchLibvirtSource(CACHE, { refresh: args.refresh, log: (l) => console.log(`  ${l}`) });
  console.log(`libvirt source ${source.version} (${source.how}): ${source.dir}`);

  const collection = collectDomainXml(source.dir);
  const files = args.limit !== undefined ? collection.unique.slice(0, args.limit) : collection.unique;
  const work = mkdtempSync(join(CACHE, 'work-'));
  try {
    const inDir = join(work, 'in');
    mkdirSync(inDir);
    const inFiles = files.map((f, i) => {
      const target = join(inDir, `${String(i).padStart(5, '0')}.xml`);
      copyFileSync(f.absolute, target);
      return target;
    });

    // Inputs: canonical form (also the well-formedness test) and RNG validity.
    const canonicalInputs = await canonicalMany(inFiles, join(work, 'c14n-in'));
    const wellFormed = canonicalInputs.map((c) => c !== '' && parseXml(c).documentElement!.namespaceURI === null);
    const valid = await validateMany(inFiles);
    await checkValidatorEquivalence(inFiles, valid);
    const indexes = files.map((_, i) => i).filter((i) => wellFormed[i]);
    const validCount = indexes.filter((i) => valid[i]).length;
    console.log(
      `corpus: ${collection.xmlFiles} *.xml under tests/ (${collection.symlinks} symlinks), ${collection.domainFiles} with root <domain>, ` +
        `${collection.unique.length} unique by content${args.limit !== undefined ? `, first ${files.length} taken (--limit)` : ''}; ` +
        `${indexes.length} well-formed, ${validCount} valid against ${DOMAIN_RNG}`,
    );

    // libvirt's QEMU driver on the inputs it can take (x86, kvm or qemu): what it accepts must stay accepted.
    const tq = Date.now();
    const x86 = indexes.filter((i) => isX86QemuDomain(canonicalInputs[i]));
    const acceptedBefore = qemuDriverAccepts(x86.map((i) => readFileSync(inFiles[i], 'utf8')));
    const qemuAccepted = x86.filter((_, k) => acceptedBefore[k]);
    console.log(`QEMU driver (qemu:///embed define --validate): ${x86.length} x86 QEMU/KVM domains, ${qemuAccepted.length} accepted (${seconds(tq)})`);

    const failures: Entry[] = [];
    const listed: Entry[] = [];
    const presetLines: string[] = [];
    const shipped = new Map(shippedStylesheets().map((s) => [s.preset.name, s.file]));
    for (const preset of HypervPreset.all()) {
      const t0 = Date.now();
      const stylesheet = renderStylesheet(planOrThrow({ preset }).plan);
      const shippedFile = shipped.get(preset.name);
      const fail = (i: number, f: Finding) => failures.push({ preset: preset.name, file: files[i].path, ...f });
      if (shippedFile && readFileSync(join(ROOT, 'xslt', shippedFile), 'utf8') !== stylesheet) {
        failures.push({ preset: preset.name, file: `xslt/${shippedFile}`, reason: 'shipped stylesheet out of date', detail: 'run npm run render:stylesheets' });
      }
      const dir = join(work, preset.name);
      mkdirSync(join(dir, 'out'), { recursive: true });
      mkdirSync(join(dir, 'inproc'), { recursive: true });
      const xsl = join(dir, 'stylesheet.xsl');
      writeFileSync(xsl, stylesheet.trim()); // the provider writes the attribute's text to a file; trimmed like runXsltproc

      const batchIn = indexes.map((i) => inFiles[i]);
      const { outputs } = await xsltprocMany(xsl, batchIn, join(dir, 'sep'));
      const done: number[] = [];
      const outFiles = new Map<number, string>();
      const outText = new Map<number, string>();
      indexes.forEach((i, k) => {
        if (outputs[k] === '') {
          let why = 'no output';
          try {
            runXsltproc(stylesheet, readFileSync(inFiles[i], 'utf8'));
          } catch (e) {
            why = e instanceof XsltprocError ? e.message : String(e);
          }
          fail(i, { reason: 'transform failed', detail: why });
          return;
        }
        const out = join(dir, 'out', `${String(i).padStart(5, '0')}.xml`);
        writeFileSync(out, outputs[k]);
        outFiles.set(i, out);
        outText.set(i, outputs[k]);
        done.push(i);
      });
      await checkBatchEqualsSingle(stylesheet, done.slice(0, 8).map((i) => [inFiles[i], outText.get(i)!] as const), preset.name, failures);

      const outList = done.map((i) => outFiles.get(i)!);
      const [twice, outValid, canonicalOutputs] = await Promise.all([
        xsltprocMany(xsl, outList, join(dir, 'sep2')).then((r) => r.outputs),
        validateMany(outList),
        canonicalMany(outList, join(dir, 'c14n-out')),
      ]);

      // The in-process engine, one document at a time (it is JavaScript, so no process to start).
      const inprocFiles: string[] = [];
      const inprocFailed = new Map<number, string>();
      for (const i of done) {
        const file = join(dir, 'inproc', `${String(i).padStart(5, '0')}.xml`);
        try {
          writeFileSync(file, await runInProcess(stylesheet, readFileSync(inFiles[i], 'utf8')));
        } catch (e) {
          inprocFailed.set(i, `xslt-processor threw: ${(e as Error).message.split('\n')[0]}`);
          writeFileSync(file, '');
        }
        inprocFiles.push(file);
      }
      const canonicalInproc = await canonicalMany(inprocFiles, join(dir, 'c14n-inproc'));

      // libvirt itself: the round trip on the test driver, and the QEMU driver's verdict on the results.
      const tl = Date.now();
      const results = (list: readonly number[]) => list.filter((i) => outText.has(i)).map((i) => ({ index: i, text: outText.get(i)! }));
      const roundTrip = await libvirtRoundTrip(preset, results(done), join(dir, 'round-trip'));
      const losses = qemuDriverLosses(results(qemuAccepted));
      for (const { index, finding } of [...roundTrip.findings, ...losses]) fail(index, finding);
      const libvirtLine =
        `libvirt: test driver defined ${roundTrip.defined}, diff clean ${roundTrip.clean}, one-option diff exact ${roundTrip.oneOption}; ` +
        `QEMU driver still accepts ${results(qemuAccepted).length - losses.length}/${results(qemuAccepted).length} (${seconds(tl)})`;

      let passed = 0;
      let inprocAgreed = 0;
      done.forEach((i, k) => {
        const before = failures.length;
        if (valid[i] && !outValid[k]) fail(i, { reason: 'output invalid (input valid)', detail: `virt-xml-validate refuses the result; rerun: xsltproc ${xsl} ${files[i].path}` });
        if (twice[k] !== outText.get(i)) fail(i, { reason: 'second application changed the result', detail: byteDifference(outText.get(i)!, twice[k]) });
        if (canonicalOutputs[k] === '') fail(i, { reason: 'output not well-formed', detail: 'xmllint --c14n could not parse the result' });
        else for (const f of checkTransform(canonicalInputs[i], canonicalOutputs[k], preset.settings)) fail(i, f);

        // A difference lib/preview/in-process.ts documents is listed; any other is a failure of the preview engine.
        const known = knownInProcessDivergence(canonicalInputs[i]);
        const differs = (reason: string, detail: string) =>
          known ? listed.push({ preset: preset.name, file: files[i].path, reason: known, detail: `${reason}: ${detail}` }) : fail(i, { reason, detail });
        if (inprocFailed.has(i)) differs('in-process engine failed', inprocFailed.get(i)!);
        else if (canonicalInproc[k] === '') differs('in-process result not well-formed', 'xmllint --c14n could not parse it');
        else if (canonicalOutputs[k] !== '') {
          const same = sameContent(canonicalOutputs[k], canonicalInproc[k]);
          if (same === true) inprocAgreed++;
          else differs('in-process result differs', same);
        }
        if (failures.length === before) passed++;
      });
      const mine = failures.filter((f) => f.preset === preset.name);
      presetLines.push(
        `  ${preset.name.padEnd(15)} ${String(passed).padStart(5)} passed, ${String(indexes.length - passed).padStart(4)} failed` +
          `${summarize(mine)}; in-process engine agrees on ${inprocAgreed}/${done.length} (${seconds(t0)})`,
        `  ${''.padEnd(15)} ${libvirtLine}`,
      );
    }

    console.log('per preset:');
    presetLines.forEach((l) => console.log(l));
    printEntries('FAILED', failures, 20);
    printEntries('in-process differences documented in lib/preview/in-process.ts (listed, not failures)', listed, 10);
    const report = join(CACHE, 'report.json');
    writeFileSync(report, `${JSON.stringify({ source: source.version, files: files.length, failures, listed }, null, 1)}\n`);
    console.log(`full listing: ${report}`);
    const total = indexes.length * HypervPreset.all().length;
    const failedCases = new Set(failures.map((f) => `${f.preset} ${f.file}`)).size;
    console.log(`${indexes.length} domains x ${HypervPreset.all().length} presets in ${seconds(started)}`);
    // The last line has the plain "N passed, N failed" form CI summaries read.
    console.log(`corpus: ${total - failedCases} passed, ${failedCases} failed`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    if (args.keep) console.log(`work folder kept: ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Where two texts part, for the listing. */
function byteDifference(first: string, second: string): string {
  if (second === '') return 'the second transform failed';
  let at = 0;
  while (at < first.length && first[at] === second[at]) at++;
  return `first difference at character ${at}: ${JSON.stringify(first.slice(at, at + 40))} became ${JSON.stringify(second.slice(at, at + 40))}`;
}

function summarize(entries: readonly Entry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.reason, (counts.get(e.reason) ?? 0) + 1);
  return counts.size === 0 ? '' : ` (${[...counts].map(([r, n]) => `${r}: ${n}`).join(', ')})`;
}

function printEntries(title: string, entries: readonly Entry[], perReason: number): void {
  if (entries.length === 0) return;
  console.log(`${title}: ${entries.length}`);
  const byReason = new Map<string, Entry[]>();
  for (const e of entries) byReason.set(e.reason, [...(byReason.get(e.reason) ?? []), e]);
  for (const [reason, list] of byReason) {
    console.log(`  ${reason}: ${list.length}`);
    for (const e of list.slice(0, perReason)) console.log(`    [${e.preset}] ${e.file}: ${e.detail}`);
    if (list.length > perReason) console.log(`    ... ${list.length - perReason} more in the report`);
  }
}

/** The batched xmllint call must give virt-xml-validate's verdicts: checked on up to 12 valid and 12 invalid files. */
async function checkValidatorEquivalence(files: readonly string[], verdicts: readonly boolean[]): Promise<void> {
  const sample = [...files.filter((_, i) => verdicts[i]).slice(0, 12), ...files.filter((_, i) => !verdicts[i]).slice(0, 12)];
  await pool(
    sample.map((file) => async () => {
      const r = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
      if ((r.status === 0) !== verdicts[files.indexOf(file)]) {
        throw new Error(`batched xmllint --relaxng and virt-xml-validate disagree on ${file}: ${r.stderr}`);
      }
    }),
  );
}

/** The batched xsltproc output must be byte for byte what one provider-style call gives. */
async function checkBatchEqualsSingle(stylesheet: string, sample: ReadonlyArray<readonly [string, string]>, preset: string, failures: Entry[]): Promise<void> {
  for (const [file, batched] of sample) {
    const single = runXsltproc(stylesheet, readFileSync(file, 'utf8'));
    if (single !== batched) failures.push({ preset, file, reason: 'batched xsltproc differs from a single call', detail: 'the batching in scripts/corpus/batch.ts is wrong' });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    console.error(`test:corpus: ${e.message}`);
    process.exitCode = 2;
  },
);
