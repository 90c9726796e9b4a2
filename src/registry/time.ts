// Epoch milliseconds → the ISO string XSOAR's timestamp_to_datestring(ms) writes (soar-conventions §3.2):
// UTC, whole seconds, milliseconds always written as `.000`.

// Years 0000–9999 only: outside them toISOString writes ±YYYYYY, not the format we promise.
const MIN_MS = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * `1700000000123` → `2023-11-14T22:13:20.000Z`; undefined for null/undefined/non-numeric input. Called once per
 * graph point, so a number takes the cheap path: one range check and one toISOString of the whole second
 * (whose milliseconds are then `.000` by construction).
 */
export function msToIso(ms: unknown): string | undefined {
  const value = typeof ms === 'number' ? ms : typeof ms === 'string' && NUMERIC.test(ms) ? Number(ms) : undefined;
  if (value === undefined || !(value >= MIN_MS && value <= MAX_MS)) return undefined;
  const seconds = Math.floor(value / 1000);
  const day = Math.floor(seconds / 86_400);
  // Graph points come in runs on the same day: the `YYYY-MM-DDT` prefix is kept for the last day seen, and a new
  // day's is civil-date arithmetic (no Date object); the rest is one of 3,600 `MM:SS.000Z` suffixes made once.
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = datePrefix(day);
  }
  const inDay = seconds - day * 86_400;
  const h = (inDay / 3600) | 0;
  return `${cachedPrefix}${TWO_DIGITS[h]}:${MINUTE_SECOND_SUFFIXES[inDay - h * 3600]}`;
}
let cachedDay = Number.NaN;
let cachedPrefix = '';
/** '00'…'59'. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `MM:SS.000Z` for each second of an hour. */
const MINUTE_SECOND_SUFFIXES = Array.from({ length: 3600 }, (_, i) => `${TWO_DIGITS[(i / 60) | 0]}:${TWO_DIGITS[i % 60]}.000Z`);

/** Days since 1970-01-01 → `YYYY-MM-DDT` (proleptic Gregorian, years 0000–9999): H. Hinnant's civil_from_days. */
function datePrefix(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}T`;
}

const RELATIVE = /^(\d+)\s*(second|minute|hour|day|week)s?(?:\s+ago)?$/;
const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A time argument → epoch ms: epoch milliseconds (12+ digits) or seconds (fewer), ISO 8601 (`2024-01-15`,
 * `2024-01-15T10:00:00Z`; naive times are UTC) or relative to `now` (`3 days`, `12 hours ago`). Undefined when
 * it is none of those (or not a real calendar date).
 */
export function parseTimeArg(text: string, now: number): number | undefined {
  const value = text.trim().toLowerCase();
  if (/^\d+$/.test(value)) return value.length >= 12 ? Number(value) : Number(value) * 1000;
  const rel = RELATIVE.exec(value);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]];
  const m = ISO.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1, 7);
  const ms = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  const back = new Date(ms);
  if (back.getUTCMonth() !== +month - 1 || back.getUTCDate() !== +day || +hour > 23 || +minute > 59 || +second > 59) return undefined;
  const zone = m[7]?.toUpperCase();
  if (!zone || zone === 'Z') return ms;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return zone.startsWith('-') ? ms + offset : ms - offset;
}

/** What parseTimeArg accepts, for argument descriptions and errors. */
export const TIME_ARG_HELP = 'epoch milliseconds, an ISO 8601 date or time (UTC unless it has an offset), or a relative time such as "3 days"';
