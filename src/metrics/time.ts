// Time arguments (`start_time`/`end_time`): epoch milliseconds, an ISO date or datetime (UTC unless it
// has an offset; Darktrace's own `YYYY-MM-DD HH:MM:SS` is ISO with a space), or a relative time
// (`2 hours ago`, `30 minutes`, `now`). Resolved against the caller's clock to epoch ms for the wire.
// Like first_fetch (src/fetch/params.ts), but a window may end in the future and `now` is a time.
import { utcFromFields } from '../util/calendar.js';

export const TIME_FORMS =
  'epoch milliseconds (e.g. 1582900140000), an ISO date or datetime (2020-02-28T14:29:00Z; UTC unless it has an offset) ' +
  'or a relative time ("2 hours ago", "30 minutes", "now")';

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};
const UNITS: Record<string, string> = {
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

const RELATIVE = /^(\d+)\s*([a-z]+)(?:\s+ago)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

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
  if (/^\d+$/.test(text)) {
    // A 10-digit value is `date +%s` seconds; milliseconds that short would mean January 1970.
    const n = Number(text);
    if (!Number.isSafeInteger(n)) return fail(input, 'is not epoch milliseconds');
    return { ok: true, ms: text.length >= 12 ? n : n * 1000 };
  }
  const rel = RELATIVE.exec(text);
  if (rel) {
    const unit = UNITS[rel[2]];
    if (!unit) return fail(input, `has an unknown time unit "${rel[2]}"`);
    const amount = Number(rel[1]);
    if (unit === 'month' || unit === 'year') {
      const d = new Date(now);
      if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - amount);
      else d.setUTCFullYear(d.getUTCFullYear() - amount);
      return Number.isNaN(d.getTime()) ? fail(input, 'is too far back') : { ok: true, ms: d.getTime() };
    }
    return { ok: true, ms: now - amount * UNIT_MS[unit] };
  }
  const ms = parseIso(text);
  return ms === undefined ? fail(input, 'is not a time') : { ok: true, ms };
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  let ms = utcFromFields(y, mo, d, h, mi, sec, fraction);
  if (ms === undefined) return undefined;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    ms -= (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  return ms;
}
