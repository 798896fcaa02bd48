import { median, ratioOfMedians, spreadPercent } from '../../bench/stats';

describe('bench statistics', () => {
  test('median and spread', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spreadPercent([1, 2, 3, 4, 5])).toBe(100 * (4 - 2) / 3);
    expect(() => median([])).toThrow(/no samples/);
  });

  test('ratioOfMedians: the point ratio inside a seeded, repeatable interval', () => {
    const a = [105, 98, 112, 101, 99, 120, 103, 97, 108, 100];
    const b = [100, 95, 104, 99, 101, 92, 110, 98, 97, 102];
    const r = ratioOfMedians(a, b);
    expect(r.ratio).toBeCloseTo(median(a) / median(b), 12);
    expect(r.low).toBeLessThanOrEqual(r.ratio);
    expect(r.high).toBeGreaterThanOrEqual(r.ratio);
    expect(r.high - r.low).toBeGreaterThan(0);
    expect(ratioOfMedians(a, b)).toEqual(r);
    expect(ratioOfMedians(a, b, 2000, 1)).not.toEqual(r);
  });

  test('ratioOfMedians: no scatter, no interval; more samples, a narrower one', () => {
    expect(ratioOfMedians([2, 2, 2], [1, 1, 1])).toEqual({ ratio: 2, low: 2, high: 2 });
    const noisy = (n: number, centre: number) => Array.from({ length: n }, (_, i) => centre * (1 + 0.1 * Math.sin(i * 2.4)));
    const few = ratioOfMedians(noisy(8, 105), noisy(8, 100));
    const many = ratioOfMedians(noisy(64, 105), noisy(64, 100));
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
  });
});
