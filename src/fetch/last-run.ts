// The fetch state carried between fetches by the caller (XSOAR's lastRun). Every value is a string
// (XSOAR convention). Format version 1, one sub-state per source under the source's key prefix:
//
//   {
//     "version":  "1",
//     "time":     "1598937620000",   cursor: newest creation time (ms) emitted so far, or the first_fetch start
//     "min_time": "1598932817000",   floor: nothing created before this (ms) is ever queried or emitted
//     "scanned":  "1598937700000",   walked to: every item created up to here was delivered when it was
//                                     looked at; trails the fetch's now by ≥ 30 min (optional; absent until a
//                                     walk has made progress)
//     "emitted":  "1598935330000:158;1598937620000:159-161,170",
//     "first_fetch": "3 days"        the first_fetch expression the state was started with (normalised); a fetch
//                                     with a different one resets the state (SPEC §9). Optional: a lastRun
//                                     written before it existed adopts the current first_fetch, never resets
//   }
//
// Model breaches own the flat keys above (prefix ''), exactly as written before there were several sources, so
// every lastRun from then is read as the model-breach state. Another source writes the same four keys under its
// prefix (`ai-analyst.time`, `ai-analyst.emitted`, …), and `version` is shared. A source without keys of its own
// starts from first_fetch.
//
// `emitted` is the dedup set: every id emitted whose creation time is ≥ min_time, grouped by creation time
// (`<time>:<ids>` groups joined by `;`, ascending by time, ids ascending).
//   integer ids (pbid, codeid): runs of consecutive ids written `a-b`, so a tie burst of sequential pbids costs
//                               one short group;
//   string ids (uuid):          each id percent-encoded (encodeURIComponent: `,` `;` `:` `%` never appear raw).
//
// Decoding is strict and bounded: a lastRun we cannot interpret is a 400 naming the field (never a silent
// restart that would re-deliver or skip); ids and times are at most Number.MAX_SAFE_INTEGER; a range `a-b` holds
// at most TRACKED_IDS_LIMIT ids (the encoder splits longer runs); at most MAX_DECODED_IDS ids are expanded in
// total, repeats included, and at most MAX_EMITTED_CHARS characters read, so a short hostile string can neither
// expand into a long loop nor exhaust memory.
//
// Migration: a lastRun written by the official DarktraceMBs pack (`{ last_fetch: <ms> }`, which skipped
// every breach created at or before last_fetch) starts model breaches at last_fetch + 1 with an empty set.

import { isObject } from '../util/json.js';
import { FetchInputError } from './errors.js';
import type { ParamError } from './params.js';
import type { IdKind, ItemId } from './source.js';

export const LAST_RUN_VERSION = '1';

/**
 * Most ids the engine keeps in one source's lastRun (FetchTuning.maxTrackedIds default). The encoder never
 * writes a run `a-b` longer than this, so the decoder refuses longer ones: a 12-byte range must not expand to
 * millions.
 */
export const TRACKED_IDS_LIMIT = 50_000;
/**
 * Decoding refuses more ids than this, counted as the work done (every expanded id, repeats included), so a
 * corrupt or hostile lastRun can neither exhaust memory nor pin the CPU. Twice the tracked limit: the engine
 * keeps a creation-time tie group at the cursor whole even when it pushes the set past the limit.
 */
export const MAX_DECODED_IDS = 2 * TRACKED_IDS_LIMIT;
/** Longest `emitted` text decoded: MAX_DECODED_IDS single-id groups of two 16-digit numbers and 2 separators. */
export const MAX_EMITTED_CHARS = 34 * MAX_DECODED_IDS;
/** Longest string id accepted (a uuid is 36). */
export const MAX_STRING_ID_LENGTH = 256;

export type LastRun = Record<string, string>;

export interface FetchState<Id extends ItemId = number> {
  /** Newest creation time emitted (ms); starts at the first_fetch start. Never decreases. */
  cursor: number;
  /** Lower bound (ms) of everything queried or emitted; the dedup set is complete from here up. */
  minTime: number;
  /** End (ms) of the longest walked prefix: every item visible then with creation ≤ scanned was emitted. */
  scanned?: number;
  /** id → creation time of every emitted item with creation ≥ minTime. */
  emitted: Map<Id, number>;
  /** The first_fetch expression (normalised) this state was started with; absent in lastRuns from before it. */
  firstFetch?: string;
}

/** Longest first_fetch expression kept in lastRun. */
export const MAX_FIRST_FETCH_LENGTH = 200;

