import { spawnSync, SpawnSyncReturns } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { CliIo, run } from '../../lib/cli';

export const REPO = join(__dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'libvirt-hyperv.js');
export const FIXTURES = join(REPO, '__tests__', 'fixtures', 'provider-input');
export const PROVIDER_INPUTS = ['input-a-minimal.xml', 'input-b-windows.xml', 'input-c-features-variant.xml', 'input-d-no-features-s390x.xml'];
export const fixture = (name: string) => join(FIXTURES, name);
export const readFixture = (name: string) => readFileSync(fixture(name), 'utf8');

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface FakeIoOptions {
  readonly stdin?: string | Buffer;
  readonly tty?: boolean;
  readonly env?: Record<string, string | undefined>;
}

/** Runs the CLI in-process on a fake io and collects what it wrote. */
export async function cli(argv: readonly string[], options: FakeIoOptions = {}): Promise<RunResult> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readStdin: async () => (typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? Buffer.alloc(0))),
    stdoutIsTTY: options.tty ?? false,
    env: options.env ?? {},
  };
  const code = await run(argv, io);
  return { code, out, err };
}

/** Runs the real bin as a child process. */
export function spawnBin(argv: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...argv], {
    cwd: REPO,
    encoding: 'utf8',
    input: options.input ?? '',
    env: options.env ?? process.env,
    timeout: 60000,
  });
}

export { c14n } from '../support/libvirt-tools';

/** A DOCTYPE with an external entity: xsltproc, even with the provider's --nonet, reads a local file for it. */
export const XXE = `<?xml version="1.0"?>
<!DOCTYPE domain [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<domain type="kvm"><name>&xxe;</name></domain>
`;
