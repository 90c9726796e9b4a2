// Reference §a.2: window computation and the inclusion/exclusion predicates, to the millisecond. The worked
// examples are Metron's WindowProcessorTest cases, with `now` fixed (Metron used the wall clock and the JVM zone;
// here the zone is explicit, UTC unless a test says otherwise).
import { describe, expect, it } from 'vitest';
import { computeWindows, parseSelector, ProfileInputError, SelectorError, MAX_WINDOWS, type TimeRange } from '../../src/profile/index.js';

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Tue 2017-12-26 12:00 UTC: the "2017/12/26 12:00" of Metron's holiday and date tests. */
const DEC_26 = Date.UTC(2017, 11, 26, 12, 0);
/** Thu 2016-08-25 13:27:10.748 UTC, an instant on no period boundary. */
const ODD_NOW = 1472131630748;

function windows(selector: string, now: number, timezone?: string): TimeRange[] {
  return computeWindows(parseSelector(selector), { now, timezone });
}
const pairs = (selector: string, now: number, timezone?: string) => windows(selector, now, timezone).map((w) => [w.start, w.end]);
const utcDates = (ws: TimeRange[]) => ws.map((w) => new Date(w.start).toISOString().slice(0, 10));
function failure(fn: () => unknown): ProfileInputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProfileInputError);
    return err as ProfileInputError;
  }
  throw new Error('no error');
}

describe('start, end and width (a.2)', () => {
  it('units are fixed factors; a day is 86,400,000 ms even across a DST change', () => {
    expect(pairs('1 second', ODD_NOW)).toEqual([[ODD_NOW - SECOND, ODD_NOW]]);
    expect(pairs('1 minute', ODD_NOW)).toEqual([[ODD_NOW - MINUTE, ODD_NOW]]);
    // 2017-03-13 00:00 New York is 23 hours after 2017-03-12 00:00 (DST began): "1 day" is still 24 hours.
    const monday = Date.UTC(2017, 2, 13, 4, 0);
    expect(pairs('1 day', monday, 'America/New_York')).toEqual([[monday - DAY, monday]]);
  });

  it('difference: widths and steps are exact beyond 24.8 days (Metron keeps them in a Java int)', () => {
    expect(pairs('30 days', DEC_26)).toEqual([[DEC_26 - 30 * DAY, DEC_26]]);
    expect(pairs('1 hour window every 30 days from 90 days ago', DEC_26)).toEqual([90, 60, 30].map((d) => [DEC_26 - d * DAY, DEC_26 - d * DAY + HOUR]));
  });

  it('width only: exactly one window [now − width, now]', () => {
    for (const text of ['1 hour', '1 hour(s)', '1 hours', '1 hour window']) expect(pairs(text, ODD_NOW)).toEqual([[ODD_NOW - HOUR, ODD_NOW]]);
  });

  it('range only (dense): one window; from/to in either order; "ago" changes nothing; no "to" ends now', () => {
    for (const text of [
      'from 2 hours ago to 30 minutes ago',
      'starting from 2 hours until 30 minutes',
      'starting from 2 hours ago until 30 minutes ago',
      'starting from 30 minutes ago until 2 hours ago',
      'from 30 minutes ago to 2 hours ago ',
    ]) expect(pairs(text, ODD_NOW)).toEqual([[ODD_NOW - 2 * HOUR, ODD_NOW - 30 * MINUTE]]);
    for (const text of ['from 1 hour ago', 'from 1 hour', 'starting from 1 hour ago', 'starting from 1 hour']) {
      expect(pairs(text, ODD_NOW)).toEqual([[ODD_NOW - HOUR, ODD_NOW]]);
    }
  });

  it('zero width is allowed: "from 1 hour ago to 1 hour ago" is [x, x]', () => {
    expect(pairs('from 1 hour ago to 1 hour ago', ODD_NOW)).toEqual([[ODD_NOW - HOUR, ODD_NOW - HOUR]]);
  });
});

