/**
 * `npm run package`: the packages for other languages. jsii compiles (`npm run build`), jsii-pacmak writes the Python
 * and Go source (--code-only) into dist/packages/, keyword-hints.ts adds the keyword-typo suggestions to the Python
 * modules, and pip builds the wheel into dist/packages/. The Go module (dist/packages/go/libvirthyperv) is source:
 * a Go app uses it with a `replace` line, as twin/go does.
 *
 * pacmak's own build step would make the wheel before the hints could go in; pip's isolated build uses the
 * build-system pacmak declares in the generated pyproject.toml, so the result is the wheel pacmak would make, plus
 * the hints. `npm_config_ignore_scripts`: pacmak runs `npm pack`, whose `prepare` would run jsii a second time.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../acceptance/toolbox';
import { Steps, numberedSteps } from '../steps';
import { missingFromTarball, runtimeDependencies } from './bundled';
import { addKeywordHints } from './keyword-hints';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  jsii: { outdir: string; targets: { python: { module: string }; go: { moduleName: string } } };
};
export const PYTHON_MODULE = pkg.jsii.targets.python.module;
export const PACKAGES_DIR = path.join(REPO_ROOT, pkg.jsii.outdir);
/** pacmak names the Go package after the npm name without its dash. */
export const GO_MODULE_DIR = path.join(PACKAGES_DIR, 'go', 'libvirthyperv');
const PYTHON_SOURCE_DIR = path.join(PACKAGES_DIR, 'python');
/** jsii and pacmak print an 11-line banner on every run while Node 20 (this repo's engines floor) is end-of-life. */
export const QUIET_NODE_ENV: NodeJS.ProcessEnv = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

export type Target = 'python' | 'go';

export const wheelPath = (): string => path.join(PACKAGES_DIR, `${PYTHON_MODULE}-${pkg.version}-py3-none-any.whl`);

/** The newest modification time (ms) under the inputs of the wheel: the library, the hints, package.json. */
function newestInput(): number {
  let newest = 0;
  const visit = (file: string): void => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ['lib', 'package.json', 'tsconfig.jsii.json', 'scripts/jsii/keyword_hints.py', 'scripts/jsii/keyword-hints.ts']) {
    visit(path.join(REPO_ROOT, input));
  }
  return newest;
}

/** True when the wheel exists and is newer than everything it is built from. */
export function wheelIsFresh(): boolean {
  return existsSync(wheelPath()) && statSync(wheelPath()).mtimeMs > newestInput();
}

export function compileWithJsii(steps: Steps): void {
  steps.step('jsii: compile lib/ into dist/ and write .jsii (npm run build)', () => {
    // The build script deletes .jsii first, so a failed compile cannot leave a stale assembly for pacmak to pack.
    const build = run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, env: QUIET_NODE_ENV });
    const warnings = `${build.stdout}${build.stderr}`.split('\n').filter((line) => /warning/i.test(line));
    for (const warning of warnings) console.log(`  ${warning.trim()}`);
  });
}

/** The npm tarball pacmak puts into each language's package, which jsii's kernel loads at run time. */
function jsiiTarball(target: Target): string {
  return target === 'go'
    ? path.join(GO_MODULE_DIR, 'jsii', `${pkg.name}-${pkg.version}.tgz`)
    : path.join(PYTHON_SOURCE_DIR, 'src', PYTHON_MODULE, '_jsii', `${pkg.name}@${pkg.version}.jsii.tgz`);
}

export function generateCode(steps: Steps, targets: readonly Target[]): void {
  steps.step(`jsii-pacmak --code-only --targets ${targets.join(' ')}`, () => {
    for (const target of targets) rmSync(path.join(PACKAGES_DIR, target), { recursive: true, force: true });
    run(path.join(REPO_ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--code-only', '--targets', ...targets, '--npmignore', 'false'], {
      cwd: REPO_ROOT,
      env: { ...QUIET_NODE_ENV, npm_config_ignore_scripts: 'true' },
    });
    const dependencies = runtimeDependencies(REPO_ROOT);
    for (const target of targets) {
      const file = jsiiTarball(target);
      const missing = missingFromTarball(run('tar', ['-tzf', file], { quiet: true }).stdout.split('\n'), dependencies);
      if (missing.length > 0) {
        throw new Error(`${path.relative(REPO_ROOT, file)} lacks the runtime dependencies ${missing.join(', ')}: npm pack left them out of bundleDependencies' closure (a node_modules that is a symlink does that); install with npm ci and package again`);
      }
      console.log(`  ${path.relative(REPO_ROOT, file)} bundles all ${dependencies.length} runtime dependencies (${dependencies.join(', ')})`);
    }
  });
}

export interface PythonPackage {
  readonly wheel: string;
  readonly bytes: number;
}

/** The hints into pacmak's Python source, then the wheel. */
export function buildWheel(steps: Steps): PythonPackage {
  steps.step('Keyword-typo hints into the generated Python modules', () => {
    const modules = addKeywordHints(path.join(PYTHON_SOURCE_DIR, 'src'), PYTHON_MODULE);
    console.log(`  ${modules.length} modules call ${PYTHON_MODULE}._keyword_hints`);
  });
  return steps.step('pip wheel (the build-system of pacmak\'s pyproject.toml)', () => {
    rmSync(wheelPath(), { force: true });
    // pip from a throwaway virtualenv: a distribution's python3 may have no pip of its own (Debian: python3-venv
    // brings ensurepip, python3-pip is separate).
    const venv = mkdtempSync(path.join(os.tmpdir(), 'libvirt-hyperv-wheel-'));
    try {
      run('python3', ['-m', 'venv', venv], { quiet: true });
      run(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'wheel', '--quiet', '--no-deps', '--disable-pip-version-check', '--wheel-dir', PACKAGES_DIR, PYTHON_SOURCE_DIR], { cwd: REPO_ROOT });
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
    const bytes = statSync(wheelPath()).size;
    console.log(`  ${path.relative(REPO_ROOT, wheelPath())}: ${(bytes / 1024).toFixed(0)} KiB`);
    return { wheel: wheelPath(), bytes };
  });
}

export function packagePython(steps: Steps): PythonPackage {
  compileWithJsii(steps);
  generateCode(steps, ['python']);
  return buildWheel(steps);
}

export function packageGo(steps: Steps): string {
  compileWithJsii(steps);
  generateCode(steps, ['go']);
  return GO_MODULE_DIR;
}

if (require.main === module) {
  const steps = numberedSteps();
  try {
    compileWithJsii(steps);
    generateCode(steps, ['python', 'go']);
    buildWheel(steps);
    console.log(`  Go module: ${path.relative(REPO_ROOT, GO_MODULE_DIR)}`);
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
