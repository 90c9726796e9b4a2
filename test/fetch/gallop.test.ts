// Galloping (engine.ts header): a source without a probe (AI Analyst events) crosses a long window with reads
// that widen ×16 over empty time and never span more than half of what remains. In memory, against the real
// aiAnalystSource over a strict /aianalyst/incidentevents stand-in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchIncidents } from '../../src/fetch/index.js';
import { aiAnalystContract } from './contracts/ai-analyst.js';
import type { FakeStore } from './fake-appliance.js';
import { contractId } from './source-contract.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
const TEN_YEARS = 3650 * DAY;
const params = { minGroupScore: 0, maxAlerts: 25, firstFetch: '3650 days', lookBackMinutes: 10 };

function appliance(items: Array<{ created: number }>) {
  const a = aiAnalystContract.memory({ seed: 1, endtimeExclusive: false });
  items.forEach((it, index) => a.add({ index, id: contractId('string', index, 1), created: it.created, lateness: 0, score: 0.5, acknowledged: false }));
  const requests = (a.store as unknown as FakeStore<unknown>).requests;
  return { source: a.source, requests };
}

describe('galloping reads (no probe)', () => {
  it('ten empty years cost 14 reads, every one empty, the walk complete (scanned = now − 30 min)', async () => {
    const { source, requests } = appliance([]);
    const r = await fetchIncidents({ source, lastRun: {}, params, now: NOW });
    expect(requests).toHaveLength(14);
    expect(requests.every((q) => q.returned === 0)).toBe(true);
    expect(requests[0].starttime).toBe(NOW - TEN_YEARS);
    expect(requests.at(-1)!.endtime).toBe(NOW);
    // Contiguous, ascending: each read starts where the previous one ended (inner ends are b + 1, inclusive b).
    for (let i = 1; i < requests.length; i++) expect(requests[i].starttime).toBe(requests[i - 1].endtime);
    // ×16 while far from now, then never more than half of what remains.
    const spans = requests.map((q) => q.endtime - q.starttime);
    expect(spans.slice(0, 4)).toEqual([3_600_000, 16 * 3_600_000, 256 * 3_600_000, 4096 * 3_600_000]);
    for (const q of requests.slice(4, -2)) expect(q.endtime - q.starttime).toBeLessThanOrEqual((NOW - q.starttime) / 2 + 1);
    expect(r.stats).toMatchObject({ requests: 14, probes: 0, new: 0, truncated: false });
    expect(r.lastRun['ai-analyst.scanned']).toBe(String(NOW - 30 * 60_000));
  });

  it('one event anywhere in ten years is found by the first fetch within 16 reads (the header bound)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: TEN_YEARS }), async (back) => {
        const { source, requests } = appliance([{ created: NOW - back }]);
        const r = await fetchIncidents({ source, lastRun: {}, params, now: NOW });
        expect(r.incidents).toHaveLength(1);
        expect(requests.length).toBeLessThanOrEqual(16);
      }),
      { numRuns: 200 },
    );
  });

  it('tuning.gallop = false keeps the direct walk: 7-day reads, 100 per fetch, nothing delivered (the behaviour before)', async () => {
    const { source, requests } = appliance([{ created: NOW - DAY }]);
    const r = await fetchIncidents({ source, lastRun: {}, params, now: NOW, tuning: { gallop: false } });
    expect(r.incidents).toEqual([]);
    expect(r.stats).toMatchObject({ requests: 100, truncated: true });
    expect(Math.max(...requests.map((q) => q.endtime - q.starttime))).toBe(7 * DAY);
  });

  it('a short window is read directly as before (galloping only past maxSlotMs)', async () => {
    const { source, requests } = appliance([{ created: NOW - 3 * DAY }]);
    const r = await fetchIncidents({ source, lastRun: {}, params: { ...params, firstFetch: '6 days' }, now: NOW });
    expect(r.incidents).toHaveLength(1);
    expect(requests.map((q) => q.endtime - q.starttime)).toEqual([3_600_000, 4 * 3_600_000, 16 * 3_600_000, 64 * 3_600_000, NOW - (NOW - 6 * DAY + 85 * 3_600_000)]);
  });
});
