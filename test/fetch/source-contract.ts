// The exactly-once contract every fetch source must pass (SPEC §4 guarantee, §9 "one shared property/contract
// test that every source passes"): random item streams (ties, late creation, bursts, items arriving between and
// during fetches) and fault schedules, played by an XSOAR-like caller that keeps lastRun only after a success
// and retries with the old one after a failure; then every item matching the filters must have been delivered
// exactly once. Run in memory (fast, many runs) and over HTTP against the emulator with the real client.
//
// A source joins by describing itself as a SourceContract (how to add an item to an in-memory appliance and to
// the emulator, what its filters are, which incident stands for which item) and adding one line to
// test/fetch/contracts.ts.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { DarktraceClient } from '../../src/darktrace/client.js';
import type { Emulator, FaultSpec } from '../../src/emulator/index.js';
import {
  fetchIncidents,
  parseFirstFetch,
  type AnyFetchSource,
  type EngineParams,
  type FetchTuning,
  type IdKind,
  type Incident,
  type ItemId,
  type Slot,
} from '../../src/fetch/index.js';
import type { FakeStore, FaultKind } from './fake-appliance.js';

export const T0 = Date.UTC(2024, 2, 1, 0, 0, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** One item of the generated stream, in source-neutral terms. */
export interface ContractItem {
  /** Position in the stream (0, 1, …): decorations (names, devices) vary with it. */
  index: number;
  id: ItemId;
  /** Record-creation time (ms). */
  created: number;
  /** The item's activity time is this much older than its creation ("late creation"). */
  lateness: number;
  /** 0–1. */
  score: number;
  acknowledged: boolean;
}

/** What the appliance holds, as far as the expected result is concerned. */
export type VisibleItem = Pick<ContractItem, 'id' | 'created' | 'score'>;

/** What the in-memory contract needs from a source. */
export interface MemoryContract {
  /** Test label, e.g. 'model-breaches'. */
  name: string;
  ids: IdKind;
  /** The source's filter values for a scenario's generic threshold (0–100, like min_score). */
  filters(minScore: number): Record<string, unknown>;
  /** Whether an item passes those filters, i.e. must be delivered. */
  matches(item: VisibleItem, minScore: number): boolean;
  /** The item an incident stands for. */
  idOf(incident: Incident): ItemId;
  /** An in-memory appliance for this source. */
  memory(options: { seed: number; endtimeExclusive: boolean }): {
    /** Its fault queue and mid-fetch hook (a FakeStore). */
    store: Pick<FakeStore<unknown, never>, 'faults' | 'beforeAnswer'>;
    add(item: ContractItem): void;
    all(): VisibleItem[];
    source: AnyFetchSource;
  };
}

/** A real source: the in-memory contract, and the same over HTTP against the emulator's endpoint for it. */
export interface SourceContract extends MemoryContract {
  http: {
    /** Request path faults are injected on. */
    path: string;
    add(emulator: Emulator, item: ContractItem): void;
    /** Everything the emulator holds for this source (its seeded items too), ids as incidents carry them. */
    all(emulator: Emulator): VisibleItem[];
    source(client: DarktraceClient): AnyFetchSource;
  };
}

/** Ids for the stream: unique, and not in creation order (nor, for strings, in index order). */
export function contractId(kind: IdKind, index: number, seed: number): ItemId {
  // i ↦ i × 7919 mod 100003 is a bijection below 100003.
  const n = 1 + ((index * 7919 + (seed % 1000)) % 100_003);
  if (kind === 'integer') return n;
  const h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  const hex = (v: number, w: number) => v.toString(16).padStart(w, '0').slice(-w);
  // Mostly uuid-shaped; some with the characters the lastRun encoding must escape. Unique by n either way.
  if (n % 7 === 0) return `evt:${n},${hex(h, 4)};50%-ü ${n}`;
  return `${hex(h, 8)}-${hex(h >>> 16, 4)}-4${hex(n >>> 12, 3)}-a${hex(h, 3)}-${hex(n, 12)}`;
}

export interface ItemSpec {
  /** Backlog: created = T0 − age. Arrivals: created = clock − lag × look_back (lag 0–1). */
  at: number;
  /** first-activity time is this much older than creation ("late creation"). */
  lateness: number;
  score: number;
  acknowledged: boolean;
  /** How many items share this creation time (a tie burst). */
  copies: number;
}

export type FirstFetchSpec = { kind: 'relative'; text: string } | { kind: 'ms' | 'iso' | 'seconds'; back: number };

export type Step =
  | { t: 'advance'; ms: number }
  | { t: 'arrive'; items: ItemSpec[] }
  | { t: 'fetch'; faults: Array<FaultKind | null>; during: Array<{ request: number; item: ItemSpec }> };

export interface Scenario {
  seed: number;
  maxAlerts: number;
  lookBackMinutes: number;
  minScore: number;
  firstFetch: FirstFetchSpec;
  endtimeExclusive: boolean;
  tuning: Partial<FetchTuning>;
  backlog: ItemSpec[];
  steps: Step[];
}

export const FAULT_KINDS: readonly FaultKind[] = ['status-500', 'status-503', 'timeout', 'reset', 'invalid-json', 'truncated-json'];

const scoreArb = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
  fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
);

