/**
 * The untracked and ignored paths of the checkout, as git lists them (directories collapsed). The global setup
 * records them and the global teardown compares, so a test that writes into the checkout (a cdktf.out/, a build
 * dir it forgets to remove) fails the run instead of leaving files behind.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Untracked and ignored entries, or undefined outside a git checkout (a tarball, no git). */
export function untrackedEntries(root: string = REPO_ROOT): Set<string> | undefined {
  const status = spawnSync('git', ['status', '--porcelain', '--ignored', '-z'], { cwd: root, encoding: 'utf8' });
  if (status.error || status.status !== 0) return undefined;
  return new Set(
    status.stdout
      .split('\0')
      .filter((entry) => entry.startsWith('?? ') || entry.startsWith('!! '))
      .map((entry) => entry.slice(3)),
  );
}

/** What appeared between two listings. */
export function leftBehind(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
  return [...after].filter((entry) => !before.has(entry)).sort();
}
