// Stateless fetch-incidents engine for Darktrace model breaches (SPEC §4).
//
//   fetchIncidents({ source, lastRun, params, now }) → { incidents, lastRun, stats }
//
// The caller keeps lastRun (XSOAR: setLastRun only after a successful fetch) and sends it back next time.
// A failed fetch throws and returns no lastRun, and nothing here has side effects, so retrying with the
// previous lastRun is always safe and yields the same result set (plus whatever arrived meanwhile).
//
// ── State (see last-run.ts for the string format) ──────────────────────────────────────────────────────
//   cursor   (`time`) newest creationTime emitted (first fetch: the first_fetch start, ms). Never decreases.
//   minTime  floor: nothing created before it is queried or emitted. First fetch: the first_fetch start.
//            Raised to cursor − 2 × look_back after each fetch (the pruning horizon).
//   emitted  pbid → creationTime of every emitted breach with creationTime ≥ minTime (the dedup set).
//   scanned  how far walks have got: every breach visible when its slot was read, with creationTime ≤
//            scanned, has been emitted. At most `now − clockSkewMs` of the fetch that set it (see below).
//            Never decreases. Absent until a walk makes progress.
//
// ── One fetch ───────────────────────────────────────────────────────────────────────────────────────────
//   reached  = max(cursor, scanned)
//   window   = [max(reached − look_back, minTime), now], queried by *record creation* (creationtime=true),
//              acknowledged breaches included, minscore = min_score / 100.
//   The window is walked oldest-first in time slots [a, b] (ms, inclusive). Each slot response is reduced to
//   the breaches with a ≤ creationTime ≤ b (valid pbid and creationTime), minus pbids in `emitted`, sorted by
//   (creationTime, pbid) — response order is never trusted — and emitted in that order until max_alerts
//   incidents are collected; the fetch returns as soon as it has them.
//   Then cursor = max(cursor, newest creationTime emitted) — never the newest *seen* — the new pbids join
//   `emitted`, minTime = max(minTime, cursor − 2 × look_back), `emitted` drops ids below minTime, and
//   scanned = max(scanned, min(end of the last slot emitted completely, now − clockSkewMs)).
//
// ── Why every matching breach is delivered exactly once ─────────────────────────────────────────────────
//   No duplicates: an emitted breach has creationTime ≥ minTime and stays in `emitted` until minTime passes
//   it; minTime never decreases and nothing below it is ever accepted (client-side range check, so this does
//   not even depend on the appliance honouring starttime). A failed fetch changes nothing.
//   No loss: within one fetch, breaches are emitted in (creationTime, pbid) order across ascending slots, so
//   when a fetch stops at max_alerts every visible, un-emitted breach of the window — including the rest of a
//   creationTime tie group cut by the limit — has creationTime ≥ the new cursor and stays inside the next
//   window. Likewise everything visible up to `scanned` was emitted when its slot was read. A breach that
//   becomes visible late (indexed after the fetch that should have seen it) is caught when its
//   creationTime ≥ (time it became visible) − look_back: cursor and scanned are both ≤ the time of the fetch
//   that set them, which is before it became visible. That is what look_back is for; later than that is
//   outside the contract (as in every overlap design).
//   `scanned` comes from our clock (slot ends up to `now`) while creationTime is the appliance's. A slot end
//   more than clockSkewMs (30 min) before our `now` is in the past on both clocks, so it counts in full; one
//   closer to `now` counts only up to now − 30 min. Darktrace rejects any request whose DTAPI-Date is more
//   than 30 minutes off, so a larger skew cannot produce a successful fetch in the first place. The cursor
//   itself is pure appliance time. The first fetch queries from exactly the first_fetch start (ms), and
//   minTime keeps anything older out of every later window too.
//
// ── Slots and memory ────────────────────────────────────────────────────────────────────────────────────
//   Only one slot response is alive at a time, and the output holds at most max_alerts incidents, so a
//   backlog never sits in memory at once; what bounds one response is the slot length:
//   - a walk starts with a 1 h slot (`initialSlotMs`); slots never exceed 6 h (`maxSlotMs`), so growth over
//     empty time cannot build a slot that swallows a dense region whole;
//   - after each slot the next is sized from the density just observed: its response should stay within
//     `maxSlotItems` (default max(2 × max_alerts, 500)) and hold about as many *new* breaches as are still
//     needed (already-emitted ones in the overlap do not shrink the walk); an empty slot grows ×4
//     (`maxGrowth`), a busy one shrinks in proportion — at least by half when it was over `maxSlotItems`;
//   - a response that came back over `maxSlotItems` is used, not re-fetched as two halves: its memory has
//     already been paid, and re-asking would only add requests (the next slots are the ones made smaller).
//     A single-millisecond burst cannot be split anyway and is taken whole.
//   - at most `maxRequests` (100) slot requests per fetch beyond the point already reached
//     (max(cursor, scanned)): a long walk over empty time returns early with its progress saved in `scanned`
//     (stats.truncated = true) instead of running into the caller's timeout and starting over forever.
//     Re-walking the look_back overlap before that point does not count: it is bounded (look_back long) and
//     must always complete, or a busy overlap could use up every fetch's budget before it reaches new
//     ground — and then never fetch anything newer.
//   Slot ends are robust to either reading of `endtime`: inner slots ask for endtime = b + 1 and keep only
//   creationTime ≤ b (an inclusive appliance returns extra breaches at b + 1, which are dropped and taken in
//   the next slot; an exclusive one still returns those at b). The last slot asks for endtime = now exactly.
//   `starttime` is inclusive on Darktrace (peers observe the duplicate at the cursor), which is what lets the
//   first request start at exactly the first_fetch millisecond.
//
// ── lastRun size ────────────────────────────────────────────────────────────────────────────────────────
//   `emitted` holds the breaches created within 2 × look_back of the cursor, written compactly (grouped by
//   creationTime, pbid runs as a-b). If a burst pushes it past `maxTrackedIds` (50 000), the oldest
//   creationTime groups below the cursor are dropped and minTime is raised past them: this can never cause a
//   duplicate (nothing below minTime is accepted); the only cost is that a breach appearing even later, with
//   a creationTime in the dropped range, is not fetched.
//
// ── Rejected alternatives ───────────────────────────────────────────────────────────────────────────────
//   Moving the cursor itself to `now` after an empty walk: it would put our clock into the one value the
//   spec defines as the newest creationTime emitted; `scanned` carries that progress separately, with a skew
//   margin, and the cursor stays pure appliance time.
//   Checkpointing on (creationTime, pbid) without an id set would need pbids to be assigned in visibility
//   order, which nothing documents.

