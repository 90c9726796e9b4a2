// Stateless fetch engine (SPEC §4, §9), generic over its source: model breaches, AI Analyst events, RESPOND
// actions. A first_fetch other than the one a source's state was started with resets that state
// (stats.reset says so); a lastRun from before that key adopts the current first_fetch. A source (source.ts) answers one time slot at a time and says, per item, its id (an
// integer like a pbid or a string like a uuid) and its record-creation time; the engine does the rest.
//
//   fetchIncidents({ source, lastRun, params, now }) → { incidents, lastRun, stats }
//
// The caller keeps lastRun (XSOAR: setLastRun only after a successful fetch) and sends it back next time.
// A failed fetch throws and returns no lastRun, and nothing here has side effects, so retrying with the
// previous lastRun is always safe and yields the same result set (plus whatever arrived meanwhile).
// Below, "time" of an item is its record-creation time (a breach's creationTime) on the appliance's clock,
// and (time, id) orders items: ids compare as integers or as strings, by the source's id kind.
//
// ── State, per source (see last-run.ts for the string format and where each source's keys live) ────────
//   cursor   (`time`) newest item time emitted (first fetch: the first_fetch start, ms). Never decreases.
//   minTime  floor: nothing created before it is queried or emitted. First fetch: the first_fetch start.
//            Raised to cursor − 2 × look_back after each fetch (the pruning horizon).
//   emitted  id → time of every emitted item with time ≥ minTime (the dedup set).
//   scanned  how far walks have got: every item visible when its slot was read, with time ≤ scanned, has
//            been emitted. At most `now − clockSkewMs` of the fetch that set it (see below). Never
//            decreases. Absent until a walk makes progress.
//
// ── One fetch ───────────────────────────────────────────────────────────────────────────────────────────
//   reached  = max(cursor, scanned)
//   window   = [max(reached − look_back, minTime), now], queried by *record creation* (for breaches
//              creationtime=true, acknowledged ones included, minscore = min_score / 100).
//   The window is walked oldest-first in time slots [a, b] (ms, inclusive). Each slot response is reduced to
//   the items with a ≤ time ≤ b (a valid id and time), minus ids in `emitted`, sorted by (time, id) —
//   response order is never trusted — and emitted in that order until max_fetch incidents are collected;
//   the fetch returns as soon as it has them.
//   Then cursor = max(cursor, newest time emitted) — never the newest *seen* — the new ids join `emitted`,
//   minTime = max(minTime, cursor − 2 × look_back), `emitted` drops ids below minTime, and
//   scanned = max(scanned, min(end of the last slot emitted completely, now − clockSkewMs)).
//
// ── Why every matching item is delivered exactly once (for any source that keeps the FetchSource contract)
//   The contract: ids are unique within the source and stable; an item's time never changes; a query for
//   [starttime, endtime] returns every item then visible in it (endtime inclusive or exclusive), in any order.
//   No duplicates: an emitted item has time ≥ minTime and stays in `emitted` until minTime passes it;
//   minTime never decreases and nothing below it is ever accepted (client-side range check, so this does
//   not even depend on the appliance honouring starttime). A failed fetch changes nothing.
//   No loss: within one fetch, items are emitted in (time, id) order across ascending slots, so when a fetch
//   stops at max_fetch every visible, un-emitted item of the window — including the rest of a time tie
//   group cut by the limit — has time ≥ the new cursor and stays inside the next window. Likewise everything
//   visible up to `scanned` was emitted when its slot was read. An item that becomes visible late (indexed
//   after the fetch that should have seen it) is caught when its time ≥ (time it became visible) − look_back:
//   cursor and scanned are both ≤ the time of the fetch that set them, which is before it became visible.
//   That is what look_back is for; later than that is outside the contract (as in every overlap design).
//   Nothing here depends on how ids are ordered or spelt — only that equal ids mean the same item — so integer
//   and string ids get the same guarantee; the id kind only chooses the tie order and the lastRun encoding.
//   `scanned` comes from our clock (slot ends up to `now`) while item times are the appliance's. A slot end
//   more than clockSkewMs (30 min) before our `now` is in the past on both clocks, so it counts in full; one
//   closer to `now` counts only up to now − 30 min. Darktrace rejects any request whose DTAPI-Date is more
//   than 30 minutes off, so a larger skew cannot produce a successful fetch in the first place. The cursor
//   itself is pure appliance time. The first fetch queries from exactly the first_fetch start (ms), and
//   minTime keeps anything older out of every later window too.
//   Each source's state is its own (its own keys in lastRun), so the argument holds per source.
//
// ── Slots and memory ────────────────────────────────────────────────────────────────────────────────────
//   Only one slot response is alive at a time, and the output holds at most max_fetch incidents, so a
//   backlog never sits in memory at once; what bounds one response is the slot length:
//   - a walk starts with a 1 h slot (`initialSlotMs`); slots never exceed 6 h (`maxSlotMs`), so growth over
//     empty time cannot build a slot that swallows a dense region whole (a source of sparse items without a
//     probe — AI Analyst events — declares a longer maxSlotMs, 7 days: at tens of items a day a slot still
//     holds hundreds). Windows longer than maxSlotMs are not walked this way: they are probed, or galloped
//     (below);
//   - after each slot the next is sized from the density just observed: its response should stay within
//     `maxSlotItems` (default max(2 × max_fetch, 500)) and hold about as many *new* items as are still
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
//   time ≤ b (an inclusive appliance returns extra items at b + 1, which are dropped and taken in the next
//   slot; an exclusive one still returns those at b). The last slot asks for endtime = now exactly.
//   `starttime` is inclusive on Darktrace (peers observe the duplicate at the cursor), which is what lets the
//   first request start at exactly the first_fetch millisecond.
//
// ── Probes: crossing empty time, splitting dense time (SPEC §9) ─────────────────────────────────────────
//   A source may offer `probe`: the same query answering only each item's creation time (model breaches:
//   responsedata=creationTime, ~30 bytes a breach instead of several KB; RESPOND actions: responsedata=start,
//   documented for /antigena). A window longer than maxSlotMs (6 h: catching up, a far-back first_fetch) is
//   walked by probe, then read; shorter windows (steady state) are read directly as described above, one
//   request per fetch as before.
//   - Probes run ahead of the reads over spans starting at 7 days (`initialProbeMs`) and widening ×16 after an
//     empty probe, so k empty probes cover 7 d × (16^k − 1)/15: ten years of empty time take at most 4 probes,
//     whatever max_fetch is (target ≤ 20 requests). A probe that holds times aims the next at ~probeItems
//     times (10 × the slot target), never widening faster.
//   - A read is placed on the times known: whole creation-ms groups from the slot's start while the slot holds
//     ≤ maxSlotItems items (at most 3 × with one more group, saving a request), until it holds about the new
//     items still needed (already-emitted times counted out, so the look_back overlap does not shrink it); it
//     extends over the empty time before the next item. So a read holds ≤ 3 × the target when the probe was
//     current, its first group excepted (one millisecond cannot be split): the "≤ 4 × the slot target unless
//     it is one millisecond" bound, with a target's margin for items created between probe and read.
//   - A fetch therefore never returns 0 while its window holds matching items (the probes find them within the
//     request budget, and a read follows); draining costs about one probe and one read per max_fetch items
//     (≤ 3 requests per 1,000 at max_fetch 1000; a burst larger than max_fetch sharing one ms is read once per
//     fetch it takes, the only repeated read).
//   - Probe times are used for sizing only, never for correctness: a read still filters, orders and dedups as
//     above, so stale or wrong probe answers cost requests, never items. The one thing a probe decides is that
//     a span it saw empty is walked (counted in `scanned`), exactly as an empty read would be: same query,
//     same filters, so the exactly-once argument above holds unchanged.
//   - Memory: a probe holds one number per item of its span. The probe that first meets a dense region after
//     empty ones may hold all of it (16 × the previous span): at ~30 bytes an item, 100,000 breaches ≈ 3 MB,
//     against ~300 MB for reading them in full; the reads keep the bounds above.
//
// ── Galloping: crossing empty time without a probe (AI Analyst events) ───────────────────────────────────
//   Where no light query is documented (/aianalyst/incidentevents has no `responsedata`, no count, and
//   /aianalyst/groups reports activity starts, not event creation), a window longer than maxSlotMs is walked
//   with the reads themselves, sized as above except that
//   - an empty read (nothing in its span) widens the next ×16 (`probeGrowth`) instead of ×4: an empty answer
//     is `[]`, so crossing empty time costs requests, not bytes;
//   - no read spans more than max(maxSlotMs, half of the window still ahead of it) — growth or not.
//   Requests: from the first 1 h read, k empty reads of the growth phase cover 1 h × (16^k − 1)/15 (five reach
//   ~8 years); from then on each empty read halves what is left, until it is ≤ 2 × maxSlotMs, which at most
//   two more reads finish. Ten years of empty time cost at most 5 + ⌈log2(3650 d / 14 d)⌉ + 2 = 16 reads
//   whatever max_alerts is and wherever the items are (target ≤ 20; measured: 14 for an empty decade or one
//   item anywhere in it, 11 for ten years before a 30-day backlog).
//   The fetch never returns 0 while its window holds matching items: the request budget (100) outlasts that.
//   Response size: the read that first meets items after empty ones holds only the items between the first of
//   them and its end. Its span is at most 16 × the empty span before it and at most half of what remained, so
//   for a backlog that ends at `now` it holds at most about half of it (10 years + 30 days: the read meeting
//   the backlog spans 27 days and holds its first 3 days); afterwards slots are sized by the density seen, as in
//   the direct walk. Without a light query nothing can know a region's density before reading it, so the one
//   case this does not bound is dense time right after a long empty stretch far from `now` (items 5 years
//   back, at 10 a day: one read of ~900 events); AI Analyst's rate (tens of events a day) keeps that to a few
//   MB. An oversized read is still used whole, never re-read (see above). Correctness does not depend on any
//   of this: the reads are ordinary slots, so the exactly-once argument above is unchanged.
//
// ── lastRun size ────────────────────────────────────────────────────────────────────────────────────────
//   `emitted` holds the items created within 2 × look_back of the cursor, written compactly (grouped by
//   time; integer id runs as a-b). If a burst pushes it past `maxTrackedIds` (50 000), the oldest time
//   groups below the cursor are dropped and minTime is raised past them: this can never cause a duplicate
//   (nothing below minTime is accepted); the only cost is that an item appearing even later, with a time in
//   the dropped range, is not fetched.
//
// ── Rejected alternatives ───────────────────────────────────────────────────────────────────────────────
//   Moving the cursor itself to `now` after an empty walk: it would put our clock into the one value the
//   spec defines as the newest creation time emitted; `scanned` carries that progress separately, with a
//   skew margin, and the cursor stays pure appliance time.
//   Checkpointing on (time, id) without an id set would need ids to be assigned in visibility order, which
//   nothing documents (and uuids have no order at all).

