// Crossing empty time, per source, end to end: POST /v1/fetch-incidents → the plugin → the emulator over HTTP.
// Ten years of empty time before a 30-day backlog: the FIRST fetch delivers max_alerts incidents (the oldest
// ones, in order), crossing the decade in ≤ 20 Darktrace requests counted from the emulator's record; every
// request is the exact documented query (RESPOND: a probe with responsedata=start, then reads; AI Analyst: reads
// only, with includeincidenteventurl=true and no responsedata); the rest of the backlog drains exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiAnalystSlice } from '../../src/emulator/resources/aianalyst/state.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import type { Action } from '../../src/emulator/resources/antigena/types.js';
import type { JsonObject } from '../../src/emulator/types.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const DAY = 86_400_000;
const MAX_ALERTS = 25;
const BACKLOG = 120; // 4 a day over the last 30 days

interface Incident { name: string; type: string; dbotMirrorId: string; rawJSON: string }
interface Stats { requests: number; probes: number; new: number; truncated: boolean; slots: Array<{ kind: string; start: number; end: number; received: number }> }

/** Backlog item i of BACKLOG: created 30 days ago + i × 6 h, the newest 6 h before now. */
const createdAt = (now: number, i: number) => now - 30 * DAY + i * (DAY / 4);

function aiaEvent(now: number, i: number): JsonObject {
  const created = createdAt(now, i);
  return {
    id: `c0ffee00-0000-4000-a000-${String(i).padStart(12, '0')}`, createdAt: created, title: `Crossing event ${i}`, summary: 'Backlog.',
    acknowledged: i % 3 === 0, pinned: i % 5 === 0, category: 'suspicious', currentGroup: `gc0ffee00-${i % 7}`, groupCategory: 'suspicious',
    groupScore: 40 + (i % 50), aiaScore: 60, periods: [{ start: created - 60_000, end: created }], breachDevices: [], mitreTactics: [], attackPhases: [2],
  };
}

function respondAction(now: number, i: number): Action {
  const start = createdAt(now, i);
  const pending = i % 4 === 0;
  return {
    codeid: 900_000 + i, did: 10 + (i % 5), ip: `10.0.2.${i % 5}`, action: 'quarantine', manual: false, triggerer: null,
    label: 'Quarantine device', detail: '', score: 0.8, pbid: 7000 + i, model: 'Antigena::Crossing', modeluuid: '',
    start, expires: start + (pending ? 40 * DAY : 3_600_000), blocked: false, updated: String(start), agemail: false, aghost: false,
    active: !pending, cleared: i % 9 === 0,
    history: [{ family: 'NETWORK', username: '', action: pending ? 'created (requires confirmation)' : 'created', reason: '', time: start }],
    connections: [],
  };
}

interface Case {
  source: 'ai-analyst' | 'respond-actions';
  path: string;
  /** Empties the source's seeded data (fixtures from 2020–2023 lie inside ten years) and adds the backlog. */
  seed(h: Harness, now: number): void;
  mirrorId(i: number): string;
  /** The exact query of a request, given its start and end, and whether it is a probe. */
  query(start: number, end: number, probe: boolean): string;
  probes: boolean;
}

const CASES: Case[] = [
  {
    source: 'ai-analyst',
    path: '/aianalyst/incidentevents',
    seed(h, now) {
      const events = h.emulator.state.slice(AiAnalystSlice).events;
      events.clear();
      for (let i = 0; i < BACKLOG; i++) {
        const e = aiaEvent(now, i);
        events.set(e.id as string, e);
      }
    },
    mirrorId: (i) => `aia:c0ffee00-0000-4000-a000-${String(i).padStart(12, '0')}`,
    query: (start, end) => `starttime=${start}&endtime=${end}&includeacknowledged=true&includeallpinned=false&mingroupscore=0&includeincidenteventurl=true`,
    probes: false,
  },
  {
    source: 'respond-actions',
    path: '/antigena',
    seed(h, now) {
      const actions = h.emulator.state.slice(AntigenaSlice).actions;
      actions.clear();
      for (let i = 0; i < BACKLOG; i++) actions.set(900_000 + i, respondAction(now, i));
    },
    mirrorId: (i) => `respond:${900_000 + i}`,
    query: (start, end, probe) => `includecleared=true&includehistory=true&starttime=${start}&endtime=${end}${probe ? '&responsedata=start' : ''}`,
    probes: true,
  },
];