/** first_fetch as compared between fetches: trimmed, lowercase, single spaces ("3 Days" is "3 days"). */
export function normaliseFirstFetch(text: string): string {
  return String(text).trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Where a source's state lives in lastRun and how its ids are written. */
export interface StateLayout {
  /** Key prefix: '' for model breaches (the flat keys), `<source>.` for the others. */
  prefix: string;
  ids: IdKind;
  /** What the source's items call their id and creation time, for messages (default 'id', 'time'). */
  names?: { id: string; time: string };
  /** Read the official pack's `{last_fetch}` (model breaches only). */
  legacyLastFetch?: boolean;
}

/** The model-breach layout: the flat keys of every lastRun written so far. */
export const MODEL_BREACH_LAYOUT: Readonly<StateLayout> = Object.freeze({
  prefix: '', ids: 'integer', names: { id: 'pbid', time: 'creationTime' }, legacyLastFetch: true,
});

/** A rejected value as quoted in messages: never the whole of a huge string, never a walk over a deep object. */
function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** A whole number 0…max written in decimal digits; undefined for anything else. */
function safeDigits(text: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n <= max ? n : undefined;
}

function readTime(value: unknown, path: string, errors: ParamError[], max = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const n = text === undefined ? undefined : safeDigits(text, max);
  if (n === undefined) {
    errors.push({ path, message: `${path} must be epoch milliseconds as a string of digits, at most ${max} (got ${quote(value)})` });
  }
  return n;
}

/**
 * Reads one source's state from the caller's lastRun. `{}`, null, undefined, or a lastRun without this source's
 * keys → undefined (start from first_fetch). Lenient about numbers instead of strings; strict about anything
 * it cannot interpret (FetchInputError naming the field).
 */
export function decodeSourceState<Id extends ItemId>(lastRun: unknown, layout: StateLayout): FetchState<Id> | undefined {
  if (lastRun === undefined || lastRun === null) return undefined;
  if (!isObject(lastRun)) throw new FetchInputError([{ path: 'lastRun', message: 'lastRun must be an object ({} on the first fetch)' }]);
  const lr = lastRun;
  const has = (k: string) => lr[k] !== undefined && lr[k] !== null && lr[k] !== '';
  const key = (name: string) => `${layout.prefix}${name}`;
  const path = (name: string) => `lastRun.${key(name)}`;
  const errors: ParamError[] = [];

  if (!has(key('time'))) {
    if (layout.legacyLastFetch && has('last_fetch')) {
      // last_fetch + 1 becomes min_time, which must stay a safe integer too.
      const last = readTime(lr.last_fetch, 'lastRun.last_fetch', errors, Number.MAX_SAFE_INTEGER - 1);
      if (errors.length) throw new FetchInputError(errors);
      return { cursor: last!, minTime: last! + 1, emitted: new Map() };
    }
    // Keys of this source without its cursor: a damaged state, not a first fetch. A lone `version` is the
    // flat (model-breach) state's only while no other source has keys.
    const own = ['min_time', 'scanned', 'emitted', 'first_fetch'].map(key);
    if (layout.prefix === '' && !Object.keys(lr).some((k) => k.includes('.'))) own.push('version');
    if (own.some(has)) throw new FetchInputError([{ path: path('time'), message: `${path('time')} is missing` }]);
    return undefined; // {} or keys we do not own: first fetch
  }

  if (has('version') && String(lr.version) !== LAST_RUN_VERSION) {
    errors.push({ path: 'lastRun.version', message: `lastRun.version ${JSON.stringify(lr.version)} is not supported (expected "${LAST_RUN_VERSION}")` });
  }
  const cursor = readTime(lr[key('time')], path('time'), errors);
  const minTime = has(key('min_time')) ? readTime(lr[key('min_time')], path('min_time'), errors) : cursor;
  const scanned = has(key('scanned')) ? readTime(lr[key('scanned')], path('scanned'), errors) : undefined;
  let emitted = new Map<Id, number>();
  if (has(key('emitted'))) {
    const text = lr[key('emitted')];
    if (typeof text !== 'string') {
      errors.push({ path: path('emitted'), message: `${path('emitted')} must be a string` });
    } else {
      try {
        emitted = decodeEmitted(text, layout.ids, layout.names) as Map<Id, number>;
      } catch (e) {
        errors.push({ path: path('emitted'), message: `${path('emitted')} is malformed: ${(e as Error).message}` });
      }
    }
  }
  let firstFetch: string | undefined;
  if (has(key('first_fetch'))) {
    const ff = lr[key('first_fetch')];
    if (typeof ff !== 'string' || ff.length > MAX_FIRST_FETCH_LENGTH) {
      errors.push({ path: path('first_fetch'), message: `${path('first_fetch')} must be a string of at most ${MAX_FIRST_FETCH_LENGTH} characters (got ${quote(ff)})` });
    } else {
      firstFetch = normaliseFirstFetch(ff);
    }
  }
  if (errors.length) throw new FetchInputError(errors);
  return {
    cursor: cursor!, minTime: minTime!, ...(scanned === undefined ? {} : { scanned }), emitted,
    ...(firstFetch === undefined ? {} : { firstFetch }),
  };
}

/** One source's state as lastRun entries (all strings), `version` included. */
export function encodeSourceState(state: FetchState<ItemId>, layout: StateLayout): LastRun {
  const key = (name: string) => `${layout.prefix}${name}`;
  return {
    version: LAST_RUN_VERSION,
    [key('time')]: String(state.cursor),
    [key('min_time')]: String(state.minTime),
    ...(state.scanned === undefined ? {} : { [key('scanned')]: String(state.scanned) }),
    [key('emitted')]: encodeEmitted(state.emitted, layout.ids),
    ...(state.firstFetch === undefined ? {} : { [key('first_fetch')]: state.firstFetch }),
  };
}

/** The model-breach state of a lastRun (see MODEL_BREACH_LAYOUT). */
export function decodeLastRun(lastRun: unknown): FetchState<number> | undefined {
  return decodeSourceState<number>(lastRun, MODEL_BREACH_LAYOUT);
}

export function encodeLastRun(state: FetchState<number>): LastRun {
  return encodeSourceState(state, MODEL_BREACH_LAYOUT);
}

/** Orders ids within a creation-time group: integers numerically, strings by UTF-16 code units. */
export function compareIds(a: ItemId, b: ItemId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `id` can be kept in a dedup set of this kind (what the codec can write and read back). */
export function isValidId(id: unknown, kind: IdKind): id is ItemId {
  if (kind === 'integer') return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_STRING_ID_LENGTH;
}

/**
 * id → creation time as `t:id,id;t:id` (groups ascending by time, ids ascending; integer runs as a-b of at
 * most TRACKED_IDS_LIMIT ids; string ids percent-encoded).
 */
export function encodeEmitted(emitted: ReadonlyMap<ItemId, number>, kind: IdKind = 'integer'): string {
  const groups = new Map<number, ItemId[]>();
  for (const [id, t] of emitted) {
    const g = groups.get(t);
    if (g) g.push(id);
    else groups.set(t, [id]);
  }
  const parts: string[] = [];
  for (const t of [...groups.keys()].sort((a, b) => a - b)) {
    const ids = groups.get(t)!.sort(compareIds);
    parts.push(`${t}:${kind === 'integer' ? integerRuns(ids as number[]) : (ids as string[]).map(encodeURIComponent).join(',')}`);
  }
  return parts.join(';');
}

function integerRuns(ids: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1 && j + 1 - i < TRACKED_IDS_LIMIT) j++;
    runs.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
    i = j + 1;
  }
  return runs.join(',');
}

