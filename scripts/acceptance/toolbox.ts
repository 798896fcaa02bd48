/**
 * The acceptance test's plumbing: running commands with their output on record, the real provider built from the
 * Go module proxy, a terraform CLI configuration that reaches no registry, and the libvirt daemons.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Ignored by git (.gitignore: .cache/); survives between runs so the Go build happens once. */
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'acceptance');
export const TOOLS_MODULE = path.join(REPO_ROOT, 'tools', 'acceptance');
export const PROVIDER_MODULE = 'github.com/dmacvicar/terraform-provider-libvirt';
export const PROVIDER_VERSION = '0.8.3';
export const PROVIDER_SOURCE = 'registry.terraform.io/dmacvicar/libvirt';
export const LIBVIRT_URI = 'qemu:///system';

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Return a non-zero exit instead of throwing. */
  readonly allowFailure?: boolean;
  /** Do not echo the command line (for polling loops). */
  readonly quiet?: boolean;
  /** Text for the command's stdin. */
  readonly input?: string;
}

/** Runs a command to completion, echoing `$ command`; throws with its output when it fails (unless allowFailure). */
export function run(command: string, args: readonly string[], options: RunOptions = {}): RunResult {
  if (!options.quiet) console.log(`  $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    input: options.input,
  });
  if (result.error) {
    if (options.allowFailure) return { status: -1, stdout: '', stderr: result.error.message };
    throw new Error(`${command}: ${result.error.message}`);
  }
  const outcome = { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  if (outcome.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} exited with ${outcome.status}\n${outcome.stdout}\n${outcome.stderr}`);
  }
  return outcome;
}

/** The first line of `command args` output, or undefined when the command is not there. */
export function probe(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.split('\n').find((line) => line.trim() !== '');
}

/**
 * Terraform's errors, one string each: an `Error: ` line and the detail lines after it up to the next error.
 * QEMU's reason sometimes comes on the summary line and sometimes only in the detail, so match the whole.
 */
export function errorBlocks(output: string): string[] {
  const errors: string[] = [];
  for (const line of output.split('\n')) {
    const text = line.replace(/^[│╷╵]\s?/, '').trimEnd();
    if (text.startsWith('Error: ')) errors.push(text);
    else if (errors.length > 0 && text !== '') errors[errors.length - 1] += ` ${text.trim()}`;
  }
  return errors;
}

