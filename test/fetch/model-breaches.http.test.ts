// Model breaches over HTTP: the exact request the emulator receives, a drain of its seeded breaches, and what
// POST /v1/fetch-incidents answers for lastRuns it cannot read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { DarktraceError } from '../../src/darktrace/errors.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchIncidents, modelBreachSource } from '../../src/fetch/index.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('fetch over HTTP: what goes on the wire', () => {
  let running: RunningEmulator;
  let client: DarktraceClient;
  beforeAll(async () => {
    running = await startEmulator({ port: 0, breaches: 200, seed: 7 });
    client = new DarktraceClient({ url: running.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await running.close();
  });

  it('the first request carries first_fetch in milliseconds and the full query, in order, signed as sent', async () => {
    running.emulator.clearRequests();
    const now = Date.UTC(2024, 0, 10, 12, 0, 0);
    const r = await fetchIncidents({
      source: modelBreachSource(client),
      lastRun: {},
      params: { minScore: 25, maxAlerts: 50, firstFetch: '2024-01-10T11:30:00Z', lookBackMinutes: 10 },
      now,
    });
    expect(r.incidents).toEqual([]);
    const [req] = running.emulator.requests;
    expect(req.status).toBe(200);
    expect(req.path).toBe('/modelbreaches');
    expect(req.rawQuery).toBe(
      `creationtime=true&starttime=${Date.UTC(2024, 0, 10, 11, 30)}&endtime=${now}&minscore=0.25&includeacknowledged=true&minimal=false&deviceattop=true&includebreachurl=true`,
    );
  });

  it('drains the seeded appliance exactly once, oldest first, and picks up a breach added between fetches', async () => {
    const all: string[] = [];
    let lastRun: Record<string, string> = {};
    const params = { minScore: 0, maxAlerts: 37, firstFetch: '40 days', lookBackMinutes: 10 };
    for (let i = 0; i < 50; i++) {
      const r = await fetchIncidents({ source: modelBreachSource(client), lastRun, params, now: Date.now() });
      all.push(...r.incidents.map((x) => x.dbotMirrorId));
      lastRun = r.lastRun;
      if (!r.stats.truncated) break;
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(198); // 200 minus the two 2020 fixture breaches, older than first_fetch
    const added = running.emulator.state.addBreach({ creationTime: Date.now() - 5 * 60_000, score: 0.9, did: null });
    const next = await fetchIncidents({ source: modelBreachSource(client), lastRun, params, now: Date.now() });
    expect(next.incidents.map((x) => x.dbotMirrorId)).toEqual([String(added.pbid)]);
    // rawJSON is the breach as received, with its UI link (the incident's `link`: includebreachurl=true).
    expect(JSON.parse(next.incidents[0].rawJSON)).toEqual({ ...added, breachUrl: `https://my.darktrace.com/#modelbreach/${added.pbid}` });
  });
});

describe('POST /v1/fetch-incidents and the lastRun it is sent', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { breaches: 20 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['a range past the id limit', 'lastRun.emitted', { version: '1', time: '1', emitted: '1:0-99999999999' }],
    ['repeated overlapping ranges', 'lastRun.emitted', { version: '1', time: '1', emitted: Array.from({ length: 2000 }, (_, i) => `${i}:1-400000`).join(';') }],
    ['an id above MAX_SAFE_INTEGER', 'lastRun.emitted', { version: '1', time: '1', emitted: '1:9007199254740993' }],
    ['a cursor above MAX_SAFE_INTEGER', 'lastRun.time', { version: '1', time: '9999999999999999' }],
  ])('%s: a 400 naming %s, and nothing sent to Darktrace', async (_what, path, lastRun) => {
    h.emulator.clearRequests();
    const res = await h.fetch({ lastRun, params: { first_fetch: '30 days' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', errors: [{ path }] });
    expect(res.body.errors[0].message).toMatch(new RegExp(`^${path.replace('.', '\\.')} `));
    expect(h.emulator.requests.filter((r) => r.path === '/modelbreaches')).toEqual([]);
  });

  it('a lastRun in the flat format written before sources existed is taken as it is', async () => {
    const t = Date.now() - 20 * 86_400_000;
    const lastRun = { version: '1', time: String(t), min_time: String(t - 20 * 60_000), emitted: `${t}:158` };
    const res = await h.fetch({ lastRun, params: { first_fetch: '30 days', max_alerts: '5' } });
    expect(res.status).toBe(200);
    const created = res.body.incidents.map((i: { rawJSON: string }) => JSON.parse(i.rawJSON).creationTime as number);
    expect(created).toHaveLength(5);
    // Stats per source in every fetch response (SPEC §9).
    expect(res.body.stats['model-breaches']).toMatchObject({ source: 'model-breaches', new: 5, truncated: true, requests: expect.any(Number) });
    expect(res.body.stats['model-breaches'].slots.length).toBe(res.body.stats['model-breaches'].requests);
    expect(Math.min(...created)).toBeGreaterThanOrEqual(t - 10 * 60_000); // from its cursor − look_back, not from first_fetch
    // Written back in the same flat format (`scanned` only once a slot has been walked completely), plus the
    // first_fetch it adopted (it had none: never a reset).
    expect(res.body.lastRun).toMatchObject({ version: '1', time: expect.any(String), min_time: expect.any(String), emitted: expect.any(String), first_fetch: '30 days' });
    expect(['emitted', 'min_time', 'scanned', 'time', 'version', 'first_fetch']).toEqual(expect.arrayContaining(Object.keys(res.body.lastRun)));
  });
});

describe('a 2xx answer that is not a list of breaches', () => {
  const dt = useFakeDarktrace({ retries: 0 });

  it.each([
    ['an object', { error: 'nope' }],
    ['null', null],
  ])('%s: the fetch fails (INVALID_RESPONSE naming GET /modelbreaches, not retryable), no lastRun', async (_what, body) => {
    dt.script(json(200, body));
    const failed = await fetchIncidents({ source: modelBreachSource(dt.client), lastRun: {}, params: { minScore: 0, maxAlerts: 5, firstFetch: '1 hour', lookBackMinutes: 10 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(DarktraceError);
    expect(failed).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false, method: 'GET', path: '/modelbreaches' });
    expect((failed as Error).message).toMatch(/^Darktrace returned an unexpected response for GET \/modelbreaches: /);
    expect(dt.received()).toHaveLength(1);
  });
});
