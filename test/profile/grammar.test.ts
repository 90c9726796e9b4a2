// Reference profiles-descriptors §a.1: every lexical and grammar rule of the window-selector language, the valid
// forms it accepts and the invalid ones it rejects (with the messages a person can act on). Deliberate differences
// from Metron (SPEC §12) are marked "difference".
import { describe, expect, it } from 'vitest';
import { toProblemInit } from '../../src/pipeline/problem.js';
import { parseSelector, SelectorError, tokenize, type Selector } from '../../src/profile/index.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

function parse(text: string): Selector {
  const s = parseSelector(text);
  if (!s) throw new Error('blank');
  return s;
}

/** The message of the SelectorError `text` raises (the test fails if it parses). */
function error(text: string): string {
  try {
    parseSelector(text);
  } catch (err) {
    expect(err).toBeInstanceOf(SelectorError);
    return (err as SelectorError).reason;
  }
  throw new Error(`"${text}" parsed`);
}

/** The meaning of a selector, without its source text: two spellings of one selector compare equal. */
function shape(text: string) {
  const { source: _source, includes, excludes, ...rest } = parse(text);
  const meaning = ({ text: _text, ...specifier }: { text: string }) => specifier;
  return { ...rest, includes: includes.map(meaning), excludes: excludes.map(meaning) };
}

const kinds = (text: string) => tokenize(text).map((t) => t.kind);

describe('lexer (a.1 tokens)', () => {
  it('longest literal wins and tokens may touch: "30minute window every 24hours from 7days ago"', () => {
    expect(kinds('30minute window every 24hours from 7days ago')).toEqual(['number', 'unit', 'window', 'every', 'number', 'unit', 'from', 'number', 'unit', 'ago', 'end']);
    expect(shape('30minute window every 24hours from 7days ago')).toEqual(shape('30 minute window every 24 hours from 7 days ago'));
    // "days" not "day" + "s"; "weekdays" not "weekday" + "s"; "ago" right after "days"
    expect(tokenize('7daysago').map((t) => t.text)).toEqual(['7', 'days', 'ago', '']);
    expect(tokenize('including weekdays,weekends').map((t) => t.text)).toEqual(['including', 'weekdays', ',', 'weekends', '']);
  });

  it('whitespace is space, tab, CR, LF or form feed, and is skipped', () => {
    expect(shape('1\thour\r\nwindow\fevery 24 hours\nfrom 2 days ago')).toEqual(shape('1 hour window every 24 hours from 2 days ago'));
  });

  it('NUMBER is a digit 1-9 then any digits; its value is exact', () => {
    expect(tokenize('1 10 907')).toMatchObject([{ kind: 'number', value: 1 }, { kind: 'number', value: 10 }, { kind: 'number', value: 907 }, { kind: 'end' }]);
    for (const bad of ['0', '01', '1.5', '99999999999999999999']) expect(tokenize(bad)[0]).toMatchObject({ kind: 'bad-number', text: bad });
  });

  it('IDENTIFIER is ":" + a letter or digit + letters, digits, _ . - /; a ":" cannot be inside one', () => {
    expect(tokenize(':us:ny :2017/12/25 :yyyy-MM-dd :a_b.c')).toMatchObject([
      { kind: 'argument', argument: 'us' },
      { kind: 'argument', argument: 'ny' },
      { kind: 'argument', argument: '2017/12/25' },
      { kind: 'argument', argument: 'yyyy-MM-dd' },
      { kind: 'argument', argument: 'a_b.c' },
      { kind: 'end' },
    ]);
    // A lone colon (or one followed by a space) is COLON, which no rule uses.
    expect(kinds(': us')).toEqual(['colon', 'unknown', 'end']);
    expect(kinds(':_x')).toEqual(['colon', 'unknown', 'unknown', 'end']);
  });

  it('positions count lines and columns from 1', () => {
    expect(error('1 hour\n including mondays\n excluding  xyz')).toMatch(/^at 3:13: /);
    expect(error('\n\n   from')).toMatch(/^at 3:8: /);
  });
});