function itemSpecArb(atArb: fc.Arbitrary<number>, maxCopies: number): fc.Arbitrary<ItemSpec> {
  return fc.record({
    at: atArb,
    lateness: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * DAY })),
    score: scoreArb,
    acknowledged: fc.boolean(),
    copies: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: maxCopies }) }),
  });
}

/** Backlog ages: anywhere in 4 days, or on a coarse grid so that ties across items are common. */
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
    { weight: 3, arbitrary: fc.record({ t: fc.constant('arrive' as const), items: fc.array(itemSpecArb(lagArb, maxCopies), { minLength: 1, maxLength: 6 }) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('fetch' as const),
        faults: fc.oneof(
          { weight: 2, arbitrary: fc.constant([] as Array<FaultKind | null>) },
          { weight: 3, arbitrary: fc.array(fc.option(faultArb, { nil: null, freq: 2 }), { maxLength: 5 }) },
        ),
        during: fc.array(fc.record({ request: fc.integer({ min: 0, max: 4 }), item: itemSpecArb(lagArb, maxCopies) }), { maxLength: 2 }),
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
    backlog: fc.array(itemSpecArb(backlogAgeArb, maxCopies), { maxLength: maxBacklog }),
    steps: fc.array(stepArb, { maxLength: maxSteps }),
  });
}

