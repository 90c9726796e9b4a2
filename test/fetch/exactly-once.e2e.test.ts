// The exactly-once property end to end: the engine → modelBreachSource → the real DarktraceClient (signed
// HTTP, undici) → the Darktrace emulator, with faults injected in the emulator (5xx, resets, timeouts,
// invalid and truncated JSON) and breaches added to it between and during fetches.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { DarktraceError } from '../../src/darktrace/errors.js';
import { startEmulator, type FaultSpec, type RunningEmulator } from '../../src/emulator/index.js';
import { fetchIncidents, modelBreachSource, type BreachSource } from '../../src/fetch/index.js';
import type { FakeBreach, FaultKind } from './fake-appliance.js';
import { runScenario, scenarioArb, type ApplianceHarness } from './scenario.js';

const TIMEOUT_MS = 250;
const PBID_OFFSET = 1_000_000; // clear of the emulator's own breaches (158, 159)

function faultSpec(kind: FaultKind): FaultSpec {
  const match = '/modelbreaches';
  switch (kind) {
    case 'status-500':
      return { kind: 'status', status: 500, match };
    case 'status-503':
      return { kind: 'status', status: 503, match };
    case 'timeout':
      return { kind: 'latency', latencyMs: TIMEOUT_MS * 2, match };
    default:
      return { kind, match };
  }
}

class EmulatorHarness implements ApplianceHarness {
  private faults: Array<FaultKind | null> = [];
  private during = new Map<number, FakeBreach[]>();
  private index = 0;
  injected = 0;
  readonly source: BreachSource;

  constructor(private readonly running: RunningEmulator, client: DarktraceClient) {
    const inner = modelBreachSource(client);
    this.source = async (q) => {
      const i = this.index++;
      for (const b of this.during.get(i) ?? []) this.add(b);
      const fault = this.faults[i];
      if (fault) {
        this.injected++;
        running.emulator.faults.inject(faultSpec(fault));
      }
      return inner(q);
    };
  }

  add(b: FakeBreach): void {
    this.running.emulator.state.addBreach({
      pbid: b.pbid + PBID_OFFSET,
      creationTime: b.creationTime,
      time: b.time,
      score: b.score,
      acknowledged: b.acknowledged,
      did: b.device ? 1 : null,
    });
  }

  all(): FakeBreach[] {
    const store = this.running.emulator.state.breaches;
    return Array.from({ length: store.count }, (_, i) => ({
      pbid: store.pbid[i],
      creationTime: store.creation[i],
      time: store.time[i],
      score: store.score[i] / 1000,
    }));
  }

  arm(faults: Array<FaultKind | null>, during: Map<number, FakeBreach[]>): void {
    this.faults = faults;
    this.during = during;
    this.index = 0;
    this.injected = 0;
  }

  disarm(): void {
    this.faults = [];
    this.during = new Map();
    this.running.emulator.faults.clear(); // a fault armed for a request that never came must not leak
  }
}

describe('fetch exactly-once, end to end over HTTP (emulator + DarktraceClient)', () => {
  it('delivers every matching breach exactly once under random streams and emulator faults', async () => {
    let runs = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb({ maxBacklog: 20, maxSteps: 14, maxCopies: 12 }), async (s) => {
        const running = await startEmulator({ port: 0, breaches: 2, devices: 5, seed: s.seed, shuffleBreaches: s.seed % 2 === 0 });
        const client = new DarktraceClient(
          { url: running.url, publicToken: 'demo-public', privateToken: 'demo-private', timeoutMs: TIMEOUT_MS, retries: s.seed % 3 === 0 ? 1 : 0 },
          { sleep: async () => {} },
        );
        const harness = new EmulatorHarness(running, client);
        // Keep HTTP round trips bounded: realistic slot sizes, but still small maxSlotItems to force halving.
        const scenario = { ...s, endtimeExclusive: false, tuning: { maxSlotItems: s.tuning.maxSlotItems, initialSlotMs: 3_600_000 } };
        try {
          const report = await runScenario(scenario, harness, (e) => e instanceof DarktraceError && harness.injected > 0);
          runs++;
          failures += report.failures;
        } finally {
          await client.close();
          await running.close();
        }
      }),
      { numRuns: 25 },
    );
    expect(runs).toBe(25);
    expect(failures).toBeGreaterThan(0);
  });
});

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