describe('accepted spellings (a.1 token table)', () => {
  it('WINDOW: window, windows; INCLUDE/EXCLUDE: -e, -es, -ing', () => {
    const base = shape('30 minute window every 1 hour from 3 hours ago including mondays excluding holidays:us');
    expect(shape('30 minute windows every 1 hour from 3 hours ago includes mondays excludes holidays:us')).toEqual(base);
    expect(shape('30 minute every 1 hour from 3 hours ago include mondays exclude holidays:us')).toEqual(base);
  });

  it('FROM: from, starting from; EVERY: every, for every; TO: to, until; AGO is optional', () => {
    const base = shape('30 minute window every 1 hour from 2 hours ago to 30 minutes ago');
    for (const text of [
      '30 minute window for every 1 hour starting from 2 hours ago until 30 minutes ago',
      '30 minute window every 1 hour from 2 hours to 30 minutes',
      '30 minute window every 1 hour from 2 hours ago until 30 minutes',
      '30 MINUTE WINDOW FOR EVERY 1 HOUR STARTING FROM 2 HOURS AGO UNTIL 30 MINUTES AGO',
    ]) expect(shape(text)).toEqual(base);
  });

  it('TIME_UNIT: second, minute, hour, day as X, Xs or X(s); lower or upper case', () => {
    const ms = { second: 1000, minute: MINUTE, hour: HOUR, day: DAY };
    for (const [unit, factor] of Object.entries(ms)) {
      for (const spelling of [unit, `${unit}s`, `${unit}(s)`, unit.toUpperCase(), `${unit.toUpperCase()}S`, `${unit.toUpperCase()}(S)`]) {
        expect(parse(`2 ${spelling}`).width).toEqual({ amount: 2, unit, ms: 2 * factor });
      }
    }
  });

  it('DAY_SPECIFIER: the seven days and their plurals, weekday(s), weekend(s), holiday(s), date, this day of (the) week', () => {
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    days.forEach((day, i) => {
      for (const spelling of [day, `${day}s`, day.toUpperCase(), `${day.toUpperCase()}S`]) {
        expect(parse(`1 hour including ${spelling}`).includes).toEqual([{ kind: 'day-of-week', day, dayOfWeek: i + 1, text: spelling }]);
      }
    });
    for (const [spelling, kind] of [['weekday', 'weekday'], ['WEEKDAYS', 'weekday'], ['weekend', 'weekend'], ['weekends', 'weekend'],
      ['this day of week', 'this-day-of-week'], ['this day of the week', 'this-day-of-week'], ['THIS DAY OF THE WEEK', 'this-day-of-week']]) {
      expect(parse(`1 hour including ${spelling}`).includes).toEqual([{ kind, text: spelling }]);
    }
    for (const spelling of ['holiday', 'holidays', 'HOLIDAY', 'HOLIDAYS']) {
      expect(parse(`1 hour including ${spelling}:us`).includes[0]).toMatchObject({ kind: 'holiday', calendar: { country: 'US' } });
    }
    expect(parse('1 hour including DATE:2017/12/25').includes[0]).toMatchObject({ kind: 'date', date: '2017-12-25' });
  });

  it('difference: keywords are case-insensitive (Metron rejects mixed case and an upper-case WINDOW)', () => {
    const base = shape('1 hour window every 24 hours from 14 days ago including mondays excluding holidays:us');
    expect(shape('1 Hour Window Every 24 Hours From 14 Days Ago Including Mondays Excluding Holidays:us')).toEqual(base);
    expect(shape('1 HOUR WINDOW EVERY 24 HOURS FROM 14 DAYS AGO INCLUDING MONDAYS EXCLUDING HOLIDAYS:us')).toEqual(base);
    expect(shape('1 hOuR wInDoW eVeRy 24 HoUrS sTaRtInG fRoM 14 dAyS aGo InClUdInG mOnDaYs ExClUdInG hOlIdAyS:us')).toEqual(base);
  });

  it('difference: "current day of (the) week" is an alias of "this day of the week", so the profiler README example parses', () => {
    for (const spelling of ['current day of week', 'current day of the week', 'CURRENT DAY OF THE WEEK', 'the current day of the week', 'the current day of week']) {
      expect(parse(`1 hour including ${spelling}`).includes).toEqual([{ kind: 'this-day-of-week', text: spelling }]);
    }
    const readme = parse('1 hour window every 24 hours starting from 14 days ago including the current day of the week excluding weekends, holidays:us');
    expect(readme).toMatchObject({
      form: 'repeating',
      width: { ms: HOUR },
      every: { ms: 24 * HOUR },
      from: { ms: 14 * DAY },
      includes: [{ kind: 'this-day-of-week' }],
      excludes: [{ kind: 'weekend' }, { kind: 'holiday', calendar: { label: 'US' } }],
    });
  });
});

