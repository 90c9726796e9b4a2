// lastRun compatibility: lastRuns written by the engine before it became source-generic are read correctly,
// and the fetches that follow them deliver and write exactly what that engine did. The reference values in
// fixtures/last-run-v1.json were produced by that engine (commit f9f1b73) on the same cases as below: each
// step replays one captured fetch from its captured lastRun, in memory and over HTTP against the emulator.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { decodeLastRun, fetchIncidents, modelBreachSource, type AnyFetchSource, type FetchParams, type FetchTuning } from '../../src/fetch/index.js';
import { FakeAppliance, type FakeBreach } from './fake-appliance.js';

interface CapturedStep {
  now: number;
  params: FetchParams;
  tuning?: Partial<FetchTuning>;
  lastRunIn: Record<string, unknown>;
  ids: number[];
  truncated: boolean;
  requests: number;
  lastRunOut: Record<string, string>;
}

const captured = JSON.parse(readFileSync(new URL('./fixtures/last-run-v1.json', import.meta.url), 'utf8')) as Record<string, CapturedStep[]>;

const NOW = Date.UTC(2024, 0, 10, 12, 0, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const breach = (pbid: number, creationTime: number, extra: Partial<FakeBreach> = {}): FakeBreach => ({
  pbid, creationTime, time: creationTime - 1000, score: 0.5, model: { then: { name: `Model::${pbid}` } }, ...extra,
});

/** The appliance data of each captured case (exactly what the capture ran against). */
const CASES: Record<string, () => FakeAppliance> = {
  // a tie group cut by max_alerts
  ties: () => {
    const dt = new FakeAppliance({ seed: 3 });
    const c = NOW - 20 * MIN;
    dt.add(breach(50, c), breach(10, c), breach(40, c), breach(20, c), breach(30, c), breach(5, c + 1), breach(99, c - 1));
    return dt;
  },
  // a 3-day backlog with tie groups of sequential pbids (runs), min_score filtering
  backlog: () => {
    const dt = new FakeAppliance({ seed: 9 });
    let id = 1000;
    for (let i = 0; i < 60; i++) {
      const c = NOW - 3 * DAY + i * 1.2 * HOUR;
      for (let k = 0; k < 1 + (i % 4); k++) dt.add(breach(id++, c, { score: (i % 10) / 10 }));
    }
    dt.add(breach(7, NOW - 8 * MIN), breach(9, NOW - 8 * MIN), breach(8, NOW - 8 * MIN), breach(3, NOW - 2 * MIN));
    return dt;
  },
  // a long walk over empty time: stopped by the request budget, progress in `scanned`
  'empty-walk': () => {
    const dt = new FakeAppliance();
    dt.add(breach(1, NOW - 2 * MIN));
    return dt;
  },
  // a burst past maxTrackedIds (10)
  'tracked-cap': () => {
    const dt = new FakeAppliance();
    for (let i = 0; i < 30; i++) dt.add(breach(i + 1, NOW - 9 * MIN + i * 1000));
    return dt;
  },
  // the official pack's {last_fetch}, and a bare {time}
  'legacy-last-fetch': () => legacyData(),
  'bare-time': () => legacyData(),
};

function legacyData(): FakeAppliance {
  const dt = new FakeAppliance();
  dt.add(breach(1, NOW - 30 * MIN), breach(2, NOW - 20 * MIN), breach(3, NOW - 20 * MIN), breach(4, NOW - 5 * MIN));
  return dt;
}

/**
 * Replays one captured fetch with the walk that engine had (direct reads only, `probe: false`: the engine
 * still walks that way for sources without a probe and for short windows). It must deliver the same, in the
 * same requests, and write the same lastRun plus `first_fetch`, adopted from the fetch's parameters (a lastRun
 * from before that key never resets).
 */
async function replay(source: AnyFetchSource, step: CapturedStep) {
  const r = await fetchIncidents({ source, lastRun: step.lastRunIn, params: step.params, now: step.now, tuning: { ...step.tuning, probe: false } });
  expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(step.ids);
  expect(r.stats.truncated).toBe(step.truncated);
  expect(r.stats.requests).toBe(step.requests);
  expect(r.stats.reset).toBeUndefined();
  expect(r.lastRun).toEqual({ ...step.lastRunOut, first_fetch: step.params.firstFetch });
}

/**
 * The same captured lastRuns under today's default walk (probes for long windows): what it delivers is the
 * start of what that engine delivered from this step on (it may get further in one fetch, never elsewhere).
 */
async function replayWithProbes(source: AnyFetchSource, step: CapturedStep, remaining: number[]) {
  const r = await fetchIncidents({ source, lastRun: step.lastRunIn, params: step.params, now: step.now, tuning: step.tuning });
  expect(r.incidents.map((i) => Number(i.dbotMirrorId))).toEqual(remaining.slice(0, r.incidents.length));
  if (step.ids.length) expect(r.incidents.length).toBeGreaterThanOrEqual(step.ids.length);
  expect(r.stats.requests).toBeLessThanOrEqual(step.requests);
  expect(decodeLastRun(r.lastRun)!.minTime).toBeGreaterThanOrEqual(decodeLastRun(step.lastRunIn)?.minTime ?? 0);
}

describe('lastRun written before sources existed (format 1, flat keys)', () => {
  it('the reference covers every case, and chains: each step starts from the lastRun the previous one wrote', () => {
    expect(Object.keys(captured).filter((k) => k !== '_about').sort()).toEqual([...Object.keys(CASES), 'emulator'].sort());
    for (const [name, steps] of Object.entries(captured)) {
      if (name === '_about') continue;
      for (let i = 1; i < steps.length; i++) expect(steps[i].lastRunIn, `${name} step ${i}`).toEqual(steps[i - 1].lastRunOut);
    }
  });

  it('a captured lastRun decodes to the state it describes', () => {
    const [, second] = captured.ties;
    expect(decodeLastRun(second.lastRunIn)).toEqual({
      cursor: 1_704_886_800_000,
      minTime: 1_704_885_600_000,
      emitted: new Map([[99, 1_704_886_799_999], [10, 1_704_886_800_000]]),
    });
    const walk = captured['empty-walk'][1].lastRunIn;
    expect(decodeLastRun(walk)).toEqual({ cursor: 1_697_112_000_000, minTime: 1_697_112_000_000, scanned: 1_699_246_799_999, emitted: new Map() });
  });

  for (const [name, build] of Object.entries(CASES)) {
    it(`${name}: every captured fetch, replayed from its captured lastRun, delivers and writes the same`, async () => {
      const steps = captured[name];
      for (const [i, step] of steps.entries()) {
        const dt = build(); // a fresh appliance per step: the replay must not depend on the steps before it
        await replay(dt.source, step);
        await replayWithProbes(build().source, step, steps.slice(i).flatMap((s) => s.ids));
      }
    });
  }

  describe('over HTTP, against the emulator at the moment of the capture', () => {
    const T = Date.UTC(2024, 5, 1, 9, 0, 0);
    let running: RunningEmulator;
    let client: DarktraceClient;
    beforeAll(async () => {
      running = await startEmulator({ port: 0, breaches: 200, seed: 7, now: () => T });
      client = new DarktraceClient({ url: running.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 0 }, { now: () => new Date(T) });
    });
    afterAll(async () => {
      await client.close();
      await running.close();
    });

    it('emulator: a drain in 37s, each fetch replayed from its captured lastRun', async () => {
      expect(captured.emulator.map((s) => s.ids.length)).toEqual([37, 37, 37, 37, 37, 13, 0]);
      for (const step of captured.emulator) await replay(modelBreachSource(client), step);
    });
  });
});
