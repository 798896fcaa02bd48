/**
 * Reading a profile file, for TypeScript stacks (`host: readHostProfile('hosts/kvm01.json')`) and the CLI. Kept out of
 * lib/core, which does no I/O.
 */
import { readFileSync } from 'fs';
import { HostProfile, checkHostProfile } from '../core/host-profile';
import { formatIssue } from '../core/issues';

/**
 * Why a profile file cannot be used, as one line; thrown by readHostProfile (HostProfiles.read).
 *
 * @jsii ignore
 */
export class HostProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostProfileError';
  }
}

/** Checks the text of a profile file; `path` names it in the error. */
export function parseHostProfile(text: string, path: string): HostProfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HostProfileError(`${path}: not JSON (${e instanceof Error ? e.message : String(e)}); capture it with \`libvirt-hyperv host > ${path}\``);
  }
  const checked = checkHostProfile(data, 'profile');
  if (!checked.profile) throw new HostProfileError(`${path}: ${formatIssue(checked.issues[0])}`);
  return checked.profile;
}

/** Reads and checks the profile at `path`; throws a HostProfileError with one line saying what is wrong. */
export function readHostProfile(path: string): HostProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    throw new HostProfileError(`cannot read host profile ${path}: ${why}`);
  }
  return parseHostProfile(text, path);
}
