// Events mode end to end: POST /v1/fetch-events → fetch-events → the emulator. Every event has source, _time
// and the record; incident sources exactly once across calls; status flattened one event per appliance /
// probe / instance with instance_info; snapshots at most once per snapshot_interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusEvents } from '../../src/fetch/index.js';
import { KEYS, startHarness, type Harness } from '../helpers/harness.js';

const MIN = 60_000;
type Event = { source: string; _time: string; instance_info?: { type: string; id: string | null; parent: string | null } } & Record<string, unknown>;

describe('statusEvents', () => {
  it('one event for the appliance, one per probe and per Unified View instance (and its probes), each with instance_info', () => {
    const time = Date.UTC(2024, 0, 1);
    const status = {
      label: 'master-1', version: '6.1.23', probes: { 12: { label: 'vSensor', version: '6.1' }, 13: { label: 'down', error: true } },
      instances: { 7: { label: 'uv-7', version: '6.1', probes: { 70: { label: 'p70' } } } },
    };
    expect(statusEvents(status, time)).toEqual([
      { source: 'status', _time: '2024-01-01T00:00:00.000Z', instance_info: { type: 'appliance', id: null, label: 'master-1', parent: null }, label: 'master-1', version: '6.1.23' },
      { source: 'status', _time: '2024-01-01T00:00:00.000Z', instance_info: { type: 'probe', id: '12', label: 'vSensor', parent: null }, label: 'vSensor', version: '6.1' },
      { source: 'status', _time: '2024-01-01T00:00:00.000Z', instance_info: { type: 'probe', id: '13', label: 'down', parent: null }, label: 'down', error: true },
      { source: 'status', _time: '2024-01-01T00:00:00.000Z', instance_info: { type: 'instance', id: '7', label: 'uv-7', parent: null }, label: 'uv-7', version: '6.1' },
      { source: 'status', _time: '2024-01-01T00:00:00.000Z', instance_info: { type: 'probe', id: '70', label: 'p70', parent: '7' }, label: 'p70' },
    ]);
  });
});

describe('POST /v1/fetch-events (plugin → emulator)', () => {
  let h: Harness;
  let clock = Date.now();
  beforeAll(async () => {
    h = await startHarness({ emulator: { breaches: 40, seed: 9 }, now: () => new Date(clock) });
  });
  afterAll(async () => {
    await h.close();
  });
  const post = (body: Record<string, unknown>) => h.http.post('/v1/fetch-events').set('Authorization', `Bearer ${KEYS.read}`).send(body);

  it('collects all five sources: records as events, exactly once, snapshots once per snapshot_interval', async () => {
    const params = { first_fetch: '30 days', max_alerts: '20', snapshot_interval: '15' };
    let lastRun: Record<string, string> = {};
    const seen: string[] = [];
    const snapshots: Array<{ call: number; source: string }> = [];
    for (let call = 0; call < 60; call++) {
      h.emulator.clearRequests();
      const res = await post({ lastRun, params });
      expect(res.status).toBe(200);
      const events = res.body.events as Event[];
      for (const e of events) {
        expect(e._time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        if (e.source === 'model-breaches') seen.push(`mb:${e.pbid as number}`);
        else if (e.source === 'ai-analyst') seen.push(`aia:${e.id as string}`);
        else if (e.source === 'respond-actions') seen.push(`respond:${e.codeid as number}`);
        else snapshots.push({ call, source: e.source });
      }
      if (call === 0) {
        // The first call takes both snapshots: status as one event per appliance/probe, summary statistics as one.
        const status = events.filter((e) => e.source === 'status');
        expect(status[0].instance_info).toEqual({ type: 'appliance', id: null, label: (status[0].label as string | undefined) ?? null, parent: null });
        expect(status.slice(1).map((e) => e.instance_info!.type)).toEqual(status.slice(1).map(() => 'probe'));
        expect(status.length).toBeGreaterThan(1);
        expect(events.filter((e) => e.source === 'summary-statistics')).toEqual([expect.objectContaining({ source: 'summary-statistics', _time: new Date(clock).toISOString() })]);
        expect(res.body.stats.status).toMatchObject({ kind: 'snapshot', due: true, requests: 1, next: clock + 15 * MIN });
        expect(h.received().filter((r) => r.path === '/status')).toHaveLength(1);
        expect(res.body.lastRun['status.time']).toBe(String(clock));
        // Breach events are the record itself, with its creation time as _time.
        const breach = events.find((e) => e.source === 'model-breaches')!;
        expect(breach._time).toBe(new Date(breach.creationTime as number).toISOString());
        expect(breach).toHaveProperty('model');
      } else if (snapshots.every((s) => s.call !== call)) {
        expect(h.received().filter((r) => r.path === '/status' || r.path === '/summarystatistics')).toEqual([]);
      }
      lastRun = res.body.lastRun;
      clock += 5 * MIN;
      const idle = events.filter((e) => !['status', 'summary-statistics'].includes(e.source)).length === 0;
      if (idle && call > 8) break;
    }
    expect(seen.filter((id, i) => seen.indexOf(id) !== i)).toEqual([]);
    expect(seen.some((id) => id.startsWith('aia:'))).toBe(true);
    expect(seen.some((id) => id.startsWith('respond:'))).toBe(true);
    // Every 15 minutes at 5-minute steps: calls 0, 3, 6, … take the snapshots, the others none.
    const statusCalls = [...new Set(snapshots.filter((s) => s.source === 'status').map((s) => s.call))];
    expect(statusCalls.every((c) => c % 3 === 0)).toBe(true);
    expect(statusCalls.length).toBeGreaterThanOrEqual(3);
  });

  it('event_sources picks sources; a bad name and a bad snapshot_interval are 400s naming them', async () => {
    const res = await post({ lastRun: {}, params: { event_sources: 'summary-statistics', first_fetch: '1 hour' } });
    expect(res.status).toBe(200);
    expect((res.body.events as Event[]).map((e) => e.source)).toEqual(['summary-statistics']);
    expect(Object.keys(res.body.stats)).toEqual(['summary-statistics']);
    const bad = await post({ lastRun: {}, params: { event_sources: 'status,syslog', snapshot_interval: '0' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'event_sources', message: 'event_sources: includes "syslog", which is not a source; use one or more of model-breaches, ai-analyst, respond-actions, status, summary-statistics' },
      { path: 'snapshot_interval', message: 'snapshot_interval: must be at least 1 (got 0)' },
    ]);
  });

  it('a failed snapshot fails the whole fetch: no lastRun, and the retry delivers what the failed one would have', async () => {
    const before = await post({ lastRun: {}, params: { first_fetch: '2 hours' } });
    expect(before.status).toBe(200);
    h.emulator.faults.inject({ kind: 'invalid-json', match: '/summarystatistics' });
    const failed = await post({ lastRun: {}, params: { first_fetch: '2 hours' } });
    expect(failed.status).toBe(502);
    expect(failed.body).not.toHaveProperty('lastRun');
    const retried = await post({ lastRun: {}, params: { first_fetch: '2 hours' } });
    const ids = (r: typeof before) => (r.body.events as Event[]).filter((e) => e.source === 'model-breaches').map((e) => e.pbid);
    expect(ids(retried)).toEqual(ids(before));
  });
});
