import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareIds, decodeEmitted, decodeLastRun, decodeSourceState, encodeEmitted, encodeLastRun, encodeSourceState, FetchInputError, isValidId,
  MAX_DECODED_IDS, MAX_EMITTED_CHARS, MAX_STRING_ID_LENGTH, MODEL_BREACH_LAYOUT, TRACKED_IDS_LIMIT, type StateLayout,
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

describe('lastRun ids: integers and strings', () => {
  it('round-trips any integer set (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 2_000 }), fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), (pairs) => {
        const m = new Map(pairs.map(([id, t]) => [id, 1_700_000_000_000 + t]));
        const text = encodeEmitted(m);
        expect(decodeEmitted(text)).toEqual(m);
        expect(decodeEmitted(text, 'integer')).toEqual(m);
      }),
    );
  });

  it('round-trips any string set, whatever characters the ids hold (property)', () => {
    const id = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.length <= MAX_STRING_ID_LENGTH);
    fc.assert(
      fc.property(fc.array(fc.tuple(id, fc.integer({ min: 0, max: 5 })), { maxLength: 60 }), (pairs) => {
        const m = new Map(pairs.map(([k, t]) => [k, 1_000 + t]));
        const text = encodeEmitted(m, 'string');
        expect(decodeEmitted(text, 'string')).toEqual(m);
        // The separators never appear inside an id: each group is `time:` and comma-separated encoded ids.
        for (const group of text === '' ? [] : text.split(';')) expect(group).toMatch(/^\d+:[^,;:]+(,[^,;:]+)*$/);
      }),
    );
  });

  it('writes string ids grouped by time, sorted, percent-encoded where needed', () => {
    const m = new Map<string, number>([
      ['b7c1e0a2-9f4e-4c1d-8a3b-2f6d5e4c3b2a', 2000],
      ['0a1b2c3d-0000-4000-8000-000000000001', 2000],
      ['a,b;c:d%e', 1000],
    ]);
    expect(encodeEmitted(m, 'string')).toBe('1000:a%2Cb%3Bc%3Ad%25e;2000:0a1b2c3d-0000-4000-8000-000000000001,b7c1e0a2-9f4e-4c1d-8a3b-2f6d5e4c3b2a');
    expect(compareIds('b', 'a')).toBeGreaterThan(0);
    expect(compareIds(10, 9)).toBeGreaterThan(0); // numerically, not as text
  });

  it.each([
    ['1:%E0%A4%A', /bad id/],
    ['1:a b', /bad group/], // raw characters encodeURIComponent would have escaped
    ['1:a,,b', /bad group/],
    [`1:${'x'.repeat(MAX_STRING_ID_LENGTH + 1)}`, /id longer than 256 characters/],
    ['99999999999999999:abc', /bad group/],
    ['9007199254740992:abc', /time 9007199254740992 is beyond 9007199254740991/],
  ])('rejects the string set %j', (text, message) => {
    expect(() => decodeEmitted(text, 'string')).toThrow(message);
  });

  it('string sets are bounded like integer ones: at most MAX_DECODED_IDS ids, repeats counted', () => {
    const repeated = `1:${Array.from({ length: MAX_DECODED_IDS + 1 }, () => 'a').join(',')}`;
    expect(() => decodeEmitted(repeated, 'string')).toThrow(`more than ${MAX_DECODED_IDS} ids`);
    expect(() => decodeEmitted(' '.repeat(MAX_EMITTED_CHARS + 1), 'string')).toThrow(`longer than ${MAX_EMITTED_CHARS} characters`);
  });

  it('which ids a set can hold: non-negative safe integers; non-empty strings up to 256', () => {
    expect([0, 5, Number.MAX_SAFE_INTEGER].every((id) => isValidId(id, 'integer'))).toBe(true);
    expect([-1, 1.5, Number.MAX_SAFE_INTEGER + 1, '5', NaN].some((id) => isValidId(id, 'integer'))).toBe(false);
    expect(isValidId('a', 'string') && isValidId('x'.repeat(256), 'string')).toBe(true);
    expect(['', 'x'.repeat(257), 5].some((id) => isValidId(id, 'string'))).toBe(false);
  });
});

