// The profile value sources: how ranges become store queries and /metricdata requests (pure), and the live
// source against scripted answers (bucket → period, in/out, gaps, requests in flight).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planProfile, readProfile } from '../../src/profile/index.js';
import { batchRanges, liveRequests, liveValueSource, splitRanges, storeQueries } from '../../src/profile/sources/index.js';
import type { WireQuery } from '../../src/metrics/index.js';

const P = 15 * 60_000;
const range = (firstId: number, periods: number) => ({ start: firstId * P, end: (firstId + periods) * P });

describe('batches', () => {
  it('splitRanges cuts a range into pieces of at most N periods, in order', () => {
    expect(splitRanges([range(0, 25), range(30, 3)], P, 10)).toEqual([range(0, 10), range(10, 10), range(20, 5), range(30, 3)]);
  });

  it('batchRanges fills each group before starting the next, cutting a range where a group is full', () => {
    expect(batchRanges([range(0, 4), range(10, 8), range(30, 3)], P, 10)).toEqual([
      [range(0, 4), range(10, 6)],
      [range(16, 2), range(30, 3)],
    ]);
  });

  it('property: batches keep every period once, in order, each ≤ N periods, and there are ⌈total ÷ N⌉ of them', () => {
    const ranges = fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 40 })), { maxLength: 20 }).map((pairs) => {
      let at = 0;
      return pairs.map(([gap, n]) => {
        const r = range(at + gap + 1, n);
        at += gap + 1 + n;
        return r;
      });
    });
    fc.assert(fc.property(ranges, fc.integer({ min: 1, max: 30 }), (rs, max) => {
      const ids = (list: Array<{ start: number; end: number }>) => list.flatMap((r) => Array.from({ length: (r.end - r.start) / P }, (_, i) => r.start / P + i));
      const batches = batchRanges(rs, P, max);
      const total = ids(rs).length;
      expect(batches.flat().flatMap((r) => ids([r]))).toEqual(ids(rs));
      for (const b of batches) expect(ids(b).length).toBeLessThanOrEqual(max);
      expect(batches).toHaveLength(Math.ceil(total / max));
      for (const piece of splitRanges(rs, P, max)) expect((piece.end - piece.start) / P).toBeLessThanOrEqual(max);
    }));
  });
});

describe('storeQueries', () => {
  it('one aggregation at the period duration for up to 10,000 periods, filtered to every key', () => {
    const options = { value: 'bytes', aggregation: 'max' as const, filters: { did: 7, dst: '10.0.0.1' } };
    expect(storeQueries([range(0, 5), range(96, 5)], P, options)).toEqual([{
      ranges: [range(0, 5), range(96, 5)],
      resolution: { size: P, unit: 'milliseconds' },
      values: ['bytes'],
      functions: { bytes: 'max' },
      filters: { did: 7, dst: '10.0.0.1' },
    }]);
  });

  it('a 90-day profile of 15-minute periods (8,641 periods with the latest) is one query; 120 days are two', () => {
    const ninety = planProfile({ selection: { lookback: 90, units: 'days' }, now: Date.UTC(2024, 2, 12, 14, 37), timezone: 'UTC' });
    expect(ninety.periods).toHaveLength(8641);
    expect(storeQueries(ninety.ranges, P, { value: 'v', filters: {} })).toHaveLength(1);
    const longer = planProfile({ selection: { lookback: 120, units: 'days' }, now: Date.UTC(2024, 2, 12, 14, 37), timezone: 'UTC' });
    const queries = storeQueries(longer.ranges, P, { value: 'v', filters: {} });
    expect(queries.map((q) => q.ranges.reduce((n, r) => n + (r.end - r.start) / P, 0))).toEqual([10_000, 11_521 - 10_000]);
  });
});

describe('live /metricdata source', () => {
  const NOW = Date.UTC(2017, 11, 26, 12);

  it('one request per range of consecutive periods; a range longer than 10,000 buckets is cut; ranges from now on are not asked', () => {
    expect(liveRequests([range(10, 5), range(100, 12_000), { start: NOW, end: NOW + P }], P, NOW)).toEqual([
      range(10, 5), range(100, 10_000), range(10_100, 2_000),
    ]);
  });

  it('sends the metric module\'s exact query per request, maps buckets to periods, skips gaps, reads in/out when asked', async () => {
    const plan = planProfile({ selection: { selector: '30 minutes window every 2 hours from 4 hours ago' }, now: NOW, timezone: 'UTC' });
    // Windows [08:00, 08:30] and [10:00, 10:30] (3 periods each), and the latest period 11:45.
    expect(plan.ranges).toEqual([
      { start: NOW - 4 * 3_600_000, end: NOW - 4 * 3_600_000 + 3 * P },
      { start: NOW - 2 * 3_600_000, end: NOW - 2 * 3_600_000 + 3 * P },
      { start: NOW - P, end: NOW },
    ]);
    const sent: WireQuery[] = [];
    const get = async (query: WireQuery) => {
      sent.push(query);
      const start = Number(query.find(([k]) => k === 'starttime')![1]);
      const end = Number(query.find(([k]) => k === 'endtime')![1]);
      const data = [];
      // One bucket per period; the second period of each range is a gap.
      for (let t = start, i = 0; t < end; t += P, i++) if (i !== 1) data.push({ timems: t, time: new Date(t).toISOString(), size: t / P % 100, in: 1, out: t / P % 100 - 1 });
      return [{ metric: 'connections', data }];
    };
    const values = await readProfile(plan, liveValueSource({ metric: 'connections', did: 7, get, now: NOW }));
    expect(sent).toEqual(plan.ranges.map((r) => [
      ['metric', 'connections'], ['did', 7], ['starttime', r.start], ['endtime', r.end], ['interval', 900],
    ]));
    const id = (t: number) => t / P;
    expect(values.periods.map((p) => p.value)).toEqual(plan.periods.map((p, i) => (i % 3 === 1 ? null : id(p.start) % 100)));
    expect(values.latest?.value).toBe(id(NOW - P) % 100);
    const outs = await readProfile(plan, liveValueSource({ metric: 'connections', did: 7, value: 'out', get, now: NOW }));
    expect(outs.values).toEqual(values.values.map((v) => v - 1));
  });

  it('a series missing from the answer is an INVALID_RESPONSE naming the metric', async () => {
    const plan = planProfile({ selection: { lookback: 1, units: 'hours' }, now: NOW, timezone: 'UTC' });
    const source = liveValueSource({ metric: 'connections', did: 7, now: NOW, get: async () => [{ metric: 'externalconnections', data: [] }] });
    await expect(readProfile(plan, source)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      message: 'Darktrace\'s /metricdata answer for device 7 has no series for metric "connections" (it answered "externalconnections"); series are matched by name.',
    });
  });

  it('at most 4 requests in flight', async () => {
    const plan = planProfile({ selection: { selector: '15 minutes window every 1 hour from 24 hours ago' }, now: NOW + 7 * 60_000, timezone: 'UTC' });
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const get = async () => {
      calls++;
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return [{ metric: 'connections', data: [] }];
    };
    await readProfile(plan, liveValueSource({ metric: 'connections', did: 7, get, now: NOW + 7 * 60_000 }));
    expect(calls).toBe(plan.ranges.length);
    expect(calls).toBeGreaterThan(4);
    expect(most).toBe(4);
  });
});
