// In-memory model of GET /modelbreaches?creationtime=true semantics, for the fetch engine's tests:
// - starttime ≤ creationTime, and creationTime ≤ endtime (inclusive) or < endtime (`endtimeExclusive`)
// - score ≥ minscore; acknowledged breaches included (the engine always asks for them)
// - response order shuffled (never sorted), each item a fresh JSON copy
// - faults: a queue consumed one entry per request; a fault is thrown as the client would throw it
// - hooks run before a request is answered (to make breaches appear mid-fetch)
import { readFileSync } from 'node:fs';
import type { BreachSource, SlotQuery } from '../../src/fetch/index.js';
import { mulberry32 } from '../../src/emulator/prng.js';

export type FaultKind = 'status-500' | 'status-503' | 'timeout' | 'reset' | 'invalid-json' | 'truncated-json';

export class InjectedFault extends Error {
  constructor(readonly kind: FaultKind) {
    super(`injected fault: ${kind}`);
    this.name = 'InjectedFault';
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

export interface RecordedRequest extends SlotQuery {
  /** Breaches in the answer (before a fault replaced it). */
  returned: number;
  fault?: FaultKind;
}


export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export class FakeAppliance {
  readonly breaches = new Map<number, FakeBreach>();
  readonly requests: RecordedRequest[] = [];
  /** One entry per upcoming request: a fault to throw, or null to answer normally. */
  faults: Array<FaultKind | null> = [];
  /** Run before each request is answered; receives the request's index. */
  beforeAnswer?: (index: number, q: SlotQuery) => void;
  private readonly rand: () => number;

  constructor(options: { seed?: number; endtimeExclusive?: boolean } = {}) {
    this.rand = mulberry32(options.seed ?? 1);
    this.endtimeExclusive = options.endtimeExclusive ?? false;
  }
  readonly endtimeExclusive: boolean;

  add(...breaches: FakeBreach[]): void {
    for (const b of breaches) {
      if (this.breaches.has(b.pbid)) throw new Error(`duplicate pbid ${b.pbid} in test data`);
      this.breaches.set(b.pbid, b);
    }
  }

  matches(b: FakeBreach, q: SlotQuery): boolean {
    const beforeEnd = this.endtimeExclusive ? b.creationTime < q.endtime : b.creationTime <= q.endtime;
    return b.creationTime >= q.starttime && beforeEnd && b.score >= q.minscore;
  }

  readonly source: BreachSource = async (q) => {
    const index = this.requests.length;
    this.beforeAnswer?.(index, q);
    const fault = this.faults.length ? this.faults.shift() : null;
    const answer = [...this.breaches.values()].filter((b) => this.matches(b, q));
    this.requests.push({ ...q, returned: answer.length, ...(fault ? { fault } : {}) });
    await Promise.resolve();
    if (fault) throw new InjectedFault(fault);
    return shuffle(answer, this.rand).map((b) => JSON.parse(JSON.stringify(b)) as unknown);
  };
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
