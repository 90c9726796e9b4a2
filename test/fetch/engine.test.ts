import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FETCH_PARAMS,
  FetchInputError,
  FetchUpstreamError,
  decodeLastRun,
  fetchIncidents,
  modelBreachSource,
  type FetchParams,
  type FetchResult,
} from '../../src/fetch/index.js';
import { uuidSource, uuidStore } from './contracts/string-ids.js';
import { FakeAppliance, InjectedFault, fixtureBreaches, getOnlyApi, scriptedBreachSource, type FakeBreach } from './fake-appliance.js';

const NOW = Date.UTC(2024, 0, 10, 12, 0, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const params = (over: Partial<FetchParams> = {}): FetchParams => ({ ...DEFAULT_FETCH_PARAMS, ...over });
const breach = (pbid: number, creationTime: number, extra: Partial<FakeBreach> = {}): FakeBreach => ({
  pbid,
  creationTime,
  time: creationTime - 1000,
  score: 0.5,
  model: { then: { name: `Model::${pbid}` } },
  ...extra,
});
const ids = (r: FetchResult) => r.incidents.map((i) => Number(i.dbotMirrorId));

/** A client double that records exactly what the source sends (path and query pairs, as the client sends them). */
function recordingClient(answer: (query: Array<[string, string]>) => unknown = () => []) {
  const calls: Array<{ path: string; query: Array<[string, string]> }> = [];
  const client = getOnlyApi((path, query) => {
    calls.push({ path, query });
    return answer(query);
  });
  return { client, calls };
}

describe('the request', () => {
  it('first fetch starts at exactly first_fetch, in milliseconds, with the full query in order', async () => {
    const { client, calls } = recordingClient();
    const r = await fetchIncidents({ source: modelBreachSource(client), lastRun: {}, params: params({ firstFetch: '3 days', minScore: 50 }), now: NOW, tuning: { probe: false } });
    expect(calls[0]).toEqual({
      path: '/modelbreaches',
      query: [
        ['creationtime', 'true'],
        ['starttime', String(NOW - 3 * DAY)],
        ['endtime', String(NOW - 3 * DAY + HOUR)], // first 1 h slot of the 3-day window
        ['minscore', '0.5'],
        ['includeacknowledged', 'true'],
        ['minimal', 'false'],
        ['deviceattop', 'true'],
        ['includebreachurl', 'true'], // breachUrl in rawJSON: the incident's link (needs minimal=false)
      ],
    });
    expect(calls.at(-1)!.query[2]).toEqual(['endtime', String(NOW)]); // the walk ends at now
    // Nothing found: the cursor stays at first_fetch; the completed walk is recorded as `scanned`.
    expect(r.lastRun).toEqual({ version: '1', time: String(NOW - 3 * DAY), min_time: String(NOW - 3 * DAY), scanned: String(NOW - 30 * MIN), emitted: '', first_fetch: '3 days' });
  });

  it('a long window is probed first: the same query plus responsedata=creationTime, from exactly first_fetch', async () => {
    const { client, calls } = recordingClient();
    const r = await fetchIncidents({ source: modelBreachSource(client), lastRun: {}, params: params({ firstFetch: '3 days', minScore: 50 }), now: NOW });
    expect(calls[0]).toEqual({
      path: '/modelbreaches',
      query: [
        ['creationtime', 'true'],
        ['starttime', String(NOW - 3 * DAY)],
        ['endtime', String(NOW)], // the first probe spans 7 days: here the whole window
        ['minscore', '0.5'],
        ['includeacknowledged', 'true'],
        ['minimal', 'false'],
        ['deviceattop', 'true'],
        ['includebreachurl', 'true'],
        ['responsedata', 'creationTime'],
      ],
    });
    // Empty up to now: nothing to read, the window is walked.
    expect(calls).toHaveLength(1);
    expect(r.stats).toMatchObject({ requests: 1, probes: 1, new: 0, truncated: false });
    expect(r.lastRun).toEqual({ version: '1', time: String(NOW - 3 * DAY), min_time: String(NOW - 3 * DAY), scanned: String(NOW - 30 * MIN), emitted: '', first_fetch: '3 days' });
  });

  it.each([
    ['1704800000123', 1_704_800_000_123],
    ['1704800000', 1_704_800_000_000], // epoch seconds become ms; never sent as seconds
    ['2024-01-09T11:33:20.123Z', Date.UTC(2024, 0, 9, 11, 33, 20, 123)],
    ['2024-01-09', Date.UTC(2024, 0, 9)],
    ['2 hours ago', NOW - 2 * HOUR],
    ['30 minutes', NOW - 30 * MIN],
  ])('first_fetch %j → starttime %d ms', async (firstFetch, start) => {
    const { client, calls } = recordingClient();
    await fetchIncidents({ source: modelBreachSource(client), lastRun: {}, params: params({ firstFetch }), now: NOW });
    expect(calls[0].query[1]).toEqual(['starttime', String(start)]);
    expect(String(start)).toHaveLength(13);
  });

  it('later fetches start at cursor − look_back, end at now', async () => {
    const { client, calls } = recordingClient();
    const lastRun = { version: '1', time: String(NOW - 5 * MIN), min_time: '0', emitted: '' };
    await fetchIncidents({ source: modelBreachSource(client), lastRun, params: params({ lookBackMinutes: 10 }), now: NOW });
    expect(calls).toHaveLength(1);
    expect(calls[0].query.slice(1, 3)).toEqual([['starttime', String(NOW - 15 * MIN)], ['endtime', String(NOW)]]);
  });

  it('every slot request sends the same parameters in the same order (the order they are signed in)', async () => {
    const { client, calls } = recordingClient();
    await fetchIncidents({ source: modelBreachSource(client), lastRun: {}, params: params({ firstFetch: '2 days' }), now: NOW, tuning: { probe: false } });
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      expect(call.query.map(([k]) => k)).toEqual(['creationtime', 'starttime', 'endtime', 'minscore', 'includeacknowledged', 'minimal', 'deviceattop', 'includebreachurl']);
    }
  });

  it('a 2xx body that is not a list fails the fetch', async () => {
    const { client } = recordingClient(() => ({ error: 'nope' }));
    await expect(fetchIncidents({ source: modelBreachSource(client), lastRun: {}, params: params(), now: NOW })).rejects.toBeInstanceOf(FetchUpstreamError);
  });
});

