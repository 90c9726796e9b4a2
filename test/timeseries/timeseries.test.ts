import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketCount, findGaps, floorTo, missingBuckets, summarize, toGrid, trend } from '../../src/timeseries/index.js';

const values = fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 300 });

describe('summarize', () => {
  it('matches the textbook formulas (property)', () => {
    fc.assert(fc.property(values, (vs) => {
      const times = vs.map((_, i) => 1_000 + i * 60_000);
      const s = summarize(times, vs);
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      const variance = vs.reduce((a, v) => a + (v - mean) ** 2, 0) / vs.length;
      expect(s.points).toBe(vs.length);
      expect(s.sum).toBe(vs.reduce((a, b) => a + b, 0));
      expect(s.avg).toBeCloseTo(mean, 6);
      expect(s.min).toBe(Math.min(...vs));
      expect(s.max).toBe(Math.max(...vs));
      expect(s.peak).toBe(s.max);
      expect(s.stddev).toBeCloseTo(Math.sqrt(variance), 4);
      expect(s.peakTime).toBe(times[vs.indexOf(Math.max(...vs))]); // the first time the peak is reached
    }));
  });

  it('skips gaps (non-finite values); empty → nulls with stable keys', () => {
    expect(summarize([0, 1, 2], [5, Number.NaN, 1])).toEqual({ points: 2, sum: 6, avg: 3, min: 1, max: 5, stddev: 2, peak: 5, peakTime: 0 });
    expect(summarize([], [])).toEqual({ points: 0, sum: 0, avg: null, min: null, max: null, stddev: null, peak: null, peakTime: null });
  });
});

describe('trend', () => {
  const t = (n: number) => Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 300_000);

  it('rising / falling / flat, null below two points', () => {
    expect(trend(t(5), [1, 2, 3, 4, 5])).toBe('rising');
    expect(trend(t(5), [5, 4, 3, 2, 1])).toBe('falling');
    expect(trend(t(5), [3, 3, 3, 3, 3])).toBe('flat');
    expect(trend(t(4), [0, 0, 0, 0])).toBe('flat');
    expect(trend(t(6), [10, 10.1, 10, 10.1, 10, 10.1])).toBe('flat'); // moves 0.4% of the mean
    expect(trend(t(1), [7])).toBeNull();
    expect(trend([], [])).toBeNull();
    expect(trend(t(3), [1, Number.NaN, Number.NaN])).toBeNull();
  });

  it('one noisy end point does not flip a clear direction', () => {
    expect(trend(t(10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 0])).toBe('rising');
  });

  it('does not depend on the scale of the values or the origin of time (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 100 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -1e9, max: 1e9 }),
      (vs, k, shift) => {
        const times = t(vs.length);
        const base = trend(times, vs);
        expect(trend(times, vs.map((v) => v * k))).toBe(base);
        expect(trend(times.map((x) => x + shift), vs)).toBe(base);
        // Reversed in time, rising and falling swap.
        const swapped = { rising: 'falling', falling: 'rising', flat: 'flat' } as const;
        expect(trend(times, [...vs].reverse())).toBe(base === null ? null : swapped[base]);
      }));
  });
});

describe('grids and gaps', () => {
  const STEP = 300_000;

  it('the grid starts at the floored start and ends before end', () => {
    expect(floorTo(1582900189000, 60_000)).toBe(1582900140000);
    expect(bucketCount({ start: 1582900189000, end: 1582921789000, stepMs: 60_000 })).toBe(361);
    expect(bucketCount({ start: 0, end: 3 * STEP, stepMs: STEP })).toBe(3);
    expect(bucketCount({ start: 5, end: 5, stepMs: STEP })).toBe(0);
  });

  it('present buckets, gaps and missing buckets partition the grid (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: STEP - 1 }), fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }),
      (count, offset, keep) => {
        const start = 1_700_000_100_000 + offset;
        const first = floorTo(start, STEP);
        const w = { start, end: first + count * STEP, stepMs: STEP };
        const times = Array.from({ length: count }, (_, i) => first + i * STEP).filter((_, i) => keep[i]);
        const gaps = findGaps(times, w);
        const missing = missingBuckets(times, w);
        expect(gaps.reduce((n, g) => n + g.buckets, 0)).toBe(count - times.length);
        expect(missing).toHaveLength(count - times.length);
        expect([...times, ...missing].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => first + i * STEP));
        for (const g of gaps) expect(g.end - g.start).toBe(g.buckets * STEP);
        for (let i = 1; i < gaps.length; i++) expect(gaps[i].start).toBeGreaterThan(gaps[i - 1].end); // maximal runs
        const grid = toGrid(times, times.map(() => 1), w);
        expect(Array.from(grid).filter((v) => Number.isNaN(v))).toHaveLength(missing.length);
      }));
  });

  it('toGrid keeps the largest value per bucket and ignores values outside the window', () => {
    const w = { start: 0, end: 3 * STEP, stepMs: STEP };
    expect(Array.from(toGrid([0, 10, STEP * 2, STEP * 3, -1], [4, 9, 2, 99, 99], w))).toEqual([9, Number.NaN, 2]);
  });
});