import { FetchInputError, FetchUpstreamError } from './errors.js';
import {
  compareIds, decodeSourceState, encodeSourceState, isValidId, normaliseFirstFetch, TRACKED_IDS_LIMIT,
  type FetchState, type LastRun, type StateLayout,
} from './last-run.js';
import { checkParamValues, ENGINE_PARAMS, FirstFetchError, parseFirstFetch, type EngineParams } from './params.js';
import type { FetchSource, Incident, ItemId } from './source.js';

export interface FetchTuning {
  /** Length of the first slot of a walk read directly (ms). Default 1 hour. */
  initialSlotMs: number;
  /** Longest slot read directly (ms); also the longest window walked without probing. Default 6 hours. */
  maxSlotMs: number;
  /** Responses are aimed at no more than this many items. Default max(2 × max_fetch, 500). */
  maxSlotItems?: number;
  /** Largest factor by which one directly read slot may grow over the previous one (at least 2). Default 4. */
  maxGrowth: number;
  /** Requests per fetch past the point already reached, before it returns with its progress saved. Default 100. */
  maxRequests: number;
  /** `scanned` stays this far behind our `now` (ms): tolerated clock skew with the appliance. Default 30 minutes. */
  clockSkewMs: number;
  /** Upper bound on ids kept in lastRun (see header). Default 50 000. */
  maxTrackedIds: number;
  /** Use the source's probe (when it has one) for windows longer than maxSlotMs. Default true. */
  probe: boolean;
  /**
   * For a source without a probe, cross windows longer than maxSlotMs with widening reads (×probeGrowth after an
   * empty one, never more than half of what remains). false: the direct walk's maxSlotMs cap throughout. Default true.
   */
  gallop: boolean;
  /** Span of the first probe of a walk (ms). Default 7 days. */
  initialProbeMs: number;
  /** Factor by which the probed span (without a probe: the read slot) grows after an empty answer. Default 16. */
  probeGrowth: number;
  /** Probes are aimed at about this many creation times. Default 10 × the slot target. */
  probeItems?: number;
}

