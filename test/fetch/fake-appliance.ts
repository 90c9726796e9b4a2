// In-memory appliances for the fetch engine's tests.
// FakeStore<Item> models what every Darktrace source does with a creation-time query:
// - starttime ≤ created, and created ≤ endtime (inclusive) or < endtime (`endtimeExclusive`)
// - a source-specific filter (e.g. score ≥ minscore)
// - response order shuffled (never sorted), each item a fresh JSON copy
// - faults: a queue consumed one entry per request; a fault is thrown as the client would throw it
// - hooks run before a request is answered (to make items appear mid-fetch)
// FakeAppliance is the model-breach one: a strict stand-in for GET /modelbreaches behind the real
// modelBreachSource, so the engine's tests also exercise the exact query the source sends.
import { readFileSync } from 'node:fs';
import type { DarktraceApi } from '../../src/darktrace/resources/endpoint.js';
import { queryPairs, type Query } from '../../src/darktrace/signing.js';
import { modelBreachSource, MODEL_BREACH_PATH, type ItemId, type SlotQuery } from '../../src/fetch/index.js';
import { mulberry32 } from '../../src/emulator/prng.js';

export type FaultKind = 'status-500' | 'status-503' | 'timeout' | 'reset' | 'invalid-json' | 'truncated-json';

export class InjectedFault extends Error {
  constructor(readonly kind: FaultKind) {
    super(`injected fault: ${kind}`);
    this.name = 'InjectedFault';
  }
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export interface StoreQuery {
  starttime: number;
  endtime: number;
}

export type Recorded<Q> = Q & {
  /** Items in the answer (before a fault replaced it). */
  returned: number;
  fault?: FaultKind;
};

/** Items of one source, answered by creation-time slot; see the file header. */
export class FakeStore<Item, Q extends StoreQuery = StoreQuery> {
  readonly items = new Map<ItemId, Item>();
  readonly requests: Array<Recorded<Q>> = [];
  /** One entry per upcoming request: a fault to throw, or null to answer normally. */
  faults: Array<FaultKind | null> = [];
  /** Run before each request is answered; receives the request's index. */
  beforeAnswer?: (index: number, q: Q) => void;
  readonly endtimeExclusive: boolean;
  private readonly rand: () => number;

  constructor(
    private readonly identity: (item: Item) => { id: ItemId; created: number },
    private readonly filter: (item: Item, q: Q) => boolean,
    options: { seed?: number; endtimeExclusive?: boolean } = {},
  ) {
    this.rand = mulberry32(options.seed ?? 1);
    this.endtimeExclusive = options.endtimeExclusive ?? false;
  }

  add(...items: Item[]): void {
    for (const item of items) {
      const { id } = this.identity(item);
      if (this.items.has(id)) throw new Error(`duplicate id ${id} in test data`);
      this.items.set(id, item);
    }
  }

  matches(item: Item, q: Q): boolean {
    const { created } = this.identity(item);
    const beforeEnd = this.endtimeExclusive ? created < q.endtime : created <= q.endtime;
    return created >= q.starttime && beforeEnd && this.filter(item, q);
  }

