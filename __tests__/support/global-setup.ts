/**
 * jest globalSetup: runs once, in the main jest process, before any worker starts.
 * - Stops at once, with one line, when a tool the tests run is missing.
 * - Points terraform at an empty CLI config: @cdktf/commons runs `terraform version` when the bindings test loads
 *   the generator, and terraform logs an [ERROR] block when TF_CLI_CONFIG_FILE names a file that does not exist.
 *   Set here because child processes get the real environment, not a test file's copy of process.env.
 * - Records the checkout's untracked files, which the global teardown compares (no test may leave files there).
 */
import { untrackedEntries } from './checkout-files';
import { missingToolsMessage } from './required-tools';

export default function globalSetup(): void {
  const missing = missingToolsMessage(process.env.PATH ?? '');
  if (missing) {
    process.stderr.write(`\n${missing}\n`);
    process.exit(1);
  }
  process.env.TF_CLI_CONFIG_FILE = '/dev/null';
  (globalThis as { lvhCheckoutBefore?: Set<string> }).lvhCheckoutBefore = untrackedEntries();
}