import { FetchInputError, FetchUpstreamError } from './errors.js';
import { breachToIncident, type Incident } from './incident.js';
import { decodeLastRun, encodeLastRun, TRACKED_IDS_LIMIT, type FetchState, type LastRun } from './last-run.js';
import { FirstFetchError, MAX_ALERTS_LIMIT, MAX_LOOK_BACK_MINUTES, parseFirstFetch, toMinscore, type FetchParams } from './params.js';
import type { BreachSource } from './source.js';

export interface FetchTuning {
  /** Length of the first slot of a walk (ms). Default 1 hour. */
  initialSlotMs: number;
  /** Longest slot (ms). Default 6 hours. */
  maxSlotMs: number;
  /** Responses are aimed at no more than this many breaches. Default max(2 × max_alerts, 500). */
  maxSlotItems?: number;
  /** Largest factor by which one slot may grow over the previous one (at least 2). Default 4. */
  maxGrowth: number;
  /** Slot requests per fetch past the point already reached, before it returns with its progress saved. Default 100. */
  maxRequests: number;
  /** `scanned` stays this far behind our `now` (ms): tolerated clock skew with the appliance. Default 30 minutes. */
  clockSkewMs: number;
  /** Upper bound on pbids kept in lastRun (see header). Default 50 000. */
  maxTrackedIds: number;
}

export const DEFAULT_TUNING: Readonly<FetchTuning> = Object.freeze({
  initialSlotMs: 3_600_000,
  maxSlotMs: 6 * 3_600_000,
  maxGrowth: 4,
  maxRequests: 100,
  clockSkewMs: 30 * 60_000,
  maxTrackedIds: TRACKED_IDS_LIMIT,
});