describe('ordering, cursor and dedup', () => {
  it('does not trust response order: fixture (newest first) is emitted oldest first; cursor = newest emitted', async () => {
    const fixtures = fixtureBreaches();
    const source = scriptedBreachSource(() => fixtures.map((b) => structuredClone(b) as unknown));
    const r = await fetchIncidents({ source, lastRun: { time: '1598932817000' }, params: params(), now: 1_598_940_000_000 });
    expect(ids(r)).toEqual([158, 159]);
    expect(r.incidents[0].name).toBe('Darktrace Model Breach #158: Antigena::Network::Model');
    expect(r.lastRun.time).toBe('1598937620000');
    // 158 was created 38 min before the cursor: beyond 2 × look_back, so pruned, and min_time moved past it.
    expect(r.lastRun).toMatchObject({ min_time: String(1_598_937_620_000 - 20 * MIN), emitted: '1598937620000:159' });
  });

  it('cursor advances only to the newest creationTime emitted, not the newest seen', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 50 * MIN), breach(2, NOW - 40 * MIN), breach(3, NOW - 30 * MIN));
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '1 hour', maxAlerts: 1 }), now: NOW });
    expect(ids(r)).toEqual([1]);
    expect(r.lastRun.time).toBe(String(NOW - 50 * MIN));
    expect(r.stats.truncated).toBe(true);
  });

  it('a tie group cut by max_alerts is neither lost nor duplicated', async () => {
    const dt = new FakeAppliance({ seed: 3 });
    const c = NOW - 20 * MIN;
    dt.add(breach(50, c), breach(10, c), breach(40, c), breach(20, c), breach(30, c), breach(5, c + 1), breach(99, c - 1));
    const p = params({ firstFetch: '1 hour', maxAlerts: 2 });
    const seen: number[][] = [];
    let lastRun: unknown = {};
    for (let i = 0; i < 6; i++) {
      const r = await fetchIncidents({ source: dt.source, lastRun, params: p, now: NOW });
      seen.push(ids(r));
      lastRun = r.lastRun;
    }
    expect(seen).toEqual([[99, 10], [20, 30], [40, 50], [5], [], []]);
    expect(lastRun).toMatchObject({ time: String(c + 1) });
  });

  it('an empty fetch changes only `scanned` (to its now − 30 min); the same fetch again changes nothing', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 5 * MIN));
    const p = params({ firstFetch: '1 hour' });
    const first = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW });
    const second = await fetchIncidents({ source: dt.source, lastRun: first.lastRun, params: p, now: NOW + MIN });
    expect(second.incidents).toEqual([]);
    expect(second.lastRun).toEqual({ ...first.lastRun, scanned: String(NOW + MIN - 30 * MIN) });
    const again = await fetchIncidents({ source: dt.source, lastRun: second.lastRun, params: p, now: NOW + MIN });
    expect(again.lastRun).toEqual(second.lastRun);
  });

  it('does not modify the lastRun object it is given', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 5 * MIN));
    const lastRun = Object.freeze({ version: '1', time: String(NOW - HOUR), min_time: String(NOW - HOUR), emitted: '' });
    const r = await fetchIncidents({ source: dt.source, lastRun, params: params(), now: NOW });
    expect(ids(r)).toEqual([1]);
    expect(lastRun.emitted).toBe('');
  });

  it('lastRun values are strings; ids older than cursor − 2 × look_back are pruned and min_time follows', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 60 * MIN), breach(2, NOW - 25 * MIN), breach(3, NOW - 15 * MIN), breach(4, NOW - 2 * MIN));
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '2 hours', lookBackMinutes: 10 }), now: NOW });
    expect(ids(r)).toEqual([1, 2, 3, 4]);
    for (const v of Object.values(r.lastRun)) expect(typeof v).toBe('string');
    expect(r.lastRun).toEqual({
      version: '1',
      time: String(NOW - 2 * MIN),
      min_time: String(NOW - 22 * MIN),
      scanned: String(NOW - 30 * MIN),
      emitted: `${NOW - 15 * MIN}:3;${NOW - 2 * MIN}:4`,
      first_fetch: '2 hours',
    });
  });

  it('min_score is sent as minscore and is what the appliance filters by', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 5 * MIN, { score: 0.72 }), breach(2, NOW - 4 * MIN, { score: 0.73 }), breach(3, NOW - 3 * MIN, { score: 0.9 }));
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '1 hour', minScore: 73 }), now: NOW });
    expect(dt.requests[0].minscore).toBe(0.73);
    expect(ids(r)).toEqual([2, 3]);
  });

  it('first_fetch is honoured after the first fetch too (nothing older than it, even within look_back)', async () => {
    const dt = new FakeAppliance();
    const f = NOW - HOUR;
    dt.add(breach(1, f - 1), breach(2, f), breach(3, f + 1));
    const p = params({ firstFetch: String(f), lookBackMinutes: 30, maxAlerts: 1 });
    let lastRun: unknown = {};
    const all: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await fetchIncidents({ source: dt.source, lastRun, params: p, now: NOW });
      all.push(...ids(r));
      lastRun = r.lastRun;
    }
    expect(all).toEqual([2, 3]);
    expect(Math.min(...dt.requests.map((q) => q.starttime))).toBe(f);
  });
});

