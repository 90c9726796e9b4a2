// Epoch milliseconds → the ISO string XSOAR's timestamp_to_datestring(ms) writes (soar-conventions §3.2):
// UTC, whole seconds, milliseconds always written as `.000`.

/** `1700000000123` → `2023-11-14T22:13:20.000Z`; undefined for null/undefined/non-numeric input. */
export function msToIso(ms: unknown): string | undefined {
  const value = typeof ms === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(ms) ? Number(ms) : ms;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(Math.floor(value / 1000) * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // Years outside 0000–9999 come out as ±YYYYYY; not the format we promise.
  return /^\d{4}-/.test(iso) ? `${iso.slice(0, 19)}.000Z` : undefined;
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