describe('lastRun decoding is bounded (what the hardening of issue 8 requires, kept for every source)', () => {
  it.each([
    ['1:9007199254740992', 'pbid beyond 9007199254740991 in 9007199254740992'], // ids ≤ MAX_SAFE_INTEGER
    ['1:9007199254740990-9007199254740999', 'pbid beyond 9007199254740991 in 9007199254740990-9007199254740999'],
    ['9007199254740992:1', 'creationTime 9007199254740992 is beyond 9007199254740991'],
    [`1:0-${TRACKED_IDS_LIMIT}`, `range 0-${TRACKED_IDS_LIMIT} holds more than ${TRACKED_IDS_LIMIT} pbids`], // one range: refused before any work
    [Array.from({ length: 3 }, (_, i) => `${i}:${i * 40_000}-${i * 40_000 + 39_999}`).join(';'), `more than ${MAX_DECODED_IDS} pbids`], // the total
    [Array.from({ length: 3 }, (_, i) => `${i}:1-40000`).join(';'), `more than ${MAX_DECODED_IDS} pbids`], // repeats count as work
  ])('rejects %j, naming lastRun.emitted', (text, reason) => {
    try {
      decodeLastRun({ time: '1', emitted: text });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FetchInputError);
      expect((e as FetchInputError).errors).toEqual([{ path: 'lastRun.emitted', message: `lastRun.emitted is malformed: ${reason}` }]);
    }
  });

  it('a hostile emitted of many repeated big ranges is refused after at most MAX_DECODED_IDS ids of work', () => {
    // Before the bound counted expanded ids, each repeat of an overlapping range re-walked it: 1 MB of these
    // meant billions of steps. Now the third repeat stops it.
    const text = Array.from({ length: 40_000 }, (_, i) => `${i}:1-${TRACKED_IDS_LIMIT}`).join(';');
    expect(() => decodeEmitted(text)).toThrow(`more than ${MAX_DECODED_IDS} ids`);
  });

  it('the largest set the engine can write is read back: MAX_DECODED_IDS ids, runs split at the range limit', () => {
    const big = new Map<number, number>();
    for (let id = 0; id < MAX_DECODED_IDS; id++) big.set(id, 7);
    const text = encodeEmitted(big);
    expect(text).toBe(`7:0-${TRACKED_IDS_LIMIT - 1},${TRACKED_IDS_LIMIT}-${MAX_DECODED_IDS - 1}`);
    expect(decodeEmitted(text)).toEqual(big);
    expect(decodeLastRun({ time: '7', emitted: text })!.emitted.size).toBe(MAX_DECODED_IDS);
  });

  it.each([
    [{ time: '9007199254740992' }, 'lastRun.time'],
    [{ time: '1', min_time: '99999999999999999' }, 'lastRun.min_time'],
    [{ time: '1', scanned: '9007199254740993' }, 'lastRun.scanned'],
    [{ last_fetch: '9007199254740991' }, 'lastRun.last_fetch'], // + 1 is min_time
  ])('times above MAX_SAFE_INTEGER are refused: %j', (lastRun, path) => {
    try {
      decodeLastRun(lastRun);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FetchInputError);
      expect((e as FetchInputError).errors.map((x) => x.path)).toEqual([path]);
      expect((e as FetchInputError).errors[0].message).toMatch(new RegExp(`^${path.replace('.', '\\.')} must be epoch milliseconds as a string of digits, at most \\d+ \\(got `));
    }
  });

  it('a rejected value is quoted briefly', () => {
    expect(() => decodeLastRun({ time: 'x'.repeat(100_000) })).toThrow(/\(got "x{37}\.\.\."\)$/);
  });
});

describe('lastRun sub-states of several sources', () => {
  const aia: StateLayout = { prefix: 'ai-analyst.', ids: 'string' };
  const aiaState = { cursor: 2000, minTime: 1500, scanned: 2100, emitted: new Map([['5f2c-uuid', 2000]]) };
  const breaches = { cursor: 1000, minTime: 900, emitted: new Map([[158, 950], [159, 1000]]) };

  it('each source writes its own keys (model breaches the flat ones), all strings, version shared', () => {
    expect(encodeSourceState(aiaState, aia)).toEqual({
      version: '1',
      'ai-analyst.time': '2000',
      'ai-analyst.min_time': '1500',
      'ai-analyst.scanned': '2100',
      'ai-analyst.emitted': '2000:5f2c-uuid',
    });
    expect(encodeSourceState(breaches, MODEL_BREACH_LAYOUT)).toEqual(encodeLastRun(breaches));
    expect(encodeLastRun(breaches)).toEqual({ version: '1', time: '1000', min_time: '900', emitted: '950:158;1000:159' });
  });

  it('one lastRun carries both; each source reads only its own', () => {
    const both = { ...encodeLastRun(breaches), ...encodeSourceState(aiaState, aia) };
    expect(decodeLastRun(both)).toEqual(breaches);
    expect(decodeSourceState(both, aia)).toEqual(aiaState);
  });

  it('a source without keys starts from first_fetch, even next to another source\'s state or a lone version', () => {
    expect(decodeSourceState(encodeLastRun(breaches), aia)).toBeUndefined();
    expect(decodeLastRun(encodeSourceState(aiaState, aia))).toBeUndefined();
    expect(decodeSourceState({ version: '1' }, aia)).toBeUndefined();
  });

  it('a lone version is still a damaged model-breach state (as before sources)', () => {
    expect(() => decodeLastRun({ version: '1' })).toThrow('lastRun.time is missing');
  });

  it.each([
    [{ 'ai-analyst.emitted': '1:x' }, 'lastRun.ai-analyst.time', /lastRun\.ai-analyst\.time is missing/],
    [{ 'ai-analyst.time': 'soon' }, 'lastRun.ai-analyst.time', /lastRun\.ai-analyst\.time must be epoch milliseconds/],
    [{ 'ai-analyst.time': '1', 'ai-analyst.emitted': '1:a b' }, 'lastRun.ai-analyst.emitted', /lastRun\.ai-analyst\.emitted is malformed: bad group/],
    [{ 'ai-analyst.time': '1', version: '2' }, 'lastRun.version', /not supported/],
  ])('errors name the source\'s own field: %j', (lastRun, path, message) => {
    try {
      decodeSourceState(lastRun, aia);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FetchInputError);
      expect((e as FetchInputError).errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    }
  });

  it('only model breaches read the official pack\'s {last_fetch}', () => {
    expect(decodeSourceState({ last_fetch: '5' }, aia)).toBeUndefined();
    expect(decodeLastRun({ last_fetch: '5' })).toEqual({ cursor: 5, minTime: 6, emitted: new Map() });
  });
});