describe('late breaches', () => {
  it('late creation: an old first-activity time with a new creationTime is fetched (window is by creation)', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 2 * MIN, { time: NOW - 3 * DAY }));
    const r = await fetchIncidents({ source: dt.source, lastRun: { time: String(NOW - 5 * MIN) }, params: params(), now: NOW });
    expect(ids(r)).toEqual([1]);
    expect(r.incidents[0].occurred).toBe(new Date(NOW - 3 * DAY).toISOString());
  });

  it('a breach indexed late, created within look_back of the cursor, is fetched; one created before that is not', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - MIN));
    const first = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '1 day' }), now: NOW });
    expect(first.lastRun.time).toBe(String(NOW - MIN));
    dt.add(breach(2, NOW - 10 * MIN), breach(3, NOW - 12 * MIN)); // cursor − 9 min (inside), cursor − 11 min (outside)
    const second = await fetchIncidents({ source: dt.source, lastRun: first.lastRun, params: params({ firstFetch: '1 day', lookBackMinutes: 10 }), now: NOW + MIN });
    expect(ids(second)).toEqual([2]);
    expect(second.lastRun.time).toBe(String(NOW - MIN)); // a late breach never moves the cursor back
  });

  it('look_back 0: no overlap, still exact at the cursor millisecond', async () => {
    const dt = new FakeAppliance();
    const c = NOW - 10 * MIN;
    dt.add(breach(1, c), breach(2, c), breach(3, c));
    const p = params({ firstFetch: '1 hour', lookBackMinutes: 0, maxAlerts: 2 });
    const r1 = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW });
    const r2 = await fetchIncidents({ source: dt.source, lastRun: r1.lastRun, params: p, now: NOW });
    expect([ids(r1), ids(r2)]).toEqual([[1, 2], [3]]);
    expect(r2.lastRun).toMatchObject({ time: String(c), min_time: String(c), emitted: `${c}:1-3` });
    // A later fetch with nothing new still looks at the cursor millisecond (inclusive starttime).
    dt.add(breach(4, c));
    const r3 = await fetchIncidents({ source: dt.source, lastRun: r2.lastRun, params: p, now: NOW });
    expect(ids(r3)).toEqual([4]);
  });
});