  async answer(q: Q): Promise<unknown[]> {
    const index = this.requests.length;
    this.beforeAnswer?.(index, q);
    const fault = this.faults.length ? this.faults.shift() : null;
    const answer = [...this.items.values()].filter((item) => this.matches(item, q));
    this.requests.push({ ...q, returned: answer.length, ...(fault ? { fault } : {}) });
    await Promise.resolve();
    if (fault) throw new InjectedFault(fault);
    return shuffle(answer, this.rand).map((item) => JSON.parse(JSON.stringify(item)) as unknown);
  }
}

export interface FakeBreach {
  pbid: number;
  creationTime: number;
  time: number;
  score: number;
  acknowledged?: boolean;
  [k: string]: unknown;
}

const EXPECTED_FIXED = { creationtime: 'true', includeacknowledged: 'true', minimal: 'false', deviceattop: 'true', includebreachurl: 'true' };

/**
 * A client that serves GETs from `answer`, with the query as the real client sends it (string pairs, in
 * order), and refuses anything else. Response schemas are not applied: the fake is the wire, not the client.
 */
export function getOnlyApi(answer: (path: string, query: Array<[string, string]>) => unknown): DarktraceApi {
  const refuse = async (): Promise<never> => {
    throw new Error('the fake appliance serves GET requests only');
  };
  return {
    get: async <T>(path: string, query?: Query) => (await answer(path, queryPairs(query))) as T,
    postJson: refuse,
    postForm: refuse,
    delete: refuse,
  };
}

/**
 * Reads a /modelbreaches query the way the engine's source must send it; anything else is a test failure
 * (the fake is never more lenient than the appliance, and stricter about what the engine may send).
 */
export function parseBreachQuery(path: string, query: Array<[string, string]>): SlotQuery & { responsedata?: string } {
  if (path !== MODEL_BREACH_PATH) throw new Error(`unexpected path ${path}`);
  const q = Object.fromEntries(query.map(([k, v]) => [k, String(v)]));
  // The engine's probe adds exactly responsedata=creationTime (one field, as the reference documents it).
  const probe = q.responsedata !== undefined;
  if (probe && q.responsedata !== 'creationTime') throw new Error(`responsedata=${q.responsedata}, expected creationTime`);
  const n = probe ? 9 : 8;
  if (query.length !== n || Object.keys(q).length !== n) throw new Error(`unexpected query ${JSON.stringify(query)}`);
  for (const [k, v] of Object.entries(EXPECTED_FIXED)) if (q[k] !== v) throw new Error(`${k}=${q[k]}, expected ${v}`);
  const num = (k: string) => {
    if (!/^\d+(\.\d+)?$/.test(q[k] ?? '')) throw new Error(`${k}=${q[k]} is not a number`);
    return Number(q[k]);
  };
  return { starttime: num('starttime'), endtime: num('endtime'), minscore: num('minscore'), ...(probe ? { responsedata: q.responsedata } : {}) };
}

/** `responsedata=<field>` applied to an answer (each object reduced to that one field), as the appliance does. */
export function projectAnswer(items: unknown[], responsedata: string | undefined): unknown[] {
  if (responsedata === undefined) return items;
  return items.map((item) => (item && typeof item === 'object' && responsedata in item ? { [responsedata]: (item as Record<string, unknown>)[responsedata] } : {}));
}

/** The in-memory model-breach appliance (see the file header). */
export class FakeAppliance extends FakeStore<FakeBreach, SlotQuery & { probe?: boolean }> {
  /** What modelBreachSource calls: the strict /modelbreaches stand-in. */
  readonly client: DarktraceApi = getOnlyApi(async (path, query) => {
    const { responsedata, ...q } = parseBreachQuery(path, query);
    return projectAnswer(await this.answer(responsedata ? { ...q, probe: true } : q), responsedata);
  });
  readonly source = modelBreachSource(this.client);

  constructor(options: { seed?: number; endtimeExclusive?: boolean } = {}) {
    super((b) => ({ id: b.pbid, created: b.creationTime }), (b, q) => b.score >= q.minscore, options);
  }

  get breaches(): Map<ItemId, FakeBreach> {
    return this.items;
  }
}

/** The real model-breach source over a scripted answer (for bodies no appliance would hold, and errors). */
export function scriptedBreachSource(answer: (q: SlotQuery & { probe?: boolean }) => unknown | Promise<unknown>) {
  return modelBreachSource(getOnlyApi(async (path, query) => {
    const { responsedata, ...q } = parseBreachQuery(path, query);
    const body = await answer(responsedata ? { ...q, probe: true } : q);
    return Array.isArray(body) ? projectAnswer(body, responsedata) : body;
  }));
}

export interface FixtureBreach {
  pbid: number;
  creationTime: number;
  time: number;
  score: number;
  model?: { then?: Record<string, unknown>; now?: Record<string, unknown> };
  device?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * The captured breaches (pbid 159 first, then 158: newest first, as Darktrace answered). A verbatim copy of
 * the team fixture `fixtures/darktrace/modelbreaches.json`, so the suite does not depend on the shared folder.
 */
export function fixtureBreaches(): FixtureBreach[] {
  const url = new URL('../../src/emulator/fixtures/modelbreaches.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as FixtureBreach[];
}
