// Random breach streams + fault schedules, and an XSOAR-like caller that runs them against any appliance.
// Used by the in-memory property test and by the end-to-end (HTTP, emulator) variant.
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  fetchIncidents,
  parseFirstFetch,
  toMinscore,
  type BreachSource,
  type FetchParams,
  type FetchTuning,
  type Incident,
} from '../../src/fetch/index.js';
import type { FakeBreach, FaultKind } from './fake-appliance.js';

export const T0 = Date.UTC(2024, 2, 1, 0, 0, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface BreachSpec {
  /** Backlog: creationTime = T0 − age. Arrivals: creationTime = clock − lag × look_back (lag 0–1). */
  at: number;
  /** first-activity `time` is this much older than creationTime ("late creation"). */
  lateness: number;
  score: number;
  acknowledged: boolean;
  /** How many breaches share this creationTime (a tie burst). */
  copies: number;
}

export type FirstFetchSpec = { kind: 'relative'; text: string } | { kind: 'ms' | 'iso' | 'seconds'; back: number };

export type Step =
  | { t: 'advance'; ms: number }
  | { t: 'arrive'; items: BreachSpec[] }
  | { t: 'fetch'; faults: Array<FaultKind | null>; during: Array<{ request: number; item: BreachSpec }> };

export interface Scenario {
  seed: number;
  maxAlerts: number;
  lookBackMinutes: number;
  minScore: number;
  firstFetch: FirstFetchSpec;
  endtimeExclusive: boolean;
  tuning: Partial<FetchTuning>;
  backlog: BreachSpec[];
  steps: Step[];
}

export const FAULT_KINDS: readonly FaultKind[] = ['status-500', 'status-503', 'timeout', 'reset', 'invalid-json', 'truncated-json'];

const scoreArb = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
  fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
);

function breachSpecArb(atArb: fc.Arbitrary<number>, maxCopies: number): fc.Arbitrary<BreachSpec> {
  return fc.record({
    at: atArb,
    lateness: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * DAY })),
    score: scoreArb,
    acknowledged: fc.boolean(),
    copies: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: maxCopies }) }),
  });
}

/** Backlog ages: anywhere in 4 days, or on a coarse grid so that ties across breaches are common. */
const backlogAgeArb = fc.oneof(
  fc.integer({ min: 0, max: 4 * DAY }),
  fc.integer({ min: 0, max: 12 }).map((k) => k * 30 * MIN),
  fc.integer({ min: 0, max: 20 }).map((k) => k * 1000),
);
/** Arrival lag as a fraction of look_back: 0 (created now), 1 (exactly look_back ago), or between. */
const lagArb = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000));

