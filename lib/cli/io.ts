/**
 * Everything the CLI touches outside itself, injected so tests can run it in-process and assert on what it wrote.
 * Only bin/libvirt-hyperv.js builds the real one (processIo).
 */
export interface CliIo {
  /** Writes to standard output: only the artefact asked for (stylesheet, XML, diff) or help. */
  readonly out: (text: string) => void;
  /** Writes to standard error: errors, warnings, notes. */
  readonly err: (text: string) => void;
  /** Reads all of standard input (for `FILE` given as `-`). */
  readonly readStdin: () => Promise<Buffer>;
  /** Whether standard output is a terminal: the diff is coloured only then. */
  readonly stdoutIsTTY: boolean;
  /** Terminal width for --help; undefined when not a terminal. */
  readonly columns?: number;
  /** The environment (NO_COLOR). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  // `libvirt-hyperv diff x | head -1`: the reader leaving is not our failure; any other write error is one line.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    process.stderr.write(`libvirt-hyperv: cannot write standard output: ${e.message}\n`);
    process.exitCode = 2;
  });
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
  };
}
