// The profile computation (PROFILE_WINDOW / PROFILE_FIXED + PROFILE_GET), independent of where values come from:
//   planProfile   selector or fixed lookback, now, zone, period → windows, periods, the ranges to read (pure)
//   readProfile   plan + a value source → values (default-filled or skipped), stats, the latest period's z-score
// The latest period is the newest one that has ended at `now` (id ⌊now ÷ period⌋ − 1): the current one is still
// filling up. It is read in the same call as the baseline and compared with the baseline's stats.
import { ProfileInputError } from './errors.js';
import { parseSelector, type Selector, type Specifier } from './parser.js';
import {
  DEFAULT_PERIOD_MS,
  durationMs,
  durationUnit,
  fixedLookbackPeriods,
  periodById,
  periodId,
  periodRanges,
  windowLookbackPeriods,
  type PeriodRange,
  type ProfilePeriod,
} from './periods.js';
import { summarize, zScore, type Stats } from './stats.js';
import { checkNow, computeWindows, type TimeRange } from './windows.js';
import { DEFAULT_TIMEZONE, zone } from './zone.js';

export type ProfileSelection =
  /** PROFILE_WINDOW: a selector (text or parsed). */
  | { selector: string | Selector }
  /** PROFILE_FIXED: `lookback` × `units` back from now. */
  | { lookback: number; units: string };

export interface ProfileRequest {
  selection: ProfileSelection;
  now: number;
  /** IANA zone for day/date/holiday tests; default UTC. */
  timezone?: string;
  /** Period duration in ms; default 15 minutes. */
  periodMs?: number;
}

export interface ProfilePlan {
  /** The selector text, or `PROFILE_FIXED <n> <units>` for a fixed lookback. */
  selection: string;
  now: number;
  timezone: string;
  periodMs: number;
  windows: TimeRange[];
  periods: ProfilePeriod[];
  latest: ProfilePeriod;
  /** What the value source must read: the selected periods and the latest one, merged into half-open ranges. */
  ranges: PeriodRange[];
  /** `14-day weekday baseline`, for sentences. */
  baseline: string;
}

/**
 * Values per period id for the given half-open ranges (whole periods of `periodMs`). Ids it was not asked for
 * are ignored; a missing id is a period without data.
 */
export type ValueSource = (ranges: PeriodRange[], periodMs: number) => Promise<Map<number, number>>;

export interface ProfileValues {
  /** Every selected period; value null where there is no data and no default. */
  periods: Array<ProfilePeriod & { value: number | null }>;
  /** The profile (PROFILE_GET's list): values in period order, missing periods skipped or default-filled. */
  values: number[];
  stats: Stats;
  /** Absent when the latest period has no value (and there is no default). */
  latest?: { period: ProfilePeriod; value: number; zScore: number | null };
  /** How the latest period compares, in words: `… 3.4 σ above the 14-day weekday baseline …`. */
  comparison: string;
}

export function planProfile(request: ProfileRequest): ProfilePlan {
  const now = checkNow(request.now);
  const tz = zone(request.timezone ?? DEFAULT_TIMEZONE);
  const periodMs = request.periodMs ?? DEFAULT_PERIOD_MS;
  if (!Number.isSafeInteger(periodMs) || periodMs <= 0) {
    throw new ProfileInputError('period_duration', `the period must be a positive whole number of milliseconds (got ${periodMs})`);
  }
  let selection: string;
  let windows: TimeRange[];
  let periods: ProfilePeriod[];
  let baseline: string;
  if ('selector' in request.selection) {
    const selector = typeof request.selection.selector === 'string' ? parseSelector(request.selection.selector) : request.selection.selector;
    if (!selector) throw new ProfileInputError('window', 'the selector is empty; e.g. "1 hour window every 24 hours from 14 days ago"');
    selection = selector.source;
    windows = computeWindows(selector, { now, timezone: tz.name });
    periods = windowLookbackPeriods(windows, periodMs);
    baseline = describeBaseline(selector, tz.localDay(now).dayOfWeek);
  } else {
    const { lookback, units } = request.selection;
    const unit = durationUnit(units, 'units');
    const lookbackMs = durationMs(lookback, unit, 'lookback', 'units');
    selection = `PROFILE_FIXED ${lookback} ${unit}`;
    windows = [{ start: now - lookbackMs, end: now }];
    periods = fixedLookbackPeriods(now, lookbackMs, periodMs);
    baseline = `${lookback}-${unit.replace(/s$/, '')} baseline`;
  }
  const latest = periodById(periodId(now, periodMs) - 1, periodMs);
  const toRead = latest.id >= 0 ? [...periods, latest] : periods;
  return { selection, now, timezone: tz.name, periodMs, windows, periods, latest, ranges: periodRanges(toRead), baseline };
}

