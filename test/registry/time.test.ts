import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { msToIso } from '../../src/registry/time.js';

describe('msToIso (timestamp_to_datestring)', () => {
  it.each<[unknown, string]>([
    [1700000000000, '2023-11-14T22:13:20.000Z'],
    [1700000000999, '2023-11-14T22:13:20.000Z'], // milliseconds are always written as .000
    [0, '1970-01-01T00:00:00.000Z'],
    [-1, '1969-12-31T23:59:59.000Z'],
    ['1700000000123', '2023-11-14T22:13:20.000Z'],
  ])('%j → %j', (ms, iso) => expect(msToIso(ms)).toBe(iso));

  it.each<[unknown]>([[undefined], [null], ['abc'], [''], [Number.NaN], [Infinity], [{}], [true], [1e18]])(
    '%j → undefined',
    (ms) => expect(msToIso(ms)).toBeUndefined(),
  );
});

describe('msToIso, property: the day cache and the civil-date arithmetic change nothing', () => {
  // The definition it optimises: the whole second's toISOString, for years 0000–9999.
  const reference = (ms: number) => {
    const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
    return /^\d{4}-/.test(iso) ? iso : undefined;
  };
  it('equals the reference for any instant in any order, numbers and digit strings alike', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), { minLength: 1, maxLength: 50 }), (values) => {
      for (const v of values) {
        expect(msToIso(v)).toBe(reference(v));
        if (Number.isInteger(v)) expect(msToIso(String(v))).toBe(reference(v));
      }
    }));
  });
  it('equals the reference for runs of points minutes to days apart (the day cache hit and missed)', () => {
    fc.assert(fc.property(fc.integer({ min: -62_000_000_000_000, max: 253_000_000_000_000 }), fc.integer({ min: 1, max: 200_000_000 }), (start, step) => {
      for (let i = 0; i < 60; i++) expect(msToIso(start + i * step)).toBe(reference(start + i * step));
    }));
  });
});