export function scenarioArb(options: { maxBacklog?: number; maxSteps?: number; maxCopies?: number } = {}): fc.Arbitrary<Scenario> {
  const { maxBacklog = 40, maxSteps = 24, maxCopies = 30 } = options;
  const faultArb = fc.constantFrom(...FAULT_KINDS);
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 30 * MIN }), fc.integer({ min: 0, max: 2 * DAY })) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('arrive' as const), items: fc.array(breachSpecArb(lagArb, maxCopies), { minLength: 1, maxLength: 6 }) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('fetch' as const),
        faults: fc.oneof(
          { weight: 2, arbitrary: fc.constant([] as Array<FaultKind | null>) },
          { weight: 3, arbitrary: fc.array(fc.option(faultArb, { nil: null, freq: 2 }), { maxLength: 5 }) },
        ),
        during: fc.array(fc.record({ request: fc.integer({ min: 0, max: 4 }), item: breachSpecArb(lagArb, maxCopies) }), { maxLength: 2 }),
      }),
    },
  );
  return fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    maxAlerts: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 })),
    lookBackMinutes: fc.oneof(fc.constant(10), fc.constant(0), fc.integer({ min: 0, max: 60 })),
    minScore: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1000 }).map((x) => x / 10)),
    firstFetch: fc.oneof(
      fc.integer({ min: 0, max: 100 }).map((n): FirstFetchSpec => ({ kind: 'relative', text: `${n} hours` })),
      fc.integer({ min: 0, max: 5 }).map((n): FirstFetchSpec => ({ kind: 'relative', text: `${n} days ago` })),
      fc.record({ kind: fc.constantFrom('ms' as const, 'iso' as const, 'seconds' as const), back: fc.integer({ min: 0, max: 5 * DAY }) }),
    ),
    endtimeExclusive: fc.boolean(),
    tuning: fc.oneof(
      fc.record(
        {
          initialSlotMs: fc.oneof(fc.constantFrom(1, 1000, MIN, 10 * MIN, HOUR, DAY), fc.integer({ min: 1, max: 2 * DAY })),
          maxSlotMs: fc.constantFrom(HOUR, 6 * HOUR, DAY, 3 * DAY),
          maxSlotItems: fc.integer({ min: 1, max: 40 }),
          maxGrowth: fc.constantFrom(1, 2, 4, 8), // 1 is clamped to 2 by the engine
          clockSkewMs: fc.constantFrom(0, 1000, 30 * MIN),
        },
        { requiredKeys: [] },
      ),
      // Small request budgets: walks stop early and resume from `scanned`. A fetch must still reach further
      // than look_back + the skew margin, or it could never finish a walk (the defaults reach ~600 h).
      fc.record({
        initialSlotMs: fc.integer({ min: 10 * MIN, max: 2 * DAY }),
        maxSlotMs: fc.constantFrom(HOUR, 6 * HOUR, DAY),
        maxSlotItems: fc.integer({ min: 1, max: 40 }),
        maxRequests: fc.integer({ min: 4, max: 12 }),
        clockSkewMs: fc.constantFrom(0, 1000, 30 * MIN),
      }),
    ),
    backlog: fc.array(breachSpecArb(backlogAgeArb, maxCopies), { maxLength: maxBacklog }),
    steps: fc.array(stepArb, { maxLength: maxSteps }),
  });
}

function firstFetchText(spec: FirstFetchSpec): string {
  switch (spec.kind) {
    case 'relative':
      return spec.text;
    case 'ms':
      return String(T0 - spec.back);
    case 'iso':
      return new Date(T0 - spec.back).toISOString();
    case 'seconds':
      return String(Math.floor((T0 - spec.back) / 1000));
  }
}

/** What the runner needs from an appliance (in-memory fake or the emulator over HTTP). */
export interface ApplianceHarness {
  add(breach: FakeBreach): void | Promise<void>;
  /** Every breach ever added (visible now). */
  all(): FakeBreach[] | Promise<FakeBreach[]>;
  /** Arms the next fetch attempt: a fault (or null) per request, and breaches to add before given requests. */
  arm(faults: Array<FaultKind | null>, during: Map<number, FakeBreach[]>): void;
  disarm(): void;
  source: BreachSource;
}

export interface RunReport {
  delivered: Incident[];
  fetches: number;
  failures: number;
  drained: number;
}

/**
 * Plays a scenario like XSOAR would: keeps lastRun only after a successful fetch, calls again with the old
 * one after a failure, lets the clock run and breaches arrive between (and during) fetches, then keeps
 * fetching without faults until a fetch is empty and complete. Asserts, along the way, that every lastRun
 * value is a string and that a fetch fails only by throwing an injected fault; returns what was delivered.
 * Then asserts exactly-once: delivered ids == ids of breaches matching the filters, without duplicates.
 */
