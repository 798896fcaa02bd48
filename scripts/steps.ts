import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Numbered, timed steps for the long-running check scripts (acceptance, consumer): each prints its title, runs, and
 * prints how long it took, so a CI log shows where the time went and which step failed.
 */
export interface Steps {
  /** Runs `body` as the next numbered step; its exception ends the script's run. */
  step<T>(title: string, body: () => T): T;
  /** How many steps have started. */
  count(): number;
  /** Each finished step's title and seconds, in order. */
  timings(): ReadonlyArray<readonly [string, number]>;
}

export function numberedSteps(): Steps {
  const timings: Array<[string, number]> = [];
  let started = 0;
  return {
    step<T>(title: string, body: () => T): T {
      started += 1;
      const since = Date.now();
      console.log(`\n=== ${started}. ${title}`);
      const result = body();
      const seconds = (Date.now() - since) / 1000;
      timings.push([title, seconds]);
      console.log(`  -> ok (${seconds.toFixed(1)} s)`);
      return result;
    },
    count: () => started,
    timings: () => timings,
  };
}

/**
 * A check script's frame (consumer, Python): `body` runs its steps in a fresh temp dir, which is removed afterwards
 * unless `keep`; then the step times and the closing `PASSED|FAILED: <name>, N steps, S s` line, and last (where a
 * CI log ends) the failure's message, with a failing exit code.
 */
export function runCheckScript(name: string, options: { readonly tmpPrefix: string; readonly keep: boolean }, body: (workdir: string, steps: Steps) => void): void {
  const steps = numberedSteps();
  const workdir = mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix));
  const started = Date.now();
  let failure: unknown;
  let failed = true;
  try {
    body(workdir, steps);
    failed = false;
  } catch (error) {
    failure = error;
  } finally {
    if (options.keep) console.log(`\n  kept ${workdir}`);
    else rmSync(workdir, { recursive: true, force: true });
    console.log('\nStep times:');
    for (const [title, seconds] of steps.timings()) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${title}`);
    console.log(`\n${failed ? 'FAILED' : 'PASSED'}: ${name}, ${steps.count()} steps, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  if (failed) {
    console.error(`\n${failure instanceof Error ? failure.message : String(failure)}`);
    process.exitCode = 1;
  }
}
