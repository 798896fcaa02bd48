export * from './errors';
export * from './io';
export * from './program';
export { ENGINE_CHOICES } from './engine';
export type { EngineChoice } from './engine';
export { hypervFlagNames, kebab } from './flags';

import { processIo } from './io';
import { run } from './program';

/** The bin's entry point: runs on the process's streams and sets process.exitCode (no process.exit, so output drains). */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await run(argv, processIo());
}
