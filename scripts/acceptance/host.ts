/**
 * Acceptance step: `libvirt-hyperv host` against the real libvirtd (qemu:///system), and what the profile refuses.
 * Called from run.ts once the daemon answers. Run alone (as root, under the shared lock) it starts the daemons the
 * way the acceptance test does, captures, and with --write refreshes the committed fixture:
 *
 *   flock /tmp/lvh-acceptance.lock npx ts-node --transpile-only scripts/acceptance/host.ts --write
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HostProfile, HypervPreset, formatHostProfile, formatIssue, hostIssues, resolveOptions } from '../../lib/core';
import { parseHostProfile } from '../../lib/host';
import { LIBVIRT_URI, REPO_ROOT, StartedDaemon, ensureDaemons, show, stopDaemons, virsh } from './toolbox';

/** The profile of the machine the acceptance test ran on last, committed for the unit tests. */
export const CAPTURED_FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'hosts', 'captured-tcg.json');
/** The raw virsh answers behind it, for the parser and --capabilities/--domcapabilities/--virsh-version tests. */
export const RAW_FIXTURES = path.join(REPO_ROOT, '__tests__', 'fixtures', 'hosts', 'virsh');

function writeRawOutputs(): void {
  mkdirSync(RAW_FIXTURES, { recursive: true });
  writeFileSync(path.join(RAW_FIXTURES, 'capabilities.xml'), virsh(['capabilities'], { quiet: true }).stdout);
  writeFileSync(path.join(RAW_FIXTURES, 'domcapabilities-qemu.xml'), virsh(['domcapabilities', '--virttype', 'qemu', '--machine', 'q35'], { quiet: true }).stdout);
  writeFileSync(path.join(RAW_FIXTURES, 'version.txt'), virsh(['version'], { quiet: true }).stdout);
}

/** The refusals of each preset for a q35 Windows domain with a UEFI loader and an emulated TPM, per domain type. */
export function refusalsByPreset(profile: HostProfile): string[] {
  const lines: string[] = [];
  for (const preset of HypervPreset.all()) {
    const { plan } = resolveOptions({ preset, host: profile });
    assert.ok(plan, `preset ${preset.name} resolves with the captured profile`);
    for (const type of ['kvm', 'qemu']) {
      const issues = hostIssues(plan, profile, { type, machine: 'q35', loader: '/usr/share/OVMF/OVMF_CODE_4M.ms.fd', tpmEmulator: true });
      const codes = issues.map((i) => `${i.level === 'error' ? '' : 'warning '}${i.code} ${i.field}`);
      lines.push(`${preset.name.padEnd(15)} type=${type.padEnd(5)} ${codes.length === 0 ? 'accepted' : codes.join(', ')}`);
    }
  }
  return lines;
}

/** Captures the profile of qemu:///system with the real CLI, checks it, prints it and what it refuses. */
export function hostProfileStep(): HostProfile {
  const bin = path.join(REPO_ROOT, 'bin', 'libvirt-hyperv.js');
  console.log(`  $ libvirt-hyperv host --connect ${LIBVIRT_URI}`);
  const r = spawnSync(process.execPath, [bin, 'host', '--connect', LIBVIRT_URI], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `libvirt-hyperv host failed: ${r.stderr}`);
  if (r.stderr.trim() !== '') show('stderr', r.stderr);
  const profile = parseHostProfile(r.stdout, 'captured profile');
  assert.equal(formatHostProfile(profile), r.stdout, 'the written profile is in canonical form (sorted keys)');
  show('profile', r.stdout);
  // The acceptance test installs qemu-system-x86, ovmf and swtpm: the TCG capabilities must say so.
  assert.ok(profile.qemu, 'virttype qemu (TCG) is always available');
  assert.ok(profile.qemu.q35Machine, 'QEMU offers q35');
  assert.ok(profile.qemu.secureBoot, 'OVMF with Secure Boot is installed (ovmf)');
  assert.ok(profile.qemu.tpmBackends?.includes('emulator'), 'swtpm is installed');
  show('refusals per preset (q35, UEFI loader, emulated TPM)', refusalsByPreset(profile).join('\n'));
  const committed = readFileSync(CAPTURED_FIXTURE, 'utf8');
  console.log(committed === r.stdout
    ? `  identical to the committed ${path.relative(REPO_ROOT, CAPTURED_FIXTURE)}`
    : `  note: differs from the committed ${path.relative(REPO_ROOT, CAPTURED_FIXTURE)} (another machine, or upgraded packages); scripts/acceptance/host.ts --write refreshes it`);
  const { plan } = resolveOptions({ preset: HypervPreset.WINDOWS11, enlightenments: { vpindex: 'omit', synic: 'omit', stimer: 'omit', tlbflush: 'omit', ipi: 'omit', evmcs: 'omit' }, host: profile });
  assert.ok(plan);
  const tcgErrors = hostIssues(plan, profile, { type: 'qemu', machine: 'q35', loader: profile.qemu.firmware[0] ?? null, tpmEmulator: true }).filter((i) => i.level === 'error');
  assert.deepEqual(tcgErrors.map(formatIssue), [], 'windows11 without the KVM-only features fits this host under TCG');
  return profile;
}

function standalone(): void {
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'libvirt-hyperv-host-'));
  let daemons: StartedDaemon[] = [];
  try {
    daemons = ensureDaemons(workdir).started;
    const profile = hostProfileStep();
    if (process.argv.includes('--write')) {
      writeFileSync(CAPTURED_FIXTURE, formatHostProfile(profile));
      writeRawOutputs();
      console.log(`  wrote ${path.relative(REPO_ROOT, CAPTURED_FIXTURE)} and ${path.relative(REPO_ROOT, RAW_FIXTURES)}/`);
    }
  } finally {
    stopDaemons(daemons);
    rmSync(workdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    standalone();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
