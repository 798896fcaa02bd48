/**
 * Consumer test: this library used from another repo, the way IaC repos take it.
 *
 *   npm run test:consumer        (needs npm with the registry or its cache, and git)
 *
 * A fresh app with the layout `cdktf init --template=typescript` writes (the template files of cdktf-cli 0.21.0,
 * then the packages its post-install hook adds), installs libvirt-hyperv twice: from the tarball `npm pack` makes,
 * and from a git URL (`git+file://<this repo>#<HEAD>`, the same clone-install-prepare-pack path as git+https).
 * Each app type-checks under the template's strict tsconfig, synthesizes with the real `cdktf synth` two
 * WindowsDomains and an Aspect-patched Domain, and its stylesheets must be byte-identical to xslt/.
 * Everything happens in a temp dir (removed at the end unless --keep); in the checkout, `npm pack` runs `prepare`,
 * which rebuilds the git-ignored dist/ exactly as `npm ci` does.
 */
import { strict as assert } from 'assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run, show } from '../acceptance/toolbox';
import { scaffoldCdktfApp } from './cdktf-init';
import { numberedSteps } from '../steps';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; devDependencies: Record<string, string> };
const options = new Set(process.argv.slice(2));

const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
/** Quiet, offline-capable npm and cdktf: no update checks, no telemetry, no CLI config noise from terraform. */
const ENV: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', npm_config_update_notifier: 'false' };

const { step, count: stepCount, timings } = numberedSteps();

/** The consumer's main.ts: two WindowsDomains and a plain generated Domain patched by the aspect. */
const CONSUMER_MAIN = `import { Construct } from "constructs";
import { App, Aspects, TerraformStack } from "cdktf";
import { HypervAspect, HypervPreset, WindowsDomain, libvirt } from "libvirt-hyperv";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new libvirt.provider.LibvirtProvider(this, "libvirt", { uri: "qemu:///system" });
    new WindowsDomain(this, "dc01", { domain: { name: "dc01", memory: 8192, vcpu: 4 }, hyperv: { hostCpuVendor: "intel" } });
    new WindowsDomain(this, "win11", { domain: { name: "win11", machine: "q35" }, hyperv: { preset: HypervPreset.WINDOWS11, hostCpuVendor: "intel" } });
    const legacy = new Construct(this, "legacy");
    new libvirt.domain.Domain(legacy, "app01", { name: "app01", memory: 4096 });
    Aspects.of(legacy).add(new HypervAspect({ hostCpuVendor: "intel" }));
  }
}

const app = new App();
new MyStack(app, "consumer");
app.synth();
`;

/** What each domain's xml.xslt must be, byte for byte. */
const EXPECTED_STYLESHEETS: Readonly<Record<string, string>> = {
  dc01: 'windows-enlightenments.xsl',
  win11: 'windows-enlightenments-windows11.xsl',
  app01: 'windows-enlightenments.xsl',
};

function npm(cwd: string, args: readonly string[]): string {
  return run('npm', args, { cwd, env: ENV }).stdout;
}