export async function runScenario(s: Scenario, appliance: ApplianceHarness, isInjected: (e: unknown) => boolean): Promise<RunReport> {
  const lookBack = s.lookBackMinutes * MIN;
  const params: FetchParams = { minScore: s.minScore, maxAlerts: s.maxAlerts, firstFetch: firstFetchText(s.firstFetch), lookBackMinutes: s.lookBackMinutes };
  let clock = T0;
  let nextIndex = 0;
  const newBreaches = (spec: BreachSpec, creationTime: number): FakeBreach[] =>
    Array.from({ length: spec.copies }, () => {
      const i = nextIndex++;
      // Unique pbids that are not in creation order: i ↦ i × 7919 mod 100003 is a bijection below 100003.
      const pbid = 1 + ((i * 7919 + (s.seed % 1000)) % 100_003);
      const b: FakeBreach = { pbid, creationTime, time: creationTime - spec.lateness, score: spec.score, acknowledged: spec.acknowledged };
      if (i % 3 !== 0) b.model = { then: { name: `Test::Model ${i % 7}`, category: ['Informational', 'Suspicious', 'Critical', 'Compliance'][i % 4] } };
      if (i % 5 !== 0) b.device = { did: i % 11, hostname: `host-${i % 11}`, ip: `10.0.0.${i % 11}` };
      return b;
    });
  const arrival = (spec: BreachSpec, now: number) => newBreaches(spec, now - Math.floor(spec.at * lookBack));

  for (const spec of s.backlog) for (const b of newBreaches(spec, T0 - spec.at)) await appliance.add(b);

  let lastRun: Record<string, string> = {};
  let firstNow: number | undefined;
  const delivered: Incident[] = [];
  const seen = new Set<string>();
  let fetches = 0;
  let failures = 0;

  const fetchOnce = async (faults: Array<FaultKind | null>, during: Step & { t: 'fetch' } extends { during: infer D } ? D : never) => {
    const now = clock;
    const mid = new Map<number, FakeBreach[]>();
    for (const d of during) mid.set(d.request, [...(mid.get(d.request) ?? []), ...arrival(d.item, now)]);
    appliance.arm(faults, mid);
    fetches++;
    try {
      const r = await fetchIncidents({ source: appliance.source, lastRun, params, now, tuning: s.tuning });
      for (const v of Object.values(r.lastRun)) expect(typeof v).toBe('string');
      firstNow ??= now;
      for (const incident of r.incidents) {
        if (seen.has(incident.dbotMirrorId)) throw new Error(`duplicate delivery of pbid ${incident.dbotMirrorId} (fetch #${fetches})`);
        seen.add(incident.dbotMirrorId);
      }
      delivered.push(...r.incidents);
      lastRun = r.lastRun; // XSOAR: setLastRun only after success
      return r;
    } catch (e) {
      if (!isInjected(e)) throw e;
      failures++;
      return undefined; // no lastRun: the next call uses the previous one
    } finally {
      appliance.disarm();
    }
  };

  for (const step of s.steps) {
    if (step.t === 'advance') clock += step.ms;
    else if (step.t === 'arrive') for (const spec of step.items) for (const b of arrival(spec, clock)) await appliance.add(b);
    else await fetchOnce(step.faults, step.during);
  }

  // Drain: keep fetching (the clock keeps running a little) until one fetch is empty and complete. Nothing
  // arrives any more, so every non-final fetch delivers a new breach or walks on (request budget).
  const limit = (await appliance.all()).length + 1000;
  let drained = 0;
  for (;;) {
    clock += 1000;
    const r = await fetchOnce([], []);
    drained++;
    if (r && r.incidents.length === 0 && !r.stats.truncated) break;
    if (drained > limit) throw new Error(`drain did not finish within ${limit} fetches`);
  }

  const minscore = toMinscore(s.minScore);
  const start = parseFirstFetch(params.firstFetch, firstNow!);
  const expected = (await appliance.all()).filter((b) => b.score >= minscore && b.creationTime >= start).map((b) => b.pbid);
  const got = delivered.map((i) => Number(i.dbotMirrorId));
  const dupes = got.filter((id, i) => got.indexOf(id) !== i);
  expect(dupes, 'duplicates').toEqual([]);
  expect([...got].sort((x, y) => x - y), 'delivered vs matching').toEqual([...expected].sort((x, y) => x - y));
  return { delivered, fetches, failures, drained };
}