describe('failures', () => {
  it('a fault midway fails the whole fetch (no lastRun); retrying with the previous lastRun loses nothing', async () => {
    const dt = new FakeAppliance({ seed: 9 });
    for (let i = 0; i < 40; i++) dt.add(breach(i + 1, NOW - 3 * DAY + i * 1.5 * HOUR));
    const p = params({ firstFetch: '3 days', maxAlerts: 25 });
    const clean = await fetchIncidents({ source: new FakeAppliance().source, lastRun: {}, params: p, now: NOW }).catch(() => undefined);
    expect(clean).toBeDefined();
    dt.faults = [null, 'status-503']; // the probe succeeds, the read fails
    const failed = fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW });
    await expect(failed).rejects.toBeInstanceOf(InjectedFault);
    const retry = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW });
    expect(ids(retry)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('the engine passes the source error through unchanged', async () => {
    const boom = Object.assign(new Error('Upstream timeout'), { code: 'TIMEOUT', retryable: true });
    const source = scriptedBreachSource(() => {
      throw boom;
    });
    await expect(fetchIncidents({ source, lastRun: {}, params: params(), now: NOW })).rejects.toBe(boom);
  });

  it('bad lastRun or params are input errors, before any request', async () => {
    const dt = new FakeAppliance();
    await expect(fetchIncidents({ source: dt.source, lastRun: { time: 'soon' }, params: params(), now: NOW })).rejects.toBeInstanceOf(FetchInputError);
    await expect(fetchIncidents({ source: dt.source, lastRun: {}, params: params({ maxAlerts: 0 }), now: NOW })).rejects.toMatchObject({
      errors: [{ path: 'max_fetch' }],
    });
    await expect(fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: 'whenever' }), now: NOW })).rejects.toMatchObject({
      errors: [{ path: 'first_fetch' }],
    });
    expect(dt.requests).toHaveLength(0);
  });

  it('items without a usable pbid or creationTime are skipped and counted; a breach without device/model is kept', async () => {
    const source = scriptedBreachSource(() => [
      { pbid: 1, creationTime: NOW - MIN, time: NOW - MIN },
      { creationTime: NOW - MIN },
      { pbid: 'x', creationTime: NOW - MIN },
      { pbid: 3 },
      null,
      'breach',
    ]);
    const r = await fetchIncidents({ source, lastRun: { time: String(NOW - 5 * MIN) }, params: params(), now: NOW });
    expect(r.incidents).toEqual([expect.objectContaining({ name: 'Darktrace Model Breach #1', dbotMirrorId: '1' })]);
    expect(r.stats.skipped).toBe(5);
  });
});