const INTEGER_GROUP = /^(\d{1,16}):(\d{1,16}(?:-\d{1,16})?(?:,\d{1,16}(?:-\d{1,16})?)*)$/;
// What encodeURIComponent writes: never , ; or : raw.
const STRING_GROUP = /^(\d{1,16}):([\w.!~*'()%-]+(?:,[\w.!~*'()%-]+)*)$/;

/**
 * The inverse of encodeEmitted. Throws Error with the reason (never the whole text; the caller names the field)
 * on anything it did not write: numbers beyond Number.MAX_SAFE_INTEGER, reversed or over-long ranges, more
 * than MAX_DECODED_IDS ids or MAX_EMITTED_CHARS characters in total, badly encoded or over-long string ids.
 */
export function decodeEmitted(text: string, kind: IdKind = 'integer', names: { id: string; time: string } = { id: 'id', time: 'time' }): Map<ItemId, number> {
  const out = new Map<ItemId, number>();
  if (text.length > MAX_EMITTED_CHARS) throw new Error(`longer than ${MAX_EMITTED_CHARS} characters`);
  const trimmed = text.trim();
  if (trimmed === '') return out;
  let work = 0; // ids expanded so far, repeats included: the decoder's cost, whatever the map's size
  const tooMuch = () => new Error(`more than ${MAX_DECODED_IDS} ${names.id}s`);
  for (const group of trimmed.split(';')) {
    const m = (kind === 'integer' ? INTEGER_GROUP : STRING_GROUP).exec(group.trim());
    if (!m) throw new Error(`bad group ${JSON.stringify(group.slice(0, 40))}`);
    const t = safeDigits(m[1]);
    if (t === undefined) throw new Error(`${names.time} ${m[1]} is beyond ${Number.MAX_SAFE_INTEGER}`);
    for (const item of m[2].split(',')) {
      if (kind === 'string') {
        let id: string;
        try {
          id = decodeURIComponent(item);
        } catch {
          throw new Error(`bad ${names.id} ${JSON.stringify(item.slice(0, 40))}`);
        }
        if (!isValidId(id, 'string')) throw new Error(`${names.id} longer than ${MAX_STRING_ID_LENGTH} characters`);
        if (++work > MAX_DECODED_IDS) throw tooMuch();
        out.set(id, t);
        continue;
      }
      const ends = item.split('-').map((e) => safeDigits(e));
      const a = ends[0];
      const b = ends.length === 2 ? ends[1] : a;
      if (a === undefined || b === undefined) throw new Error(`${names.id} beyond ${Number.MAX_SAFE_INTEGER} in ${item.slice(0, 40)}`);
      if (b < a) throw new Error(`bad range ${item}`);
      const size = b - a + 1;
      if (size > TRACKED_IDS_LIMIT) throw new Error(`range ${item} holds more than ${TRACKED_IDS_LIMIT} ${names.id}s`);
      work += size;
      if (work > MAX_DECODED_IDS) throw tooMuch();
      for (let id = a; id <= b; id++) out.set(id, t);
    }
  }
  return out;
}