describe('repeating windows (a.2 Window.toIntervals)', () => {
  it('start-anchored, oldest first, closed at the end: "30 minute window every 1 hour from 2 hours ago to 30 minutes ago" → 2', () => {
    for (const text of [
      '30 minute window every 1 hour from 2 hours ago to 30 minutes ago',
      '30 minute window every 1 hour starting from 2 hours ago to 30 minutes ago',
      '30 minute window every 1 hour starting from 2 hours ago until 30 minutes ago',
      '30 minutes window for every 1 hour from 30 minutes ago to 2 hours ago',
    ]) {
      expect(pairs(text, ODD_NOW)).toEqual([
        [ODD_NOW - 2 * HOUR, ODD_NOW - 2 * HOUR + 30 * MINUTE],
        [ODD_NOW - HOUR, ODD_NOW - HOUR + 30 * MINUTE],
      ]);
    }
  });

  it('repeats until now: "30 minute window every 1 hour from 3 hours ago" → 3', () => {
    expect(pairs('30 minute window every 1 hour from 3 hours ago', ODD_NOW)).toEqual([
      [ODD_NOW - 3 * HOUR, ODD_NOW - 3 * HOUR + 30 * MINUTE],
      [ODD_NOW - 2 * HOUR, ODD_NOW - 2 * HOUR + 30 * MINUTE],
      [ODD_NOW - HOUR, ODD_NOW - HOUR + 30 * MINUTE],
    ]);
  });

  it('the trailing partial window is dropped: "30 minute window every 24 hours from 14 days ago" → 14, not 15', () => {
    const ws = windows('30 minute window every 24 hours from 14 days ago', DEC_26);
    expect(ws).toHaveLength(14);
    expect(ws[0]).toEqual({ start: DEC_26 - 14 * DAY, end: DEC_26 - 14 * DAY + 30 * MINUTE });
    expect(ws[13]).toEqual({ start: DEC_26 - DAY, end: DEC_26 - DAY + 30 * MINUTE });
  });

  it('windows overlap when every < width: "1 hour window every 30 minutes from 3 hours ago" → 5', () => {
    expect(pairs('1 hour window every 30 minutes from 3 hours ago', ODD_NOW)).toEqual(
      [3, 2.5, 2, 1.5, 1].map((h) => [ODD_NOW - h * HOUR, ODD_NOW - h * HOUR + HOUR]),
    );
  });

  it('a window wider than the range yields none: "2 hour window every 1 hour from 1 hour ago" → 0', () => {
    expect(pairs('2 hour window every 1 hour from 1 hour ago', ODD_NOW)).toEqual([]);
  });

  it('a negative start yields nothing at all, even windows that would start at or after the epoch', () => {
    expect(pairs('30 minute window every 1 hour from 3 hours ago', 2.5 * HOUR)).toEqual([]);
    expect(pairs('from 2 hours ago', HOUR)).toEqual([]);
    expect(pairs('2 hours', HOUR)).toEqual([]);
    // start exactly at the epoch is fine
    expect(pairs('30 minute window every 1 hour from 2 hours ago', 2 * HOUR)).toEqual([[0, 30 * MINUTE], [HOUR, HOUR + 30 * MINUTE]]);
  });

  it('refuses a selector with more than MAX_WINDOWS candidate windows instead of running it', () => {
    const err = failure(() => windows('1 second window every 1 second from 100 days ago', DEC_26));
    expect(err.argument).toBe('window');
    expect(err.reason).toBe('"1 second window every 1 second from 100 days ago" would make 8,640,000 windows; at most 100,000 are allowed (use a longer "every" or a shorter range)');
    expect(windows('1 second window every 1 second from 100000 seconds ago', DEC_26)).toHaveLength(MAX_WINDOWS);
  });

  it('a blank selector (null) has no windows; `now` must be epoch ms', () => {
    expect(computeWindows(null, { now: DEC_26 })).toEqual([]);
    for (const now of [-1, 1.5, Number.NaN, 9e15]) {
      expect(failure(() => windows('1 hour', now)).message).toBe(`now: must be epoch milliseconds between 0 and 8640000000000000 (got ${now})`);
    }
  });
});

