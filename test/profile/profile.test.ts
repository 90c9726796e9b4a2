// The profile engine with an in-memory value source: what it asks the source for (one call, merged ranges),
// default filling vs skipping (PROFILE_GET), stats, the latest period's z-score and the sentence stating it.
import { describe, expect, it } from 'vitest';
import {
  checkGroups,
  describeBaseline,
  parseSelector,
  planProfile,
  readProfile,
  summarize,
  zScore,
  type PeriodRange,
  type ValueSource,
} from '../../src/profile/index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const P15 = 15 * MINUTE;
/** Tue 2017-12-26 12:00 UTC. */
const DEC_26 = Date.UTC(2017, 11, 26, 12, 0);
const LATEST_ID = DEC_26 / P15 - 1;

/** A source that answers `value(id)` for every period in the ranges it is asked, recording each call. */
function source(value: (id: number) => number | undefined) {
  const calls: Array<{ ranges: PeriodRange[]; periodMs: number }> = [];
  const read: ValueSource = async (ranges, periodMs) => {
    calls.push({ ranges, periodMs });
    const out = new Map<number, number>();
    for (const r of ranges) {
      for (let id = r.start / periodMs; id < r.end / periodMs; id++) {
        const v = value(id);
        if (v !== undefined) out.set(id, v);
      }
    }
    return out;
  };
  return { read, calls };
}

/** 10 for the older half of the plan's periods, 20 for the newer half, `latest` for the latest period. */
function halves(plan: ReturnType<typeof planProfile>, latest: number) {
  const older = new Set(plan.periods.slice(0, plan.periods.length / 2).map((p) => p.id));
  return (id: number) => (id === plan.latest.id ? latest : older.has(id) ? 10 : 20);
}

describe('planProfile', () => {
  it('a selector: its windows, the periods they select, the latest complete period and one merged range list', () => {
    const plan = planProfile({ selection: { selector: '1 hour window every 24 hours from 3 days ago' }, now: DEC_26 });
    expect(plan.windows).toEqual([3, 2, 1].map((d) => ({ start: DEC_26 - d * DAY, end: DEC_26 - d * DAY + HOUR })));
    // aligned windows: five periods each (a period starting exactly at a window's end is inside it)
    expect(plan.periods.map((p) => p.id)).toEqual([3, 2, 1].flatMap((d) => [0, 1, 2, 3, 4].map((k) => (DEC_26 - d * DAY) / P15 + k)));
    expect(plan.latest).toEqual({ id: LATEST_ID, start: DEC_26 - P15, end: DEC_26 });
    expect(plan.ranges).toEqual([
      ...[3, 2, 1].map((d) => ({ start: DEC_26 - d * DAY, end: DEC_26 - d * DAY + HOUR + P15 })),
      { start: DEC_26 - P15, end: DEC_26 },
    ]);
    expect(plan).toMatchObject({ selection: '1 hour window every 24 hours from 3 days ago', now: DEC_26, timezone: 'UTC', periodMs: P15, baseline: '3-day baseline' });
  });

  it('a fixed lookback: one window [now − n units, now] and 4n + 1 periods; the latest period is inside it', () => {
    const plan = planProfile({ selection: { lookback: 4, units: 'HOURS' }, now: DEC_26 + 7 * MINUTE });
    expect(plan.windows).toEqual([{ start: DEC_26 + 7 * MINUTE - 4 * HOUR, end: DEC_26 + 7 * MINUTE }]);
    expect(plan.periods).toHaveLength(17);
    expect(plan.latest.id).toBe(LATEST_ID);
    expect(plan.ranges).toEqual([{ start: DEC_26 - 4 * HOUR, end: DEC_26 + P15 }]);
    expect(plan.selection).toBe('PROFILE_FIXED 4 hours');
    expect(plan.baseline).toBe('4-hour baseline');
  });

  it('period duration and zone are per call; input errors name their argument', () => {
    const plan = planProfile({ selection: { selector: '1 hour' }, now: DEC_26, periodMs: HOUR, timezone: 'europe/paris' });
    expect(plan.periods.map((p) => p.id)).toEqual([DEC_26 / HOUR - 1, DEC_26 / HOUR]);
    expect(plan.timezone).toBe('Europe/Paris');
    expect(() => planProfile({ selection: { selector: '' }, now: DEC_26 })).toThrow('window: the selector is empty; e.g. "1 hour window every 24 hours from 14 days ago"');
    expect(() => planProfile({ selection: { selector: 'from 30' }, now: DEC_26 })).toThrow('window: at 1:8: expected a time unit after "30"');
    expect(() => planProfile({ selection: { selector: '1 hour' }, now: DEC_26, periodMs: -5 })).toThrow('period_duration: the period must be a positive whole number of milliseconds (got -5)');
    expect(() => planProfile({ selection: { lookback: 4, units: 'weeks' }, now: DEC_26 })).toThrow('units: must be one of milliseconds, seconds, minutes, hours, days (got "weeks")');
    expect(() => planProfile({ selection: { selector: '1 hour' }, now: DEC_26, timezone: 'Nowhere' })).toThrow('timezone: unknown time zone "Nowhere".');
    const parsed = parseSelector('2 hours')!;
    expect(planProfile({ selection: { selector: parsed }, now: DEC_26 }).windows).toEqual([{ start: DEC_26 - 2 * HOUR, end: DEC_26 }]);
  });
});