export const DEFAULT_TUNING: Readonly<FetchTuning> = Object.freeze({
  initialSlotMs: 3_600_000,
  maxSlotMs: 6 * 3_600_000,
  maxGrowth: 4,
  maxRequests: 100,
  clockSkewMs: 30 * 60_000,
  maxTrackedIds: TRACKED_IDS_LIMIT,
  probe: true,
  gallop: true,
  initialProbeMs: 7 * 86_400_000,
  probeGrowth: 16,
});

export interface FetchOptions<T, F, O = Incident> {
  source: FetchSource<T, F>;
  /**
   * What each delivered item becomes (default: the source's incident). Events mode (events.ts) delivers the
   * record itself; the engine's choice of what to deliver, and when, is the same either way.
   */
  output?: (item: T, id: ItemId, time: number) => O;
  /** The previous lastRun; `{}`, null or undefined on the first fetch. */
  lastRun?: unknown;
  /** The engine's parameters and the source's filters. */
  params: EngineParams & F;
  /** The fetch's "now" (epoch ms or Date): the window's endtime and the reference for first_fetch. */
  now?: number | Date;
  tuning?: Partial<FetchTuning>;
}

/** One request of a walk, for `fetch --verbose` and the stats. */
export interface SlotReport {
  /** `probe`: creation times only; `read`: the items themselves. */
  kind: 'probe' | 'read';
  /** The creation-time span asked for, inclusive (epoch ms). */
  start: number;
  end: number;
  /** Items (for a probe: creation times) in the span. */
  received: number;
  /** read only: items emitted from it, and items already emitted before (the look_back overlap). */
  new?: number;
  duplicate?: number;
}

