import { describe, expect, it } from 'vitest';
import {
  decodeEmitted, decodeLastRun, encodeEmitted, encodeLastRun, FetchInputError, MAX_DECODED_IDS, MAX_EMITTED_CHARS, TRACKED_IDS_LIMIT,
} from '../../src/fetch/index.js';

describe('lastRun format', () => {
  it('encodes every value as a string, the dedup set grouped by creationTime with pbid runs', () => {
    const emitted = new Map([
      [159, 1_598_937_620_000],
      [161, 1_598_937_620_000],
      [160, 1_598_937_620_000],
      [170, 1_598_937_620_000],
      [158, 1_598_935_330_000],
    ]);
    const lastRun = encodeLastRun({ cursor: 1_598_937_620_000, minTime: 1_598_932_817_000, emitted });
    expect(lastRun).toEqual({
      version: '1',
      time: '1598937620000',
      min_time: '1598932817000',
      emitted: '1598935330000:158;1598937620000:159-161,170',
    });
    for (const v of Object.values(lastRun)) expect(typeof v).toBe('string');
    expect(decodeLastRun(lastRun)).toEqual({ cursor: 1_598_937_620_000, minTime: 1_598_932_817_000, emitted });
  });

  it('round-trips arbitrary sets', () => {
    const m = new Map<number, number>();
    for (let i = 0; i < 500; i++) m.set((i * 7919) % 1009, 1000 + (i % 13));
    expect(decodeEmitted(encodeEmitted(m))).toEqual(m);
    expect(encodeEmitted(new Map())).toBe('');
    expect(decodeEmitted('')).toEqual(new Map());
  });

  it('{} / null / undefined / foreign keys only → first fetch', () => {
    expect(decodeLastRun({})).toBeUndefined();
    expect(decodeLastRun(null)).toBeUndefined();
    expect(decodeLastRun(undefined)).toBeUndefined();
    expect(decodeLastRun({ somethingElse: 'x' })).toBeUndefined();
  });

  it('carries `scanned` when known', () => {
    const lastRun = encodeLastRun({ cursor: 5, minTime: 3, scanned: 9, emitted: new Map() });
    expect(lastRun).toEqual({ version: '1', time: '5', min_time: '3', scanned: '9', emitted: '' });
    expect(decodeLastRun(lastRun)).toEqual({ cursor: 5, minTime: 3, scanned: 9, emitted: new Map() });
  });

  it('accepts numbers where strings are expected', () => {
    expect(decodeLastRun({ time: 5, min_time: 3 })).toEqual({ cursor: 5, minTime: 3, emitted: new Map() });
  });

  it('a bare time starts there (inclusive)', () => {
    expect(decodeLastRun({ time: '1000' })).toEqual({ cursor: 1000, minTime: 1000, emitted: new Map() });
  });

  it('migrates the official pack lastRun ({last_fetch}) without re-delivering what it delivered', () => {
    expect(decodeLastRun({ last_fetch: 1_598_937_620_000 })).toEqual({
      cursor: 1_598_937_620_000,
      minTime: 1_598_937_620_001,
      emitted: new Map(),
    });
  });

  it.each([
    [{ time: 'yesterday' }, 'lastRun.time'],
    [{ time: '-5' }, 'lastRun.time'],
    [{ time: '1', min_time: 'x' }, 'lastRun.min_time'],
    [{ time: '1', scanned: '1.5' }, 'lastRun.scanned'],
    [{ time: '1', emitted: '1:2;oops' }, 'lastRun.emitted'],
    [{ time: '1', emitted: '1:5-2' }, 'lastRun.emitted'],
    [{ time: '1', emitted: '1:1-99999999999' }, 'lastRun.emitted'],
    [{ time: '1', emitted: ['1:2'] }, 'lastRun.emitted'],
    [{ time: '1', version: '9' }, 'lastRun.version'],
    [{ emitted: '1:2' }, 'lastRun.time'],
    [{ last_fetch: 'soon' }, 'lastRun.last_fetch'],
    ['{}', 'lastRun'],
  ])('rejects %j naming %s', (lastRun, path) => {
    try {
      decodeLastRun(lastRun);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FetchInputError);
      expect((e as FetchInputError).errors.map((x) => x.path)).toContain(path);
      expect((e as FetchInputError).code).toBe('INVALID_ARGUMENTS');
    }
  });
});

