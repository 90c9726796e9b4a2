import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/markdown/sparkline.js';

describe('sparkline', () => {
  it('maps min to ▁ and max to █, linearly in between', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 0, 5])).toBe('█▁▅');
  });

  it('all-equal values are middle bars; empty is empty', () => {
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
    expect(sparkline([0])).toBe('▄');
    expect(sparkline([])).toBe('');
  });

  it('downsamples to width with the max of each bucket, so spikes survive', () => {
    const values = [0, 0, 0, 9, 0, 0, 0, 0];
    expect(sparkline(values, 4)).toBe('▁█▁▁');
    expect(sparkline(values, 4)).toHaveLength(4);
    expect(sparkline([1, 2, 3], 10)).toBe('▁▅█');
  });

  it('non-finite values are gaps', () => {
    expect(sparkline([0, Number.NaN, 7])).toBe('▁ █');
  });

  it('is the definition (bucket maxima, then a linear scale of the finite range) for any values and width', () => {
    // The definition, written plainly: what the one-pass implementation must equal.
    const BARS = '▁▂▃▄▅▆▇█';
    const reference = (values: number[], width?: number) => {
      let series = [...values];
      if (width !== undefined && series.length > width) {
        const w = Math.max(1, Math.floor(width));
        series = Array.from({ length: w }, (_, i) => {
          const bucket = values.slice(Math.floor((i * values.length) / w), Math.floor(((i + 1) * values.length) / w)).filter(Number.isFinite);
          return bucket.length ? Math.max(...bucket) : Number.NaN;
        });
      }
      const finite = series.filter(Number.isFinite);
      const [min, max] = [Math.min(...finite), Math.max(...finite)];
      return series.map((v) => (!Number.isFinite(v) ? ' ' : max === min ? '▄' : BARS[Math.round(((v - min) / (max - min)) * 7)])).join('');
    };
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: -5, max: 5 }));
    fc.assert(fc.property(fc.array(value, { maxLength: 200 }), fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }), (values, width) => {
      expect(sparkline(values, width)).toBe(reference(values, width));
    }), { numRuns: 500 });
  });
});
