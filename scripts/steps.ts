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
