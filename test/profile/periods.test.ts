// Reference §a.4: ProfilePeriod arithmetic, PROFILE_FIXED (fixed lookback) and PROFILE_WINDOW (window lookback),
// with Metron's own test vectors.
import { describe, expect, it } from 'vitest';
import {
  computeWindows,
  durationMs,
  durationUnit,
  fixedLookbackPeriods,
  MAX_PERIODS,
  parseSelector,
  periodById,
  periodId,
  periodRanges,
  ProfileInputError,
  windowLookbackPeriods,
} from '../../src/profile/index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const P15 = 15 * MINUTE;
/** Thu 2016-08-25 13:27:10.748 UTC (ProfilePeriodTest). */
const ODD_NOW = 1472131630748;
/** 2016-08-25 13:15:00 UTC: on a 15-minute boundary. */
const ALIGNED_NOW = 1472130900000;

const windowPeriods = (selector: string, now: number, periodMs = P15) => windowLookbackPeriods(computeWindows(parseSelector(selector), { now }), periodMs);
const ids = (periods: Array<{ id: number }>) => periods.map((p) => p.id);
const range = (from: number, through: number) => Array.from({ length: through - from + 1 }, (_, i) => from + i);

describe('ProfilePeriod', () => {
  it('id = ⌊epochMs ÷ duration⌋: the ProfilePeriodTest vectors', () => {
    expect(periodId(ODD_NOW, MINUTE)).toBe(24535527);
    expect(periodId(ODD_NOW, P15)).toBe(1635701);
    expect(periodId(ODD_NOW, HOUR)).toBe(408925);
    expect(periodId(ODD_NOW, 2 * HOUR)).toBe(204462);
    expect(periodId(ODD_NOW, 8 * HOUR)).toBe(51115);
  });

  it('start = id × duration, end = start + duration; period 0 begins at the epoch', () => {
    expect(periodById(1635701, P15)).toEqual({ id: 1635701, start: 1472130900000, end: 1472131800000 });
    expect(periodById(0, P15)).toEqual({ id: 0, start: 0, end: P15 });
    expect(periodId(1472130900000, P15)).toBe(1635701);
    expect(periodId(1472131799999, P15)).toBe(1635701);
    expect(periodId(1472131800000, P15)).toBe(1635702);
  });
});

describe('fixed lookback (PROFILE_FIXED)', () => {
  it('every period from the one containing now − lookback to the one containing now: 4 hours at 15 minutes = 17', () => {
    for (const now of [ODD_NOW, ALIGNED_NOW]) {
      const periods = fixedLookbackPeriods(now, 4 * HOUR, P15);
      expect(periods).toHaveLength(17);
      expect(periods[0].start).toBeLessThanOrEqual(now - 4 * HOUR);
      expect(periods[0].end).toBeGreaterThan(now - 4 * HOUR);
      expect(periods[16]).toEqual(periodById(periodId(now, P15), P15));
      expect(ids(periods)).toEqual(range(periods[0].id, periods[0].id + 16));
    }
    expect(ids(fixedLookbackPeriods(ODD_NOW, 4 * HOUR, P15))).toEqual(range(1635685, 1635701));
  });

  it('4 seconds is one period; units are Java TimeUnit names in any case, singular or plural', () => {
    expect(fixedLookbackPeriods(ODD_NOW, durationMs(4, 'SECONDS', 'lookback'), P15)).toHaveLength(1);
    expect(durationUnit('HOURS', 'units')).toBe('hours');
    expect(durationUnit('minute', 'units')).toBe('minutes');
    expect(durationMs(2, 'days', 'lookback')).toBe(172_800_000);
    expect(() => durationUnit('MONTHS', 'units')).toThrow('units: must be one of milliseconds, seconds, minutes, hours, days (got "MONTHS")');
    expect(() => durationMs(0, 'hours', 'lookback')).toThrow('lookback: must be a positive whole number (got 0)');
    expect(() => durationMs(1.5, 'hours', 'lookback')).toThrow('lookback: must be a positive whole number (got 1.5)');
  });

  it('refuses a lookback before the epoch and more than MAX_PERIODS periods', () => {
    expect(() => fixedLookbackPeriods(HOUR, 2 * HOUR, P15)).toThrow('lookback: reaches back before 1970-01-01 (now 3600000 minus 7200000 ms)');
    expect(() => fixedLookbackPeriods(ODD_NOW, 2000 * 86_400_000, 1000)).toThrow(ProfileInputError);
    expect(fixedLookbackPeriods(ODD_NOW, (MAX_PERIODS - 2) * 1000, 1000)).toHaveLength(MAX_PERIODS - 1);
    expect(() => fixedLookbackPeriods(ODD_NOW, HOUR, 0)).toThrow('period_duration: the period must be a positive whole number of milliseconds (got 0)');
  });
});

describe('window lookback (PROFILE_WINDOW): a period is kept iff its start lies in a window, closed at both ends', () => {
  it('dense "1 hour": 4 periods at an unaligned now, 5 at an aligned one', () => {
    expect(ids(windowPeriods('1 hour', ODD_NOW))).toEqual(range(1635698, 1635701));
    expect(ids(windowPeriods('1 hour', ALIGNED_NOW))).toEqual(range(1635697, 1635701));
  });

  it('"from 2 hours ago to 30 minutes ago" → 90 minutes ÷ 15 = 6 contiguous periods', () => {
    expect(ids(windowPeriods('from 2 hours ago to 30 minutes ago', ODD_NOW))).toEqual(range(1635694, 1635699));
  });

  it('"30 minute window every 1 hour from 2 hours ago to 30 minutes ago" → 4 periods in two runs', () => {
    const periods = windowPeriods('30 minute window every 1 hour from 2 hours ago to 30 minutes ago', ODD_NOW);
    expect(ids(periods)).toEqual([1635694, 1635695, 1635698, 1635699]);
    for (const p of periods) expect(p).toEqual(periodById(p.id, P15));
  });

  it('1-minute periods: "1 hour" is 60 periods (testSpecifyingConfig)', () => {
    expect(windowPeriods('1 hour', ODD_NOW, MINUTE)).toHaveLength(60);
  });

  it('windows narrower than a period can select nothing; no windows, no periods', () => {
    expect(windowPeriods('1 minute window every 1 hour from 3 hours ago', ODD_NOW)).toEqual([]);
    expect(windowPeriods('30 minute window every 24 hours from 7 days ago including saturdays excluding weekends', ODD_NOW)).toEqual([]);
  });

  it('periods shared by overlapping windows are kept once, in order', () => {
    expect(ids(windowPeriods('1 hour window every 30 minutes from 2 hours ago', ALIGNED_NOW))).toEqual(range(1635693, 1635701));
  });

  it('refuses more than MAX_PERIODS periods', () => {
    expect(() => windowPeriods('from 3 days ago', ODD_NOW, 1000)).toThrow('window: the selection has 259,200 periods; at most 100,000 are allowed (use longer periods or a shorter range)');
  });
});

describe('period ranges: what a value source reads', () => {
  it('merges consecutive periods into half-open ranges, sorted', () => {
    const periods = [1635694, 1635695, 1635698, 1635699, 1635700].map((id) => periodById(id, P15));
    expect(periodRanges(periods)).toEqual([
      { start: 1635694 * P15, end: 1635696 * P15 },
      { start: 1635698 * P15, end: 1635701 * P15 },
    ]);
    expect(periodRanges([periodById(9, P15), periodById(7, P15), periodById(8, P15)])).toEqual([{ start: 7 * P15, end: 10 * P15 }]);
    expect(periodRanges([])).toEqual([]);
  });
});
