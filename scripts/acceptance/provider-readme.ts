/**
 * README "Provider 0.8.3 without the registry", run as written: its shell block builds the provider from the Go
 * module proxy into ~/.terraform.d/plugins (HOME is a scratch dir here, so the machine's own is untouched), then
 * `terraform init` with no CLI config at all must install dmacvicar/libvirt 0.8.3 from there, reaching no registry.
 */
import { strict as assert } from 'assert';
import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { PROVIDER_VERSION, REPO_ROOT, Terraform, run, show, terraform } from './toolbox';

const SECTION = '### Provider 0.8.3 without the registry';

/** The first ```sh block after the section's heading. */
export function readmeProviderCommands(readme: string): string {
  const start = readme.indexOf(SECTION);
  assert.ok(start >= 0, `README has no "${SECTION}" section`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  assert.ok(block, `README "${SECTION}" has no sh block`);
  return block[1];
}

export function checkReadmeProviderCommands(ctx: { workdir: string; terraform: Terraform; stackDir: string; step: <T>(title: string, body: () => T) => T }): void {
  ctx.step('README "Provider 0.8.3 without the registry": its commands as written, then terraform init with no CLI config', () => {
    const home = path.join(ctx.workdir, 'readme-home');
    const scratch = path.join(ctx.workdir, 'readme-provider');
    mkdirSync(home, { recursive: true });
    mkdirSync(scratch, { recursive: true });
    const commands = readmeProviderCommands(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));
    show('README commands', commands);
    // The Go caches stay the machine's (the build is then a link step); only HOME, and so ~, is the scratch dir.
    const goEnv = Object.fromEntries(['GOPATH', 'GOMODCACHE', 'GOCACHE'].map((name) => [name, run('go', ['env', name], { quiet: true }).stdout.trim()]));
    run('bash', ['-euo', 'pipefail', '-c', commands], { cwd: scratch, env: { ...process.env, ...goEnv, HOME: home }, quiet: true });
    const binary = path.join(home, '.terraform.d', 'plugins', 'registry.terraform.io', 'dmacvicar', 'libvirt', PROVIDER_VERSION, 'linux_amd64', `terraform-provider-libvirt_v${PROVIDER_VERSION}`);
    console.log(`  built ${path.relative(home, binary)} under HOME=${home}`);

    const env: NodeJS.ProcessEnv = { ...ctx.terraform.env, HOME: home };
    delete env.TF_CLI_CONFIG_FILE; // no CLI config: terraform's implied local mirror, ~/.terraform.d/plugins, alone
    // A copy of the stack, so its lock file (this build's hash) stays out of the directories the other steps use.
    const stack = path.join(ctx.workdir, 'readme-stack');
    mkdirSync(stack, { recursive: true });
    copyFileSync(path.join(ctx.stackDir, 'cdk.tf.json'), path.join(stack, 'cdk.tf.json'));
    const init = terraform({ ...ctx.terraform, env }, stack, ['init', '-no-color', '-input=false', '-backend=false']);
    const lines = init.stdout.split('\n').filter((line) => /dmacvicar\/libvirt/.test(line));
    show('terraform init (no CLI config, HOME=scratch)', lines.join('\n'));
    assert.ok(lines.some((line) => new RegExp(`Installed dmacvicar/libvirt v${PROVIDER_VERSION.replace(/\./g, '\\.')}`).test(line)), 'terraform init should install the provider from ~/.terraform.d/plugins');
  });
}
