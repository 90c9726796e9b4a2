import { describe, expect, it } from 'vitest';
import { decodeEmitted, decodeLastRun, encodeEmitted, encodeLastRun, FetchInputError } from '../../src/fetch/index.js';

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