describe('slots and backlogs', () => {
  it('an oversized response is used, not re-fetched, and the slots after it are sized to the density', async () => {
    const dt = new FakeAppliance({ seed: 5 });
    for (let i = 0; i < 3000; i++) dt.add(breach(i + 1, NOW - 30 * HOUR + i * 36_000)); // 100 an hour
    const r = await fetchIncidents({
      source: dt.source,
      lastRun: {},
      params: params({ firstFetch: '30 hours', maxAlerts: 1000 }),
      now: NOW,
      tuning: { maxSlotItems: 50, probe: false }, // the direct walk (sources without a probe)
    });
    expect(ids(r)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(r.stats.oversized).toBe(1);
    const [first, ...rest] = dt.requests;
    expect(first).toMatchObject({ starttime: NOW - 30 * HOUR, endtime: NOW - 29 * HOUR, returned: 101 }); // 1 h, inclusive end
    expect(rest[0].starttime).toBe(NOW - 29 * HOUR); // continues right after it (b + 1): nothing asked twice
    expect(Math.max(...rest.map((q) => q.returned))).toBeLessThanOrEqual(51);
    for (let i = 1; i < dt.requests.length; i++) expect(dt.requests[i].starttime).toBe(dt.requests[i - 1].endtime);
  });

  it('growth over empty time is capped (6 h slots), so a dense region is never swallowed whole', async () => {
    const dt = new FakeAppliance();
    for (let i = 0; i < 4800; i++) dt.add(breach(i + 1, NOW - DAY + i * 18_000)); // 200 an hour, last day only
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '20 days', maxAlerts: 1000 }), now: NOW, tuning: { probe: false } });
    expect(r.incidents).toHaveLength(1000);
    for (const q of dt.requests) expect(q.endtime - q.starttime).toBeLessThanOrEqual(6 * HOUR);
    expect(Math.max(...dt.requests.map((q) => q.returned))).toBeLessThanOrEqual(6 * 200 + 1);
  });

  it('a long walk over empty time stops at the request budget with its progress saved, and resumes', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 2 * MIN));
    const p = params({ firstFetch: '90 days' });
    let lastRun: Record<string, string> = {};
    const perFetch: number[] = [];
    let found: number[] = [];
    for (let i = 0; i < 10 && found.length === 0; i++) {
      const before = dt.requests.length;
      const r = await fetchIncidents({ source: dt.source, lastRun, params: p, now: NOW, tuning: { probe: false } });
      perFetch.push(dt.requests.length - before);
      found = ids(r);
      if (found.length === 0) {
        expect(r.stats.truncated).toBe(true);
        expect(Number(r.lastRun.scanned)).toBeGreaterThan(Number(lastRun.scanned ?? 0));
      }
      lastRun = r.lastRun;
    }
    expect(found).toEqual([1]);
    expect(perFetch.length).toBeGreaterThan(1);
    expect(Math.max(...perFetch)).toBeLessThanOrEqual(100);
  });

  it('a quiet period does not widen the window: it starts at the last fetch − 30 min (skew margin) − look_back', async () => {
    const { client, calls } = recordingClient();
    // What a complete walk one minute ago leaves behind when the newest breach is 10 days old.
    const lastRun = { version: '1', time: String(NOW - 10 * DAY), min_time: String(NOW - 10 * DAY - 20 * MIN), scanned: String(NOW - 31 * MIN), emitted: '' };
    const r = await fetchIncidents({ source: modelBreachSource(client), lastRun, params: params({ lookBackMinutes: 10 }), now: NOW });
    expect(calls).toHaveLength(1);
    expect(calls[0].query.slice(1, 3)).toEqual([['starttime', String(NOW - 41 * MIN)], ['endtime', String(NOW)]]);
    // The cursor stays the newest creationTime emitted; the lastRun adopts the first_fetch it is fetched with.
    expect(r.lastRun).toEqual({ ...lastRun, scanned: String(NOW - 30 * MIN), first_fetch: '3 days' });
  });

  it('a busy look_back overlap cannot use up the request budget: new breaches are still reached (regression)', async () => {
    // 9 breaches already emitted, all in the overlap; tiny budget and slot limits so that re-walking the
    // overlap alone would take the whole budget if it counted.
    const dt = new FakeAppliance();
    const c = NOW - 34 * MIN;
    for (let i = 0; i < 9; i++) dt.add(breach(i + 1, c));
    const p = params({ firstFetch: '1 hour', maxAlerts: 1, lookBackMinutes: 34 });
    const tuning = { initialSlotMs: 10 * MIN, maxSlotMs: HOUR, maxSlotItems: 1, maxRequests: 4, clockSkewMs: 0 };
    let lastRun: Record<string, string> = {};
    const got: number[] = [];
    let clock = NOW;
    for (let i = 0; i < 12; i++) {
      clock += 1000;
      if (i === 10) dt.add(breach(100, clock - 1000));
      const r = await fetchIncidents({ source: dt.source, lastRun, params: p, now: clock, tuning });
      got.push(...ids(r));
      lastRun = r.lastRun;
    }
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
  });

  it('a slot end well in the past counts in full as progress (no skew margin needed there)', async () => {
    const dt = new FakeAppliance();
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '30 days' }), now: NOW, tuning: { maxRequests: 3, probe: false } });
    expect(r.stats.truncated).toBe(true);
    expect(dt.requests[2].endtime - (NOW - 30 * DAY)).toBe(11 * HOUR); // 1 h + 4 h + 6 h walked
    expect(r.lastRun.scanned).toBe(String(dt.requests[2].endtime - 1));
  });

  it('a burst sharing one millisecond larger than maxSlotItems is taken whole (a 1 ms slot cannot be split)', async () => {
    const dt = new FakeAppliance();
    const c = NOW - 30 * MIN;
    for (let i = 0; i < 120; i++) dt.add(breach(i + 1, c));
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '1 hour', maxAlerts: 1000 }), now: NOW, tuning: { maxSlotItems: 50 } });
    expect(r.incidents).toHaveLength(120);
    expect(r.lastRun.emitted).toBe(`${c}:1-120`);
  });

  it('a big backlog: the fetch stops as soon as it has max_alerts and never asks beyond what it needs', async () => {
    const dt = new FakeAppliance({ seed: 2 });
    for (let i = 0; i < 5000; i++) dt.add(breach(i + 1, NOW - 5 * DAY + i * 86_000));
    const p = params({ firstFetch: '5 days', maxAlerts: 100 });
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW, tuning: { probe: false } });
    expect(ids(r)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(r.stats.truncated).toBe(true);
    expect(dt.requests.at(-1)!.endtime).toBeLessThan(NOW - 4 * DAY);
    expect(Math.max(...dt.requests.map((q) => q.returned))).toBeLessThanOrEqual(500);
    // Drain the rest: exactly once, in order.
    let lastRun = r.lastRun;
    const all = ids(r);
    for (let i = 0; i < 60; i++) {
      const next = await fetchIncidents({ source: dt.source, lastRun, params: p, now: NOW, tuning: { probe: false } });
      all.push(...ids(next));
      lastRun = next.lastRun;
      if (!next.stats.truncated) break;
    }
    expect(all).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  it.each([false, true])('breaches exactly on slot boundaries are not lost (endtime exclusive: %s)', async (endtimeExclusive) => {
    const dt = new FakeAppliance({ endtimeExclusive });
    const f = NOW - 6 * HOUR;
    for (let k = 0; k <= 6; k++) dt.add(breach(k * 2 + 1, f + k * HOUR - 1), breach(k * 2 + 2, f + k * HOUR));
    const p = params({ firstFetch: String(f), maxAlerts: 1000 });
    const tuning = { initialSlotMs: HOUR, maxGrowth: 1 };
    const r1 = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW, tuning });
    const r2 = await fetchIncidents({ source: dt.source, lastRun: r1.lastRun, params: p, now: NOW + 1, tuning });
    const all = [...ids(r1), ...ids(r2)];
    expect(all.sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]); // pbid 1 is before first_fetch
  });

  it('a burst past maxTrackedIds bounds lastRun by raising min_time, never by re-delivering', async () => {
    const dt = new FakeAppliance();
    for (let i = 0; i < 30; i++) dt.add(breach(i + 1, NOW - 9 * MIN + i * 1000));
    const p = params({ firstFetch: '1 hour', maxAlerts: 1000, lookBackMinutes: 10 });
    const r1 = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW, tuning: { maxTrackedIds: 10 } });
    expect(r1.incidents).toHaveLength(30);
    const state = decodeLastRun(r1.lastRun)!;
    expect(state.emitted.size).toBe(10);
    expect(state.minTime).toBe(NOW - 9 * MIN + 19 * 1000 + 1); // just past the newest dropped id
    expect([...state.emitted.keys()].sort((x, y) => x - y)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    const r2 = await fetchIncidents({ source: dt.source, lastRun: r1.lastRun, params: p, now: NOW + MIN, tuning: { maxTrackedIds: 10 } });
    expect(r2.incidents).toEqual([]);
  });
});

