// The shared calendar check every date parser calls (signing's DTAPI-Date, first_fetch, Advanced Search
// dates, watched-list expiry), and a property: it accepts exactly the fields that survive a round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcFromFields } from '../../src/util/calendar.js';
import { isObject } from '../../src/util/json.js';

describe('utcFromFields', () => {
  it('is Date.UTC (month 1-12) for real instants', () => {
    expect(utcFromFields(2024, 2, 29, 7, 5, 9, 456)).toBe(Date.UTC(2024, 1, 29, 7, 5, 9, 456));
    expect(utcFromFields(1970, 1, 1)).toBe(0);
    expect(utcFromFields(2023, 12, 31, 23, 59, 59, 999)).toBe(Date.UTC(2023, 11, 31, 23, 59, 59, 999));
  });

  it.each([
    ['a day Date.UTC would roll into March', [2023, 2, 29]],
    ['the 31st of a 30-day month', [2023, 4, 31]],
    ['month 13', [2023, 13, 1]],
    ['month 0', [2023, 0, 1]],
    ['day 0', [2023, 1, 0]],
    ['24:00', [2024, 1, 1, 24, 0, 0]],
    ['minute 60', [2024, 1, 1, 23, 60, 0]],
    ['second 60', [2024, 1, 1, 23, 59, 60]],
    ['millisecond 1000', [2024, 1, 1, 0, 0, 0, 1000]],
    ['a negative hour', [2024, 1, 1, -1, 0, 0]],
    ['a fractional day', [2024, 1, 1.5]],
    ['NaN', [Number.NaN, 1, 1]],
    ['a two-digit year (Date.UTC reads 50 as 1950)', [50, 1, 1]],
  ])('refuses %s', (_what, fields) => {
    expect(utcFromFields(...(fields as [number, number, number]))).toBeUndefined();
  });

  it('accepts exactly the fields a Date reads back unchanged (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 100, max: 9999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 32 }),
      fc.integer({ min: -1, max: 25 }), fc.integer({ min: -1, max: 61 }),
      (y, mo, d, h, mi) => {
        const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
        const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
          && date.getUTCHours() === h && date.getUTCMinutes() === mi;
        expect(utcFromFields(y, mo, d, h, mi)).toBe(real ? date.getTime() : undefined);
      },
    ), { numRuns: 2000 });
  });
});

describe('isObject', () => {
  it('is a JSON mapping: not null, not an array, not a scalar', () => {
    expect(isObject({})).toBe(true);
    expect(isObject({ a: 1 })).toBe(true);
    for (const v of [null, undefined, [], [1], 'x', 1, true]) expect(isObject(v), JSON.stringify(v)).toBe(false);
  });
});
