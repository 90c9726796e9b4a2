// The `date:<day>[:<pattern>]` specifier's day, read with a Java SimpleDateFormat-style pattern (reference §a.2).
// Supported letters: y (year), M (month; MMM+ = English month name), d (day of month); any other character is a
// literal and 'quoted text' is literal. Unlike SimpleDateFormat this is strict (SPEC §12): the whole text must match
// and impossible dates such as 2017/11/55 are errors, not rolled over into the next month.

import { utcFromFields } from '../util/calendar.js';

export const DEFAULT_DATE_PATTERN = 'yyyy/MM/dd';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

type Part = { field: 'y' | 'M' | 'd'; width: number } | { literal: string };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const compiled = new Map<string, Part[]>();

function compile(pattern: string): Part[] {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (c !== 'y' && c !== 'M' && c !== 'd') {
        throw new Error(`the pattern letter "${c}" is not supported in "${pattern}"; use y (year), M (month) and d (day), e.g. yyyy-MM-dd`);
      }
      parts.push({ field: c, width: j - i });
      i = j;
    } else if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw new Error(`the pattern "${pattern}" has an unclosed quote`);
      parts.push({ literal: close === i + 1 ? "'" : pattern.slice(i + 1, close) });
      i = close + 1;
    } else {
      parts.push({ literal: c });
      i++;
    }
  }
  if (!parts.some((p) => 'field' in p && p.field === 'y') || !parts.some((p) => 'field' in p && p.field === 'M') || !parts.some((p) => 'field' in p && p.field === 'd')) {
    throw new Error(`the pattern "${pattern}" must contain a year (y), a month (M) and a day (d)`);
  }
  if (compiled.size < 1000) compiled.set(pattern, parts);
  return parts;
}

/** SimpleDateFormat's two-digit years: the century that puts the year within 80 years before to 20 after `now`. */
function twoDigitYear(yy: number, now: Date): number {
  const start = now.getUTCFullYear() - 80;
  let year = Math.floor(start / 100) * 100 + yy;
  if (year < start) year += 100;
  return year;
}

/**
 * Reads `text` with `pattern`; throws an Error whose message says what is wrong (the parser adds the position).
 * `now` only matters for two-digit years (yy).
 */
export function parseCalendarDate(text: string, pattern = DEFAULT_DATE_PATTERN, now = new Date()): CalendarDate {
  const parts = compile(pattern);
  const cannot = (why: string) => new Error(`cannot read "${text}" as a date with the pattern "${pattern}" (${why})`);
  const found: Partial<Record<'y' | 'M' | 'd', number>> = {};
  let pos = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if ('literal' in part) {
      if (!text.startsWith(part.literal, pos)) throw cannot(`expected "${part.literal}" at character ${pos + 1}`);
      pos += part.literal.length;
      continue;
    }
    const name = { y: 'year', M: 'month', d: 'day' }[part.field];
    if (part.field === 'M' && part.width >= 3) {
      const rest = text.slice(pos).toLowerCase();
      const index = MONTHS.findIndex((m) => rest.startsWith(m));
      const short = MONTHS.findIndex((m) => rest.startsWith(m.slice(0, 3)));
      if (index >= 0) [found.M, pos] = [index + 1, pos + MONTHS[index].length];
      else if (short >= 0) [found.M, pos] = [short + 1, pos + 3];
      else throw cannot(`expected a month name at character ${pos + 1}`);
      continue;
    }
    // Numeric fields directly followed by another numeric field take exactly their width (yyyyMMdd); others
    // take every digit there is, as SimpleDateFormat does.
    const next = parts[p + 1];
    const abutting = next !== undefined && 'field' in next && !(next.field === 'M' && next.width >= 3);
    let end = pos;
    while (end < text.length && text[end] >= '0' && text[end] <= '9' && (!abutting || end - pos < part.width)) end++;
    if (end === pos || (abutting && end - pos < part.width)) throw cannot(`expected the ${name} at character ${pos + 1}`);
    let value = Number(text.slice(pos, end));
    if (part.field === 'y' && part.width <= 2 && end - pos === 2) value = twoDigitYear(value, now);
    found[part.field] = value;
    pos = end;
  }
  if (pos < text.length) throw cannot(`unexpected "${text.slice(pos)}" after the date`);
  const { y: year, M: month, d: day } = found as Required<typeof found>;
  if (year < 1000) throw new Error(`"${text}" has the year ${year}; write the year in full, e.g. 2017`);
  if (month < 1 || month > 12) throw new Error(`"${text}" is not a real date: there is no month ${month}`);
  if (utcFromFields(year, month, day) === undefined) {
    const last = [31, 30, 29, 28].find((d) => utcFromFields(year, month, d) !== undefined);
    throw new Error(`"${text}" is not a real date: ${MONTHS[month - 1][0].toUpperCase()}${MONTHS[month - 1].slice(1)} ${year} has ${last} days`);
  }
  return { year, month, day };
}

export function formatCalendarDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