describe('lastRun bounds (issue 8, finding 1: a 55-byte lastRun hung the server)', () => {
  const reject = (lastRun: unknown) => {
    try {
      decodeLastRun(lastRun);
    } catch (e) {
      expect(e).toBeInstanceOf(FetchInputError);
      return (e as FetchInputError).errors;
    }
    return expect.unreachable('decodeLastRun accepted it');
  };

  it('the reproducer: a pbid of 2^53 is refused, naming lastRun.emitted', () => {
    expect(reject({ time: '1', emitted: '1:9007199254740992' })).toEqual([
      { path: 'lastRun.emitted', message: 'lastRun.emitted is malformed: pbid beyond 9007199254740991 in 9007199254740992' },
    ]);
    expect(reject({ time: '1', emitted: '1:9007199254740990-9007199254740993' })[0].path).toBe('lastRun.emitted');
  });

  it('ids and times up to Number.MAX_SAFE_INTEGER are accepted, one beyond is not', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(decodeEmitted(`${max}:${max - 1}-${max}`)).toEqual(new Map([[max - 1, max], [max, max]]));
    expect(decodeLastRun({ time: String(max) })).toEqual({ cursor: max, minTime: max, emitted: new Map() });
    expect(reject({ time: '9007199254740992' })).toEqual([{
      path: 'lastRun.time',
      message: 'lastRun.time must be epoch milliseconds as a string of digits, at most 9007199254740991 (got "9007199254740992")',
    }]);
    expect(reject({ time: '1', min_time: 2 ** 60 })[0].path).toBe('lastRun.min_time');
    expect(reject({ time: '1', emitted: '9007199254740992:1' })).toEqual([
      { path: 'lastRun.emitted', message: 'lastRun.emitted is malformed: creationTime 9007199254740992 is beyond 9007199254740991' },
    ]);
  });

  it('a range is at most the tracked-id limit', () => {
    expect(decodeEmitted(`1:1-${TRACKED_IDS_LIMIT}`).size).toBe(TRACKED_IDS_LIMIT);
    expect(reject({ time: '1', emitted: `1:1-${TRACKED_IDS_LIMIT + 1}` })).toEqual([
      { path: 'lastRun.emitted', message: `lastRun.emitted is malformed: range 1-${TRACKED_IDS_LIMIT + 1} holds more than ${TRACKED_IDS_LIMIT} pbids` },
    ]);
  });

  it('total decode work is bounded: repeating a range counts every time, though the set stays small', () => {
    const runs = Array.from({ length: MAX_DECODED_IDS / 1000 + 1 }, () => '1-1000').join(',');
    expect(reject({ time: '1', emitted: `1:${runs}` })).toEqual([
      { path: 'lastRun.emitted', message: `lastRun.emitted is malformed: more than ${MAX_DECODED_IDS} pbids` },
    ]);
    expect(reject({ time: '1', emitted: ' '.repeat(MAX_EMITTED_CHARS + 1) })[0].message)
      .toBe(`lastRun.emitted is malformed: longer than ${MAX_EMITTED_CHARS} characters`);
  });

  it('the encoder never writes a run the decoder would refuse', () => {
    const big = new Map<number, number>();
    for (let id = 1; id <= TRACKED_IDS_LIMIT + 5; id++) big.set(id, 7);
    const text = encodeEmitted(big);
    expect(text).toBe(`7:1-${TRACKED_IDS_LIMIT},${TRACKED_IDS_LIMIT + 1}-${TRACKED_IDS_LIMIT + 5}`);
    expect(decodeEmitted(text)).toEqual(big);
  });

  it('a rejected value is quoted briefly, and a deep object is not walked', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(reject({ time: deep })).toEqual([{
      path: 'lastRun.time',
      message: 'lastRun.time must be epoch milliseconds as a string of digits, at most 9007199254740991 (got a value of type object)',
    }]);
    expect(reject({ time: 'x'.repeat(1_000_000) })[0].message).toMatch(/\(got "x{37}\.\.\."\)$/);
  });
});
