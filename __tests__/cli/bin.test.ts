import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BIN, REPO, fixture, readFixture, spawnBin } from './helpers';

describe('the real bin, from the checkout (ts-node, no build)', () => {
  test('npx libvirt-hyperv stylesheet equals xslt/windows-enlightenments.xsl byte for byte', () => {
    const result = spawnSync('npx', ['--offline', '--no-install', 'libvirt-hyperv', 'stylesheet', '--host-cpu-vendor', 'intel'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(REPO, 'xslt', 'windows-enlightenments.xsl'), 'utf8'));
  });

  test('virsh dumpxml VM | libvirt-hyperv diff -: exit 1 with the diff; its own output: exit 0, nothing', () => {
    const changed = spawnBin(['diff', '--host-cpu-vendor', 'intel', '-'], { input: readFixture('input-b-windows.xml') });
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/^--- stdin\n\+\+\+ stdin \(with the Hyper-V stylesheet, preset rhel10\)\n@@ /);
    expect(changed.stdout).toContain('+    <hyperv mode="custom">\n');
    expect(changed.stdout).toContain('+  <clock offset="localtime">\n+    <timer name="hypervclock" present="yes"/>\n+  </clock>\n');
    expect(changed.stdout).not.toContain('\x1b['); // a pipe is not a terminal
    const applied = spawnBin(['apply', '--host-cpu-vendor', 'intel', fixture('input-b-windows.xml')]);
    expect(applied.status).toBe(0);
    const same = spawnBin(['diff', '--host-cpu-vendor', 'intel', '-'], { input: applied.stdout });
    expect({ status: same.status, stdout: same.stdout, stderr: same.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('bad input through the real process: exit 2, one line, no stack trace', () => {
    const result = spawnBin(['diff', '-'], { input: '<domain><name>x</name>' });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
    expect(result.stderr).toBe('libvirt-hyperv: stdin:1:22: unclosed tag: domain\n');
  });
});

describe('the real bin and its standard output', () => {
  const shell = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60000 });

  test('a reader that goes away (| true) is no error: no stack trace on stderr', () => {
    // `true` exits long before node has started, so the bin's write meets a closed pipe (EPIPE).
    const result = shell(`"${process.execPath}" "${BIN}" stylesheet --host-cpu-vendor intel | true; echo "exit \${PIPESTATUS[0]}"`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('exit 0\n');
  });

  test('a failing standard output (/dev/full) is one line and exit 2', () => {
    const result = shell(`"${process.execPath}" "${BIN}" stylesheet --host-cpu-vendor intel > /dev/full; echo "exit $?"`);
    expect(result.stderr).toBe('libvirt-hyperv: cannot write standard output: ENOSPC: no space left on device, write\n');
    expect(result.stdout).toBe('exit 2\n');
  });
});

describe('the real bin, as packed (dist/lib, no lib/ sources)', () => {
  let pkg: string;
  beforeAll(() => {
    // The layout `npm pack` ships ("files": dist/lib, bin, xslt): compile the CLI and what it imports into dist/lib.
    pkg = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-packed-'));
    const tsc = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '--outDir', join(pkg, 'dist', 'lib'), '--rootDir', join(REPO, 'lib'), '--module', 'commonjs', '--target', 'ES2022', '--esModuleInterop', '--skipLibCheck', '--strict', '--types', 'node', join(REPO, 'lib', 'cli', 'index.ts')],
      { encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
    cpSync(join(REPO, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'));
  });
  afterAll(() => rmSync(pkg, { recursive: true, force: true }));

  test('runs dist/lib/cli and prints the same stylesheet', () => {
    const result = spawnSync(process.execPath, [join(pkg, 'bin', 'libvirt-hyperv.js'), 'stylesheet', '--host-cpu-vendor', 'intel'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(REPO, 'xslt', 'windows-enlightenments.xsl'), 'utf8'));
  });

  test('package.json ships what the bin needs', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(manifest.bin['libvirt-hyperv']).toBe('bin/libvirt-hyperv.js');
    expect(manifest.files).toEqual(expect.arrayContaining(['bin', 'dist/lib']));
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});