export async function readProfile(plan: ProfilePlan, source: ValueSource, options: { defaultValue?: number } = {}): Promise<ProfileValues> {
  const { defaultValue } = options;
  const read = plan.ranges.length ? await source(plan.ranges, plan.periodMs) : new Map<number, number>();
  const valueOf = (id: number): number | null => {
    const value = read.get(id);
    if (value === undefined) return defaultValue ?? null;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`The value source returned ${String(value)} for period ${id}; values must be finite numbers.`);
    return value;
  };
  const periods = plan.periods.map((p) => ({ ...p, value: valueOf(p.id) }));
  const values = periods.flatMap((p) => (p.value === null ? [] : [p.value]));
  const stats = summarize(values);
  const latestValue = plan.latest.id >= 0 ? valueOf(plan.latest.id) : null;
  const latest = latestValue === null ? undefined : { period: plan.latest, value: latestValue, zScore: zScore(latestValue, stats) };
  return { periods, values, stats, latest, comparison: compare(plan, stats, latest) };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** 12, 3.25, 1234 — short and exact enough for a sentence. */
export function formatNumber(x: number): string {
  if (Math.abs(x) >= 1000) return String(Math.round(x));
  return String(Math.round(x * 100) / 100);
}

function compare(plan: ProfilePlan, stats: Stats, latest: ProfileValues['latest']): string {
  const when = `the latest period (${iso(plan.latest.start)} to ${iso(plan.latest.end)})`;
  const periods = (n: number) => `${n} period${n === 1 ? '' : 's'}`;
  if (stats.count === 0) {
    const why = plan.periods.length ? `none of its ${periods(plan.periods.length)} has a value` : 'it selects no periods';
    return `No comparison: the ${plan.baseline} is empty (${why}).`;
  }
  const summary = `mean ${formatNumber(stats.mean!)}, σ ${stats.stdev === null ? 'n/a' : formatNumber(stats.stdev)} over ${periods(stats.count)}`;
  if (!latest) return `No value for ${when}; the ${plan.baseline} has ${summary}.`;
  const head = `${when[0].toUpperCase()}${when.slice(1)} is ${formatNumber(latest.value)}`;
  if (latest.zScore === null) {
    const why = stats.count === 1 ? 'it has only one period' : `every one of its ${periods(stats.count)} is ${formatNumber(stats.mean!)}`;
    const side = latest.value > stats.mean! ? 'above' : latest.value < stats.mean! ? 'below' : 'equal to';
    return `${head}, ${side} the ${plan.baseline} mean of ${formatNumber(stats.mean!)}; no z-score, as the baseline has no spread (${why}).`;
  }
  const z = Math.abs(latest.zScore).toFixed(1);
  const relation = z === '0.0' ? `level with the ${plan.baseline}` : `${z} σ ${latest.zScore > 0 ? 'above' : 'below'} the ${plan.baseline}`;
  return `${head}: ${relation} (${summary}).`;
}

const DAY_LABELS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `14-day weekday baseline excluding US holidays`: the span, the days it keeps and what it leaves out. */
export function describeBaseline(selector: Selector, nowDayOfWeek: number): string {
  const longest = selector.form === 'non-repeating'
    ? selector.width!
    : selector.to && selector.to.ms > selector.from!.ms ? selector.to : selector.from!;
  const span = `${longest.amount}-${longest.unit}`;
  const dayName = (s: Specifier) => (s.kind === 'day-of-week' ? DAY_LABELS[s.dayOfWeek - 1] : s.kind === 'this-day-of-week' ? DAY_LABELS[nowDayOfWeek - 1] : undefined);
  const excludesWeekend = selector.excludes.some((s) => s.kind === 'weekend')
    || (selector.excludes.some((s) => s.kind === 'day-of-week' && s.dayOfWeek === 6) && selector.excludes.some((s) => s.kind === 'day-of-week' && s.dayOfWeek === 7));
  let days = '';
  let folded: (s: Specifier) => boolean = () => false;
  let including = '';
  const inc = selector.includes;
  if (inc.length && inc.every((s) => dayName(s))) days = [...new Set(inc.map(dayName))].join('/');
  else if (inc.length === 1 && (inc[0].kind === 'weekday' || inc[0].kind === 'weekend')) days = inc[0].kind;
  else if (inc.length) including = ` including ${inc.map((s) => s.text).join(', ')}`;
  if (!inc.length && excludesWeekend) {
    days = 'weekday';
    folded = (s) => s.kind === 'weekend' || (s.kind === 'day-of-week' && s.dayOfWeek >= 6);
  } else if (!inc.length && selector.excludes.some((s) => s.kind === 'weekday')) {
    days = 'weekend';
    folded = (s) => s.kind === 'weekday';
  }
  const left = selector.excludes.filter((s) => !folded(s)).map((s) => {
    switch (s.kind) {
      case 'holiday': return `${s.calendar.label} holidays`;
      case 'date': return s.date;
      case 'day-of-week': return `${DAY_LABELS[s.dayOfWeek - 1]}s`;
      case 'this-day-of-week': return `${DAY_LABELS[nowDayOfWeek - 1]}s`;
      default: return `${s.kind}s`;
    }
  });
  const excluding = left.length ? ` excluding ${left.length > 1 ? `${left.slice(0, -1).join(', ')} and ${left[left.length - 1]}` : left[0]}` : '';
  return `${span}${days ? ` ${days}` : ''} baseline${including}${excluding}`;
}
