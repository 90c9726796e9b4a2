// Time arguments (`start_time`/`end_time`): epoch milliseconds, an ISO date or datetime (UTC unless it
// has an offset; Darktrace's own `YYYY-MM-DD HH:MM:SS` is ISO with a space), or a relative time
// (`2 hours ago`, `30 minutes`, `now`). Resolved against the caller's clock to epoch ms for the wire.
// The absolute forms are the other commands' start_time/end_time (src/registry/instant.ts: digits are always
// epoch ms); the relative ones are first_fetch's units (src/fetch/params.ts), plus `now`.
import { parseInstant } from '../registry/instant.js';
import { relativeTime } from '../util/relative-time.js';

export const TIME_FORMS =
  'epoch milliseconds (e.g. 1582900140000), an ISO date or datetime (2020-02-28T14:29:00Z; UTC unless it has an offset) ' +
  'or a relative time ("2 hours ago", "30 minutes", "now")';

export type TimeResult = { ok: true; ms: number } | { ok: false; message: string };

/** The last millisecond of 9999: later times have no four-digit ISO form. */
export const MAX_TIME_MS = 253_402_300_799_999;

const fail = (input: unknown, why: string): TimeResult => {
  const text = String(input);
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
  return { ok: false, message: `${shown} ${why}; use ${TIME_FORMS}` };
};

/** Parses one time argument relative to `now` (ms): a time from 1970 to 9999. */
export function parseTimeArg(input: string | number, now: number): TimeResult {
  const result = parse(input, now);
  if (result.ok && (result.ms < 0 || result.ms > MAX_TIME_MS)) return fail(input, 'is outside 1970–9999');
  return result;
}

function parse(input: string | number, now: number): TimeResult {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0 ? { ok: true, ms: input } : fail(input, 'is not epoch milliseconds');
  }
  const text = input.trim().toLowerCase();
  if (text === 'now') return { ok: true, ms: now };
  const rel = relativeTime(text, now);
  if (typeof rel === 'object') return fail(input, `has an unknown time unit "${rel.unknownUnit}"`);
  if (rel !== undefined) return Number.isNaN(rel) ? fail(input, 'is too far back') : { ok: true, ms: rel };
  const ms = parseInstant(text);
  return ms === undefined ? fail(input, 'is not a time') : { ok: true, ms };
}
