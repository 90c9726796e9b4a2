// Point-in-time arguments (start_time, end_time): epoch milliseconds, or an ISO 8601 date or date-time (UTC
// unless it carries an offset). Darktrace takes epoch ms, so this is the one conversion.
import { utcFromFields } from '../util/calendar.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export const INSTANT_HELP = 'epoch milliseconds or an ISO 8601 date/time such as 2024-01-15T12:00:00Z';

/** Epoch ms of `text`, or undefined when it is neither epoch ms nor an ISO date/time. */
export function parseInstant(text: string): number | undefined {
  const value = text.trim();
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const m = ISO.exec(value);
  if (!m) return undefined;
  const ms = utcFromFields(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? Number(m[7].padEnd(3, '0')) : 0);
  if (ms === undefined) return undefined;
  const zone = m[8]?.toUpperCase();
  if (!zone || zone === 'Z') return ms;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) return undefined;
  return ms - (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** An arg `check`: a message when the text is not an instant. */
export const instantCheck = (text: string): string | undefined =>
  parseInstant(text) === undefined ? `must be ${INSTANT_HELP} (got ${JSON.stringify(text)})` : undefined;
