/**
 * `cdktf deploy`, `cdktf diff` and `cdktf destroy` with the real cdktf-cli 0.21.0 (this repo's devDependency, so
 * the README's `npx cdktf deploy` runs this same binary) against the real libvirtd and the real provider.
 *
 * cdktf-cli runs terraform itself; it gets the test's CLI config (the provider from the filesystem mirror only),
 * CHECKPOINT_DISABLE=1 and no plugin cache, so nothing reaches a registry. The project lives in the test's temp dir
 * with cdktf.json pointing at scripts/acceptance/cdktf-cli-app.ts.
 */
import { strict as assert } from 'assert';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { kebab } from '../../lib/cli/flags';
import { CDKTF_CLI_DOMAINS, CDKTF_CLI_STACK, TOGGLE, TOGGLED_DOMAIN, cdktfCliEnlightenments } from './cdktf-cli-domains';
import { RHEL10_CLOCK_BLOCK, TCG_STARTABLE_HYPERV_BLOCK } from './expected';
import { REPO_ROOT, RunResult, Terraform, listAllDomains, run, show, virsh } from './toolbox';

export interface CdktfCliContext {
  readonly workdir: string;
  readonly terraform: Terraform;
  readonly step: <T>(title: string, body: () => T) => T;
  /** Prints and checks a domain's <hyperv> and <clock> blocks (run.ts's checkBlocks). */
  readonly checkBlocks: (name: string, expectedHyperv: string, expectedClock: string) => string;
}

/** libvirt keeps a QEMU log per domain; the test removes those of its own domains. */
const QEMU_LOG_DIR = '/var/log/libvirt/qemu';
const CDKTF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
const TS_NODE_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'ts-node');

/** The cdktf project: cdktf.json as `cdktf init` writes it, its app being the test's app file. */
function writeProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const app = `${TS_NODE_BIN} --transpile-only ${path.join(__dirname, 'cdktf-cli-app.ts')}`;
  const cdktfJson = { language: 'typescript', app, projectId: 'lvh-acceptance-cdktf-cli', sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} };
  writeFileSync(path.join(dir, 'cdktf.json'), `${JSON.stringify(cdktfJson, null, 2)}\n`);
}

/**
 * `cdktf diff` of an app synthesized elsewhere (`--skip-synth --output OUTDIR`), run from a project of its own so
 * that cdktf-cli finds a cdktf.json; its plan is terraform's, with the test's CLI config (no registry).
 */
export function cdktfDiffOfSynthesized(tf: Terraform, workdir: string, outdir: string, stack: string): { status: number; lines: string[] } {
  const project = path.join(workdir, `cdktf-cli-diff-${stack}`);
  mkdirSync(project, { recursive: true });
  const cdktfJson = { language: 'typescript', app: 'true', output: outdir, projectId: `lvh-acceptance-${stack}`, sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} };
  writeFileSync(path.join(project, 'cdktf.json'), `${JSON.stringify(cdktfJson, null, 2)}\n`);
  const diff = run(CDKTF_BIN, ['diff', '--skip-synth', '--skip-provider-lock', '--output', outdir, stack], {
    cwd: project,
    allowFailure: true,
    quiet: true,
    env: { ...tf.env, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1', FORCE_COLOR: '0' },
  });
  return { status: diff.status, lines: plainLines(`${diff.stdout}${diff.stderr}`, stack) };
}

/** cdktf-cli output without colours and without the stack-name column it puts before terraform's lines. */
function plainLines(output: string, stack: string = CDKTF_CLI_STACK): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const prefix = new RegExp(`^${stack}\\s+`);
  return plain.split('\n').map((line) => line.replace(prefix, ''));
}

