// The fetch state carried between fetches by the caller (XSOAR's lastRun). Every value is a string
// (XSOAR convention). Format version 1:
//
//   {
//     "version":  "1",
//     "time":     "1598937620000",   cursor: newest creationTime (ms) emitted so far, or the first_fetch start
//     "min_time": "1598932817000",   floor: no breach created before this (ms) is ever queried or emitted
//     "scanned":  "1598937700000",   walked to: every breach created up to here was delivered when it was
//                                     looked at; trails the fetch's now by ≥ 30 min (optional; absent until a
//                                     walk has made progress)
//     "emitted":  "1598935330000:158;1598937620000:159-161,170"
//   }
//
// `emitted` is the dedup set: every pbid emitted whose creationTime is ≥ min_time, grouped by creationTime
// (`<creationTime>:<pbids>` groups joined by `;`, ascending), pbids ascending with runs written `a-b`.
// A tie burst of sequential pbids therefore costs one short group.
//
// Migration: a lastRun written by the official DarktraceMBs pack (`{ last_fetch: <ms> }`, which skipped
// every breach created at or before last_fetch) starts us at last_fetch + 1 with an empty set.

import { FetchInputError } from './errors.js';

export const LAST_RUN_VERSION = '1';

/**
 * Most pbids the engine keeps in lastRun (FetchTuning.maxTrackedIds default). The encoder never writes a run
 * `a-b` longer than this, so the decoder refuses longer ones: a 12-byte range must not expand to millions.
 */
export const TRACKED_IDS_LIMIT = 50_000;

/**
 * Decoding refuses more pbids than this, counted as the work done (every expanded id, duplicates included),
 * so a corrupt or hostile lastRun can neither exhaust memory nor pin the CPU. Twice the tracked limit: the
 * engine keeps a creationTime tie group at the cursor whole even when it pushes the set past the limit.
 */
export const MAX_DECODED_IDS = 2 * TRACKED_IDS_LIMIT;

/** Longest `emitted` text decoded: MAX_DECODED_IDS single-id groups of two 16-digit numbers and 2 separators. */
export const MAX_EMITTED_CHARS = 34 * MAX_DECODED_IDS;

export type LastRun = Record<string, string>;

export interface FetchState {
  /** Newest creationTime emitted (ms); starts at the first_fetch start. Never decreases. */
  cursor: number;
  /** Lower bound (ms) of everything queried or emitted; the dedup set is complete from here up. */
  minTime: number;
  /** End (ms) of the longest walked prefix: every breach visible then with creationTime ≤ scanned was emitted. */
  scanned?: number;
  /** pbid → creationTime of every emitted breach with creationTime ≥ minTime. */
  emitted: Map<number, number>;
}

/** A rejected value as quoted in messages: never the whole of a huge string, never a walk over a deep object. */
function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** A whole number 0…Number.MAX_SAFE_INTEGER written in decimal digits; undefined for anything else. */
function safeDigits(text: string): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function readInt(value: unknown, path: string, errors: { path: string; message: string }[]): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const n = text === undefined ? undefined : safeDigits(text);
  if (n === undefined) {
    errors.push({ path, message: `${path} must be epoch milliseconds as a string of digits, at most ${Number.MAX_SAFE_INTEGER} (got ${quote(value)})` });
  }
  return n;
}

/**
 * Reads the caller's lastRun. `{}`, null or undefined → undefined (first fetch). Lenient about numbers
 * instead of strings; strict about anything it cannot interpret (FetchInputError, never a silent restart
 * that would re-deliver or skip breaches).
 */