export interface FetchOptions {
  source: BreachSource;
  /** The previous lastRun; `{}`, null or undefined on the first fetch. */
  lastRun?: unknown;
  params: FetchParams;
  /** The fetch's "now" (epoch ms or Date): the window's endtime and the reference for first_fetch. */
  now?: number | Date;
  tuning?: Partial<FetchTuning>;
}

export interface FetchStats {
  /** The window walked this time: [start, end] epoch ms of creation. */
  window: { start: number; end: number };
  /** Slot requests sent. */
  requests: number;
  /** Slot responses that held more than maxSlotItems breaches (used anyway; later slots made smaller). */
  oversized: number;
  /** Breaches received. */
  received: number;
  /** Breaches ignored because they have no integer pbid or numeric creationTime. */
  skipped: number;
  /** The fetch stopped early (max_alerts or the request budget): more may be waiting, fetch again soon. */
  truncated: boolean;
}

export interface FetchResult {
  incidents: Incident[];
  lastRun: LastRun;
  stats: FetchStats;
}

interface Candidate {
  pbid: number;
  c: number;
  breach: Record<string, unknown>;
}

function intOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v.trim())) return Number(v);
  return undefined;
}

function toMs(now: number | Date | undefined): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms)) throw new FetchInputError([{ path: 'now', message: 'now must be a valid time' }]);
  return Math.floor(ms);
}

function checkParams(params: FetchParams): void {
  const errors = [];
  if (!Number.isInteger(params.maxAlerts) || params.maxAlerts < 1 || params.maxAlerts > MAX_ALERTS_LIMIT) {
    errors.push({ path: 'max_alerts', message: `max_alerts must be a whole number from 1 to ${MAX_ALERTS_LIMIT}` });
  }
  if (!(params.minScore >= 0 && params.minScore <= 100)) {
    errors.push({ path: 'min_score', message: 'min_score must be a number from 0 to 100' });
  }
  if (!Number.isInteger(params.lookBackMinutes) || params.lookBackMinutes < 0 || params.lookBackMinutes > MAX_LOOK_BACK_MINUTES) {
    errors.push({ path: 'look_back', message: `look_back must be a whole number of minutes from 0 to ${MAX_LOOK_BACK_MINUTES}` });
  }
  if (errors.length) throw new FetchInputError(errors);
}

function initialState(params: FetchParams, now: number): FetchState {
  let start: number;
  try {
    start = parseFirstFetch(params.firstFetch, now);
  } catch (e) {
    if (e instanceof FirstFetchError) throw new FetchInputError([{ path: 'first_fetch', message: e.message }]);
    throw e;
  }
  return { cursor: start, minTime: start, emitted: new Map() };
}