export interface FetchStats {
  /** The source's name. */
  source: string;
  /** The window walked this time: [start, end] epoch ms of creation. */
  window: { start: number; end: number };
  /** Requests sent (probes and reads). */
  requests: number;
  /** Probe requests among them. */
  probes: number;
  /** Every request, oldest span first. */
  slots: SlotReport[];
  /** Read responses that held more than maxSlotItems items (used anyway; see header). */
  oversized: number;
  /** Most items in one read response (inside its span). */
  largestResponse: number;
  /** Items received by reads. */
  received: number;
  /** Incidents emitted. */
  new: number;
  /** Items read again that had been emitted before (the look_back overlap). */
  duplicate: number;
  /** Items ignored because they have no usable id or creation time. */
  skipped: number;
  /** The fetch stopped early (max_fetch or the request budget): more may be waiting, fetch again soon. */
  truncated: boolean;
  /** Set when first_fetch changed since the state was started: the state was reset to the new start. */
  reset?: { previous: string; current: string; start: number };
}

export interface FetchResult<O = Incident> {
  /** Incidents, or whatever `output` made of the items, in (time, id) order. */
  incidents: O[];
  lastRun: LastRun;
  stats: FetchStats;
}

interface Candidate<T> {
  id: ItemId;
  time: number;
  item: T;
}

function toMs(now: number | Date | undefined): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms)) throw new FetchInputError([{ path: 'now', message: 'now must be a valid time' }]);
  return Math.floor(ms);
}

function initialState(params: EngineParams, now: number): FetchState<ItemId> {
  let start: number;
  try {
    start = parseFirstFetch(params.firstFetch, now);
  } catch (e) {
    if (e instanceof FirstFetchError) throw new FetchInputError([{ path: 'first_fetch', message: e.message }]);
    throw e;
  }
  return { cursor: start, minTime: start, emitted: new Map(), firstFetch: normaliseFirstFetch(params.firstFetch) };
}