export function decodeLastRun(lastRun: unknown): FetchState | undefined {
  if (lastRun === undefined || lastRun === null) return undefined;
  if (typeof lastRun !== 'object' || Array.isArray(lastRun)) {
    throw new FetchInputError([{ path: 'lastRun', message: 'lastRun must be an object ({} on the first fetch)' }]);
  }
  const lr = lastRun as Record<string, unknown>;
  const has = (k: string) => lr[k] !== undefined && lr[k] !== null && lr[k] !== '';
  const errors: { path: string; message: string }[] = [];

  if (!has('time')) {
    if (has('last_fetch')) {
      const last = readInt(lr.last_fetch, 'lastRun.last_fetch', errors);
      if (errors.length) throw new FetchInputError(errors);
      return { cursor: last!, minTime: last! + 1, emitted: new Map() };
    }
    const known = ['version', 'min_time', 'scanned', 'emitted'].filter(has);
    if (known.length) {
      throw new FetchInputError([{ path: 'lastRun.time', message: 'lastRun.time is missing' }]);
    }
    return undefined; // {} or keys we do not own: first fetch
  }

  if (has('version') && String(lr.version) !== LAST_RUN_VERSION) {
    errors.push({ path: 'lastRun.version', message: `lastRun.version ${JSON.stringify(lr.version)} is not supported (expected "${LAST_RUN_VERSION}")` });
  }
  const cursor = readInt(lr.time, 'lastRun.time', errors);
  const minTime = has('min_time') ? readInt(lr.min_time, 'lastRun.min_time', errors) : cursor;
  const scanned = has('scanned') ? readInt(lr.scanned, 'lastRun.scanned', errors) : undefined;
  let emitted = new Map<number, number>();
  if (has('emitted')) {
    if (typeof lr.emitted !== 'string') {
      errors.push({ path: 'lastRun.emitted', message: 'lastRun.emitted must be a string' });
    } else {
      try {
        emitted = decodeEmitted(lr.emitted);
      } catch (e) {
        errors.push({ path: 'lastRun.emitted', message: `lastRun.emitted is malformed: ${(e as Error).message}` });
      }
    }
  }
  if (errors.length) throw new FetchInputError(errors);
  return { cursor: cursor!, minTime: minTime!, ...(scanned === undefined ? {} : { scanned }), emitted };
}

export function encodeLastRun(state: FetchState): LastRun {
  return {
    version: LAST_RUN_VERSION,
    time: String(state.cursor),
    min_time: String(state.minTime),
    ...(state.scanned === undefined ? {} : { scanned: String(state.scanned) }),
    emitted: encodeEmitted(state.emitted),
  };
}

/**
 * pbid → creationTime as `c:p,p-p;c:p` (groups ascending by creationTime, pbids ascending, runs as a-b of at
 * most TRACKED_IDS_LIMIT ids).
 */
export function encodeEmitted(emitted: ReadonlyMap<number, number>): string {
  const groups = new Map<number, number[]>();
  for (const [pbid, c] of emitted) {
    const g = groups.get(c);
    if (g) g.push(pbid);
    else groups.set(c, [pbid]);
  }
  const parts: string[] = [];
  for (const c of [...groups.keys()].sort((a, b) => a - b)) {
    const ids = groups.get(c)!.sort((a, b) => a - b);
    const runs: string[] = [];
    for (let i = 0; i < ids.length; ) {
      let j = i;
      while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1 && j + 1 - i < TRACKED_IDS_LIMIT) j++;
      runs.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
      i = j + 1;
    }
    parts.push(`${c}:${runs.join(',')}`);
  }
  return parts.join(';');
}

const GROUP = /^(\d{1,16}):(\d{1,16}(?:-\d{1,16})?(?:,\d{1,16}(?:-\d{1,16})?)*)$/;

/**
 * The inverse of encodeEmitted. Throws (with the reason, never the whole text) on anything it did not
 * write: numbers beyond Number.MAX_SAFE_INTEGER, reversed or over-long ranges, more than MAX_DECODED_IDS
 * ids or MAX_EMITTED_CHARS characters in total.
 */
export function decodeEmitted(text: string): Map<number, number> {
  const out = new Map<number, number>();
  if (text.length > MAX_EMITTED_CHARS) throw new Error(`longer than ${MAX_EMITTED_CHARS} characters`);
  const trimmed = text.trim();
  if (trimmed === '') return out;
  let work = 0; // ids expanded so far, duplicates included: the decoder's cost, whatever the map's size
  for (const group of trimmed.split(';')) {
    const m = GROUP.exec(group.trim());
    if (!m) throw new Error(`bad group ${JSON.stringify(group.slice(0, 40))}`);
    const c = safeDigits(m[1]);
    if (c === undefined) throw new Error(`creationTime ${m[1]} is beyond ${Number.MAX_SAFE_INTEGER}`);
    for (const run of m[2].split(',')) {
      const ends = run.split('-').map(safeDigits);
      const a = ends[0];
      const b = ends.length === 2 ? ends[1] : a;
      if (a === undefined || b === undefined) throw new Error(`pbid beyond ${Number.MAX_SAFE_INTEGER} in ${run.slice(0, 40)}`);
      if (b < a) throw new Error(`bad range ${run}`);
      const size = b - a + 1;
      if (size > TRACKED_IDS_LIMIT) throw new Error(`range ${run} holds more than ${TRACKED_IDS_LIMIT} pbids`);
      work += size;
      if (work > MAX_DECODED_IDS) throw new Error(`more than ${MAX_DECODED_IDS} pbids`);
      for (let id = a; id <= b; id++) out.set(id, c);
    }
  }
  return out;
}