/** Prints text indented under the current step, so evidence stands out from commands. */
export function show(label: string, text: string): void {
  console.log(`  ${label}`);
  for (const line of text.replace(/\s+$/, '').split('\n')) console.log(`    | ${line}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The provider

function goEnv(name: string): string {
  return run('go', ['env', name], { quiet: true }).stdout.trim();
}

/** Where terraform's filesystem mirror keeps the provider: <mirror>/<hostname>/<ns>/<type>/<version>/<os>_<arch>/. */
export function providerMirrorDir(): string {
  return path.join(CACHE_DIR, 'mirror');
}

export interface ProviderBuild {
  readonly binary: string;
  readonly built: boolean;
  readonly seconds: number;
}

/**
 * Builds terraform-provider-libvirt from the Go module proxy through tools/acceptance/go.mod (which carries the
 * provider's replace lines), straight into the filesystem mirror. Skipped when the binary exists and was built
 * from the same go.mod/go.sum (a stamp file records their hash).
 */
export function ensureProvider(): ProviderBuild {
  const platform = `${goEnv('GOOS')}_${goEnv('GOARCH')}`;
  const dir = path.join(providerMirrorDir(), PROVIDER_SOURCE, PROVIDER_VERSION, platform);
  const binary = path.join(dir, `terraform-provider-libvirt_v${PROVIDER_VERSION}`);
  const stampFile = `${binary}.stamp`;
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) hash.update(readFileSync(path.join(TOOLS_MODULE, file)));
  const stamp = hash.digest('hex');
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { binary, built: false, seconds: 0 };
  }
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.partial`;
  const started = Date.now();
  // -mod=readonly: go.sum is committed, so the build fails rather than resolving anything new.
  run('go', ['build', '-mod=readonly', '-trimpath', '-o', partial, PROVIDER_MODULE], { cwd: TOOLS_MODULE });
  renameSync(partial, binary);
  writeFileSync(stampFile, stamp);
  return { binary, built: true, seconds: (Date.now() - started) / 1000 };
}

/**
 * A CLI configuration of the test's own: the provider only from the filesystem mirror, and no `direct` block, so
 * terraform has no registry to contact for anything.
 */
export function writeCliConfig(file: string): void {
  writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(providerMirrorDir())}`,
      `    include = [${JSON.stringify(PROVIDER_SOURCE)}]`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// terraform

export interface Terraform {
  readonly binary: string;
  readonly version: string;
  readonly env: NodeJS.ProcessEnv;
}

/** terraform from TERRAFORM_BINARY_NAME or PATH; undefined when there is none. */
export function findTerraform(cliConfigFile: string): Terraform | undefined {
  const binary = process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
  const located = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', binary], { encoding: 'utf8' });
  const resolved = located.stdout.trim();
  if (located.status !== 0 || resolved === '') return undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  // Settings from the caller's environment that would change where providers come from, or add log noise.
  for (const name of ['TF_PLUGIN_CACHE_DIR', 'TF_LOG', 'TF_LOG_PATH', 'TF_DATA_DIR']) delete env[name];
  const version = run(resolved, ['version'], { env, quiet: true }).stdout.split('\n')[0];
  return { binary: resolved, version, env };
}

export function terraform(tf: Terraform, cwd: string, args: readonly string[], options: Omit<RunOptions, 'cwd'> = {}): RunResult {
  return run(tf.binary, [...args], { ...options, cwd, env: { ...tf.env, ...options.env } });
}

// ---------------------------------------------------------------------------------------------------------------
// libvirt

export function virsh(args: readonly string[], options: RunOptions = {}): RunResult {
  return run('virsh', ['-c', LIBVIRT_URI, ...args], options);
}

/** The names of all domains libvirt knows, running or not. */
export function listAllDomains(): string[] {
  return virsh(['list', '--all', '--name'], { quiet: true })
    .stdout.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

const DAEMONS = [
  { name: 'virtlogd', pidFile: '/run/virtlogd.pid' },
  { name: 'libvirtd', pidFile: '/run/libvirtd.pid' },
] as const;

function isRunning(name: string): boolean {
  return spawnSync('pgrep', ['-x', name]).status === 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface StartedDaemon {
  readonly name: string;
  readonly pid: number;
}

/** The user libvirt runs QEMU as: qemu.conf's `user`, else Debian's build default. */
function qemuUser(): string {
  const conf = existsSync('/etc/libvirt/qemu.conf') ? readFileSync('/etc/libvirt/qemu.conf', 'utf8') : '';
  return /^\s*user\s*=\s*"([^"]+)"/m.exec(conf)?.[1] ?? 'libvirt-qemu';
}

/**
 * True when /dev/kvm exists but the QEMU user cannot open it (root-only device, no udev to give it to group kvm).
 * Then libvirt 9.0 probes QEMU with KVM, finds KVM unusable for domains on every later look-up, throws the
 * capability cache away and probes again: about 8 s per `virsh capabilities` here, minutes per `terraform apply`.
 */
function kvmPresentButUnusable(): boolean {
  if (!existsSync('/dev/kvm')) return false;
  return spawnSync('runuser', ['-u', qemuUser(), '--', 'test', '-r', '/dev/kvm', '-a', '-w', '/dev/kvm']).status !== 0;
}

/**
 * Fills libvirt's QEMU capability cache the way it would be on a host without /dev/kvm: a libvirtd of our own, in a
 * private mount namespace where /dev/kvm is covered by an empty root-only file, answers one `virsh capabilities` and
 * is stopped again. The cache then agrees with what the real daemon finds (KVM unusable) and stays valid. Only
 * libvirt's own cache under /var/cache/libvirt changes; the namespace dies with that libvirtd.
 */
function primeCapabilityCacheWithoutKvm(scratchDir: string): void {
  const mask = path.join(scratchDir, 'kvm-mask');
  writeFileSync(mask, '', { mode: 0o600 });
  const script = [
    'mount --bind "$1" /dev/kvm || exit 1',
    'libvirtd >"$2" 2>&1 &',
    'daemon=$!',
    'tries=0',
    `until virsh -c ${LIBVIRT_URI} capabilities >/dev/null 2>&1; do`,
    '  tries=$((tries + 1)); [ "$tries" -gt 240 ] && break; sleep 0.5',
    'done',
    'kill "$daemon"; wait "$daemon"',
    '[ "$tries" -le 240 ]',
  ].join('\n');
  console.log(`  $ unshare --mount --propagation private -- sh -c 'mount --bind ${mask} /dev/kvm; libvirtd & virsh capabilities; kill'`);
  run('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', mask, path.join(scratchDir, 'libvirtd-prime.log')], { quiet: true });
}

/**
 * Starts virtlogd and libvirtd (`-d`, as root) unless they already run, and waits until qemu:///system answers.
 * Returns only the daemons this call started, with the PIDs from their pid files, so only those get stopped.
 */
export function ensureDaemons(scratchDir: string): { started: StartedDaemon[]; alreadyRunning: string[]; primed: boolean } {
  const started: StartedDaemon[] = [];
  const alreadyRunning: string[] = [];
  let primed = false;
  for (const daemon of DAEMONS) {
    if (isRunning(daemon.name)) {
      alreadyRunning.push(daemon.name);
      continue;
    }
    if (daemon.name === 'libvirtd' && kvmPresentButUnusable()) {
      primeCapabilityCacheWithoutKvm(scratchDir);
      primed = true;
    }
    rmSync(daemon.pidFile, { force: true }); // a stale pid file from an earlier crash would name the wrong process
    run(daemon.name, ['-d']);
    let pid: number | undefined;
    for (let waited = 0; waited < 10_000 && pid === undefined; waited += 100) {
      const text = existsSync(daemon.pidFile) ? readFileSync(daemon.pidFile, 'utf8').trim() : '';
      if (/^\d+$/.test(text)) pid = Number(text);
      else sleep(100);
    }
    if (pid === undefined) throw new Error(`${daemon.name} -d started but wrote no ${daemon.pidFile} within 10 s`);
    started.push({ name: daemon.name, pid });
  }
  // The first connection makes libvirtd probe QEMU's capabilities, which takes a few seconds.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const answer = virsh(['version'], { quiet: true, allowFailure: true });
    if (answer.status === 0) break;
    if (Date.now() > deadline) throw new Error(`libvirtd does not answer on ${LIBVIRT_URI}: ${answer.stderr.trim()}`);
    sleep(500);
  }
  return { started, alreadyRunning, primed };
}

/** Stops the daemons ensureDaemons started (libvirtd first, it logs through virtlogd), by PID. */
export function stopDaemons(started: readonly StartedDaemon[]): void {
  for (const daemon of [...started].reverse()) {
    if (!alive(daemon.pid)) continue;
    process.kill(daemon.pid, 'SIGTERM');
    for (let waited = 0; waited < 15_000 && alive(daemon.pid); waited += 100) sleep(100);
    if (alive(daemon.pid)) process.kill(daemon.pid, 'SIGKILL');
    console.log(`  stopped ${daemon.name} (pid ${daemon.pid})`);
  }
}