describe('readProfile', () => {
  const selector = '1 hour window every 24 hours from 14 days ago excluding weekends';

  it('asks the source once for every window and the latest period, and states the z-score in words', async () => {
    const plan = planProfile({ selection: { selector }, now: DEC_26 });
    expect(plan.windows).toHaveLength(10);
    expect(plan.periods).toHaveLength(50);
    // 10 in the older half of the baseline, 20 in the newer half, 40 in the latest period
    const s = source(halves(plan, 40));
    const result = await readProfile(plan, s.read);
    expect(s.calls).toEqual([{ ranges: plan.ranges, periodMs: P15 }]);
    expect(s.calls[0].ranges).toHaveLength(11);
    expect(result.values).toHaveLength(50);
    expect(result.stats).toEqual({ count: 50, mean: 15, stdev: Math.sqrt((50 * 25) / 49), min: 10, max: 20, median: 15 });
    expect(result.latest).toEqual({ period: plan.latest, value: 40, zScore: 25 / Math.sqrt((50 * 25) / 49) });
    expect(result.comparison).toBe(
      'The latest period (2017-12-26T11:45:00.000Z to 2017-12-26T12:00:00.000Z) is 40: 4.9 σ above the 14-day weekday baseline (mean 15, σ 5.05 over 50 periods).',
    );
  });

  it('missing periods are skipped, or filled with default_value', async () => {
    const plan = planProfile({ selection: { selector: '1 hour' }, now: DEC_26 - 7 * MINUTE });
    const first = plan.periods[0].id;
    const s = source((id) => (id === first ? 5 : id === first + 2 ? 9 : undefined));
    const skipped = await readProfile(plan, s.read);
    expect(skipped.periods.map((p) => p.value)).toEqual([5, null, 9, null]);
    expect(skipped.values).toEqual([5, 9]);
    expect(skipped.stats).toMatchObject({ count: 2, mean: 7, median: 7 });
    const filled = await readProfile(plan, s.read, { defaultValue: 0 });
    expect(filled.periods.map((p) => p.value)).toEqual([5, 0, 9, 0]);
    expect(filled.values).toEqual([5, 0, 9, 0]);
    expect(filled.stats).toEqual({ count: 4, mean: 3.5, stdev: Math.sqrt((1.5 ** 2 + 3.5 ** 2 + 5.5 ** 2 + 3.5 ** 2) / 3), min: 0, max: 9, median: 2.5 });
  });

  it('says so when there is nothing to compare', async () => {
    const plan = planProfile({ selection: { selector }, now: DEC_26 });
    const none = await readProfile(plan, source(() => undefined).read);
    expect(none.latest).toBeUndefined();
    expect(none.comparison).toBe('No comparison: the 14-day weekday baseline is empty (none of its 50 periods has a value).');
    const empty = planProfile({ selection: { selector: '30 minute window every 24 hours from 7 days ago including saturdays excluding weekends' }, now: DEC_26 });
    const nothing = source(() => 1);
    expect((await readProfile(empty, nothing.read)).comparison).toBe('No comparison: the 7-day Saturday baseline excluding weekends is empty (it selects no periods).');
    const noLatest = await readProfile(plan, source((id) => (id === LATEST_ID ? undefined : 3)).read);
    expect(noLatest.latest).toBeUndefined();
    expect(noLatest.comparison).toBe('No value for the latest period (2017-12-26T11:45:00.000Z to 2017-12-26T12:00:00.000Z); the 14-day weekday baseline has mean 3, σ 0 over 50 periods.');
    const flat = await readProfile(plan, source((id) => (id === LATEST_ID ? 4 : 3)).read);
    expect(flat.latest).toEqual({ period: plan.latest, value: 4, zScore: null });
    expect(flat.comparison).toBe(
      'The latest period (2017-12-26T11:45:00.000Z to 2017-12-26T12:00:00.000Z) is 4, above the 14-day weekday baseline mean of 3; no z-score, as the baseline has no spread (every one of its 50 periods is 3).',
    );
    const level = await readProfile(plan, source(halves(plan, 15)).read);
    expect(level.comparison).toBe('The latest period (2017-12-26T11:45:00.000Z to 2017-12-26T12:00:00.000Z) is 15: level with the 14-day weekday baseline (mean 15, σ 5.05 over 50 periods).');
    const below = await readProfile(plan, source(halves(plan, 0)).read);
    expect(below.comparison).toMatch(/is 0: 3\.0 σ below the 14-day weekday baseline/);
  });

  it('refuses a source that answers a value which is not a finite number', async () => {
    const plan = planProfile({ selection: { selector: '1 hour' }, now: DEC_26 });
    await expect(readProfile(plan, source(() => Number.NaN).read)).rejects.toThrow(`The value source returned NaN for period ${plan.periods[0].id}; values must be finite numbers.`);
  });
});