function cdktf(ctx: CdktfCliContext, project: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  return run(CDKTF_BIN, args, {
    cwd: project,
    env: { ...ctx.terraform.env, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1', FORCE_COLOR: '0', ...env },
  });
}

function domainsOfThisApp(): string[] {
  const ours = new Set<string>(Object.values(CDKTF_CLI_DOMAINS));
  return listAllDomains().filter((name) => ours.has(name));
}

/**
 * `virsh dumpxml NAME | libvirt-hyperv diff <same options> -` on each VM `cdktf deploy` created exits 0: the
 * stylesheet's output is what libvirt stores (mode, child order, place among the features), so a user comparing
 * against a running VM sees no noise. With one option changed, the diff shows that option's line and nothing else.
 */
export function checkLibvirtDiffIsClean(ctx: CdktfCliContext): void {
  const diffLive = (name: string, flags: string[]) => {
    const xml = virsh(['dumpxml', name], { quiet: true }).stdout;
    console.log(`  $ virsh dumpxml ${name} | libvirt-hyperv diff ${flags.join(' ')} -`);
    const diff = run(process.execPath, [path.join(REPO_ROOT, 'bin', 'libvirt-hyperv.js'), 'diff', ...flags, '-'], { allowFailure: true, quiet: true, input: xml });
    show(`exit ${diff.status}`, `${diff.stdout}${diff.stderr}` || '(no output)');
    return diff;
  };
  const sameFlags = (name: string) => {
    const flags = ['--host-cpu-vendor', 'intel'];
    for (const [id, state] of Object.entries(cdktfCliEnlightenments(name, false))) flags.push(`--${kebab(id)}`, String(state));
    return flags;
  };
  ctx.step('virsh dumpxml NAME | libvirt-hyperv diff --same-options -: exit 0 on every VM cdktf deploy created', () => {
    for (const name of Object.values(CDKTF_CLI_DOMAINS)) {
      assert.equal(diffLive(name, sameFlags(name)).status, 0, `${name}: libvirt-hyperv diff against libvirt's own XML should find nothing to change`);
    }
  });
  ctx.step('the same diff with one option changed (--evmcs off): exit 1, and only the evmcs line changes', () => {
    const name = Object.values(CDKTF_CLI_DOMAINS)[0];
    const diff = diffLive(name, [...sameFlags(name), '--evmcs', 'off']);
    assert.equal(diff.status, 1, `${name}: a changed option must show as a difference`);
    const changed = diff.stdout.split('\n').filter((line) => /^[-+](?![-+]{2} )/.test(line)).map((line) => line.replace(/^([-+])\s+/, '$1'));
    assert.deepEqual(changed, ['-<evmcs state="on"/>', '+<evmcs state="off"/>'], 'only the evmcs line should change');
  });
}

/** Deploy, libvirt diff (same options, then one changed), diff after a toggle, destroy: one step each. */
export function runCdktfCliSteps(ctx: CdktfCliContext): void {
  const project = path.join(ctx.workdir, 'cdktf-cli-project');
  writeProject(project);

  ctx.step(`cdktf deploy (cdktf-cli ${cdktfVersion(ctx)}): two WindowsDomains and an Aspect-patched Domain`, () => {
    const deploy = cdktf(ctx, project, ['deploy', '--auto-approve', '--skip-provider-lock', CDKTF_CLI_STACK]);
    show('cdktf deploy (last lines)', plainLines(deploy.stdout).filter((line) => line.trim() !== '').slice(-4).join('\n'));
    assert.deepEqual(domainsOfThisApp().sort(), Object.values(CDKTF_CLI_DOMAINS).sort(), 'cdktf deploy should have created the three domains');
    for (const name of Object.values(CDKTF_CLI_DOMAINS)) ctx.checkBlocks(name, TCG_STARTABLE_HYPERV_BLOCK, RHEL10_CLOCK_BLOCK);
  });

  checkLibvirtDiffIsClean(ctx);

  ctx.step(`cdktf diff after switching ${Object.keys(TOGGLE).join(', ')} to '${Object.values(TOGGLE).join(', ')}' on ${TOGGLED_DOMAIN}: one xml.xslt line, forces replacement`, () => {
    const diff = cdktf(ctx, project, ['diff', '--skip-provider-lock', CDKTF_CLI_STACK], { LVH_CDKTF_STAGE: 'toggled' });
    const lines = plainLines(diff.stdout);
    const start = lines.findIndex((line) => /\bxslt\s+=\s+<<-EOT/.test(line));
    assert.ok(start >= 0, `cdktf diff shows no change of xml.xslt:\n${diff.stdout}`);
    const end = lines.findIndex((line, i) => i > start && /^\s*EOT\s*$/.test(line));
    const xslt = lines.slice(start, end + 1);
    const removed = xslt.filter((line) => /^\s*- /.test(line)).map((line) => line.replace(/^\s*- /, ''));
    const added = xslt.filter((line) => /^\s*\+ /.test(line)).map((line) => line.replace(/^\s*\+ /, ''));
    const summary = lines.filter((line) => /must be replaced|^\s*Plan:/.test(line));
    show('cdktf diff (the xml.xslt change and the summary)', [lines[start].trim(), ...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`), ...summary.map((l) => l.trim())].join('\n'));
    assert.match(lines[start], /# forces replacement/);
    assert.deepEqual(removed, ['<evmcs state="on"/>']);
    assert.deepEqual(added, ['<evmcs state="off"/>']);
    assert.equal(summary.filter((line) => /must be replaced/.test(line)).length, 1, 'exactly one resource is replaced');
    assert.ok(summary.some((line) => /Plan: 1 to add, 0 to change, 1 to destroy/.test(line)), 'the plan replaces one VM and nothing else');
  });

  ctx.step('cdktf destroy: nothing left', () => {
    const destroy = cdktf(ctx, project, ['destroy', '--auto-approve', '--skip-provider-lock', CDKTF_CLI_STACK]);
    show('cdktf destroy (last lines)', plainLines(destroy.stdout).filter((line) => line.trim() !== '').slice(-2).join('\n'));
    assert.deepEqual(domainsOfThisApp(), [], 'cdktf destroy should leave none of its domains');
    for (const name of Object.values(CDKTF_CLI_DOMAINS)) rmSync(path.join(QEMU_LOG_DIR, `${name}.log`), { force: true });
    console.log(`  virsh list --all: none of ${Object.values(CDKTF_CLI_DOMAINS).join(', ')}`);
  });
}

function cdktfVersion(ctx: CdktfCliContext): string {
  return run(CDKTF_BIN, ['--version'], { quiet: true, env: ctx.terraform.env }).stdout.trim();
}
