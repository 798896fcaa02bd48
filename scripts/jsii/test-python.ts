/**
 * `npm run test:python`: the library from Python, as a CDKTF user in Python gets it.
 *
 *   npm run test:python [-- --reuse] [-- --keep]     (needs python3 with venv, and PyPI or pip's cache)
 *
 * Builds the wheel (npm run package's steps; --reuse keeps a wheel newer than its inputs), installs it with
 * cdktf==0.21.0 and constructs from PyPI into a fresh virtualenv, and runs twin/app.py against its TypeScript
 * twin twin/app.ts: the same declarations must synthesize the same cdk.tf.json byte for byte (so the stylesheets
 * too, which are also checked against xslt/) and the same annotations; a refused option must give the same
 * message; a misspelt keyword must name the right one. Then the README's Python example runs as written, outside
 * the checkout. Everything happens in a temp dir (removed unless --keep).
 */
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { run, show } from '../acceptance/toolbox';
import { runCheckScript } from '../steps';
import { annotationsOf, domainStylesheets, issueMessages } from './compare';
import { PythonPackage, REPO_ROOT, packagePython, wheelIsFresh, wheelPath } from './package';
import { readmePythonExample } from './readme-example';
import { APP_ENV, AppCommand, STACK, TWIN_DIR, assertSameSynth, compileTypescriptTwin, readOut, synthApp } from './twins';

/** What the Python user installs besides the wheel: the versions the npm package's peerDependencies name. */
const PYPI_REQUIREMENTS = ['cdktf==0.21.0', 'constructs'];
const options = new Set(process.argv.slice(2));