describe.each(CASES.map((c) => [c.source, c] as const))('%s: ten years of empty time before a 30-day backlog, over HTTP', (_name, c) => {
  let h: Harness;
  const NOW = Date.now();
  beforeAll(async () => {
    h = await startHarness({ emulator: { breaches: 2, seed: 3 }, now: () => new Date(NOW) });
    c.seed(h, NOW);
  });
  afterAll(async () => {
    await h.close();
  });

  const params = { fetch_sources: c.source, first_fetch: '3650 days', max_alerts: String(MAX_ALERTS), look_back: '10' };

  it(`the first fetch delivers max_alerts (${MAX_ALERTS}), the oldest first, crossing the decade in ≤ 20 requests`, async () => {
    h.emulator.clearRequests();
    const res = await h.fetch({ lastRun: {}, params });
    expect(res.status).toBe(200);
    const incidents = res.body.incidents as Incident[];
    expect(incidents.map((i) => i.dbotMirrorId)).toEqual(Array.from({ length: MAX_ALERTS }, (_, i) => c.mirrorId(i)));

    const sent = h.received().filter((r) => r.path === c.path);
    expect(sent.length).toBe(h.received().length); // nothing else was asked
    expect(sent.length).toBeLessThanOrEqual(20);
    const stats = res.body.stats[c.source] as Stats;
    expect(stats).toMatchObject({ requests: sent.length, new: MAX_ALERTS, truncated: true });
    // The exact query of every request, in the order sent; the first from exactly first_fetch (ms).
    expect(stats.slots[0].start).toBe(NOW - 3650 * DAY);
    expect(sent.map((r) => r.query)).toEqual(stats.slots.map((s) => c.query(s.start, s.end === NOW ? NOW : s.end + 1, s.kind === 'probe')));
    if (c.probes) {
      expect(stats.probes).toBeGreaterThan(0);
      expect(stats.slots[0].kind).toBe('probe');
    } else {
      expect(stats.probes).toBe(0); // no light query is documented for /aianalyst/incidentevents
      expect(sent.every((r) => !r.query!.includes('responsedata'))).toBe(true);
    }
    // The read that first met the backlog holds a few days of it, not all of it (AI Analyst: the galloping read
    // spanning half of what remained; RESPOND: placed on the probed times), and no read holds half the backlog.
    const reads = stats.slots.filter((s) => s.kind === 'read');
    expect(reads.find((s) => s.received > 0)!.received).toBeLessThanOrEqual(BACKLOG / 4);
    expect(Math.max(...reads.map((s) => s.received))).toBeLessThan(BACKLOG / 2);
  });

  it('the rest of the backlog drains exactly once, in a handful of requests per fetch', async () => {
    let lastRun: Record<string, string> = {};
    const delivered: string[] = [];
    let requests = 0;
    for (let fetches = 0; fetches < 20; fetches++) {
      const res = await h.fetch({ lastRun, params });
      expect(res.status).toBe(200);
      delivered.push(...(res.body.incidents as Incident[]).map((i) => i.dbotMirrorId));
      requests += (res.body.stats[c.source] as Stats).requests;
      lastRun = res.body.lastRun;
      if (res.body.incidents.length === 0 && !res.body.stats[c.source].truncated) break;
    }
    expect(delivered).toEqual(Array.from({ length: BACKLOG }, (_, i) => c.mirrorId(i)));
    expect(JSON.stringify(lastRun).length).toBeLessThan(64 * 1024);
    expect(requests).toBeLessThanOrEqual(60);
  });
});

describe('incident links in rawJSON', () => {
  let h: Harness;
  const NOW = Date.now();
  beforeAll(async () => {
    h = await startHarness({ emulator: { breaches: 2, seed: 3 }, now: () => new Date(NOW) });
    for (const c of CASES) c.seed(h, NOW);
  });
  afterAll(async () => {
    await h.close();
  });

  it('AI Analyst events carry incidentEventUrl (https://<fqdn>/#aiaincidentevent/<uuid>); RESPOND actions have no link field', async () => {
    const res = await h.fetch({ lastRun: {}, params: { fetch_sources: 'ai-analyst,respond-actions', first_fetch: '31 days', max_alerts: '6' } });
    expect(res.status).toBe(200);
    const incidents = res.body.incidents as Incident[];
    const aia = incidents.filter((i) => i.type === 'Darktrace AI Analyst Event');
    const respond = incidents.filter((i) => i.type === 'Darktrace RESPOND Action');
    expect(aia.length).toBe(3);
    expect(respond.length).toBe(3);
    for (const incident of aia) {
      const raw = JSON.parse(incident.rawJSON);
      expect(raw.incidentEventUrl).toBe(`https://my.darktrace.com/#aiaincidentevent/${raw.id}`);
    }
    for (const incident of respond) expect(Object.keys(JSON.parse(incident.rawJSON)).filter((k) => /url/i.test(k))).toEqual([]);
  });
});
