/**
 * The few virsh calls `redefine` needs, each against an explicit connection URI. virsh, not a libvirt binding: it is
 * what admins run by hand, it is already a prerequisite of the tests, and it needs no native module.
 */
import { spawnSync } from 'child_process';
import { CliError, oneLine } from './errors';

export interface Virsh {
  readonly uri: string;
  /** `virsh dumpxml --inactive --security-info`: the persistent definition, passwords included so a redefinition keeps them. */
  inactiveXml(domain: string): string;
  /** `virsh define --validate FILE`: replaces the persistent definition of the domain named in FILE. */
  define(file: string): void;
}

function runVirsh(uri: string, args: readonly string[]): string {
  const result = spawnSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(missing ? 'virsh is not on PATH; install it (apt-get install libvirt-clients)' : `could not run virsh: ${result.error.message}`);
  }
  if (result.status !== 0) throw new CliError(`virsh -c ${uri} ${args.join(' ')} failed: ${oneLine(result.stderr) || `exit ${result.status}`}`);
  return result.stdout;
}

export function virshOn(uri: string): Virsh {
  return {
    uri,
    inactiveXml: (domain) => runVirsh(uri, ['dumpxml', '--inactive', '--security-info', domain]),
    define: (file) => {
      runVirsh(uri, ['define', '--validate', file]);
    },
  };
}
