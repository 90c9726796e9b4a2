// The three incident sources end to end: POST /v1/fetch-incidents → the plugin → the emulator, with
// fetch_sources naming them. What goes on the wire for each source, the incidents' type and mirror ids,
// max_alerts shared fairly, and a drain under injected faults compared with the emulator's ground truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiAnalystSlice } from '../../src/emulator/resources/aianalyst/state.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import type { FaultSpec } from '../../src/emulator/index.js';
import { mulberry32 } from '../../src/emulator/prng.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const ALL = 'model-breaches,ai-analyst,respond-actions';
const DAY = 86_400_000;

interface Incident { name: string; type: string; dbotMirrorId: string; severity: number; rawJSON: string; details: string }

/** Every item the emulator holds for each source, created at or after `start` (ms), by mirror id. */
function groundTruth(h: Harness, start: number, now: number): Set<string> {
  const ids = new Set<string>();
  const breaches = h.emulator.state.breaches;
  for (let i = 0; i < breaches.count; i++) if (breaches.creation[i] >= start && breaches.creation[i] <= now) ids.add(String(breaches.pbid[i]));
  for (const e of h.emulator.state.slice(AiAnalystSlice).events.values()) {
    if ((e.createdAt as number) >= start && (e.createdAt as number) <= now) ids.add(`aia:${e.id as string}`);
  }
  for (const a of h.emulator.state.slice(AntigenaSlice).actions.values()) if (a.start >= start && a.start <= now) ids.add(`respond:${a.codeid}`);
  return ids;
}

