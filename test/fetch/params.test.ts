import { describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_PARAMS, parseFetchParams, parseFirstFetch, toMinscore } from '../../src/fetch/index.js';

const NOW = Date.UTC(2024, 5, 15, 12, 30, 45, 123); // 2024-06-15T12:30:45.123Z

describe('parseFirstFetch', () => {
  it.each([
    ['3 days', NOW - 3 * 86_400_000],
    ['3 days ago', NOW - 3 * 86_400_000],
    ['2 hours ago', NOW - 2 * 3_600_000],
    ['1 hour', NOW - 3_600_000],
    ['30 minutes', NOW - 30 * 60_000],
    ['30 min', NOW - 30 * 60_000],
    ['45 seconds ago', NOW - 45_000],
    ['1 week', NOW - 7 * 86_400_000],
    ['2 weeks ago', NOW - 14 * 86_400_000],
    ['12h', NOW - 12 * 3_600_000],
    ['  1 DAY AGO ', NOW - 86_400_000],
    ['0 minutes', NOW],
    ['1 month', Date.UTC(2024, 4, 15, 12, 30, 45, 123)],
    ['1 year ago', Date.UTC(2023, 5, 15, 12, 30, 45, 123)],
  ])('relative %j', (text, expected) => {
    expect(parseFirstFetch(text, NOW)).toBe(expected);
  });

  it.each([
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01T10:20:30', Date.UTC(2024, 0, 1, 10, 20, 30)], // naive = UTC, never the host's zone
    ['2024-01-01 10:20:30', Date.UTC(2024, 0, 1, 10, 20, 30)],
    ['2024-01-01T10:20', Date.UTC(2024, 0, 1, 10, 20)],
    ['2024-01-01T10:20:30Z', Date.UTC(2024, 0, 1, 10, 20, 30)],
    ['2024-01-01T10:20:30.250Z', Date.UTC(2024, 0, 1, 10, 20, 30, 250)],
    ['2024-01-01T10:20:30+02:00', Date.UTC(2024, 0, 1, 8, 20, 30)],
    ['2024-01-01T10:20:30-0130', Date.UTC(2024, 0, 1, 11, 50, 30)],
  ])('absolute %j', (text, expected) => {
    expect(parseFirstFetch(text, NOW)).toBe(expected);
  });

  it('epoch milliseconds (13 digits) are used as milliseconds', () => {
    expect(parseFirstFetch('1700000000123', NOW)).toBe(1_700_000_000_123);
  });

  it('epoch seconds (10 digits) are converted to milliseconds — never sent as seconds', () => {
    expect(parseFirstFetch('1700000000', NOW)).toBe(1_700_000_000_000);
  });

  it.each([
    ['', /empty/],
    ['banana', /not a time/],
    ['3 fortnights', /unknown unit "fortnights"/],
    ['2024-02-30', /not a time/],
    ['2024-13-01', /not a time/],
    ['2099-01-01', /future/],
    ['9999999999999', /future/],
    ['-5 days', /not a time/],
  ])('rejects %j', (text, message) => {
    expect(() => parseFirstFetch(text, NOW)).toThrow(message);
  });

  it('errors say what is accepted', () => {
    expect(() => parseFirstFetch('soon', NOW)).toThrow(/"3 days".*ISO date.*milliseconds/);
  });
});