describe('generic sources', () => {
  it('a pbid the lastRun cannot hold (negative, fractional, too large) is skipped, so the next fetch still reads its lastRun', async () => {
    const source = scriptedBreachSource(() => [
      { pbid: -1, creationTime: NOW - MIN },
      { pbid: 2.5, creationTime: NOW - MIN },
      { pbid: Number.MAX_SAFE_INTEGER + 2, creationTime: NOW - MIN },
      { pbid: 7, creationTime: NOW - MIN },
    ]);
    const r = await fetchIncidents({ source, lastRun: { time: String(NOW - 5 * MIN) }, params: params(), now: NOW });
    expect(ids(r)).toEqual([7]);
    expect(r.stats.skipped).toBe(3);
    expect(r.lastRun.emitted).toBe(`${NOW - MIN}:7`);
    expect(decodeLastRun(r.lastRun)!.emitted).toEqual(new Map([[7, NOW - MIN]]));
  });

  it('string ids: ties ordered by id, dedup across fetches, state under the source\'s own prefix', async () => {
    const store = uuidStore({ seed: 4 });
    const c = NOW - 20 * MIN;
    const item = (uuid: string, createdAt: number) => ({ uuid, createdAt, activityAt: createdAt, score: 0.5 });
    store.add(item('c-uuid', c), item('a-uuid', c), item('b,uuid', c), item('z-uuid', c - 1), item('d-uuid', c + 1));
    const source = uuidSource(store);
    const p = { maxAlerts: 2, firstFetch: '1 hour', lookBackMinutes: 10, minItemScore: 0 };
    const seen: string[][] = [];
    let lastRun: Record<string, string> = {};
    for (let i = 0; i < 4; i++) {
      const r = await fetchIncidents({ source, lastRun, params: p, now: NOW });
      seen.push(r.incidents.map((x) => x.dbotMirrorId));
      lastRun = r.lastRun;
    }
    expect(seen).toEqual([['uuid:z-uuid', 'uuid:a-uuid'], ['uuid:b,uuid', 'uuid:c-uuid'], ['uuid:d-uuid'], []]);
    expect(lastRun).toEqual({
      version: '1',
      'uuid-items.time': String(c + 1),
      'uuid-items.min_time': String(c + 1 - 20 * MIN),
      'uuid-items.scanned': String(NOW - 30 * MIN),
      'uuid-items.emitted': `${c - 1}:z-uuid;${c}:a-uuid,b%2Cuuid,c-uuid;${c + 1}:d-uuid`,
      'uuid-items.first_fetch': '1 hour',
    });
    for (const v of Object.values(lastRun)) expect(typeof v).toBe('string');
  });

  it('another source\'s state in the lastRun leaves model breaches alone (and vice versa)', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 5 * MIN));
    const other = { 'uuid-items.time': String(NOW - DAY), 'uuid-items.emitted': `${NOW - DAY}:x` };
    const withOther = await fetchIncidents({ source: dt.source, lastRun: { ...other, version: '1', time: String(NOW - HOUR) }, params: params(), now: NOW });
    const alone = await fetchIncidents({ source: dt.source, lastRun: { version: '1', time: String(NOW - HOUR) }, params: params(), now: NOW });
    expect(withOther).toEqual(alone);
    // Only the other source's keys: model breaches start from first_fetch.
    const fresh = await fetchIncidents({ source: dt.source, lastRun: { version: '1', ...other }, params: params({ firstFetch: '1 hour' }), now: NOW });
    expect(ids(fresh)).toEqual([1]);
  });

  it('a source\'s filter parameters are checked like the engine\'s, by their declaration', async () => {
    const source = uuidSource(uuidStore());
    await expect(fetchIncidents({ source, params: { maxAlerts: 5, firstFetch: '1 hour', lookBackMinutes: 10, minItemScore: 101 }, now: NOW })).rejects.toMatchObject({
      errors: [{ path: 'min_item_score', message: 'min_item_score must be a number from 0 to 100 (got 101)' }],
    });
  });

  it('a source that answers something other than a list fails the fetch with an upstream error naming its endpoint', async () => {
    const source = { ...uuidSource(uuidStore()), query: async () => ({ nope: true }) as never };
    await expect(fetchIncidents({ source, params: { maxAlerts: 5, firstFetch: '1 hour', lookBackMinutes: 10, minItemScore: 0 }, now: NOW })).rejects.toMatchObject({
      code: 'INVALID_RESPONSE', path: '/synthetic/uuid-items', message: 'the uuid-items source returned something other than a list',
    });
  });
});

