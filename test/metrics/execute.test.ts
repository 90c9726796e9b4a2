import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/metrics/index.js';

describe('mapLimit', () => {
  it('never more than `limit` pending; results in input order', async () => {
    let pending = 0;
    let most = 0;
    const out = await mapLimit([50, 10, 30, 20, 5, 40, 15], 3, async (ms, i) => {
      most = Math.max(most, ++pending);
      await new Promise((r) => setTimeout(r, ms));
      pending--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });

  it('the first failure is thrown and no new call starts after it', async () => {
    const started: number[] = [];
    await expect(mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, 5));
      if (n === 2) throw new Error('device 2 failed');
      return n;
    })).rejects.toThrow('device 2 failed');
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([1, 2, 3]); // 3 started when 1 finished, before 2 failed; nothing after
  });

  it('no items, no calls', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});
