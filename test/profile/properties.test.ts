// Properties of the window engine over generated selectors, instants and zones (fast-check): windows are sorted,
// start-anchored, inside the range and non-negative; exclusions always win; any spelling of a selector means the
// same; period ids round-trip; window lookback keeps exactly the periods starting in a window; a fixed lookback of
// n hours at 15 minutes is 4n + 1 periods.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeWindows,
  fixedLookbackPeriods,
  parseSelector,
  periodById,
  periodId,
  selectorBounds,
  windowLookbackPeriods,
  zone,
  type Selector,
  type TimeRange,
} from '../../src/profile/index.js';

const HOUR = 3_600_000;
const P15 = 15 * 60_000;
const RUNS = Number(process.env.PROFILE_PROPERTY_RUNS ?? 200);

type Unit = 'second' | 'minute' | 'hour' | 'day';
interface IntervalSpec { amount: number; unit: Unit }
interface SelectorSpec {
  form: 'non-repeating' | 'repeating' | 'dense';
  width: IntervalSpec;
  every: IntervalSpec;
  from: IntervalSpec;
  to?: IntervalSpec;
  fromAgo: boolean;
  toAgo: boolean;
  windowWord: boolean;
  includes: string[];
  excludes: string[];
}

const interval = (units: Unit[], max: number) => fc.record({ amount: fc.integer({ min: 1, max }), unit: fc.constantFrom(...units) });
const specifier = fc.constantFrom(
  'monday', 'tuesdays', 'wednesday', 'thursdays', 'friday', 'saturdays', 'sunday', 'weekdays', 'weekend', 'this day of the week',
  'current day of week', 'holidays:us', 'holidays:gb:eng', 'holiday:us:ny', 'holidays:de', 'date:2021/12/25', 'date:20210704:yyyyMMdd',
);
const specifiers = fc.array(specifier, { maxLength: 3 });
const selectorSpec: fc.Arbitrary<SelectorSpec> = fc.record({
  form: fc.constantFrom('non-repeating', 'repeating', 'dense'),
  width: interval(['minute', 'hour'], 180),
  // at most ~1,500 candidate windows: every ≥ 1 hour over at most 60 days
  every: interval(['hour', 'day'], 48),
  from: interval(['minute', 'hour', 'day'], 60),
  to: fc.option(interval(['minute', 'hour', 'day'], 60), { nil: undefined }),
  fromAgo: fc.boolean(),
  toAgo: fc.boolean(),
  windowWord: fc.boolean(),
  includes: specifiers,
  excludes: specifiers,
});
const now = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) });
const timezone = fc.constantFrom('UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham');

/** One spelling of a selector; `style` picks synonyms, letter case and whitespace. */
function render(spec: SelectorSpec, style: { seed: number } = { seed: 0 }): string {
  let n = style.seed;
  const pick = <T,>(options: T[]): T => options[(n = (n * 1103515245 + 12345) >>> 0) % options.length];
  const word = (w: string) => pick([w, w.toUpperCase(), w.replace(/^./, (c) => c.toUpperCase())]);
  const unit = (i: IntervalSpec) => `${i.amount}${pick([' ', '  ', '\t', '\n'])}${word(pick([i.unit, `${i.unit}s`, `${i.unit}(s)`]))}`;
  const list = (items: string[]) => items.map((s) => s.replace(/^[a-z ]+/, (w) => word(w))).join(pick([',', ', ', ' , ']));
  const range = () => [
    word(pick(['from', 'starting from'])), unit(spec.from), spec.fromAgo ? word('ago') : '',
    ...(spec.to ? [word(pick(['to', 'until'])), unit(spec.to), spec.toAgo ? word('ago') : ''] : []),
  ];
  const filters = () => [
    ...(spec.includes.length ? [word(pick(['include', 'includes', 'including'])), list(spec.includes)] : []),
    ...(spec.excludes.length ? [word(pick(['exclude', 'excludes', 'excluding'])), list(spec.excludes)] : []),
  ];
  const width = [unit(spec.width), spec.windowWord ? word(pick(['window', 'windows'])) : ''];
  const parts = spec.form === 'dense' ? range()
    : spec.form === 'non-repeating' ? [...width, ...filters()]
      : [...width, word(pick(['every', 'for every'])), unit(spec.every), ...range(), ...filters()];
  return parts.filter(Boolean).join(pick([' ', '  ', '\n ']));
}

const parse = (text: string): Selector => {
  const s = parseSelector(text);
  if (!s) throw new Error('blank');
  return s;
};
function withFilters(selector: Selector, includes: Selector['includes'], excludes: Selector['excludes']): Selector {
  return { ...selector, includes, excludes };
}
const key = (w: TimeRange) => `${w.start}/${w.end}`;

