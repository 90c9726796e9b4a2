// POST /v1/fetch-incidents over HTTP: a failed fetch gives a problem and no lastRun; retrying with the previous
// lastRun then loses and duplicates nothing.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness.js';

const PARAMS = { first_fetch: '31 days', max_alerts: '7', look_back: '10' };

describe('POST /v1/fetch-incidents', () => {
  const h = useHarness({ emulator: { breaches: 40 } });

  it('drains every breach exactly once across faults, with string lastRun values', async () => {
    const seen: string[] = [];
    let lastRun: Record<string, string> = {};
    let failures = 0;
    for (let round = 0; round < 40; round++) {
      if (round % 3 === 1) h.emulator.faults.inject({ kind: 'status', status: 503, times: -1, match: '/modelbreaches' });
      if (round % 5 === 2) h.emulator.faults.inject({ kind: 'invalid-json', times: 1, match: '/modelbreaches' });
      const res = await h.fetch({ lastRun, params: PARAMS });
      h.emulator.faults.clear();
      if (res.status !== 200) {
        failures++;
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.code).toBe('UPSTREAM_ERROR');
        expect(res.body).not.toHaveProperty('lastRun');
        expect(res.body.entry.Contents).toMatch(/^Failed to execute fetch-incidents command\.\nError:\nDarktrace /);
        continue; // keep the old lastRun, as XSOAR does
      }
      expect(Object.values(res.body.lastRun).every((v) => typeof v === 'string')).toBe(true);
      expect(res.body.incidents.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.incidents.map((i: { dbotMirrorId: string }) => i.dbotMirrorId));
      lastRun = res.body.lastRun;
      if (res.body.incidents.length === 0 && round > 20) break;
    }
    expect(failures).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    // The 38 generated breaches are within 31 days; the two 2020 fixture breaches are not.
    expect(seen).toHaveLength(38);
    expect(seen).not.toContain('158');
  });

  it('names invalid parameters with a 400 and sends nothing to Darktrace', async () => {
    h.emulator.clearRequests();
    const res = await h.fetch({ lastRun: {}, params: { max_alerts: '0', min_score: '101', first_fetch: 'sometime' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['first_fetch', 'max_alerts', 'min_score']);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('rejects a corrupted lastRun instead of silently starting over', async () => {
    const res = await h.fetch({ lastRun: { version: '1', time: 'yesterday' }, params: PARAMS });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
  });
});
