import { describe, expect, it } from 'vitest';
import { instantCheck, parseInstant } from '../../src/registry/instant.js';

describe('parseInstant (start_time / end_time)', () => {
  it('epoch ms, ISO dates and date-times (UTC unless an offset is given)', () => {
    expect(parseInstant('1582070400000')).toBe(1582070400000);
    expect(parseInstant('2020-02-19')).toBe(Date.UTC(2020, 1, 19));
    expect(parseInstant('2020-02-19T01:02:03Z')).toBe(Date.UTC(2020, 1, 19, 1, 2, 3));
    expect(parseInstant('2020-02-19 01:02')).toBe(Date.UTC(2020, 1, 19, 1, 2));
    expect(parseInstant('2020-02-19T01:02:03.5+01:00')).toBe(Date.UTC(2020, 1, 19, 0, 2, 3, 500));
    expect(parseInstant('2020-02-19T01:02:03-0230')).toBe(Date.UTC(2020, 1, 19, 3, 32, 3));
  });
  it('refuses what is not a real instant, saying what is accepted', () => {
    for (const bad of ['2020-02-30', '2020-13-01', '2020-02-19T24:00', 'yesterday', '-5', '2020-02-19T01:02+25:00']) expect(parseInstant(bad), bad).toBeUndefined();
    expect(instantCheck('soon')).toBe('must be epoch milliseconds or an ISO 8601 date/time such as 2024-01-15T12:00:00Z (got "soon")');
    expect(instantCheck('2024-01-15')).toBeUndefined();
  });
});