describe('probes: crossing empty time and splitting dense time (SPEC §9)', () => {
  it('10 years of empty time before a 30-day backlog: the first fetch delivers max_alerts, crossing in ≤ 20 requests', async () => {
    const dt = new FakeAppliance({ seed: 11 });
    for (let i = 0; i < 3000; i++) dt.add(breach(i + 1, NOW - 30 * DAY + i * 864_000)); // 100 a day
    const p = params({ firstFetch: '3650 days', maxAlerts: 25 });
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: p, now: NOW });
    expect(ids(r)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const probes = dt.requests.filter((q) => q.probe);
    expect(probes.length).toBeGreaterThan(0);
    expect(dt.requests.length).toBeLessThanOrEqual(20);
    expect(probes[0].starttime).toBe(NOW - 3650 * DAY); // exactly first_fetch
    // Reads ask only for the span holding what is delivered: never more than the slot target.
    for (const q of dt.requests.filter((x) => !x.probe)) expect(q.returned).toBeLessThanOrEqual(500);
    expect(r.stats).toMatchObject({ source: 'model-breaches', new: 25, duplicate: 0, truncated: true, requests: dt.requests.length, probes: probes.length });
  });

  it('drains a dense backlog exactly once; no read holds more than 4 × the slot target unless it is one millisecond', async () => {
    const dt = new FakeAppliance({ seed: 12 });
    let id = 1;
    for (let i = 0; i < 6000; i++) dt.add(breach(id++, NOW - 10 * DAY + Math.floor(i / 3) * 400_000)); // ties of 3
    const burst = NOW - 5 * DAY + 7;
    for (let i = 0; i < 2500; i++) dt.add(breach(id++, burst)); // one millisecond, bigger than a slot
    const p = params({ firstFetch: '10 years', maxAlerts: 1000 });
    const target = 2000;
    const all: number[] = [];
    let lastRun: Record<string, string> = {};
    let fetches = 0;
    for (; fetches < 40; fetches++) {
      const before = dt.requests.length;
      const r = await fetchIncidents({ source: dt.source, lastRun, params: p, now: NOW });
      for (const q of dt.requests.slice(before)) {
        if (q.probe || q.returned <= 4 * target) continue;
        const times = new Set([...dt.breaches.values()].filter((b) => dt.matches(b, q)).map((b) => b.creationTime));
        expect(times.size).toBe(1);
      }
      expect(JSON.stringify(r.lastRun).length).toBeLessThan(64 * 1024);
      all.push(...ids(r));
      lastRun = r.lastRun;
      if (!r.stats.truncated && r.incidents.length === 0) break;
    }
    expect(all.length).toBe(8500);
    expect(new Set(all).size).toBe(8500);
    expect(dt.requests.length / 8.5).toBeLessThanOrEqual(3); // ≤ 3 requests per 1,000 delivered
  });

  it('a probe that sees nothing walks its span: progress is saved without reading it', async () => {
    const dt = new FakeAppliance();
    const r = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '10 years' }), now: NOW });
    expect(r.incidents).toEqual([]);
    expect(r.stats.truncated).toBe(false);
    expect(dt.requests.every((q) => q.probe)).toBe(true);
    expect(dt.requests.length).toBeLessThanOrEqual(5); // 7 days, then 16 times wider each time
    expect(r.lastRun.scanned).toBe(String(NOW - 30 * MIN));
    expect(r.stats.slots.map((s) => s.kind)).toEqual(dt.requests.map(() => 'probe'));
  });
});