export function firstFetchText(spec: FirstFetchSpec): string {
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

/** What the runner needs from an appliance (in memory or the emulator over HTTP). */
export interface ApplianceHarness {
  add(item: ContractItem): void;
  /** Everything visible now. */
  all(): VisibleItem[];
  /** Arms the next fetch attempt: a fault (or null) per request, and items to add before given requests. */
  arm(faults: Array<FaultKind | null>, during: Map<number, ContractItem[]>): void;
  disarm(): void;
  source: AnyFetchSource;
}

export interface RunReport {
  delivered: Incident[];
  fetches: number;
  failures: number;
  drained: number;
}

/** The fetch parameters of a scenario: the engine's plus the source's filters. */
export function scenarioParams(contract: MemoryContract, s: Pick<Scenario, 'maxAlerts' | 'lookBackMinutes' | 'minScore'>, firstFetch: string) {
  const engine: EngineParams = { maxAlerts: s.maxAlerts, firstFetch, lookBackMinutes: s.lookBackMinutes };
  return { ...contract.filters(s.minScore), ...engine };
}

/**
 * Plays a scenario like XSOAR would: keeps lastRun only after a successful fetch, calls again with the old
 * one after a failure, lets the clock run and items arrive between (and during) fetches, then keeps
 * fetching without faults until a fetch is empty and complete. Asserts, along the way, that every lastRun
 * value is a string and that a fetch fails only by throwing an injected fault; returns what was delivered.
 * Then asserts exactly-once: delivered ids == ids of items matching the filters, without duplicates.
 */
export async function runScenario(
  contract: MemoryContract,
  s: Scenario,
  appliance: ApplianceHarness,
  isInjected: (e: unknown) => boolean,
): Promise<RunReport> {
  const lookBack = s.lookBackMinutes * MIN;
  const params = scenarioParams(contract, s, firstFetchText(s.firstFetch));
  let clock = T0;
  let nextIndex = 0;
  const newItems = (spec: ItemSpec, created: number): ContractItem[] =>
    Array.from({ length: spec.copies }, () => {
      const index = nextIndex++;
      return { index, id: contractId(contract.ids, index, s.seed), created, lateness: spec.lateness, score: spec.score, acknowledged: spec.acknowledged };
    });
  const arrival = (spec: ItemSpec, now: number) => newItems(spec, now - Math.floor(spec.at * lookBack));

  for (const spec of s.backlog) for (const item of newItems(spec, T0 - spec.at)) appliance.add(item);

  let lastRun: Record<string, string> = {};
  let firstNow: number | undefined;
  const delivered: Incident[] = [];
  const seen = new Set<ItemId>();
  let fetches = 0;
  let failures = 0;

  const fetchOnce = async (faults: Array<FaultKind | null>, during: Array<{ request: number; item: ItemSpec }>) => {
    const now = clock;
    const mid = new Map<number, ContractItem[]>();
    for (const d of during) mid.set(d.request, [...(mid.get(d.request) ?? []), ...arrival(d.item, now)]);
    appliance.arm(faults, mid);
    fetches++;
    try {
      const r = await fetchIncidents({ source: appliance.source, lastRun, params, now, tuning: s.tuning });
      for (const v of Object.values(r.lastRun)) expect(typeof v).toBe('string');
      firstNow ??= now;
      for (const incident of r.incidents) {
        const id = contract.idOf(incident);
        if (seen.has(id)) throw new Error(`duplicate delivery of ${contract.name} ${id} (fetch #${fetches})`);
        seen.add(id);
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
    else if (step.t === 'arrive') for (const spec of step.items) for (const item of arrival(spec, clock)) appliance.add(item);
    else await fetchOnce(step.faults, step.during);
  }

  // Drain: keep fetching (the clock keeps running a little) until one fetch is empty and complete. Nothing
  // arrives any more, so every non-final fetch delivers a new item or walks on (request budget).
  const limit = appliance.all().length + 1000;
  let drained = 0;
  for (;;) {
    clock += 1000;
    const r = await fetchOnce([], []);
    drained++;
    if (r && r.incidents.length === 0 && !r.stats.truncated) break;
    if (drained > limit) throw new Error(`drain did not finish within ${limit} fetches`);
  }

  const start = parseFirstFetch(params.firstFetch, firstNow!);
  const expected = appliance.all().filter((item) => contract.matches(item, s.minScore) && item.created >= start).map((item) => item.id);
  const got = delivered.map((incident) => contract.idOf(incident));
  const dupes = got.filter((id, i) => got.indexOf(id) !== i);
  expect(dupes, 'duplicates').toEqual([]);
  const sorted = (ids: ItemId[]) => [...ids].sort((x, y) => (String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0));
  expect(sorted(got), 'delivered vs matching').toEqual(sorted(expected));
  return { delivered, fetches, failures, drained };
}

/** The in-memory appliance of a contract as a harness. */
export function memoryHarness(contract: MemoryContract, options: { seed: number; endtimeExclusive: boolean }): ApplianceHarness {
  const appliance = contract.memory(options);
  const { store } = appliance;
  return {
    add: (item) => appliance.add(item),
    all: () => appliance.all(),
    arm(faults, during) {
      store.faults = [...faults];
      store.beforeAnswer = (i) => {
        for (const item of during.get(i) ?? []) appliance.add(item);
      };
    },
    disarm() {
      store.faults = [];
      store.beforeAnswer = undefined;
    },
    source: appliance.source,
  };
}

export const HTTP_TIMEOUT_MS = 250;

function faultSpec(kind: FaultKind, match: string): FaultSpec {
  switch (kind) {
    case 'status-500':
      return { kind: 'status', status: 500, match };
    case 'status-503':
      return { kind: 'status', status: 503, match };
    case 'timeout':
      return { kind: 'latency', latencyMs: HTTP_TIMEOUT_MS * 2, match };
    default:
      return { kind, match };
  }
}

/** The emulator as a harness: items added to its state, faults injected in it, the real client in between. */
export class EmulatorHarness implements ApplianceHarness {
  private faults: Array<FaultKind | null> = [];
  private during = new Map<number, ContractItem[]>();
  private index = 0;
  injected = 0;
  readonly source: AnyFetchSource;

  constructor(private readonly contract: SourceContract, private readonly emulator: Emulator, client: DarktraceClient) {
    const inner = contract.http.source(client);
    // Same source, with the hooks run before each request (read or probe) reaches the emulator.
    const before = () => {
      const i = this.index++;
      for (const item of this.during.get(i) ?? []) this.add(item);
      const fault = this.faults[i];
      if (fault) {
        this.injected++;
        emulator.faults.inject(faultSpec(fault, contract.http.path));
      }
    };
    this.source = {
      ...inner,
      query: (slot: Slot, filters: unknown) => {
        before();
        return inner.query(slot, filters);
      },
      ...(inner.probe
        ? {
          probe: (slot: Slot, filters: unknown) => {
            before();
            return inner.probe!(slot, filters);
          },
        }
        : {}),
    };
  }

  add(item: ContractItem): void {
    this.contract.http.add(this.emulator, item);
  }

  all(): VisibleItem[] {
    return this.contract.http.all(this.emulator);
  }

  arm(faults: Array<FaultKind | null>, during: Map<number, ContractItem[]>): void {
    this.faults = faults;
    this.during = during;
    this.index = 0;
    this.injected = 0;
  }

  disarm(): void {
    this.faults = [];
    this.during = new Map();
    this.emulator.faults.clear(); // a fault armed for a request that never came must not leak
  }
}
