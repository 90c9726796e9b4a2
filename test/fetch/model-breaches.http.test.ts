// Model breaches over HTTP: the exact request the emulator receives, and a drain of its seeded breaches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchIncidents, modelBreachSource } from '../../src/fetch/index.js';

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
      `creationtime=true&starttime=${Date.UTC(2024, 0, 10, 11, 30)}&endtime=${now}&minscore=0.25&includeacknowledged=true&minimal=false&deviceattop=true`,
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
    expect(JSON.parse(next.incidents[0].rawJSON)).toEqual(added);
  });
});