describe('inclusions and exclusions, on the window start (a.2 filtering)', () => {
  it('"including tuesdays" over 14 days is 2 windows, and "this day of the week" is 2 windows, whatever the day', () => {
    for (let d = 0; d < 7; d++) {
      const now = DEC_26 + d * DAY + 7 * MINUTE;
      expect(windows('30 minute window every 24 hours from 14 days ago including tuesdays', now)).toHaveLength(2);
      const same = windows('30 minute window every 24 hours from 14 days ago including this day of the week', now);
      expect(same.map((w) => new Date(w.start).getUTCDay())).toEqual([new Date(now).getUTCDay(), new Date(now).getUTCDay()]);
      expect(windows('30 minute window every 24 hours from 14 days ago including current day of week', now)).toEqual(same);
    }
  });

  it('exclusions trump inclusions: "including saturdays excluding weekends" → 0', () => {
    for (let d = 0; d < 7; d++) {
      expect(windows('30 minute window every 24 hours from 7 days ago including saturdays excluding weekends', DEC_26 + d * DAY)).toEqual([]);
    }
  });

  it('weekday = Monday–Friday, weekend = Saturday and Sunday: 7 days excluding weekends → 5, excluding weekdays → 2', () => {
    expect(utcDates(windows('30 minute window every 24 hours from 7 days ago excluding weekends', DEC_26))).toEqual(['2017-12-19', '2017-12-20', '2017-12-21', '2017-12-22', '2017-12-25']);
    expect(utcDates(windows('30 minute window every 24 hours from 7 days ago excluding weekdays', DEC_26))).toEqual(['2017-12-23', '2017-12-24']);
    expect(utcDates(windows('30 minute window every 24 hours from 7 days ago including weekends', DEC_26))).toEqual(['2017-12-23', '2017-12-24']);
    expect(utcDates(windows('30 minute window every 24 hours from 7 days ago including monday, friday', DEC_26))).toEqual(['2017-12-22', '2017-12-25']);
  });

  it('a window is judged by its start: a Sunday 23:45 window that ends on Monday is a Sunday window', () => {
    const mondayMidnight = Date.UTC(2017, 11, 25, 0, 15);
    expect(pairs('30 minute window every 1 hour from 30 minutes ago including sundays', mondayMidnight)).toEqual([[mondayMidnight - 30 * MINUTE, mondayMidnight]]);
    expect(pairs('30 minute window every 1 hour from 30 minutes ago including mondays', mondayMidnight)).toEqual([]);
  });

  it('including US holidays excluding weekends at 2017-12-26 12:00 → Christmas Day only', () => {
    expect(pairs('30 minute window every 24 hours from 7 days ago including holidays:us excluding weekends', DEC_26)).toEqual([
      [Date.UTC(2017, 11, 25, 12), Date.UTC(2017, 11, 25, 12, 30)],
    ]);
  });

  it('excluding US holidays over 14 days: 13 at Christmas, 14 in August', () => {
    expect(windows('30 minute window every 24 hours from 14 days ago excluding holidays:us', DEC_26)).toHaveLength(13);
    expect(windows('30 minute window every 24 hours from 14 days ago excluding holidays:us:ny', DEC_26)).toHaveLength(13);
    expect(windows('30 minute window every 24 hours from 14 days ago excluding holidays:us', Date.UTC(2017, 7, 26, 12))).toHaveLength(14);
  });

  it('date:<day>[:<pattern>] matches that calendar day; several dates come out in time order', () => {
    for (const text of [
      '30 minute window every 24 hours from 14 days ago including date:20171225:yyyyMMdd',
      '30 minute window every 24 hours from 14 days ago including date:2017-12-25:yyyy-MM-dd',
      '30 minute window every 24 hours from 14 days ago including date:2017/12/25',
      '30 minute window every 24 hours from 14 days ago including DATE:25.12.2017:dd.MM.yyyy',
      '30 minute window every 24 hours from 14 days ago including date:25-Dec-2017:dd-MMM-yyyy',
      '30 minute window every 24 hours from 14 days ago including date:2017/12/25:yyyy/MM/dd:ignored',
    ]) expect(pairs(text, DEC_26)).toEqual([[Date.UTC(2017, 11, 25, 12), Date.UTC(2017, 11, 25, 12, 30)]]);
    expect(windows('30 minute window every 24 hours from 14 days ago excluding date:2017/12/25', DEC_26)).toHaveLength(13);
    expect(utcDates(windows('30 minute window every 24 hours from 14 days ago including date:2017/12/25, date:2017/12/24', DEC_26))).toEqual(['2017-12-24', '2017-12-25']);
  });
});

