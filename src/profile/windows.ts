// Window computation (reference §a.2, Metron's Window.toIntervals): start-anchored windows, oldest first.
//   width only          [now − width, now], once
//   repeating           [left, left + width] for left = start, start + every, … while left + width ≤ end
//   dense (range only)  [start, end], once
// where the range is end = now − min(from, to), start = now − max(from, to) (order-insensitive; no "to" = now).
// Nothing at all when start < 0 (Metron's guard). Filters test the window START in the given zone: kept iff no
// inclusions or any inclusion matches, and then no exclusion matches (exclusions trump inclusions).
import { ProfileInputError } from './errors.js';
import { isHoliday } from './holidays.js';
import type { Selector, Specifier } from './parser.js';
import { DEFAULT_TIMEZONE, zone, type LocalDay } from './zone.js';

/** A closed interval [start, end] of epoch ms. */
export interface TimeRange {
  start: number;
  end: number;
}

export interface WindowOptions {
  /** Epoch ms that "ago" counts back from. */
  now: number;
  /** IANA zone for day, date and holiday tests; default UTC. */
  timezone?: string;
}

/** Candidate windows one selector may produce before filtering; beyond it the selector is refused, not run. */
export const MAX_WINDOWS = 100_000;
/** The largest epoch ms a Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

export function checkNow(now: number, argument = 'now'): number {
  if (!Number.isSafeInteger(now) || now < 0 || now > MAX_EPOCH_MS) {
    throw new ProfileInputError(argument, `must be epoch milliseconds between 0 and ${MAX_EPOCH_MS} (got ${now})`);
  }
  return now;
}

/** The selector's overall range, the window width and the step between window starts. */
export function selectorBounds(selector: Selector, now: number): { start: number; end: number; width: number; every?: number } {
  if (selector.form === 'non-repeating') return { start: now - selector.width!.ms, end: now, width: selector.width!.ms };
  const from = selector.from!.ms;
  const to = selector.to?.ms ?? 0;
  const start = now - Math.max(from, to);
  const end = now - Math.min(from, to);
  if (selector.form === 'dense') return { start, end, width: end - start };
  return { start, end, width: selector.width!.ms, every: selector.every!.ms };
}

type DayTest = (day: LocalDay) => boolean;

function dayTest(specifier: Specifier, nowDay: LocalDay): DayTest {
  switch (specifier.kind) {
    case 'day-of-week': {
      const dow = specifier.dayOfWeek;
      return (day) => day.dayOfWeek === dow;
    }
    case 'weekday':
      return (day) => day.dayOfWeek <= 5;
    case 'weekend':
      return (day) => day.dayOfWeek >= 6;
    case 'this-day-of-week':
      return (day) => day.dayOfWeek === nowDay.dayOfWeek;
    case 'date': {
      const date = specifier.date;
      return (day) => day.date === date;
    }
    case 'holiday': {
      const calendar = specifier.calendar;
      return (day) => isHoliday(calendar, day.date, day.year);
    }
  }
}

/** The windows of a parsed selector at `now` (a blank selector, null, has none). */
export function computeWindows(selector: Selector | null, options: WindowOptions): TimeRange[] {
  const now = checkNow(options.now);
  const tz = zone(options.timezone ?? DEFAULT_TIMEZONE);
  if (!selector) return [];
  const { start, end, width, every } = selectorBounds(selector, now);
  if (start < 0 || start + width > end) return [];
  const candidates = every === undefined ? 1 : Math.floor((end - width - start) / every) + 1;
  if (candidates > MAX_WINDOWS) {
    throw new ProfileInputError('window', `"${selector.source}" would make ${candidates.toLocaleString('en-US')} windows; at most ${MAX_WINDOWS.toLocaleString('en-US')} are allowed (use a longer "every" or a shorter range)`);
  }
  const windows: TimeRange[] = [];
  const filtered = selector.includes.length > 0 || selector.excludes.length > 0;
  const nowDay = tz.localDay(now);
  const includes = selector.includes.map((s) => dayTest(s, nowDay));
  const excludes = selector.excludes.map((s) => dayTest(s, nowDay));
  for (let k = 0; k < candidates; k++) {
    const left = start + k * (every ?? 0);
    if (filtered) {
      const day = tz.localDay(left);
      if (includes.length && !includes.some((test) => test(day))) continue;
      if (excludes.some((test) => test(day))) continue;
    }
    windows.push({ start: left, end: left + width });
  }
  return windows;
}