/** One fetch cycle. Throws on any source error (no lastRun); FetchInputError for bad params or lastRun. */
export async function fetchIncidents(options: FetchOptions): Promise<FetchResult> {
  const { source, params } = options;
  checkParams(params);
  const now = toMs(options.now);
  const tuning: FetchTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const maxAlerts = params.maxAlerts;
  const maxSlotItems = Math.max(1, tuning.maxSlotItems ?? Math.max(2 * maxAlerts, 500));
  const maxSlotMs = Math.max(1, Math.floor(tuning.maxSlotMs));
  const maxGrowth = Math.max(2, tuning.maxGrowth); // ≥ 2 keeps a walk over empty time short
  const maxRequests = Math.max(1, Math.floor(tuning.maxRequests));
  const lookBack = params.lookBackMinutes * 60_000;
  const minscore = toMinscore(params.minScore);

  const prior = decodeLastRun(options.lastRun) ?? initialState(params, now);
  const emitted = new Map(prior.emitted); // never mutate the caller's state
  const reached = Math.max(prior.cursor, prior.scanned ?? -Infinity); // everything before it was walked already
  const start = Math.max(reached - lookBack, prior.minTime, 0);
  const end = now;

  const incidents: Incident[] = [];
  const stats: FetchStats = { window: { start, end }, requests: 0, oversized: 0, received: 0, skipped: 0, truncated: false };
  let budgeted = 0; // requests for slots reaching past `reached` (re-walking the look_back overlap is free)
  let newest = -Infinity; // newest creationTime emitted by this fetch
  let walked: number | undefined; // end of the last slot emitted completely

  let a = start;
  let size = Math.min(maxSlotMs, Math.max(1, Math.floor(tuning.initialSlotMs)));
  while (a <= end) {
    const b = Math.min(end, a + size - 1);
    if (incidents.length >= maxAlerts || (b > reached && budgeted >= maxRequests)) {
      stats.truncated = true;
      break;
    }
    const items = await source({ starttime: a, endtime: b === end ? end : b + 1, minscore });
    stats.requests++;
    if (b > reached) budgeted++;
    if (!Array.isArray(items)) throw new FetchUpstreamError('the breach source returned something other than a list of model breaches');
    stats.received += items.length;
    let batch: Candidate[] = [];
    for (const item of items) {
      const breach = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
      const pbid = intOf(breach?.pbid);
      const c = intOf(breach?.creationTime);
      if (breach === undefined || pbid === undefined || c === undefined) {
        stats.skipped++;
        continue;
      }
      if (c < a || c > b) continue; // outside this slot: another slot (or nobody) owns it
      batch.push({ pbid, c, breach });
    }
    const inSlot = batch.length;
    if (inSlot > maxSlotItems) stats.oversized++;

    batch.sort((x, y) => x.c - y.c || x.pbid - y.pbid);
    let complete = true;
    let fresh = 0; // breaches of this slot not emitted before it
    for (const cand of batch) {
      if (emitted.has(cand.pbid)) continue;
      fresh++;
      if (incidents.length >= maxAlerts) {
        complete = false;
        break;
      }
      emitted.set(cand.pbid, cand.c);
      incidents.push(breachToIncident(cand.breach, cand.pbid));
      if (cand.c > newest) newest = cand.c;
    }
    batch = []; // release the response before the next request
    if (!complete) {
      stats.truncated = true;
      break;
    }
    walked = b;
    const slotLen = b - a + 1;
    a = b + 1;

    // Size the next slot from the density just seen: a response of at most maxSlotItems (memory), holding
    // about as many new breaches as are still needed (efficiency; already-emitted ones do not count here).
    let factor = maxGrowth;
    if (inSlot > 0) factor = Math.min(factor, maxSlotItems / inSlot);
    if (fresh > 0) factor = Math.min(factor, (maxAlerts - incidents.length) / fresh);
    if (inSlot > maxSlotItems) factor = Math.min(factor, 0.5);
    size = Math.min(maxSlotMs, Math.max(1, Math.floor(slotLen * factor)));
  }

  // New state.
  const cursor = Math.max(prior.cursor, newest);
  const safeEnd = now - Math.max(0, tuning.clockSkewMs);
  const scanned = walked === undefined ? prior.scanned : Math.max(prior.scanned ?? -Infinity, Math.min(walked, safeEnd));
  let minTime = Math.max(prior.minTime, cursor - 2 * lookBack);
  for (const [pbid, c] of emitted) if (c < minTime) emitted.delete(pbid);
  if (emitted.size > tuning.maxTrackedIds) minTime = capTracked(emitted, cursor, minTime, tuning.maxTrackedIds);

  return { incidents, lastRun: encodeLastRun({ cursor, minTime, scanned, emitted }), stats };
}

/** Drops the oldest creationTime groups below the cursor until at most `cap` ids remain; returns the raised floor. */
function capTracked(emitted: Map<number, number>, cursor: number, minTime: number, cap: number): number {
  const byTime = new Map<number, number[]>();
  for (const [pbid, c] of emitted) {
    const g = byTime.get(c);
    if (g) g.push(pbid);
    else byTime.set(c, [pbid]);
  }
  for (const c of [...byTime.keys()].sort((x, y) => x - y)) {
    if (emitted.size <= cap || c >= cursor) break;
    for (const pbid of byTime.get(c)!) emitted.delete(pbid);
    minTime = Math.max(minTime, c + 1);
  }
  return minTime;
}