describe('explicit time zone (difference: Metron used the JVM default zone)', () => {
  /** Wed 2017-03-15 00:15 in New York (04:15 UTC), three days after DST began. */
  const AFTER_DST = Date.UTC(2017, 2, 15, 4, 15);

  it("the README's DST warning appears only when asked for: 6 weekday windows in New York, 5 in UTC", () => {
    const selector = '30 minute window every 24 hours from 7 days ago';
    const all = windows(selector, AFTER_DST, 'America/New_York');
    expect(all).toHaveLength(7);
    const local = (ms: number) => new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
    expect(all.map((w) => local(w.start))).toEqual(['Tue 23:15', 'Wed 23:15', 'Thu 23:15', 'Fri 23:15', 'Sat 23:15', 'Mon 00:15', 'Tue 00:15']);
    expect(windows(`${selector} excluding weekends`, AFTER_DST, 'America/New_York')).toHaveLength(6);
    expect(windows(`${selector} excluding weekends`, AFTER_DST)).toHaveLength(5);
    expect(windows(`${selector} excluding weekends`, AFTER_DST, 'UTC')).toHaveLength(5);
  });

  it('day, date, holiday and "this day of the week" tests read the calendar in the given zone', () => {
    // 2017-12-25 02:00 UTC is Christmas in UTC but still Sunday 24 December in Los Angeles.
    const now = Date.UTC(2017, 11, 25, 2, 30);
    const selector = (spec: string) => `30 minute window every 1 hour from 30 minutes ago including ${spec}`;
    expect(windows(selector('holidays:us'), now)).toHaveLength(1);
    expect(windows(selector('holidays:us'), now, 'America/Los_Angeles')).toHaveLength(0);
    expect(windows(selector('date:2017/12/25'), now)).toHaveLength(1);
    expect(windows(selector('date:2017/12/24'), now, 'America/Los_Angeles')).toHaveLength(1);
    expect(windows(selector('mondays'), now)).toHaveLength(1);
    expect(windows(selector('sundays'), now, 'America/Los_Angeles')).toHaveLength(1);
    // "now" is Monday in UTC, Sunday in LA: 14 days, "this day of the week" picks Mondays or Sundays.
    const days = (tz: string) => windows('30 minute window every 24 hours from 14 days ago including this day of the week', now, tz)
      .map((w) => new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'long' }).format(w.start));
    expect(days('UTC')).toEqual(['Monday', 'Monday']);
    expect(days('America/Los_Angeles')).toEqual(['Sunday', 'Sunday']);
  });

  it('an unknown zone is a `timezone` error with the closest valid name', () => {
    const err = failure(() => windows('1 hour', DEC_26, 'Europe/Londn'));
    expect(err.argument).toBe('timezone');
    expect(err.message).toBe('timezone: unknown time zone "Europe/Londn". Did you mean "Europe/London"? Use an IANA name such as "UTC", "Europe/London" or "America/New_York".');
    expect(failure(() => windows('1 hour', DEC_26, 'Mars/Base')).message).toBe('timezone: unknown time zone "Mars/Base". Use an IANA name such as "UTC", "Europe/London" or "America/New_York".');
    // Intl's own case-insensitivity is kept
    expect(windows('1 hour including tuesdays', DEC_26, 'america/new_york')).toHaveLength(1);
  });
});