runCheckScript('Python test', { tmpPrefix: 'libvirt-hyperv-python-', keep: options.has('--keep') }, (workdir, steps) => {
  const { step } = steps;
  const wheel: PythonPackage =
    options.has('--reuse') && wheelIsFresh()
      ? step('The wheel (reused: newer than lib/, package.json and the hints)', () => ({ wheel: wheelPath(), bytes: readFileSync(wheelPath()).length }))
      : packagePython(steps);

  const venv = path.join(workdir, 'venv');
  const python = path.join(venv, 'bin', 'python');
  step(`A fresh virtualenv: pip install ${PYPI_REQUIREMENTS.join(' ')} ${path.basename(wheel.wheel)}`, () => {
    run('python3', ['-m', 'venv', venv]);
    run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PYPI_REQUIREMENTS, wheel.wheel]);
    const versions = run(python, ['-c', 'import importlib.metadata as m, sys; print(sys.version.split()[0], *(f"{p} {m.version(p)}" for p in ("cdktf", "constructs", "jsii", "libvirt-hyperv")), sep=", ")'], { quiet: true });
    console.log(`  Python ${versions.stdout.trim()}`);
  });

  const pythonApp: AppCommand = { language: 'Python', command: python, args: [path.join(TWIN_DIR, 'app.py')] };
  const twin = compileTypescriptTwin(workdir);
  step('The declarations (a WindowsDomain per preset, Aspect-patched Domains): Python == TypeScript', () => {
    const py = synthApp(pythonApp, path.join(workdir, 'py'), ['declarations']);
    const ts = synthApp(twin, path.join(workdir, 'ts'), ['declarations']);
    const stylesheets = domainStylesheets(assertSameSynth(py, ts));
    const shipped: Record<string, string> = {
      rhel10: 'windows-enlightenments.xsl',
      windows11: 'windows-enlightenments-windows11.xsl',
      passthrough: 'windows-enlightenments-passthrough.xsl',
      app01: 'windows-enlightenments-migration-safe.xsl',
    };
    for (const [name, file] of Object.entries(shipped)) {
      assert.equal(stylesheets.get(name), readOut(REPO_ROOT, 'xslt', file), `${name}: xml.xslt differs from xslt/${file}`);
      console.log(`  ${name}: xml.xslt == xslt/${file}`);
    }
    assert.match(stylesheets.get('migration-safe') ?? '', /<spinlocks state="on" retries="4095"\/>/);
    const annotations = annotationsOf(readOut(py.outdir, 'manifest.json'), STACK);
    show('annotations (the same in both)', annotations.map((a) => `${a.level} [${a.constructPath}] ${a.message.slice(0, 90)}...`).join('\n'));
    for (const code of ['STATE_PROTECTED', 'EVMCS_VENDOR_UNKNOWN', 'EXISTING_XSLT']) {
      assert.ok(annotations.some((a) => a.message.startsWith(`HyperV-${code}: `)), `no HyperV-${code} annotation`);
    }
  });

  step('1000 WindowsDomains: Python == TypeScript, and the synth times', () => {
    const py = synthApp(pythonApp, path.join(workdir, 'py-scale'), ['scale'], { VMS: '1000' });
    const ts = synthApp(twin, path.join(workdir, 'ts-scale'), ['scale'], { VMS: '1000' });
    assertSameSynth(py, ts);
  });

  step('A refused option (evmcs with hostCpuVendor amd): the same error text in Python and TypeScript', () => {
    const py = synthApp(pythonApp, path.join(workdir, 'py-error'), ['evmcs-amd'], {}, true);
    const ts = synthApp(twin, path.join(workdir, 'ts-error'), ['evmcs-amd'], {}, true);
    assert.notEqual(py.result.status, 0, 'the Python app should fail');
    assert.notEqual(ts.result.status, 0, 'the TypeScript app should fail');
    const pyMessages = issueMessages(py.result.stderr, 'EVMCS_AMD');
    const tsMessages = issueMessages(ts.result.stderr, 'EVMCS_AMD');
    assert.equal(pyMessages.length, 1, `expected one HyperV-EVMCS_AMD message from Python:\n${py.result.stderr}`);
    assert.deepEqual(pyMessages, tsMessages);
    const lastLine = py.result.stderr.trimEnd().split('\n').pop() ?? '';
    show('Python\'s last line (a RuntimeError, as jsii raises every JavaScript error)', lastLine);
    assert.equal(lastLine, `RuntimeError: ${pyMessages[0]}`);
  });

  step('A misspelt keyword (spinlock_retry): both name the right one', () => {
    const py = synthApp(pythonApp, path.join(workdir, 'py-typo'), ['typo'], {}, true);
    const pyLast = py.result.stderr.trimEnd().split('\n').pop() ?? '';
    show('Python', pyLast);
    assert.equal(pyLast, "TypeError: HypervOptions() got an unexpected keyword argument 'spinlock_retry'. Did you mean 'spinlock_retries'?");
    // Inside the checkout (git-ignored), so that the compiler finds cdktf, constructs and @types/node.
    const dir = mkdtempSync(path.join(REPO_ROOT, '.build-test-python-'));
    try {
      writeFileSync(path.join(dir, 'typo.ts'), `import { HypervOptions } from ${JSON.stringify(path.join(REPO_ROOT, 'lib'))};\nexport const options: HypervOptions = { preset: 'rhel10', spinlockRetry: 8191 };\n`);
      const tsc = run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--target', 'ES2022', '--types', 'node', path.join(dir, 'typo.ts')], { cwd: REPO_ROOT, allowFailure: true, quiet: true });
      const tsError = tsc.stdout.split('\n').find((line) => line.includes('spinlockRetry')) ?? tsc.stdout;
      show('TypeScript (tsc)', tsError.replace(`${dir}/`, ''));
      assert.match(tsError, /'spinlockRetry' does not exist in type 'HypervOptions'\. Did you mean to write 'spinlockRetries'\?/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  step('The README\'s Python example, as written', () => {
    const dir = path.join(workdir, 'readme');
    const outdir = path.join(dir, 'cdktf.out');
    const main = path.join(dir, 'main.py');
    mkdirSync(dir);
    writeFileSync(main, readmePythonExample(readOut(REPO_ROOT, 'README.md')));
    run(python, [main], { cwd: dir, env: { ...APP_ENV, CDKTF_OUTDIR: outdir } });
    const [stack] = Object.keys((JSON.parse(readOut(outdir, 'manifest.json')) as { stacks: Record<string, unknown> }).stacks);
    const stylesheets = domainStylesheets(readOut(outdir, 'stacks', stack, 'cdk.tf.json'));
    assert.deepEqual([...stylesheets.keys()].sort(), ['app01', 'dc01']);
    assert.equal(stylesheets.get('dc01'), readOut(REPO_ROOT, 'xslt', 'windows-enlightenments.xsl'));
    assert.equal(stylesheets.get('app01'), readOut(REPO_ROOT, 'xslt', 'windows-enlightenments-migration-safe.xsl'));
    console.log(`  stack '${stack}': dc01 == xslt/windows-enlightenments.xsl, app01 == xslt/windows-enlightenments-migration-safe.xsl`);
  });
});
