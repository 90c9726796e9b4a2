import { describe, expect, it } from 'vitest';
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