describe('holidays (a.2 holiday(s); date-holidays, public holidays only)', () => {
  const at = (date: string, spec: string) => {
    const now = Date.parse(`${date}T12:30:00Z`);
    return windows(`30 minute window every 1 hour from 30 minutes ago including ${spec}`, now).length === 1;
  };

  it('no argument means US (Metron under the en_US locale); the country is case-insensitive', () => {
    expect(at('2017-12-25', 'holidays')).toBe(true);
    expect(at('2017-12-25', 'holiday')).toBe(true);
    expect(at('2017-07-04', 'holidays:US')).toBe(true);
    expect(at('2017-07-05', 'holidays:us')).toBe(false);
  });

  it('the US national set has no observed or substitute days (2017-01-02 is not a holiday)', () => {
    expect(at('2017-01-01', 'holidays:us')).toBe(true);
    expect(at('2017-01-02', 'holidays:us')).toBe(false);
    for (const date of ['2017-01-16', '2017-02-20', '2017-05-29', '2017-09-04', '2017-10-09', '2017-11-11', '2017-11-23']) expect(at(date, 'holidays:us')).toBe(true);
  });

  it('a state or region narrows the calendar: Lincoln\'s Birthday 2018-02-12 is a New York holiday, not a national one', () => {
    expect(at('2018-02-12', 'holidays:us:ny')).toBe(true);
    expect(at('2018-02-12', 'holidays:US:NY')).toBe(true);
    expect(at('2018-02-12', 'holidays:us')).toBe(false);
    expect(at('2017-12-26', 'holidays:gb:eng')).toBe(true);
    expect(at('2017-12-26', 'holidays:us')).toBe(false);
    expect(at('2017-08-08', 'holidays:de:by:a')).toBe(true);
    expect(at('2017-08-08', 'holidays:de:by')).toBe(false);
    expect(at('2017-08-20', 'holidays:hu')).toBe(true);
  });

  it('a multi-day holiday covers each of its days', () => {
    for (const date of ['2018-01-02', '2018-01-03', '2018-01-04', '2018-01-05', '2018-01-06']) expect(at(date, 'holidays:ru')).toBe(true);
    expect(at('2018-01-09', 'holidays:ru')).toBe(false);
  });

  it('difference: an unknown country is an error listing the valid ones (Metron: "Cannot instantiate configuration")', () => {
    let err: unknown;
    try {
      parseSelector('1 hour including holidays:xx');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SelectorError);
    const reason = (err as SelectorError).reason;
    expect(reason).toMatch(/^at 1:26: unknown holiday calendar "xx"\. Valid countries: AD, AE, AG, /);
    const list = reason.split('Valid countries: ')[1].split(', ');
    expect(list).toHaveLength(207);
    expect(list).toEqual(expect.arrayContaining(['US', 'GB', 'DE', 'HU']));
    expect(() => parseSelector('1 hour including holidays:germany')).toThrow('unknown holiday calendar "germany". Did you mean "de" (Germany)? Valid countries: AD,');
  });

  it('difference: an unknown state or region is an error listing the valid ones (Metron ignores it: us:nyc = us)', () => {
    expect(() => parseSelector('1 hour including holidays:us:nyc')).toThrow(
      'window: at 1:29: unknown region "nyc" of US. Did you mean "NY" (New York)? Valid regions of US: AK, AL, AR, AZ, CA, CO, CT, DC, DE, FL, GA, HI, IA, ID, IL, IN, KS, KY, LA, MA, MD, ME, MI, MN, MO, MS, MT, NC, ND, NE, NH, NJ, NM, NV, NY, OH, OK, OR, PA, RI, SC, SD, TN, TX, UT, VA, VT, WA, WI, WV, WY',
    );
    expect(() => parseSelector('1 hour including holidays:us:ny:nyc')).toThrow('window: at 1:32: US-NY (New York) has no smaller regions; use holidays:us:ny');
    expect(() => parseSelector('1 hour including holidays:hu:bp')).toThrow('window: at 1:29: HU (Hungary) has no regions; use holidays:hu');
    expect(() => parseSelector('1 hour including holidays:gb:en')).toThrow('window: at 1:29: unknown region "en" of GB. Did you mean "ENG" (England)? Valid regions of GB: ALD, ENG, NIR, SCT, WLS');
    expect(() => parseSelector('1 hour including holidays:de:by:a:b')).toThrow('window: at 1:34: DE-BY-A is the most detailed calendar; remove ":b"');
  });
});

