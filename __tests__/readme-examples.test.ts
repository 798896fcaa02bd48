/**
 * The README's TypeScript examples run as written (with `libvirt-hyperv` pointing at this checkout), type-check,
 * and synthesize what they claim.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const CDKTF_INIT_TSCONFIG = join(ROOT, 'node_modules', '@cdktf', 'cli-core', 'templates', 'typescript', 'tsconfig.json');

function readmeExamples(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  return blocks.join('\n').replace(/from 'libvirt-hyperv'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`);
}

test('the CDKTF and Aspect examples type-check and synthesize two Windows domains', () => {
  // Inside the checkout (git-ignored), so that 'cdktf' and 'constructs' resolve from its node_modules.
  const dir = mkdtempSync(join(ROOT, '.build-test-readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, readmeExamples());
    const bin = join(ROOT, 'node_modules', '.bin');
    // The tsconfig.json `cdktf init --template=typescript` writes (cdktf-cli 0.21.0's template): strict, with
    // noUnusedLocals, so an example importing a name it never uses fails as it would in a user's project.
    writeFileSync(join(dir, 'tsconfig.json'), readFileSync(CDKTF_INIT_TSCONFIG, 'utf8'));
    const typeCheck = spawnSync(join(bin, 'tsc'), ['--noEmit', '-p', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(typeCheck.stdout).toBe('');
    const outdir = join(dir, 'out');
    execFileSync(join(bin, 'ts-node'), ['--transpile-only', '--skipProject', '--compilerOptions', '{"module":"commonjs","esModuleInterop":true}', file], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      stdio: 'pipe',
    });
    const [stack] = readdirSync(join(outdir, 'stacks'));
    const synthesized = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const domains = Object.values(synthesized.resource.libvirt_domain) as Array<{ name: string; xml: { xslt: string } }>;
    expect(domains.map((d) => d.name).sort()).toEqual(['app01', 'dc01']);
    expect(domains.find((d) => d.name === 'dc01')!.xml.xslt).toBe(readFileSync(join(ROOT, 'xslt', 'windows-enlightenments.xsl'), 'utf8'));
    expect(domains.find((d) => d.name === 'app01')!.xml.xslt).toContain('<tlbflush state="on"><extended state="on"/></tlbflush>');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