describe('grammar (a.1 parser rules)', () => {
  it('a blank statement is no window at all (null), not an error; statements are trimmed', () => {
    expect(parseSelector('')).toBeNull();
    expect(parseSelector('  \t\n ')).toBeNull();
    expect(parse('  1 hour  ').source).toBe('1 hour');
  });

  it('non-repeating: width [inclusions] [exclusions]', () => {
    expect(parse('2 hours')).toEqual({ source: '2 hours', form: 'non-repeating', width: { amount: 2, unit: 'hour', ms: 2 * HOUR }, includes: [], excludes: [] });
    expect(parse('2 hours window including mondays excluding holidays:us')).toMatchObject({ form: 'non-repeating', includes: [{ kind: 'day-of-week' }], excludes: [{ kind: 'holiday' }] });
    expect(parse('2 hours excluding weekends')).toMatchObject({ form: 'non-repeating', includes: [], excludes: [{ kind: 'weekend' }] });
  });

  it('repeating: width, every, range [inclusions] [exclusions]', () => {
    expect(parse('30 minute window every 1 hour from 2 hours ago to 30 minutes ago')).toEqual({
      source: '30 minute window every 1 hour from 2 hours ago to 30 minutes ago',
      form: 'repeating',
      width: { amount: 30, unit: 'minute', ms: 30 * MINUTE },
      every: { amount: 1, unit: 'hour', ms: HOUR },
      from: { amount: 2, unit: 'hour', ms: 2 * HOUR },
      to: { amount: 30, unit: 'minute', ms: 30 * MINUTE },
      includes: [],
      excludes: [],
    });
  });

  it('dense: a range only, with no inclusions or exclusions', () => {
    expect(parse('from 2 hours ago to 30 minutes ago')).toMatchObject({ form: 'dense', from: { ms: 2 * HOUR }, to: { ms: 30 * MINUTE }, includes: [], excludes: [] });
    expect(parse('starting from 1 hour')).toMatchObject({ form: 'dense', from: { ms: HOUR } });
    expect(parse('from 1 hour ago').to).toBeUndefined();
    expect(error('from 1 hour ago including mondays')).toBe(
      'at 1:17: "including" cannot follow a "from … to …" range on its own: inclusions and exclusions need a window width and "every", e.g. "1 hour window every 24 hours from 14 days ago including weekends"',
    );
    expect(error('from 1 hour excluding weekends')).toMatch(/^at 1:13: "excluding" cannot follow a "from … to …" range on its own/);
  });

  it('inclusions and exclusions at most once each, inclusions first', () => {
    expect(error('1 hour excluding mondays including tuesdays')).toBe('at 1:26: "including" must come before "excluding": write the inclusions first, then the exclusions');
    expect(error('1 hour including mondays including tuesdays')).toBe('at 1:26: only one "including" list is allowed: separate its specifiers with commas');
    expect(error('1 hour excluding mondays excluding tuesdays')).toBe('at 1:26: only one "excluding" list is allowed: separate its specifiers with commas');
  });

  it('specifier lists: commas between (space optional); no missing, dangling or leading comma', () => {
    expect(parse('1 hour including monday,tuesday , wednesday').includes.map((s) => s.text)).toEqual(['monday', 'tuesday', 'wednesday']);
    expect(error('1 hour including monday tuesday')).toBe('at 1:25: separate specifiers with commas: "monday, tuesday"');
    expect(error('1 hour including monday,')).toBe('at 1:25: expected a day specifier after "," (monday … sunday, weekday, weekend, holiday, date or this day of the week)');
    expect(error('1 hour including , monday')).toBe('at 1:18: expected a day specifier after "including", found "," (monday … sunday, weekday, weekend, holiday, date or this day of the week)');
    expect(error('1 hour including')).toBe('at 1:17: expected a day specifier after "including" (monday … sunday, weekday, weekend, holiday, date or this day of the week)');
    expect(error('1 hour, 2 hours')).toBe('at 1:7: expected "window", "every", "including", "excluding" or the end of the selector after "hour", found ","');
  });

  it('a specifier takes zero or more arguments, each ":identifier" or a bare number; day arguments are ignored', () => {
    expect(parse('1 hour including weekday:foo:bar, monday 12').includes).toEqual([
      { kind: 'weekday', text: 'weekday:foo:bar' },
      { kind: 'day-of-week', day: 'monday', dayOfWeek: 1, text: 'monday 12' },
    ]);
    expect(error('1 hour including holidays us')).toBe(
      'at 1:27: expected ",", "excluding" or the end of the selector after "holidays", found "us" (specifier arguments are written with a colon: "holidays:us")',
    );
    expect(error('1 hour including holidays: us')).toBe(
      'at 1:26: expected ",", "excluding" or the end of the selector after "holidays", found ":"; a specifier argument is written ":value" with no space after the colon',
    );
    expect(error('1 hour including holidays:')).toMatch(/^at 1:26: .*found ":"; a specifier argument is written ":value" with no space after the colon$/);
  });

  it('difference: a bare-number argument is read whole (Metron drops its first digit)', () => {
    expect(parse('1 hour including date 20171225:yyyyMMdd').includes).toEqual([{ kind: 'date', date: '2017-12-25', text: 'date 20171225:yyyyMMdd' }]);
    expect(error('1 hour including date 20171225')).toBe(
      'at 1:23: cannot read "20171225" as a date with the pattern "yyyy/MM/dd" (expected "/" at character 9); give the pattern as a second argument, e.g. date:20171225:yyyyMMdd',
    );
  });

  it('"every" needs a range after it, and a width needs "every" before a range', () => {
    expect(error('1 hour window every 2 hours')).toBe('at 1:28: expected "from" after "hours" (a repeating window needs a range, e.g. "every 24 hours from 14 days ago")');
    expect(error('1 hour window from 2 days ago')).toBe('at 1:15: a window width followed by a range needs "every" between them, e.g. "1 hour window every 24 hours from 14 days ago"');
    expect(error('every 1 hour from 2 days ago')).toBe('at 1:1: a selector cannot start with "every": give the window width first, e.g. "1 hour window every 24 hours from 14 days ago"');
  });

  it('no "ago" after a bare width', () => {
    expect(error('1 hour ago')).toBe('at 1:8: "ago" can only follow a "from" or "to" interval; "1 hour" on its own already means the 1 hour before now');
    expect(error('2 hours window ago')).toBe('at 1:16: "ago" can only follow a "from" or "to" interval; "2 hours" on its own already means the 2 hours before now');
  });

  it('an interval is a number and a unit; no week, month, year or millisecond', () => {
    expect(error('from 30')).toBe('at 1:8: expected a time unit after "30" (second, minute, hour or day)');
    expect(error('30 minute window every 24 months from 14 days ago')).toBe('at 1:27: expected a time unit after "24", found "months" (second, minute, hour or day)');
    expect(error('2 weeks')).toBe('at 1:3: expected a time unit after "2", found "weeks" (second, minute, hour or day)');
    expect(error('30 minuete window every 24 hours from 14 days ago')).toBe('at 1:4: expected a time unit after "30", found "minuete" (second, minute, hour or day); did you mean "minute"?');
    expect(error('30p minute window every 24 hours from 14 days ago')).toBe('at 1:3: expected a time unit after "30", found "p" (second, minute, hour or day)');
    expect(error('1 hour window every')).toBe('at 1:20: expected a number after "every" (e.g. "24 hours")');
    expect(error('1 hour window every 24 hours from days ago')).toBe('at 1:35: expected a number after "from", found "days" (e.g. "24 hours")');
  });

  it('numbers are positive whole numbers: 0, 01, -1, 1.5 and 20 digits are errors', () => {
    const bad = '; numbers are whole, start with 1-9 and have at most 15 digits';
    const start = 'expected a window width such as "1 hour" or a range such as "from 14 days ago"';
    expect(error('0 hours')).toBe(`at 1:1: ${start}, found "0"${bad}`);
    expect(error('01 hours')).toBe(`at 1:1: ${start}, found "01"${bad}`);
    expect(error('1.5 hours')).toBe(`at 1:1: ${start}, found "1.5"${bad}`);
    expect(error('99999999999999999999 hours')).toBe(`at 1:1: ${start}, found "99999999999999999999"${bad}`);
    expect(error('-1 hours')).toBe(`at 1:1: ${start}, found "-"`);
    expect(error('from 0 hours ago')).toBe(`at 1:6: expected a number after "from", found "0" (e.g. "24 hours")${bad}`);
    expect(error('9999999999999 days')).toBe('at 1:1: "9999999999999 days" is too long; at most 104249991 days');
  });

  it('multi-word keywords take exactly one space between their words', () => {
    expect(error('starting  from 1 hour')).toBe(
      'at 1:1: expected a window width such as "1 hour" or a range such as "from 14 days ago", found "starting"; did you mean "starting from"? (one space between the words)',
    );
    expect(error('1 hour window for  every 1 hour from 2 hours ago')).toMatch(/^at 1:15: .*found "for"; did you mean "for every"\? \(one space between the words\)$/);
    expect(error('1 hour including this day of  the week')).toBe(
      'at 1:18: expected a day specifier after "including", found "this" (monday … sunday, weekday, weekend, holiday, date or this day of the week); did you mean "this day of the week"? (one space between the words)',
    );
  });

  it('misspelt specifiers name the closest valid word', () => {
    expect(error('30 minute window every 24 hours from 14 days ago excluding wekdays')).toBe(
      'at 1:60: expected a day specifier after "excluding", found "wekdays" (monday … sunday, weekday, weekend, holiday, date or this day of the week); did you mean "weekdays"?',
    );
    expect(error('30 minute window every 24 hours from 14 days ago excluding hoolidays:us')).toMatch(/^at 1:60: .*found "hoolidays" .*; did you mean "holidays"\?$/);
    expect(error('1 hour including tusdays')).toMatch(/did you mean "tuesdays"\?$/);
    expect(error('1 hour window every 24 hours frm 2 days ago')).toBe('at 1:30: expected "from" after "hours", found "frm" (a repeating window needs a range, e.g. "every 24 hours from 14 days ago"); did you mean "from"?');
    expect(error('1 hour excludng weekends')).toBe('at 1:8: expected "window", "every", "including", "excluding" or the end of the selector after "hour", found "excludng"; did you mean "excluding"?');
  });

  it('letters glued to a keyword are one unknown word ("dates:" is not "date" + "s")', () => {
    expect(error('1 hour including dates:2017/12/25')).toBe('at 1:18: "dates" is not a keyword; did you mean "date"?');
    expect(error('1 hour including mondayss')).toBe('at 1:18: "mondayss" is not a keyword; did you mean "mondays"?');
    expect(error('1 hour including weekdays excludingz weekends')).toBe('at 1:27: "excludingz" is not a keyword; did you mean "excluding"?');
    expect(error('1 hour windowz')).toBe('at 1:8: "windowz" is not a keyword; did you mean "window"?');
  });

  it('the error is a SelectorError for the argument `window` with its position', () => {
    let caught: unknown;
    try {
      parseSelector('from 30');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SelectorError);
    expect(caught).toMatchObject({
      argument: 'window',
      line: 1,
      column: 8,
      offset: 7,
      code: 'INVALID_ARGUMENTS',
      message: 'window: at 1:8: expected a time unit after "30" (second, minute, hour or day)',
      errors: [{ path: 'window', message: 'window: at 1:8: expected a time unit after "30" (second, minute, hour or day)' }],
    });
    // what a command that lets it through answers: 400 INVALID_ARGUMENTS naming `window`
    expect(toProblemInit(caught)).toEqual({
      code: 'INVALID_ARGUMENTS',
      detail: 'window: at 1:8: expected a time unit after "30" (second, minute, hour or day)',
      errors: [{ path: 'window', message: 'window: at 1:8: expected a time unit after "30" (second, minute, hour or day)' }],
    });
  });

  it('other text: anything after a complete selector, unknown words and characters', () => {
    expect(error('from 1 hour ago 5')).toBe('at 1:17: expected "to" or the end of the selector after "ago", found "5"');
    expect(error('from 1 hour ago to 5 minutes ago ago')).toBe('at 1:34: expected the end of the selector after "ago", found "ago"');
    expect(error('from 1 hour to 5 minutes now')).toBe('at 1:26: expected "ago" or the end of the selector after "minutes", found "now"');
    expect(error('1 hour window every 1 hour from 2 hours ago including mondays!')).toBe('at 1:62: expected ",", "excluding" or the end of the selector after "mondays", found "!"');
    expect(error('monday')).toBe('at 1:1: expected a window width such as "1 hour" or a range such as "from 14 days ago", found "monday"');
    expect(error('1 hour including 🙂')).toBe('at 1:18: expected a day specifier after "including", found "🙂" (monday … sunday, weekday, weekend, holiday, date or this day of the week)');
  });
});
