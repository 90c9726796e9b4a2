import { describe, expect, it } from 'vitest';
import {
  formatDtDate, formBody, parseDtDate, queryPairs, signature, signaturesEqual, signedQuery, wireQuery,
} from '../../src/darktrace/signing.js';

describe('signature (SPEC §2 test vectors)', () => {
  const date = '2024-01-01T00:00:00+00:00';
  it.each([
    ['/status?format=json', '0f353e0e0463ed04c0dba1d9ca3a557b48073f3f'],
    ['/similardevices?did=1&count=2', '7d69e33222614224666f4b42a75bd663e80f12d6'],
    ['/tags/entities?did=2&tag=Admin', 'a59c7cc244ac32bd29e16173aeff1181d4b07221'],
  ])('%s', (target, expected) => {
    expect(signature('examplepri', 'examplepub', target, date)).toBe(expected);
  });

  it('builds the vectors from a path and an ordered query', () => {
    const target = `/similardevices?${signedQuery({ did: 1, count: 2 })}`;
    expect(signature('examplepri', 'examplepub', target, date)).toBe('7d69e33222614224666f4b42a75bd663e80f12d6');
  });

  it('compares signatures case-insensitively and rejects other lengths', () => {
    expect(signaturesEqual('0F353E0E0463ED04C0DBA1D9CA3A557B48073F3F', '0f353e0e0463ed04c0dba1d9ca3a557b48073f3f')).toBe(true);
    expect(signaturesEqual('0f35', '0f353e0e0463ed04c0dba1d9ca3a557b48073f3f')).toBe(false);
  });
});

describe('DTAPI-Date formats', () => {
  const when = new Date(Date.UTC(2024, 1, 29, 7, 5, 9, 456));

  it('formats each format in UTC', () => {
    expect(formatDtDate(when)).toBe('2024-02-29T07:05:09+00:00');
    expect(formatDtDate(when, 'iso')).toBe('2024-02-29T07:05:09+00:00');
    expect(formatDtDate(when, 'compact')).toBe('20240229T070509');
    expect(formatDtDate(when, 'spaced')).toBe('2024-02-29 07:05:09');
  });

  it('parses what it formats, to the second', () => {
    for (const format of ['iso', 'compact', 'spaced'] as const) {
      expect(parseDtDate(formatDtDate(when, format))?.toISOString()).toBe('2024-02-29T07:05:09.000Z');
    }
  });

  it('parses ISO with fractions, Z and offsets (XSOAR sends microseconds)', () => {
    expect(parseDtDate('2024-05-01T12:00:00.123456+00:00')?.toISOString()).toBe('2024-05-01T12:00:00.123Z');
    expect(parseDtDate('2024-05-01T12:00:00Z')?.toISOString()).toBe('2024-05-01T12:00:00.000Z');
    expect(parseDtDate('2024-05-01T12:00:00+02:00')?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(parseDtDate('2024-05-01T12:00:00-0530')?.toISOString()).toBe('2024-05-01T17:30:00.000Z');
    expect(parseDtDate('2024-05-01T12:00:00')?.toISOString()).toBe('2024-05-01T12:00:00.000Z'); // naive = UTC
  });

  it('checks the calendar on the time as written, not after the offset moves it into another month', () => {
    expect(parseDtDate('2024-01-31T23:30:00-01:00')?.toISOString()).toBe('2024-02-01T00:30:00.000Z');
    expect(parseDtDate('2024-03-01T00:30:00+01:00')?.toISOString()).toBe('2024-02-29T23:30:00.000Z');
    expect(parseDtDate('2024-02-30T00:30:00+01:00')).toBeUndefined();
  });

  it.each(['', 'yesterday', '2024-02-30 00:00:00', '20241301T000000', '2024-01-01 24:00:00', '2024-01-01T00:00',
    '2024-01-01T24:00:00+00:00', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60'])(
    'rejects %j', (text) => expect(parseDtDate(text)).toBeUndefined());
});

describe('query strings', () => {
  const query: Array<[string, string | number | boolean | null | undefined]> = [
    ['tag', 'Active Threat'], ['did', 42], ['skip', undefined], ['fulldevicedetails', true], ['none', null], ['x', 'a&b=c'],
  ];

  it('keeps the given order and drops null/undefined', () => {
    expect(queryPairs(query)).toEqual([['tag', 'Active Threat'], ['did', '42'], ['fulldevicedetails', 'true'], ['x', 'a&b=c']]);
    expect(signedQuery({ b: 1, a: 2 })).toBe('b=1&a=2');
    expect(signedQuery(undefined)).toBe('');
  });

  it('signs unencoded values but sends them percent-encoded', () => {
    expect(signedQuery(query)).toBe('tag=Active Threat&did=42&fulldevicedetails=true&x=a&b=c');
    expect(wireQuery(query)).toBe('tag=Active%20Threat&did=42&fulldevicedetails=true&x=a%26b%3Dc');
  });

  it('a lone surrogate never throws: signed and sent as U+FFFD, as form bodies already are (issue 8, finding 3)', () => {
    const lone: Array<[string, string]> = [['tag', 'ab\ud800'], ['\udc00k', 'v']];
    expect(() => encodeURIComponent('\ud800')).toThrow(URIError);
    expect(signedQuery(lone)).toBe('tag=ab\ufffd&\ufffdk=v');
    expect(wireQuery(lone)).toBe('tag=ab%EF%BF%BD&%EF%BF%BDk=v');
    expect(decodeURIComponent(wireQuery(lone))).toBe(signedQuery(lone));
    expect(formBody(lone)).toBe('tag=ab%EF%BF%BD&%EF%BF%BDk=v');
  });

  it('form bodies are url-encoded, and those bytes are what gets signed', () => {
    expect(formBody({ did: 42, tag: 'Active Threat', duration: 3600 })).toBe('did=42&tag=Active+Threat&duration=3600');
  });
});
