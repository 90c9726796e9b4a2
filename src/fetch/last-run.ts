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
//     "emitted":  "1598935330000:158;1598937620000:159-161,170"
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
// restart that would re-deliver or skip), ids and times are at most Number.MAX_SAFE_INTEGER, an id appears once,
// and at most MAX_DECODED_IDS ids are expanded in total (ranges included), so the work is linear in the text and
// a short hostile string cannot expand into a long loop.
//
// Migration: a lastRun written by the official DarktraceMBs pack (`{ last_fetch: <ms> }`, which skipped
// every breach created at or before last_fetch) starts model breaches at last_fetch + 1 with an empty set.

import { isObject } from '../util/json.js';
import { FetchInputError } from './errors.js';
import type { ParamError } from './params.js';
import type { IdKind, ItemId } from './source.js';

export const LAST_RUN_VERSION = '1';

/**
 * Decoding refuses more ids than this in one set, counting every id a range expands to: 20 × the engine's
 * default tracked-id cap, so a state the engine wrote is always read back.
 */
export const MAX_DECODED_IDS = 1_000_000;
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
}

/** Where a source's state lives in lastRun and how its ids are written. */
export interface StateLayout {
  /** Key prefix: '' for model breaches (the flat keys), `<source>.` for the others. */
  prefix: string;
  ids: IdKind;
  /** Read the official pack's `{last_fetch}` (model breaches only). */
  legacyLastFetch?: boolean;
}

/** The model-breach layout: the flat keys of every lastRun written so far. */
export const MODEL_BREACH_LAYOUT: Readonly<StateLayout> = Object.freeze({ prefix: '', ids: 'integer', legacyLastFetch: true });

const TIME_TEXT = /^\d{1,16}$/;

function readTime(value: unknown, path: string, errors: ParamError[], max = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !TIME_TEXT.test(text) || Number(text) > max) {
    errors.push({ path, message: `${path} must be epoch milliseconds as a string of digits (got ${JSON.stringify(value)})` });
    return undefined;
  }
  return Number(text);
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
    const own = ['min_time', 'scanned', 'emitted'].map(key);
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
        emitted = decodeEmitted(text, layout.ids) as Map<Id, number>;
      } catch (e) {
        errors.push({ path: path('emitted'), message: `${path('emitted')} is malformed: ${(e as Error).message}` });
      }
    }
  }
  if (errors.length) throw new FetchInputError(errors);
  return { cursor: cursor!, minTime: minTime!, ...(scanned === undefined ? {} : { scanned }), emitted };
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

/** id → creation time as `t:id,id;t:id` (groups ascending by time, ids ascending; integer runs as a-b). */
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
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    runs.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
    i = j + 1;
  }
  return runs.join(',');
}

const INTEGER_GROUP = /^(\d{1,16}):(\d{1,16}(?:-\d{1,16})?(?:,\d{1,16}(?:-\d{1,16})?)*)$/;
// What encodeURIComponent writes: never , ; or : raw.
const STRING_GROUP = /^(\d{1,16}):([\w.!~*'()%-]+(?:,[\w.!~*'()%-]+)*)$/;

function safeNumber(text: string, what: string): number {
  const n = Number(text);
  if (n > Number.MAX_SAFE_INTEGER) throw new Error(`${what} ${text} is larger than ${Number.MAX_SAFE_INTEGER}`);
  return n;
}

/** Reads an `emitted` set; throws Error with a short reason (the caller names the field). */
export function decodeEmitted(text: string, kind: IdKind = 'integer'): Map<ItemId, number> {
  const out = new Map<ItemId, number>();
  const trimmed = text.trim();
  if (trimmed === '') return out;
  let expanded = 0; // every id a range expands to, so the work is bounded even when ids repeat
  const add = (id: ItemId, t: number) => {
    if (++expanded > MAX_DECODED_IDS) throw new Error(`more than ${MAX_DECODED_IDS} ids`);
    if (out.has(id)) throw new Error(`id ${JSON.stringify(id)} appears twice`);
    out.set(id, t);
  };
  for (const group of trimmed.split(';')) {
    const m = (kind === 'integer' ? INTEGER_GROUP : STRING_GROUP).exec(group.trim());
    if (!m) throw new Error(`bad group ${JSON.stringify(group.slice(0, 40))}`);
    const t = safeNumber(m[1], 'time');
    for (const item of m[2].split(',')) {
      if (kind === 'string') {
        let id: string;
        try {
          id = decodeURIComponent(item);
        } catch {
          throw new Error(`bad id ${JSON.stringify(item.slice(0, 40))}`);
        }
        if (!isValidId(id, 'string')) throw new Error(`id longer than ${MAX_STRING_ID_LENGTH} characters`);
        add(id, t);
        continue;
      }
      const [aText, bText = aText] = item.split('-');
      const a = safeNumber(aText, 'id');
      const b = safeNumber(bText, 'id');
      if (b < a) throw new Error(`bad range ${item}`);
      if (b - a + 1 > MAX_DECODED_IDS - expanded) throw new Error(`more than ${MAX_DECODED_IDS} ids`);
      for (let id = a; id <= b; id++) add(id, t);
    }
  }
  return out;
}