/** Type-check, `cdktf synth`, the stylesheets against xslt/, and the CLI from the installed package. */
function checkApp(app: string): void {
  const installed = path.join(app, 'node_modules', pkg.name);
  for (const file of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'LICENSE', 'CHANGELOG.md', 'README.md', 'xslt/windows-enlightenments.xsl']) {
    assert.ok(existsSync(path.join(installed, file)), `the installed package lacks ${file}`);
  }
  assert.ok(!existsSync(path.join(installed, 'lib')), 'the installed package should ship dist/, not the TypeScript sources');
  console.log(`  node_modules/${pkg.name}: dist/lib, LICENSE, CHANGELOG.md, README.md, xslt/ present; no lib/ sources`);

  const tsc = run(path.join(app, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', app], { cwd: app, env: ENV, allowFailure: true });
  assert.equal(tsc.status, 0, `tsc --noEmit failed under the cdktf init tsconfig:\n${tsc.stdout}${tsc.stderr}`);
  console.log('  tsc --noEmit (cdktf init tsconfig: strict, noUnusedLocals, noImplicitAny): no errors');

  const synth = run(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['synth'], { cwd: app, env: ENV });
  // cdktf-cli draws a spinner even without a terminal; its last line is the result.
  show('cdktf synth', synth.stdout.split('\n').filter((line) => /Generated Terraform code/.test(line)).join('\n'));
  const stack = JSON.parse(readFileSync(path.join(app, 'cdktf.out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
  const domains = Object.values(stack.resource.libvirt_domain) as Array<{ name: string; xml?: { xslt?: string } }>;
  assert.deepEqual(domains.map((d) => d.name).sort(), Object.keys(EXPECTED_STYLESHEETS).sort());
  for (const domain of domains) {
    const file = EXPECTED_STYLESHEETS[domain.name];
    const expected = readFileSync(path.join(REPO_ROOT, 'xslt', file), 'utf8');
    assert.equal(domain.xml?.xslt, expected, `${domain.name}: xml.xslt differs from xslt/${file}`);
    assert.equal(readFileSync(path.join(installed, 'xslt', file), 'utf8'), expected, `the package's xslt/${file} differs from the repo's`);
    console.log(`  ${domain.name}: xml.xslt == xslt/${file} (${expected.length} bytes)`);
  }

  const cli = run(path.join(app, 'node_modules', '.bin', 'libvirt-hyperv'), ['stylesheet'], { cwd: app, env: ENV });
  assert.equal(cli.stdout, readFileSync(path.join(REPO_ROOT, 'xslt', 'windows-enlightenments.xsl'), 'utf8'));
  console.log('  npx libvirt-hyperv stylesheet (the packaged CLI, from dist/): == xslt/windows-enlightenments.xsl');
}

function headCommit(): { sha: string; dirty: boolean } {
  const sha = run('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, quiet: true }).stdout.trim();
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, quiet: true }).stdout.trim() !== '';
  return { sha, dirty };
}

function main(): void {
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'libvirt-hyperv-consumer-'));
  const started = Date.now();
  let failed = true;
  try {
    const tarball = step('npm pack (prepare builds dist/)', () => {
      const out = npm(REPO_ROOT, ['pack', '--pack-destination', workdir, ...NPM_FLAGS]).trim().split('\n');
      const file = path.join(workdir, out[out.length - 1]);
      const listing = run('tar', ['-tzf', file], { quiet: true }).stdout.split('\n').filter((line) => line !== '');
      for (const entry of ['package/LICENSE', 'package/CHANGELOG.md', 'package/README.md', 'package/dist/lib/index.js', 'package/bin/libvirt-hyperv.js', 'package/xslt/windows-enlightenments.xsl']) {
        assert.ok(listing.includes(entry), `the tarball lacks ${entry}`);
      }
      assert.ok(!listing.some((entry) => entry.startsWith('package/lib/') || entry.startsWith('package/__tests__/')), 'the tarball should not carry sources or tests');
      console.log(`  ${path.basename(file)}: ${listing.length} files, ${(readFileSync(file).length / 1024).toFixed(0)} KiB; LICENSE, CHANGELOG.md, dist/lib, bin, xslt present`);
      return file;
    });

    const template = path.join(workdir, 'template-app');
    step('A fresh app in the cdktf init --template=typescript layout (cdktf-cli 0.21.0 template + its hook\'s packages)', () => {
      const written = scaffoldCdktfApp(template, 'consumer', pkg.devDependencies);
      show('files written from the template', written.join('\n'));
    });

    const apps = { tarball: path.join(workdir, 'app-from-tarball'), git: path.join(workdir, 'app-from-git') };
    for (const dir of Object.values(apps)) {
      cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
      writeFileSync(path.join(dir, 'main.ts'), CONSUMER_MAIN);
    }

    step('Install from the packed tarball', () => {
      npm(apps.tarball, ['install', tarball, ...NPM_FLAGS]);
    });
    step('From the tarball: tsc --noEmit, cdktf synth, stylesheets == xslt/', () => checkApp(apps.tarball));

    const head = headCommit();
    step(`Install from a git URL (git+file://<repo>#${head.sha.slice(0, 12)}: npm clones, installs, runs prepare, packs)`, () => {
      if (head.dirty) console.log('  note: the checkout has uncommitted changes; the git install tests the commit, not them');
      npm(apps.git, ['install', `git+file://${REPO_ROOT}#${head.sha}`, ...NPM_FLAGS]);
    });
    step('From git: tsc --noEmit, cdktf synth, stylesheets == xslt/', () => checkApp(apps.git));
    failed = false;
  } finally {
    if (options.has('--keep')) console.log(`\n  kept ${workdir}`);
    else rmSync(workdir, { recursive: true, force: true });
    console.log('\nStep times:');
    for (const [title, seconds] of timings()) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${title}`);
    console.log(`\n${failed ? 'FAILED' : 'PASSED'}: consumer test, ${stepCount()} steps, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

try {
  main();
} catch (error) {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
