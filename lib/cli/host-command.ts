/**
 * `libvirt-hyperv host`: captures a host profile from libvirt itself (virsh capabilities, domcapabilities for kvm and
 * qemu on q35, version), or from those outputs saved on a host that Terraform reaches only over SSH. And `--host
 * FILE` for the other commands. The parsing lives in lib/host; this file runs virsh and reads files.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { Command, Option } from 'commander';
import { HostProfile, HypervOptions, HypervPreset, errorIssue, formatHostProfile, formatIssue, presetForHosts } from '../core';
import { hypervOptionsFrom } from './flags';
import { HostProfileError, profileFromVirsh, readHostProfile } from '../host';
import { CliError, EXIT_OK, oneLine } from './errors';

export const DEFAULT_URI = 'qemu:///system';
const VIRTTYPES = ['kvm', 'qemu'] as const;

interface HostOutcome {
  readonly code: number;
  readonly out: string;
  readonly notes: readonly string[];
}

/** Runs `virsh -c URI ARGS`; returns stdout, or the error virsh printed. */
function virsh(uri: string, args: readonly string[]): { ok: true; out: string } | { ok: false; error: string } {
  const r = spawnSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300000 });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(missing ? 'virsh is not on PATH; install libvirt-clients (Debian) or libvirt-client (RHEL), or capture on the host and use --capabilities/--domcapabilities/--virsh-version' : `could not run virsh: ${r.error.message}`);
  }
  if (r.status !== 0) return { ok: false, error: oneLine(r.stderr || `exit status ${r.status}`) };
  return { ok: true, out: r.stdout };
}

function mustVirsh(uri: string, args: readonly string[]): string {
  const r = virsh(uri, args);
  if (!r.ok) throw new CliError(`virsh -c ${uri} ${args.join(' ')} failed: ${r.error}`);
  return r.out;
}

/** A live capture: both virttypes; one that libvirt refuses (no KVM) is recorded as null and noted. */
function captureLive(uri: string, name: string | undefined): { profile: HostProfile; notes: string[] } {
  const capabilities = mustVirsh(uri, ['capabilities']);
  const version = mustVirsh(uri, ['version']);
  const domcapabilities: string[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  for (const type of VIRTTYPES) {
    const r = virsh(uri, ['domcapabilities', '--virttype', type, '--machine', 'q35']);
    if (r.ok) domcapabilities.push(r.out);
    else {
      failures.push(`${type}: ${r.error}`);
      notes.push(`note: virttype ${type} recorded as unavailable: ${r.error}`);
    }
  }
  if (domcapabilities.length === 0) throw new CliError(`virsh -c ${uri} domcapabilities --machine q35 failed for both virttypes (${failures.join('; ')})`);
  const host = name ?? mustVirsh(uri, ['hostname']).trim();
  return { profile: profileFromVirsh({ capabilities, domcapabilities, version, host, uri }), notes };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e)}`);
  }
}

interface FileOptions {
  readonly capabilities?: string;
  readonly domcapabilities?: string[];
  readonly virshVersion?: string;
  readonly name?: string;
}

/** A capture from saved outputs (for hosts reached over SSH). */
function captureFromFiles(options: FileOptions): HostProfile {
  const { capabilities, domcapabilities = [], virshVersion, name } = options;
  if (!capabilities || domcapabilities.length === 0 || !virshVersion || !name) {
    throw new CliError('from saved files, give --capabilities FILE, --domcapabilities FILE (once per virttype), --virsh-version FILE and --name HOST together');
  }
  try {
    return profileFromVirsh({
      capabilities: readText(capabilities),
      domcapabilities: domcapabilities.map(readText),
      version: readText(virshVersion),
      sources: { capabilities, domcapabilities, version: virshVersion },
      host: name,
      uri: 'files',
    });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds `host` to the program. */
export function addHostCommand(program: Command, report: (outcome: HostOutcome) => void): void {
  program
    .command('host')
    .description('Write a host profile (JSON) from libvirt: what the host can run, for --host and the host option')
    .addOption(new Option('-c, --connect <uri>', 'libvirt connection URI (qemu+ssh://root@kvm01/system works too)').default(DEFAULT_URI))
    .addOption(new Option('--name <host>', 'host name recorded in the profile (default: virsh hostname)'))
    .addOption(new Option('--capabilities <file>', 'saved `virsh capabilities` output').helpGroup('From saved files (hosts reached only over SSH):'))
    .addOption(new Option('--domcapabilities <file>', 'saved `virsh domcapabilities --virttype kvm|qemu --machine q35` output; repeat for each virttype').argParser(collect).helpGroup('From saved files (hosts reached only over SSH):'))
    .addOption(new Option('--virsh-version <file>', 'saved `virsh version` output').helpGroup('From saved files (hosts reached only over SSH):'))
    .addHelpText(
      'after',
      `