describe('first_fetch changes reset the source (SPEC §9)', () => {
  it('a different first_fetch starts over from the new start, says so in stats; the same one (any spelling) does not', async () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 3 * HOUR), breach(2, NOW - 2 * HOUR));
    const r1 = await fetchIncidents({ source: dt.source, lastRun: {}, params: params({ firstFetch: '1 hour' }), now: NOW });
    expect(ids(r1)).toEqual([]);
    expect(r1.lastRun.first_fetch).toBe('1 hour');
    const same = await fetchIncidents({ source: dt.source, lastRun: r1.lastRun, params: params({ firstFetch: ' 1  Hour ' }), now: NOW });
    expect(same.stats.reset).toBeUndefined();
    const r2 = await fetchIncidents({ source: dt.source, lastRun: r1.lastRun, params: params({ firstFetch: '4 hours' }), now: NOW });
    expect(ids(r2)).toEqual([1, 2]);
    expect(r2.stats.reset).toEqual({ previous: '1 hour', current: '4 hours', start: NOW - 4 * HOUR });
    expect(r2.lastRun).toMatchObject({ first_fetch: '4 hours', time: String(NOW - 2 * HOUR), emitted: `${NOW - 2 * HOUR}:2` });
  });

  it('a first_fetch in lastRun that is not a short string is a 400 naming it', async () => {
    const dt = new FakeAppliance();
    await expect(fetchIncidents({ source: dt.source, lastRun: { time: String(NOW - HOUR), first_fetch: 7 }, params: params(), now: NOW })).rejects.toMatchObject({
      errors: [{ path: 'lastRun.first_fetch', message: 'lastRun.first_fetch must be a string of at most 200 characters (got 7)' }],
    });
  });
});