/** Where and how a source's state is kept in lastRun. */
export function layoutOf(source: FetchSource<unknown, unknown>): StateLayout {
  return {
    prefix: source.lastRunPrefix,
    ids: source.ids,
    ...(source.names ? { names: source.names } : {}),
    ...(source.lastRunPrefix === '' ? { legacyLastFetch: true } : {}),
  };
}

/**
 * What the probes have shown of the window ahead: the creation times in [from, probedTo], ascending, with the
 * number of already-emitted items at each time (the look_back overlap), so a slot can be sized by its new items.
 */
class Plan {
  private times: number[] = [];
  private pos = 0;
  probedTo: number;

  constructor(from: number, private readonly emittedAt: ReadonlyMap<number, number>) {
    this.probedTo = from - 1;
  }

  add(times: number[], to: number): void {
    times.sort((x, y) => x - y);
    this.times = this.pos > 0 ? this.times.slice(this.pos).concat(times) : this.times.concat(times);
    this.pos = 0;
    this.probedTo = to;
  }

  /** Forgets every time ≤ b (read already). */
  drop(b: number): void {
    while (this.pos < this.times.length && this.times[this.pos] <= b) this.pos++;
  }

  get empty(): boolean {
    return this.pos >= this.times.length;
  }

  /**
   * The end of the next slot from `this.pos`: whole time groups are taken while the slot holds at most
   * `maxItems` items (its first group is taken whole whatever its size: one millisecond cannot be split), until
   * about `needed` new items are in it; the slot then extends over the empty time before the next item.
   * `full` says whether the known times fill such a slot (otherwise probing further may make it bigger).
   */
  nextSlot(needed: number, maxItems: number): { end: number; full: boolean } {
    const t = this.times;
    let total = 0;
    let fresh = 0;
    let i = this.pos;
    let full = false;
    while (i < t.length) {
      let j = i;
      while (j < t.length && t[j] === t[i]) j++;
      const group = j - i;
      // A group that would push the slot past its target starts the next slot, unless the slot stays within
      // 3 × the target with it: one request instead of two, and a target's worth of margin under the 4 × bound
      // for items created between the probe and the read.
      if (total > 0 && total + group > 3 * maxItems) {
        full = true;
        break;
      }
      total += group;
      fresh += Math.max(0, group - (this.emittedAt.get(t[i]) ?? 0));
      i = j;
      if (fresh >= needed || total >= maxItems) {
        full = true;
        break;
      }
    }
    return { end: i < t.length ? t[i] - 1 : this.probedTo, full };
  }
}