The profile holds only what the checks use: CPU vendor, libvirt and QEMU versions, and for each virttype (kvm, qemu)
the q35 machine, UEFI and Secure Boot firmware, TPM models and backends (swtpm), and libvirt's Hyper-V list. Keys
are sorted and there are no timestamps, so it can be committed and diffed. Capture it again after upgrading libvirt,
QEMU, OVMF or swtpm on the host.

Examples:
  $ libvirt-hyperv host > hosts/kvm01.json
  $ libvirt-hyperv host --connect qemu+ssh://root@kvm01/system > hosts/kvm01.json
  On a host you reach only over SSH, run there:
    virsh capabilities > caps.xml; virsh version > version.txt
    virsh domcapabilities --virttype kvm --machine q35 > domcaps-kvm.xml
    virsh domcapabilities --virttype qemu --machine q35 > domcaps-qemu.xml
  then, where the stack lives:
  $ libvirt-hyperv host --name kvm01 --capabilities caps.xml --domcapabilities domcaps-kvm.xml \\
      --domcapabilities domcaps-qemu.xml --virsh-version version.txt > hosts/kvm01.json
  $ libvirt-hyperv stylesheet --host hosts/kvm01.json --host hosts/kvm02.json`,
    )
    .action((options: FileOptions & { connect: string }) => {
      const fromFiles = options.capabilities !== undefined || options.domcapabilities !== undefined || options.virshVersion !== undefined;
      if (fromFiles) {
        report({ code: EXIT_OK, out: formatHostProfile(captureFromFiles(options)), notes: [] });
        return;
      }
      const { profile, notes } = captureLive(options.connect, options.name);
      report({ code: EXIT_OK, out: formatHostProfile(profile), notes });
    });
}

/** `--host FILE`, repeatable, on the commands that check a plan. */
export function addHostFlag(command: Command): Command {
  return command.addOption(
    new Option('--host <file>', `host profile from \`libvirt-hyperv host\`; repeat for each host the VM may run on (it must fit each); with --preset ${FOR_HOSTS}, the widest set every host offers`).argParser(collect).helpGroup('Preset and values:'),
  );
}

/** `--preset for-hosts`: the preset computed from the --host profiles (presetForHosts), for KVM domains. */
export const FOR_HOSTS = 'for-hosts';

/** hypervOptionsFrom, with `--preset for-hosts` turned into the preset the profiles allow. */
export function optionsWithHostPreset(parsed: Readonly<Record<string, unknown>>, host: readonly HostProfile[] | undefined): HypervOptions {
  if (parsed.preset !== FOR_HOSTS) return hypervOptionsFrom(parsed);
  if (!host) throw new CliError(formatIssue(errorIssue('INVALID_OPTION', '--preset', `'${FOR_HOSTS}' is computed from the host profiles; give at least one --host FILE`)));
  return { ...hypervOptionsFrom({ ...parsed, preset: HypervPreset.RHEL10.name }), preset: presetForHosts(host) };
}

/** The profiles named by --host, read and checked; a bad file is one line. */
export function hostProfilesFrom(parsed: Readonly<Record<string, unknown>>): HostProfile[] | undefined {
  const files = parsed.host as string[] | undefined;
  if (files === undefined) return undefined;
  return files.map((file) => {
    try {
      return readHostProfile(file);
    } catch (e) {
      if (e instanceof HostProfileError) throw new CliError(e.message);
      throw e;
    }
  });
}
