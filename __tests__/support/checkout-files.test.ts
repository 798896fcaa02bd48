/** The listing the global setup and teardown compare, on a real git repository. */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { leftBehind, untrackedEntries } from './checkout-files';

test('a directory written during the run is reported; what was there before is not', () => {
  const repo = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-checkout-'));
  try {
    spawnSync('git', ['init', '-q'], { cwd: repo });
    writeFileSync(join(repo, '.gitignore'), 'cdktf.out/\n');
    writeFileSync(join(repo, 'notes.txt'), 'mine\n');
    const before = untrackedEntries(repo)!;
    mkdirSync(join(repo, 'cdktf.out', 'stacks'), { recursive: true });
    writeFileSync(join(repo, 'cdktf.out', 'stacks', 'cdk.tf.json'), '{}');
    writeFileSync(join(repo, 'stray.log'), 'x');
    expect(leftBehind(before, untrackedEntries(repo)!)).toEqual(['cdktf.out/', 'stray.log']);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('outside a git repository there is nothing to compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-hyperv-not-a-repo-'));
  try {
    expect(untrackedEntries(dir)).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
