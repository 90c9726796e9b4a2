// What Darktrace received, as the emulator (or the scripted appliance) recorded it: method, path, raw query
// and body, each request's DTAPI-Signature checked against the tokens it should have been signed with.
// Tests assert on this rather than on how the client assembled the request.
import { expect } from 'vitest';
import { signature } from '../../src/darktrace/signing.js';

/** A request as a recorder saw it; the emulator's RecordedRequest is one. */
export interface WireRequest {
  method: string;
  /** Raw path, as sent. */
  path: string;
  /** Raw query, as sent ('' when none). */
  rawQuery: string;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Received {
  method: string;
  path: string;
  query: string;
  body: string;
}

export interface Tokens {
  publicToken: string;
  privateToken: string;
}

export const DEMO_TOKENS: Tokens = { publicToken: 'demo-public', privateToken: 'demo-private' };

const header = (r: WireRequest, name: string): string => {
  const value = r.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

const decode = (pair: string) => {
  const at = pair.indexOf('=');
  return at < 0 ? decodeURIComponent(pair) : `${decodeURIComponent(pair.slice(0, at))}=${decodeURIComponent(pair.slice(at + 1))}`;
};

/**
 * What the signature must cover (SPEC §2): the path, then `?` and the body bytes for a request with a body,
 * or `?` and the unencoded query in the order sent.
 */
export function signedText(r: WireRequest): string {
  if (r.body) return `${r.path}?${r.body}`;
  return r.rawQuery ? `${r.path}?${r.rawQuery.split('&').map(decode).join('&')}` : r.path;
}

/** The requests, each checked to carry the public token and a valid lowercase-hex signature of what it sent. */
export function received(requests: readonly WireRequest[], tokens: Tokens = DEMO_TOKENS): Received[] {
  return requests.map((r) => {
    const what = `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`;
    expect(header(r, 'dtapi-token'), `DTAPI-Token of ${what}`).toBe(tokens.publicToken);
    const expected = signature(tokens.privateToken, tokens.publicToken, signedText(r), header(r, 'dtapi-date'));
    expect(header(r, 'dtapi-signature'), `DTAPI-Signature of ${what}`).toBe(expected);
    return { method: r.method, path: r.path, query: r.rawQuery, body: r.body };
  });
}