describe('fetch_sources over HTTP (plugin → emulator)', () => {
  let h: Harness;
  const NOW = Date.now();
  beforeAll(async () => {
    h = await startHarness({ emulator: { breaches: 30, seed: 5 }, now: () => new Date(NOW) });
  });
  afterAll(async () => {
    await h.close();
  });

  it('each source sends its own exact query, and its incidents carry its type and mirror id', async () => {
    h.emulator.clearRequests();
    const res = await h.fetch({ lastRun: {}, params: { fetch_sources: ALL, first_fetch: '1 hour', max_alerts: '30', min_group_score: '20' } });
    expect(res.status).toBe(200);
    const start = NOW - 3_600_000;
    const paths = h.received().map((r) => `${r.path}?${r.query}`);
    expect(paths).toContain(`/aianalyst/incidentevents?starttime=${start}&endtime=${NOW}&includeacknowledged=true&includeallpinned=false&mingroupscore=20&includeincidenteventurl=true`);
    expect(paths).toContain(`/antigena?includecleared=true&includehistory=true&starttime=${start}&endtime=${NOW}`);
    expect(paths).toContain(`/modelbreaches?creationtime=true&starttime=${start}&endtime=${NOW}&minscore=0&includeacknowledged=true&minimal=false&deviceattop=true&includebreachurl=true`);
    expect(Object.keys(res.body.stats)).toEqual(['model-breaches', 'ai-analyst', 'respond-actions']);
    for (const incident of res.body.incidents as Incident[]) {
      if (incident.type === 'Darktrace AI Analyst Event') expect(incident.dbotMirrorId).toMatch(/^aia:[\w-]+$/);
      else if (incident.type === 'Darktrace RESPOND Action') expect(incident.dbotMirrorId).toMatch(/^respond:\d+$/);
      else {
        expect(incident.type).toBe('Darktrace Model Breach');
        expect(incident.dbotMirrorId).toMatch(/^\d+$/);
      }
    }
    // Each source's state under its own keys; model breaches keep the flat ones.
    expect(Object.keys(res.body.lastRun).sort()).toEqual(expect.arrayContaining(['version', 'time', 'ai-analyst.time', 'respond-actions.time']));
  });

  it('an AI Analyst event and a pending RESPOND action map as SPEC §9 says', async () => {
    const events = h.emulator.state.slice(AiAnalystSlice).events;
    const created = NOW - 20 * 60_000;
    events.set('5e0a1a7c-0000-4000-a000-000000000001', {
      id: '5e0a1a7c-0000-4000-a000-000000000001', createdAt: created, title: 'Unusual SMB activity', summary: 'A device  made\nunusual SMB connections.',
      acknowledged: true, pinned: true, currentGroup: 'g11111111-2222', groupCategory: 'suspicious', groupScore: '61.5', aiaScore: 80,
      periods: [{ start: created - 600_000, end: created }], breachDevices: [{ did: 3, hostname: 'ws-3', ip: '10.0.0.3', sid: 1 }],
    });
    const action = h.emulator.state.slice(AntigenaSlice).create({ did: 316, action: 'quarantine', durationSeconds: 3600, pending: true });
    action.start = NOW - 10 * 60_000; // the emulator's clock runs on; the plugin's is fixed at NOW
    const res = await h.fetch({ lastRun: {}, params: { fetch_sources: 'ai-analyst,respond-actions', first_fetch: '30 minutes', max_alerts: '50' } });
    expect(res.status).toBe(200);
    const byId = new Map((res.body.incidents as Incident[]).map((i) => [i.dbotMirrorId, i]));
    expect(byId.get('aia:5e0a1a7c-0000-4000-a000-000000000001')).toEqual({
      name: 'Darktrace AI Analyst Event: Unusual SMB activity',
      type: 'Darktrace AI Analyst Event',
      occurred: new Date(Math.floor((created - 600_000) / 1000) * 1000).toISOString(),
      severity: 3,
      dbotMirrorId: 'aia:5e0a1a7c-0000-4000-a000-000000000001',
      details: 'Event: Unusual SMB activity\nAI Analyst incident: g11111111-2222 (suspicious, score 62)\nDevices: ws-3 (10.0.0.3)\nSummary: A device made unusual SMB connections.',
      rawJSON: expect.stringContaining('"currentGroup":"g11111111-2222"'),
    });
    const respond = byId.get(`respond:${action.codeid}`)!;
    expect(respond).toMatchObject({
      name: `Darktrace RESPOND Action #${action.codeid}: Quarantine device on ${action.ip}`,
      type: 'Darktrace RESPOND Action',
      severity: 3, // pending: awaits a human
    });
    expect(respond.details).toContain('State: pending (awaits confirmation)');
    expect(JSON.parse(respond.rawJSON).history[0].action).toBe('created (requires confirmation)');
  });

  it('max_alerts is shared fairly: equal shares, then what one source leaves goes to the others', async () => {
    const p = { fetch_sources: ALL, first_fetch: '30 days' };
    const equal = await h.fetch({ lastRun: {}, params: { ...p, max_alerts: '9' } });
    const per = (r: typeof equal) => Object.fromEntries(Object.entries(r.body.stats as Record<string, { new: number }>).map(([k, v]) => [k, v.new]));
    expect(per(equal)).toEqual({ 'model-breaches': 3, 'ai-analyst': 3, 'respond-actions': 3 });
    // Only two items for one source → the rest go to the others (a lastRun where AI Analyst is nearly drained).
    const truth = groundTruth(h, NOW - 30 * DAY, NOW);
    const aia = [...truth].filter((id) => id.startsWith('aia:')).length;
    expect(aia).toBeGreaterThan(2);
    const big = await h.fetch({ lastRun: {}, params: { ...p, max_alerts: '1000' } });
    const counts = per(big);
    expect(counts['ai-analyst']).toBe(aia);
    expect(counts['model-breaches'] + counts['ai-analyst'] + counts['respond-actions']).toBe(Math.min(1000, truth.size));
  });

  it('drains all three sources exactly once through injected faults (no lastRun on a failed fetch)', async () => {
    const rand = mulberry32(42);
    const start = NOW - 30 * DAY;
    const kinds: FaultSpec[] = [
      { kind: 'status', status: 500, times: 3 }, { kind: 'invalid-json' }, { kind: 'truncated-json' }, { kind: 'reset', times: 3 },
    ];
    const paths = ['/modelbreaches', '/aianalyst/incidentevents', '/antigena'];
    let lastRun: Record<string, string> = {};
    const delivered: string[] = [];
    let failures = 0;
    for (let round = 0; round < 200; round++) {
      if (rand() < 0.4) h.emulator.faults.inject({ ...kinds[Math.floor(rand() * kinds.length)], match: paths[Math.floor(rand() * paths.length)] });
      const res = await h.fetch({ lastRun, params: { fetch_sources: ALL, first_fetch: '30 days', max_alerts: String(1 + Math.floor(rand() * 12)) } });
      h.emulator.faults.clear();
      if (res.status !== 200) {
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(res.body).not.toHaveProperty('lastRun');
        failures++;
        continue;
      }
      delivered.push(...(res.body.incidents as Incident[]).map((i) => i.dbotMirrorId));
      lastRun = res.body.lastRun;
      const done = res.body.incidents.length === 0 && Object.values(res.body.stats as Record<string, { truncated: boolean }>).every((s) => !s.truncated);
      if (done) break;
    }
    expect(failures).toBeGreaterThan(0);
    expect(delivered.filter((id, i) => delivered.indexOf(id) !== i)).toEqual([]);
    expect(new Set(delivered)).toEqual(groundTruth(h, start, NOW));
  }, 60_000);
});