describe('describeBaseline', () => {
  const TUESDAY = 2;
  const label = (text: string) => describeBaseline(parseSelector(text)!, TUESDAY);
  it('names the span, the days kept and what is left out', () => {
    expect(label('1 hour window every 24 hours from 14 days ago excluding weekends')).toBe('14-day weekday baseline');
    expect(label('1 hour window every 24 hours from 14 days ago excluding weekends, holidays:us')).toBe('14-day weekday baseline excluding US holidays');
    expect(label('1 hour window every 24 hours from 14 days ago excluding saturdays, sundays, holidays:us:ny, date:2017/12/20')).toBe('14-day weekday baseline excluding US-NY holidays and 2017-12-20');
    expect(label('1 hour window every 24 hours from 56 days ago including this day of the week')).toBe('56-day Tuesday baseline');
    expect(label('1 hour window every 24 hours from 56 days ago including mondays, fridays excluding holidays')).toBe('56-day Monday/Friday baseline excluding US holidays');
    expect(label('1 hour window every 24 hours from 14 days ago including weekdays')).toBe('14-day weekday baseline');
    expect(label('1 hour window every 24 hours from 14 days ago excluding weekdays')).toBe('14-day weekend baseline');
    expect(label('1 hour window every 24 hours from 14 days ago including holidays:gb, mondays')).toBe('14-day baseline including holidays:gb, mondays');
    expect(label('2 hours')).toBe('2-hour baseline');
    expect(label('from 30 minutes ago to 90 minutes ago')).toBe('90-minute baseline');
    expect(label('1 hour window every 1 day from 1 day ago excluding mondays')).toBe('1-day baseline excluding Mondays');
  });
});

describe('stats', () => {
  it('count, mean, sample stdev, min, max, median', () => {
    expect(summarize([])).toEqual({ count: 0, mean: null, stdev: null, min: null, max: null, median: null });
    expect(summarize([7])).toEqual({ count: 1, mean: 7, stdev: null, min: 7, max: 7, median: 7 });
    expect(summarize([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ count: 8, mean: 5, stdev: Math.sqrt(32 / 7), min: 2, max: 9, median: 4.5 });
    expect(summarize([3, 1, 2])).toMatchObject({ median: 2 });
    expect(zScore(9, summarize([2, 4, 4, 4, 5, 5, 7, 9]))).toBe(4 / Math.sqrt(32 / 7));
    expect(zScore(9, summarize([7]))).toBeNull();
    expect(zScore(9, summarize([7, 7]))).toBeNull();
  });
});

describe('groups', () => {
  it('pairs each value with its group key, in the descriptor order', () => {
    expect(checkGroups(['80', 6], ['port', 'protocol'], 'connections')).toEqual([{ key: 'port', value: '80' }, { key: 'protocol', value: '6' }]);
    expect(checkGroups(undefined, [], 'connections')).toEqual([]);
    expect(checkGroups([], [], 'connections')).toEqual([]);
  });

  it('a wrong count is a 400 naming the keys (Metron returns an empty list)', () => {
    const err = (() => {
      try {
        checkGroups(['80'], ['port', 'protocol'], 'connections');
      } catch (e) {
        return e as Error & { argument: string; code: string };
      }
      throw new Error('accepted');
    })();
    expect(err).toMatchObject({ argument: 'groups', code: 'INVALID_ARGUMENTS' });
    expect(err.message).toBe('groups: profile "connections" is grouped by 2 keys, port, protocol: give exactly one value for each, in that order, e.g. groups=<port>,<protocol> (got 1: "80")');
    expect(() => checkGroups(undefined, ['port'], 'connections')).toThrow('groups: profile "connections" is grouped by 1 key, port: give exactly one value for each, in that order, e.g. groups=<port> (got none)');
    expect(() => checkGroups(['a', 'b'], [], 'bytes')).toThrow('groups: profile "bytes" has no group keys, so groups must be empty (got 2: "a", "b")');
  });
});