describe('window engine properties', () => {
  it('windows are sorted, start-anchored, within [start, end], non-negative and of one width', () => {
    fc.assert(
      fc.property(selectorSpec, now, timezone, (spec, at, tz) => {
        const selector = parse(render(spec));
        const ws = computeWindows(selector, { now: at, timezone: tz });
        const { start, end, width, every } = selectorBounds(selector, at);
        for (let i = 0; i < ws.length; i++) {
          const w = ws[i];
          expect(w.start).toBeGreaterThanOrEqual(0);
          expect(w.start).toBeGreaterThanOrEqual(start);
          expect(w.end).toBeLessThanOrEqual(end);
          expect(w.end - w.start).toBe(width);
          expect((w.start - start) % (every ?? Infinity)).toBe(every === undefined ? w.start - start : 0);
          if (i > 0) expect(w.start).toBeGreaterThan(ws[i - 1].start);
        }
        if (every === undefined) expect(ws.length).toBeLessThanOrEqual(1);
        if (!selector.includes.length && !selector.excludes.length && start >= 0) {
          // unfiltered: every candidate, from the range start, with no gap
          const expected = start + width > end ? 0 : every === undefined ? 1 : Math.floor((end - width - start) / every) + 1;
          expect(ws).toHaveLength(expected);
          if (ws.length) expect(ws[0].start).toBe(start);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('exclusions always win: the result is the included windows minus every window an exclusion matches', () => {
    fc.assert(
      fc.property(selectorSpec.filter((s) => s.form === 'repeating'), now, timezone, (spec, at, tz) => {
        const selector = parse(render(spec));
        const options = { now: at, timezone: tz };
        const result = computeWindows(selector, options).map(key);
        const included = computeWindows(withFilters(selector, selector.includes, []), options).map(key);
        const excluded = new Set(selector.excludes.length ? computeWindows(withFilters(selector, selector.excludes, []), options).map(key) : []);
        expect(result).toEqual(included.filter((w) => !excluded.has(w)));
        // and including something that is also excluded never brings it back
        const both = computeWindows(withFilters(selector, [...selector.includes, ...selector.excludes], selector.excludes), options).map(key);
        for (const w of both) expect(excluded.has(w)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('any spelling (case, synonyms, whitespace) of a selector means the same', () => {
    fc.assert(
      fc.property(selectorSpec, fc.nat(), fc.nat(), (spec, a, b) => {
        const meaning = (text: string) => {
          const { source: _source, includes, excludes, ...rest } = parse(text);
          const strip = ({ text: _text, ...s }: { text: string }) => s;
          return { ...rest, includes: includes.map(strip), excludes: excludes.map(strip) };
        };
        expect(meaning(render(spec, { seed: a }))).toEqual(meaning(render(spec, { seed: b })));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('zone properties', () => {
  it('the local day of an instant is what Intl says it is in that zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...Intl.supportedValuesOf('timeZone')), (t, tz) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'long' }).formatToParts(t).map((p) => [p.type, p.value]),
        );
        const weekday = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].indexOf(parts.weekday) + 1;
        expect(zone(tz).localDay(t)).toEqual({ date: `${parts.year}-${parts.month}-${parts.day}`, year: Number(parts.year), dayOfWeek: weekday });
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

describe('period properties', () => {
  it('period ids round-trip: the period of t contains t, and the id of a period start is that period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8.64e15 }), fc.integer({ min: 1, max: 90 * 86_400_000 }), (t, duration) => {
        const p = periodById(periodId(t, duration), duration);
        expect(p.start).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(p.end);
        expect(p.end - p.start).toBe(duration);
        expect(periodId(p.start, duration)).toBe(p.id);
        expect(periodId(p.end, duration)).toBe(p.id + 1);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('a fixed lookback of n hours at 15 minutes is always 4n + 1 periods, ending with the one containing now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 * 90 }), now, (n, at) => {
        const periods = fixedLookbackPeriods(at, n * HOUR, P15);
        expect(periods).toHaveLength(4 * n + 1);
        expect(periods[periods.length - 1].id).toBe(periodId(at, P15));
        expect(periods[0].id).toBe(periodId(at - n * HOUR, P15));
      }),
      { numRuns: RUNS },
    );
  });

  it('window lookback keeps exactly the periods whose start lies in a window (closed), each once, in order', () => {
    fc.assert(
      fc.property(selectorSpec, now, fc.constantFrom(60_000, P15, HOUR, 7 * 60_000), (spec, at, periodMs) => {
        const ws = computeWindows(parse(render(spec)), { now: at });
        const periods = windowLookbackPeriods(ws, periodMs);
        // windows share one width, so their ends are sorted too: walk them with one cursor
        let j = 0;
        const covered = (t: number) => {
          while (j < ws.length && ws[j].end < t) j++;
          return j < ws.length && ws[j].start <= t;
        };
        const wrong: unknown[] = [];
        periods.forEach((p, i) => {
          if (p.start !== p.id * periodMs || p.end !== p.start + periodMs || (i > 0 && p.id <= periods[i - 1].id)) wrong.push(p);
        });
        // completeness, by brute force over the overall span
        if (ws.length) {
          const kept = new Set(periods.map((p) => p.id));
          for (let id = periodId(ws[0].start, periodMs); id <= periodId(ws[ws.length - 1].end, periodMs); id++) {
            if (kept.has(id) !== covered(id * periodMs)) wrong.push({ id, kept: kept.has(id) });
          }
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});
