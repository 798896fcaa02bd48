/** Small order statistics for repeated measurements. */

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('no samples to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Interquartile range over the median, in percent: how noisy a series was. */
export function spreadPercent(values: readonly number[]): number {
  const m = median(values);
  return m === 0 ? 0 : (100 * (quantile(values, 0.75) - quantile(values, 0.25))) / m;
}

/**
 * A 32-bit PRNG (mulberry32) for the bootstrap: seeded, so that the same samples always give the same interval. Four
 * lines of arithmetic are not worth a dependency.
 */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ratio median(a) ÷ median(b) and its 95% bootstrap interval: each series is resampled with replacement
 * `resamples` times and the 2.5% and 97.5% quantiles of the resampled ratios are taken. Per-process times on a
 * shared machine scatter by ±10%, so a ratio is only worth its interval.
 */
export function ratioOfMedians(a: readonly number[], b: readonly number[], resamples = 2000, seed = 20261202): { ratio: number; low: number; high: number } {
  const random = seededRandom(seed);
  const resample = (values: readonly number[]) => values.map(() => values[Math.floor(random() * values.length)]!);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) ratios.push(median(resample(a)) / median(resample(b)));
  return { ratio: median(a) / median(b), low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}
