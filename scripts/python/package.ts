/**
 * `npm run package`: the Python wheel. jsii compiles (`npm run build`), jsii-pacmak writes the Python source
 * (--code-only), keyword-hints.ts adds the keyword-typo suggestions, and pip builds the wheel into dist/packages/.
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
import { addKeywordHints } from './keyword-hints';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  jsii: { outdir: string; targets: { python: { distName: string; module: string } } };
};
export const PYTHON_MODULE = pkg.jsii.targets.python.module;
export const PACKAGES_DIR = path.join(REPO_ROOT, pkg.jsii.outdir);
const SOURCE_DIR = path.join(PACKAGES_DIR, 'python');
/** jsii and pacmak print an 11-line banner on every run while Node 20 (this repo's engines floor) is end-of-life. */
export const QUIET_NODE_ENV: NodeJS.ProcessEnv = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

export const wheelPath = (): string => path.join(PACKAGES_DIR, `${PYTHON_MODULE}-${pkg.version}-py3-none-any.whl`);

/** The newest modification time (ms) under the inputs of the wheel: the library, the hints, package.json. */
function newestInput(): number {
  let newest = 0;
  const visit = (file: string): void => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ['lib', 'package.json', 'tsconfig.jsii.json', 'scripts/python/keyword_hints.py', 'scripts/python/keyword-hints.ts']) {
    visit(path.join(REPO_ROOT, input));
  }
  return newest;
}

/** True when the wheel exists and is newer than everything it is built from. */
export function wheelIsFresh(): boolean {
  return existsSync(wheelPath()) && statSync(wheelPath()).mtimeMs > newestInput();
}

export interface PythonPackage {
  readonly wheel: string;
  readonly bytes: number;
}

export function packagePython(steps: Steps): PythonPackage {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  steps.step('jsii: compile lib/ into dist/ and write .jsii (npm run build)', () => {
    // The build script deletes .jsii first, so a failed compile cannot leave a stale assembly for pacmak to pack.
    run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, env: QUIET_NODE_ENV });
  });
  steps.step('jsii-pacmak --code-only --targets python', () => {
    rmSync(SOURCE_DIR, { recursive: true, force: true });
    run(path.join(bin, 'jsii-pacmak'), ['--code-only', '--targets', 'python', '--npmignore', 'false'], {
      cwd: REPO_ROOT,
      env: { ...QUIET_NODE_ENV, npm_config_ignore_scripts: 'true' },
    });
  });
  steps.step('Keyword-typo hints into the generated modules', () => {
    const modules = addKeywordHints(path.join(SOURCE_DIR, 'src'), PYTHON_MODULE);
    console.log(`  ${modules.length} modules call ${PYTHON_MODULE}._keyword_hints`);
  });
  return steps.step('pip wheel (the build-system of pacmak\'s pyproject.toml)', () => {
    rmSync(wheelPath(), { force: true });
    // pip from a throwaway virtualenv: a distribution's python3 may have no pip of its own (Debian: python3-venv
    // brings ensurepip, python3-pip is separate).
    const venv = mkdtempSync(path.join(os.tmpdir(), 'libvirt-hyperv-wheel-'));
    try {
      run('python3', ['-m', 'venv', venv], { quiet: true });
      run(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'wheel', '--quiet', '--no-deps', '--disable-pip-version-check', '--wheel-dir', PACKAGES_DIR, SOURCE_DIR], { cwd: REPO_ROOT });
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
    const bytes = statSync(wheelPath()).size;
    console.log(`  ${path.relative(REPO_ROOT, wheelPath())}: ${(bytes / 1024).toFixed(0)} KiB`);
    return { wheel: wheelPath(), bytes };
  });
}

if (require.main === module) {
  const steps = numberedSteps();
  try {
    packagePython(steps);
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
