/** What a user of the published package gets: the built entry point, peers, and the shipped files. */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const pkg = require('../package.json');

/** The package root's runtime exports, as README "API" lists them. */
const PUBLIC_VALUES = ['WindowsDomain', 'HypervAspect', 'ExistingXslt', 'HypervPreset', 'HypervStylesheet', 'HypervCatalogue', 'HypervIssues', 'HostProfiles',
  'HypervValidationError', 'HostProfileError', 'libvirt'];
/** And its types. */
const PUBLIC_TYPES = ['WindowsDomainProps', 'WindowsDomainConfig', 'HypervAspectProps', 'HypervOptions', 'FeatureOverrides', 'FeatureState', 'FeatureId', 'FeatureSpec',
  'HypervMode', 'ClockOffset', 'CpuVendor', 'PresetSettings', 'HypervPlan', 'Resolution', 'Issue', 'IssueCode', 'HostProfile', 'VirtTypeCapabilities'];

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
    // Exactly the documented API (README "API"): an internal reachable from the root would make its rename breaking.
    expect(Object.keys(lib).sort()).toEqual([...PUBLIC_VALUES].sort());
    for (const internal of ['renderStylesheet', 'resolveOptions', 'planOrThrow', 'CATALOGUE', 'formatIssue', 'readHostProfile', 'presetForHosts', 'renderFeatureTable', 'shippedStylesheets', 'describeValue', 'closestName']) {
      expect(lib).not.toHaveProperty(internal);
    }
    // The documented types, through the built declarations, as a user's code imports them.
    const typeCheck = join(outDir, 'types.ts');
    writeFileSync(typeCheck, `import type { ${PUBLIC_TYPES.join(', ')} } from './lib';\nexport type All = [${PUBLIC_TYPES.join(', ')}];\n`);
    const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--types', 'node', typeCheck], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout).toBe('');
    expect(lib.libvirt.domain.Domain.tfResourceType).toBe('libvirt_domain');
    expect(lib.libvirt.provider.LibvirtProvider).toBeDefined();
    for (const ns of ['volume', 'network', 'pool', 'cloudinitDisk']) expect(Object.keys(lib.libvirt[ns]).length).toBeGreaterThan(0);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test('the package ships the stylesheets, the changelog (where stylesheet changes are announced) and the license', () => {
  expect(pkg.files).toEqual(expect.arrayContaining(['dist/lib', 'bin', 'xslt', 'CHANGELOG.md']));
  // npm always packs LICENSE; it must be the license package.json names.
  expect(pkg.license).toBe('MPL-2.0');
  expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^Mozilla Public License Version 2\.0\n/);
});

test('a git install gets dist/: prepare builds (npm runs it for git dependencies, npm pack and npm ci)', () => {
  expect(pkg.scripts.prepare).toBe('npm run build');
  expect(pkg.scripts.prepack).toBeUndefined();
});