describe('date specifier errors (a.2 date)', () => {
  const reason = (text: string) => {
    try {
      parseSelector(text);
    } catch (err) {
      return (err as SelectorError).reason;
    }
    throw new Error('parsed');
  };

  it('needs a day', () => {
    expect(reason('1 hour including date')).toBe('at 1:22: "date" needs the day as an argument: date:2017/12/25, or date:<day>:<pattern> such as date:20171225:yyyyMMdd');
    expect(reason('1 hour including date, mondays')).toBe('at 1:22: "date" needs the day as an argument: date:2017/12/25, or date:<day>:<pattern> such as date:20171225:yyyyMMdd');
  });

  it('a day that does not match the pattern names the pattern (date:20171225 has no pattern)', () => {
    expect(reason('1 hour including date:20171225')).toBe(
      'at 1:22: cannot read "20171225" as a date with the pattern "yyyy/MM/dd" (expected "/" at character 9); give the pattern as a second argument, e.g. date:20171225:yyyyMMdd',
    );
    expect(reason('1 hour including date:2017/12/25x')).toBe('at 1:22: cannot read "2017/12/25x" as a date with the pattern "yyyy/MM/dd" (unexpected "x" after the date)');
    expect(reason('1 hour including date:2017-12:yyyy-MM-dd')).toBe('at 1:22: cannot read "2017-12" as a date with the pattern "yyyy-MM-dd" (expected "-" at character 8)');
    expect(reason('1 hour including date:2017/12/25:yyyy/MM/dd/HH')).toBe('at 1:22: the pattern letter "H" is not supported in "yyyy/MM/dd/HH"; use y (year), M (month) and d (day), e.g. yyyy-MM-dd');
    expect(reason('1 hour including date:2017/12:yyyy/MM')).toBe('at 1:22: the pattern "yyyy/MM" must contain a year (y), a month (M) and a day (d)');
  });

  it('difference: impossible dates are errors (Metron rolls 2017/11/55 over to 2017-12-25)', () => {
    expect(reason('1 hour including date:2017/11/55')).toBe('at 1:22: "2017/11/55" is not a real date: November 2017 has 30 days');
    expect(reason('1 hour including date:2017/02/29')).toBe('at 1:22: "2017/02/29" is not a real date: February 2017 has 28 days');
    expect(reason('1 hour including date:2017/13/01')).toBe('at 1:22: "2017/13/01" is not a real date: there is no month 13');
    expect(reason('1 hour including date:2017/00/01')).toBe('at 1:22: "2017/00/01" is not a real date: there is no month 0');
    expect(reason('1 hour including date:2017/04/00')).toBe('at 1:22: "2017/04/00" is not a real date: April 2017 has 30 days');
    expect(reason('1 hour including date:17/12/25')).toBe('at 1:22: "17/12/25" has the year 17; write the year in full, e.g. 2017');
    expect(parseSelector('1 hour including date:2016/02/29')?.includes).toEqual([{ kind: 'date', date: '2016-02-29', text: 'date:2016/02/29' }]);
    expect(parseSelector('1 hour including date:2017/1/5')?.includes[0]).toMatchObject({ date: '2017-01-05' });
    // two-digit years as SimpleDateFormat reads them: within 80 years before and 20 after today
    expect(parseSelector('1 hour including date:25.12.17:dd.MM.yy')?.includes[0]).toMatchObject({ date: '2017-12-25' });
  });
});
