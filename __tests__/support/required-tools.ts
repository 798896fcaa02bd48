/**
 * The programs the tests run for real, and the Debian packages that bring them. The jest global setup checks them
 * first, so a machine without them gets one line naming what to install instead of hundreds of ENOENT failures.
 */
import { accessSync, constants } from 'fs';
import { delimiter, join } from 'path';

export const REQUIRED_TOOLS: ReadonlyArray<{ readonly tool: string; readonly aptPackage: string }> = [
  { tool: 'xsltproc', aptPackage: 'xsltproc' },
  { tool: 'xmllint', aptPackage: 'libxml2-utils' },
  { tool: 'virt-xml-validate', aptPackage: 'libvirt-clients' },
  { tool: 'virsh', aptPackage: 'libvirt-clients' },
  // QEMU-driver acceptance (virsh -c qemu:///embed define --validate) needs QEMU and libvirt's QEMU driver module, and
  // an emulated TPM 2.0 is refused without swtpm, and without swtpm_setup ("TPM version '2.0' is not supported": libvirt
  // asks swtpm_setup which versions it can set up). The driver module is not a program: its package rides with QEMU's.
  { tool: 'qemu-system-x86_64', aptPackage: 'qemu-system-x86 libvirt-daemon-driver-qemu' },
  { tool: 'swtpm', aptPackage: 'swtpm' },
  { tool: 'swtpm_setup', aptPackage: 'swtpm-tools' },
];

function onPath(tool: string, pathVariable: string): boolean {
  return pathVariable.split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** One line naming the missing tools and the apt command that installs them, or undefined when all are there. */
export function missingToolsMessage(pathVariable: string): string | undefined {
  const missing = REQUIRED_TOOLS.filter((t) => !onPath(t.tool, pathVariable));
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((t) => t.aptPackage))];
  return `libvirt-hyperv tests: ${missing.map((t) => t.tool).join(', ')} not found on PATH; install with: apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}
