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
});
