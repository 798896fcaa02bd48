/** What a user of the published package gets: the built entry point, peers, and the shipped files. */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const pkg = require('../package.json');

test('cdktf and constructs are peer dependencies, never regular ones (a second cdktf copy silently drops Aspects)', () => {
  expect(pkg.peerDependencies).toMatchObject({ cdktf: expect.any(String), constructs: expect.any(String) });
  expect(pkg.dependencies ?? {}).not.toHaveProperty('cdktf');
  expect(pkg.dependencies ?? {}).not.toHaveProperty('constructs');
});

test('the built entry point exports the construct, the aspect, the core and every libvirt binding', () => {
  const outDir = mkdtempSync(join(ROOT, '.build-test-'));
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT });
    const lib = require(join(outDir, 'lib', 'index.js'));
    for (const name of ['WindowsDomain', 'HypervAspect', 'ExistingXslt', 'HypervPreset', 'resolveOptions', 'renderStylesheet', 'CATALOGUE']) {
      expect(lib).toHaveProperty(name);
    }
    expect(lib.libvirt.domain.Domain.tfResourceType).toBe('libvirt_domain');
    expect(lib.libvirt.provider.LibvirtProvider).toBeDefined();
    for (const ns of ['volume', 'network', 'pool', 'cloudinitDisk']) expect(Object.keys(lib.libvirt[ns]).length).toBeGreaterThan(0);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test('the package ships the stylesheets', () => {
  expect(pkg.files).toEqual(expect.arrayContaining(['xslt']));
});
