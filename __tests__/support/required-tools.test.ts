/** The check jest's global setup runs before any test: one line naming what is missing and how to install it. */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { REQUIRED_TOOLS, missingToolsMessage } from './required-tools';

function which(tool: string): string {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' }).stdout.trim();
}

/** A PATH of one directory holding links to the given real tools. */
function pathWith(tools: readonly string[], use: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-path-'));
  try {
    for (const tool of tools) symlinkSync(which(tool), join(dir, tool));
    use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('nothing to say when every tool is on PATH', () => {
  pathWith(REQUIRED_TOOLS.map((t) => t.tool), (path) => expect(missingToolsMessage(path)).toBeUndefined());
});

test('names each missing tool and the apt packages, once each', () => {
  pathWith(['xmllint'], (path) => {
    expect(missingToolsMessage(path)).toBe(
      'libvirt-hyperv tests: xsltproc, virt-xml-validate, virsh, qemu-system-x86_64, swtpm, swtpm_setup not found on PATH; install with: apt-get install -y --no-install-recommends xsltproc libvirt-clients qemu-system-x86 libvirt-daemon-driver-qemu swtpm swtpm-tools',
    );
  });
});

test('an empty PATH misses everything', () => {
  expect(missingToolsMessage('')).toMatch(/xsltproc, xmllint, virt-xml-validate, virsh, qemu-system-x86_64, swtpm, swtpm_setup not found on PATH; .* xsltproc libxml2-utils libvirt-clients qemu-system-x86 libvirt-daemon-driver-qemu swtpm swtpm-tools$/);
});
