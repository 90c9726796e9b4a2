// Profile periods (reference §a.4, Metron's ProfilePeriod): id = ⌊epochMs ÷ durationMs⌋, period id 0 begins at
// the epoch, start = id × duration, end = start + duration. Two ways to choose periods:
//   fixed lookback  every period from the one containing now − lookback to the one containing now (no filtering;
//                   n hours at 15 minutes is always 4n + 1 periods)
//   window lookback the periods whose START lies in some window, windows closed at both ends
import { ProfileInputError } from './errors.js';
import type { TimeRange } from './windows.js';

export const DEFAULT_PERIOD_MS = 15 * 60_000;
/** Periods one profile may select; beyond it the request is refused rather than run. */
export const MAX_PERIODS = 100_000;

export interface ProfilePeriod {
  id: number;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive: the next period's start. */
  end: number;
}

/** Duration units for `period_units` and a fixed lookback's `units` (Java TimeUnit names, any case, singular or plural). */
export const DURATION_UNITS = { milliseconds: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

export function durationUnit(text: string, argument: string): DurationUnit {
  const lower = text.trim().toLowerCase();
  const unit = (Object.keys(DURATION_UNITS) as DurationUnit[]).find((u) => u === lower || u === `${lower}s`);
  if (!unit) throw new ProfileInputError(argument, `must be one of ${Object.keys(DURATION_UNITS).join(', ')} (got "${text}")`);
  return unit;
}

/** `amount` × `unit` in ms, a positive whole number. */
export function durationMs(amount: number, unit: DurationUnit | string, argument: string, unitArgument = argument): number {
  const factor = DURATION_UNITS[durationUnit(unit, unitArgument)];
  const ms = amount * factor;
  if (!Number.isSafeInteger(amount) || amount <= 0 || !Number.isSafeInteger(ms)) {
    throw new ProfileInputError(argument, `must be a positive whole number (got ${amount})`);
  }
  return ms;
}

function checkPeriodMs(periodMs: number): void {
  if (!Number.isSafeInteger(periodMs) || periodMs <= 0) {
    throw new ProfileInputError('period_duration', `the period must be a positive whole number of milliseconds (got ${periodMs})`);
  }
}

export function periodId(epochMs: number, periodMs: number): number {
  return Math.floor(epochMs / periodMs);
}

export function periodById(id: number, periodMs: number): ProfilePeriod {
  return { id, start: id * periodMs, end: (id + 1) * periodMs };
}

function tooMany(count: number, argument: string): ProfileInputError {
  return new ProfileInputError(argument, `the selection has ${count.toLocaleString('en-US')} periods; at most ${MAX_PERIODS.toLocaleString('en-US')} are allowed (use longer periods or a shorter range)`);
}

/** PROFILE_FIXED: the periods from the one containing `now − lookbackMs` to the one containing `now`. */
export function fixedLookbackPeriods(now: number, lookbackMs: number, periodMs: number): ProfilePeriod[] {
  checkPeriodMs(periodMs);
  const start = now - lookbackMs;
  if (start < 0) throw new ProfileInputError('lookback', `reaches back before 1970-01-01 (now ${now} minus ${lookbackMs} ms)`);
  const first = periodId(start, periodMs);
  const last = periodId(now, periodMs);
  if (last - first + 1 > MAX_PERIODS) throw tooMany(last - first + 1, 'lookback');
  const periods: ProfilePeriod[] = [];
  for (let id = first; id <= last; id++) periods.push(periodById(id, periodMs));
  return periods;
}

/** PROFILE_WINDOW: each period whose start lies in a window (closed), once, oldest first. */
export function windowLookbackPeriods(windows: readonly TimeRange[], periodMs: number): ProfilePeriod[] {
  checkPeriodMs(periodMs);
  const periods: ProfilePeriod[] = [];
  let last = -Infinity;
  for (const w of windows) {
    // Windows are sorted by start and share one width, so their period ranges are sorted too; overlapping
    // windows (every < width) share periods, which are kept once.
    const first = Math.max(Math.ceil(w.start / periodMs), last + 1);
    const through = Math.floor(w.end / periodMs);
    if (through >= first && periods.length + (through - first + 1) > MAX_PERIODS) throw tooMany(periods.length + (through - first + 1), 'window');
    for (let id = first; id <= through; id++) periods.push(periodById(id, periodMs));
    if (through > last) last = through;
  }
  return periods;
}

/** A half-open range [start, end) of whole periods. */
export interface PeriodRange {
  start: number;
  end: number;
}

/**
 * Consecutive periods merged into half-open ranges [start, end): what a value source must read. A store answers
 * them in one query; a live source makes one request per range (adjacent windows already merged).
 */
export function periodRanges(periods: readonly ProfilePeriod[]): PeriodRange[] {
  const ranges: PeriodRange[] = [];
  for (const p of [...periods].sort((a, b) => a.id - b.id)) {
    const last = ranges[ranges.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else ranges.push({ start: p.start, end: p.end });
  }
  return ranges;
}