/** One fetch cycle. Throws on any source error (no lastRun); FetchInputError for bad params or lastRun. */
export async function fetchIncidents<T, F, O = Incident>(options: FetchOptions<T, F, O>): Promise<FetchResult<O>> {
  const { source, params } = options;
  const paramErrors = checkParamValues([...source.params, ...ENGINE_PARAMS], params as Record<string, unknown>);
  if (paramErrors.length) throw new FetchInputError(paramErrors);
  const now = toMs(options.now);
  const tuning: FetchTuning = { ...DEFAULT_TUNING, ...(source.maxSlotMs ? { maxSlotMs: source.maxSlotMs } : {}), ...options.tuning };
  const maxAlerts = params.maxAlerts;
  const maxSlotItems = Math.max(1, tuning.maxSlotItems ?? Math.max(2 * maxAlerts, 500));
  const maxSlotMs = Math.max(1, Math.floor(tuning.maxSlotMs));
  const maxGrowth = Math.max(2, tuning.maxGrowth); // ≥ 2 keeps a walk over empty time short
  const maxRequests = Math.max(1, Math.floor(tuning.maxRequests));
  const probeItems = Math.max(1, tuning.probeItems ?? 10 * maxSlotItems);
  const probeGrowth = Math.max(2, tuning.probeGrowth);
  const lookBack = params.lookBackMinutes * 60_000;
  const layout = layoutOf(source as FetchSource<unknown, unknown>);
  const firstFetch = normaliseFirstFetch(params.firstFetch);

  let prior = decodeSourceState<ItemId>(options.lastRun, layout);
  let reset: FetchStats['reset'];
  if (prior?.firstFetch !== undefined && prior.firstFetch !== firstFetch) {
    const previous = prior.firstFetch;
    prior = initialState(params, now);
    reset = { previous, current: firstFetch, start: prior.cursor };
  }
  prior ??= initialState(params, now);
  const emitted = new Map(prior.emitted); // never mutate the caller's state
  const reached = Math.max(prior.cursor, prior.scanned ?? -Infinity); // everything before it was walked already
  const start = Math.max(reached - lookBack, prior.minTime, 0);
  const end = now;

  const incidents: O[] = [];
  const output = options.output ?? ((item: T, id: ItemId) => source.toIncident(item, id) as O);
  const stats: FetchStats = {
    source: source.name, window: { start, end }, requests: 0, probes: 0, slots: [], oversized: 0, largestResponse: 0,
    received: 0, new: 0, duplicate: 0, skipped: 0, truncated: false, ...(reset ? { reset } : {}),
  };
  let budgeted = 0; // requests for spans reaching past `reached` (re-walking the look_back overlap is free)
  let newest = -Infinity; // newest item time emitted by this fetch
  let walked: number | undefined; // end of the last span walked completely (read, or probed empty)
  const slotEnd = (b: number) => (b === end ? end : b + 1); // see "Slot ends" in the header

  // Probe-guided walk for long windows when the source can probe; short windows are one direct read.
  const probing = tuning.probe && source.probe !== undefined && end - start + 1 > maxSlotMs;
  let plan: Plan | undefined;
  if (probing) {
    const emittedAt = new Map<number, number>();
    for (const t of emitted.values()) if (t >= start) emittedAt.set(t, (emittedAt.get(t) ?? 0) + 1);
    plan = new Plan(start, emittedAt);
  }
  let probeSpan = Math.max(1, Math.floor(tuning.initialProbeMs));
  // No probe: a long window is crossed by widening reads instead (header: "Galloping").
  const galloping = !probing && tuning.gallop && source.probe === undefined && end - start + 1 > maxSlotMs;

  let a = start;
  let size = Math.min(maxSlotMs, Math.max(1, Math.floor(tuning.initialSlotMs)));
  while (a <= end) {
    const needed = maxAlerts - incidents.length;
    let b: number;
    if (plan) {
      const next = plan.nextSlot(needed, maxSlotItems);
      if (!next.full && plan.probedTo < end) {
        // The known times do not fill a slot yet: probe further (widening over empty time).
        const pa = Math.max(a, plan.probedTo + 1);
        const pb = Math.min(end, pa + probeSpan - 1);
        if (needed <= 0 || (pb > reached && budgeted >= maxRequests)) {
          stats.truncated = true;
          break;
        }
        const raw = await source.probe!({ starttime: pa, endtime: slotEnd(pb) }, params);
        stats.requests++;
        stats.probes++;
        if (pb > reached) budgeted++;
        if (!Array.isArray(raw)) throw new FetchUpstreamError(`the ${source.name} source returned something other than a list`, source.endpoint);
        const times: number[] = [];
        for (const t of raw as ReadonlyArray<number | undefined>) if (typeof t === 'number' && t >= pa && t <= pb) times.push(t);
        stats.slots.push({ kind: 'probe', start: pa, end: pb, received: times.length });
        plan.add(times, pb);
        // Empty: widen. Otherwise aim the next probe at about probeItems times, never widening faster.
        const factor = times.length === 0 ? probeGrowth : Math.min(probeGrowth, probeItems / times.length);
        probeSpan = Math.max(1, Math.floor((pb - pa + 1) * factor));
        continue;
      }
      if (plan.empty && plan.probedTo >= end) {
        walked = end; // probed to the end and nothing is left: the rest of the window is empty
        break;
      }
      b = Math.max(a, Math.min(end, next.end));
    } else {
      b = Math.min(end, a + size - 1);
    }
    if (incidents.length >= maxAlerts || (b > reached && budgeted >= maxRequests)) {
      stats.truncated = true;
      break;
    }
    const items: unknown = await source.query({ starttime: a, endtime: slotEnd(b) }, params);
    stats.requests++;
    if (b > reached) budgeted++;
    if (!Array.isArray(items)) {
      throw new FetchUpstreamError(`the ${source.name} source returned something other than a list`, source.endpoint);
    }
    stats.received += items.length;
    let batch: Array<Candidate<T>> = [];
    for (const raw of items) {
      const item = source.parse(raw);
      const key = item === undefined ? undefined : source.key(item);
      if (item === undefined || key === undefined || !isValidId(key.id, source.ids) || !Number.isSafeInteger(key.time)) {
        stats.skipped++;
        continue;
      }
      if (key.time < a || key.time > b) continue; // outside this slot: another slot (or nobody) owns it
      batch.push({ id: key.id, time: key.time, item });
    }
    const inSlot = batch.length;
    if (inSlot > maxSlotItems) stats.oversized++;
    stats.largestResponse = Math.max(stats.largestResponse, inSlot);

    batch.sort((x, y) => x.time - y.time || compareIds(x.id, y.id));
    let complete = true;
    let fresh = 0; // items of this slot not emitted before it
    let emittedHere = 0;
    for (const cand of batch) {
      if (emitted.has(cand.id)) continue;
      fresh++;
      if (incidents.length >= maxAlerts) {
        complete = false;
        break;
      }
      emitted.set(cand.id, cand.time);
      incidents.push(output(cand.item, cand.id, cand.time));
      emittedHere++;
      if (cand.time > newest) newest = cand.time;
    }
    const duplicate = complete ? inSlot - fresh : batch.filter((c) => emitted.has(c.id)).length - emittedHere;
    stats.duplicate += duplicate;
    stats.new += emittedHere;
    stats.slots.push({ kind: 'read', start: a, end: b, received: inSlot, new: emittedHere, duplicate });
    batch = []; // release the response before the next request
    if (!complete) {
      stats.truncated = true;
      break;
    }
    walked = b;
    const slotLen = b - a + 1;
    a = b + 1;
    if (plan) {
      plan.drop(b);
      continue;
    }

    // Size the next slot from the density just seen: a response of at most maxSlotItems (memory), holding
    // about as many new items as are still needed (efficiency; already-emitted ones do not count here).
    // Galloping (no probe, long window): an empty slot widens ×probeGrowth, and the cap is half of what remains
    // (at least maxSlotMs) instead of maxSlotMs.
    let factor = galloping && inSlot === 0 ? probeGrowth : maxGrowth;
    if (inSlot > 0) factor = Math.min(factor, maxSlotItems / inSlot);
    if (fresh > 0) factor = Math.min(factor, (maxAlerts - incidents.length) / fresh);
    if (inSlot > maxSlotItems) factor = Math.min(factor, 0.5);
    const cap = galloping ? Math.max(maxSlotMs, Math.floor((end - a + 1) / 2)) : maxSlotMs;
    size = Math.min(cap, Math.max(1, Math.floor(slotLen * factor)));
  }

  // New state.
  const cursor = Math.max(prior.cursor, newest);
  const safeEnd = now - Math.max(0, tuning.clockSkewMs);
  const scanned = walked === undefined ? prior.scanned : Math.max(prior.scanned ?? -Infinity, Math.min(walked, safeEnd));
  let minTime = Math.max(prior.minTime, cursor - 2 * lookBack);
  for (const [id, t] of emitted) if (t < minTime) emitted.delete(id);
  if (emitted.size > tuning.maxTrackedIds) minTime = capTracked(emitted, cursor, minTime, tuning.maxTrackedIds);

  return { incidents, lastRun: encodeSourceState({ cursor, minTime, scanned, emitted, firstFetch }, layout), stats };
}

function capTracked(emitted: Map<ItemId, number>, cursor: number, minTime: number, cap: number): number {
  const byTime = new Map<number, ItemId[]>();
  for (const [id, t] of emitted) {
    const g = byTime.get(t);
    if (g) g.push(id);
    else byTime.set(t, [id]);
  }
  for (const t of [...byTime.keys()].sort((x, y) => x - y)) {
    if (emitted.size <= cap || t >= cursor) break;
    for (const id of byTime.get(t)!) emitted.delete(id);
    minTime = Math.max(minTime, t + 1);
  }
  return minTime;
}
