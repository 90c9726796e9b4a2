// max_alerts shared across sources (src/fetch/multi.ts), in memory over the contracts' appliances.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_PARAMS, fetchFromSources, shares } from '../../src/fetch/index.js';
import { CONTRACTS } from './contracts.js';
import { contractId, T0 } from './source-contract.js';

const MIN = 60_000;

function appliances(counts: number[]) {
  return CONTRACTS.map((contract, k) => {
    const a = contract.memory({ seed: 3, endtimeExclusive: false });
    for (let i = 0; i < counts[k]; i++) a.add({ index: i, id: contractId(contract.ids, i, 3), created: T0 - (i + 1) * MIN, lateness: 0, score: 0.9, acknowledged: false });
    return a;
  });
}

const params = (maxAlerts: number) => ({ ...DEFAULT_FETCH_PARAMS, maxAlerts, firstFetch: '1 day' }) as typeof DEFAULT_FETCH_PARAMS & Record<string, unknown>;

describe('fetchFromSources', () => {
  it('shares: equal parts, the remainder to the first', () => {
    expect(shares(10, 3)).toEqual([4, 3, 3]);
    expect(shares(2, 3)).toEqual([1, 1, 0]);
    expect(shares(9, 3)).toEqual([3, 3, 3]);
  });

  it('equal shares first, then the leftovers to the sources that filled theirs', async () => {
    const [mb, aia, respond] = appliances([20, 2, 20]);
    const r = await fetchFromSources({ sources: [mb.source, aia.source, respond.source], params: params(12), now: T0 });
    expect(Object.fromEntries(Object.entries(r.stats).map(([k, s]) => [k, s.new]))).toEqual({ 'model-breaches': 5, 'ai-analyst': 2, 'respond-actions': 5 });
    expect(r.incidents).toHaveLength(12);
  });

  it('max_alerts below the number of sources starves none: the one furthest behind goes first', async () => {
    const [mb, aia, respond] = appliances([3, 3, 3]);
    const sources = [mb.source, aia.source, respond.source];
    let lastRun: Record<string, string> = {};
    const got: string[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await fetchFromSources({ sources, lastRun, params: params(1), now: T0 });
      expect(r.incidents).toHaveLength(1);
      got.push(r.incidents[0].type);
      lastRun = r.lastRun;
    }
    expect(got.filter((t) => t === 'Darktrace Model Breach')).toHaveLength(3);
    expect(got.filter((t) => t === 'Darktrace AI Analyst Event')).toHaveLength(3);
    expect(got.filter((t) => t === 'Darktrace RESPOND Action')).toHaveLength(3);
    const done = await fetchFromSources({ sources, lastRun, params: params(1), now: T0 });
    expect(done.incidents).toEqual([]);
  });

  it('keeps the state of a source it did not serve this time', async () => {
    const [mb, aia] = appliances([2, 2, 0]);
    const first = await fetchFromSources({ sources: [mb.source, aia.source], params: params(10), now: T0 });
    const onlyBreaches = await fetchFromSources({ sources: [mb.source], lastRun: first.lastRun, params: params(10), now: T0 + MIN });
    expect(onlyBreaches.lastRun['ai-analyst.time']).toBe(first.lastRun['ai-analyst.time']);
    expect(onlyBreaches.lastRun['ai-analyst.emitted']).toBe(first.lastRun['ai-analyst.emitted']);
  });
});