describe('parseFetchParams', () => {
  it('fetch_sources: a CSV (XSOAR multi-select) or a JSON list of known sources, none twice', () => {
    expect(parseFetchParams({ fetch_sources: 'ai-analyst,respond-actions' }, NOW)).toMatchObject({ ok: true, params: { fetchSources: ['ai-analyst', 'respond-actions'] } });
    expect(parseFetchParams({ fetch_sources: ['respond-actions'] }, NOW)).toMatchObject({ ok: true, params: { fetchSources: ['respond-actions'] } });
    expect(parseFetchParams({ fetch_sources: '' }, NOW)).toMatchObject({ ok: true, params: { fetchSources: ['model-breaches'] } });
    expect(parseFetchParams({ fetch_sources: 'model-breaches,incidents' }, NOW)).toEqual({
      ok: false,
      errors: [{ path: 'fetch_sources', message: 'fetch_sources includes "incidents", which is not a source; use one or more of model-breaches, ai-analyst, respond-actions' }],
    });
    expect(parseFetchParams({ fetch_sources: 'ai-analyst,ai-analyst' }, NOW)).toEqual({
      ok: false, errors: [{ path: 'fetch_sources', message: 'fetch_sources names "ai-analyst" twice' }],
    });
    expect(parseFetchParams({ min_group_score: '101' }, NOW)).toEqual({
      ok: false, errors: [{ path: 'min_group_score', message: 'min_group_score must be a whole number from 0 to 100 (got "101")' }],
    });
  });

  it('defaults when nothing is given', () => {
    expect(parseFetchParams({}, NOW)).toEqual({ ok: true, params: { ...DEFAULT_FETCH_PARAMS } });
    expect(parseFetchParams(undefined, NOW)).toEqual({ ok: true, params: { ...DEFAULT_FETCH_PARAMS } });
    expect(DEFAULT_FETCH_PARAMS).toEqual({ fetchSources: ['model-breaches'], minScore: 0, minGroupScore: 0, maxAlerts: 50, firstFetch: '3 days', lookBackMinutes: 10 });
  });

  it('accepts XSOAR strings and ignores the rest of an instance configuration', () => {
    const r = parseFetchParams(
      { min_score: '50', max_alerts: '200', first_fetch: '2 hours ago', look_back: '5', url: 'https://dt', isFetch: 'true', public_api_token: 'x' },
      NOW,
    );
    expect(r).toEqual({ ok: true, params: { fetchSources: ['model-breaches'], minScore: 50, minGroupScore: 0, maxAlerts: 200, firstFetch: '2 hours ago', lookBackMinutes: 5 } });
  });

  it('accepts JSON types and decimal scores', () => {
    const r = parseFetchParams({ min_score: 72.5, max_alerts: 1000, first_fetch: 1_700_000_000_000, look_back: 0 }, NOW);
    expect(r).toEqual({ ok: true, params: { fetchSources: ['model-breaches'], minScore: 72.5, minGroupScore: 0, maxAlerts: 1000, firstFetch: '1700000000000', lookBackMinutes: 0 } });
  });

  it('blank strings and null take the defaults (XSOAR sends "" for unset parameters)', () => {
    const r = parseFetchParams({ min_score: '', max_alerts: ' ', first_fetch: null, look_back: '' }, NOW);
    expect(r).toEqual({ ok: true, params: { ...DEFAULT_FETCH_PARAMS } });
  });

  it('max_alerts (the earlier name) is an alias of max_fetch', () => {
    expect(parseFetchParams({ max_fetch: '7' }, NOW)).toEqual({ ok: true, params: { ...DEFAULT_FETCH_PARAMS, maxAlerts: 7 } });
    expect(parseFetchParams({ max_fetch: '7', max_alerts: 7 }, NOW)).toMatchObject({ ok: true, params: { maxAlerts: 7 } });
    const r = parseFetchParams({ max_fetch: '7', max_alerts: '8' }, NOW);
    expect(r).toEqual({ ok: false, errors: [{ path: 'max_fetch', message: 'max_fetch ("7") and its alias max_alerts ("8") disagree; set only one' }] });
  });

  it('an alias error names the alias the caller used', () => {
    const r = parseFetchParams({ max_fetch: '5000' }, NOW);
    expect(r).toEqual({ ok: false, errors: [{ path: 'max_fetch', message: 'max_fetch must be a whole number from 1 to 1000 (got "5000")' }] });
  });

  it('lists every bad parameter, each message naming it and the allowed range', () => {
    const r = parseFetchParams({ min_score: '101', max_alerts: '0', first_fetch: 'yesterday-ish', look_back: '-1' }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['min_score', 'max_alerts', 'look_back', 'first_fetch']);
    expect(r.errors[0].message).toBe('min_score must be a number from 0 to 100 (got "101")');
    expect(r.errors[1].message).toBe('max_alerts must be a whole number from 1 to 1000 (got "0")');
    expect(r.errors[2].message).toBe('look_back must be a whole number from 0 to 1440 (got "-1")');
    expect(r.errors[3].message).toMatch(/^first_fetch "yesterday-ish" is not a time; use a relative time/);
  });

  it.each([
    [{ min_score: 'abc' }, 'min_score'],
    [{ min_score: -1 }, 'min_score'],
    [{ min_score: true }, 'min_score'],
    [{ max_alerts: '1.5' }, 'max_alerts'],
    [{ max_alerts: 1001 }, 'max_alerts'],
    [{ max_alerts: '10 items' }, 'max_alerts'],
    [{ look_back: '1441' }, 'look_back'],
    [{ look_back: 2.5 }, 'look_back'],
    [{ first_fetch: '2099-01-01' }, 'first_fetch'],
    [{ first_fetch: { days: 3 } }, 'first_fetch'],
  ])('rejects %j', (raw, path) => {
    const r = parseFetchParams(raw, NOW);
    expect(r).toMatchObject({ ok: false, errors: [{ path }] });
  });

  it('rejects a non-object', () => {
    expect(parseFetchParams('max_alerts=5', NOW)).toEqual({ ok: false, errors: [{ path: 'params', message: 'params must be an object' }] });
  });
});

describe('toMinscore', () => {
  it.each([
    [0, 0],
    [100, 1],
    [73, 0.73],
    [29, 0.29],
    [57, 0.57],
    [7, 0.07],
    [0.5, 0.005],
    [72.9, 0.729],
  ])('%d → %d', (minScore, expected) => {
    expect(toMinscore(minScore)).toBe(expected);
    expect(String(toMinscore(minScore))).toBe(String(expected));
  });
});
