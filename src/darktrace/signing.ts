// Darktrace request signing (SPEC §2). Shared by the client (to sign) and the emulator (to verify).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { utcFromFields } from '../util/calendar.js';

export type DateFormat = 'iso' | 'compact' | 'spaced';
export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'compact', 'spaced'];

export type QueryValue = string | number | boolean | null | undefined;
/** Query parameters in the order they are sent; null/undefined values are omitted. */
export type Query = Record<string, QueryValue> | Array<[string, QueryValue]>;

/** Lowercase hex HMAC-SHA1(private, `<target>\n<public>\n<date>`); target is path[?query or body]. */
export function signature(privateToken: string, publicToken: string, requestTarget: string, date: string): string {
  return createHmac('sha1', privateToken).update(`${requestTarget}\n${publicToken}\n${date}`).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase());
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The DTAPI-Date header value, always UTC. `iso` matches what the official XSOAR pack sends. */
export function formatDtDate(date: Date, format: DateFormat = 'iso'): string {
  const y = pad(date.getUTCFullYear(), 4);
  const mo = pad(date.getUTCMonth() + 1);
  const d = pad(date.getUTCDate());
  const h = pad(date.getUTCHours());
  const mi = pad(date.getUTCMinutes());
  const s = pad(date.getUTCSeconds());
  switch (format) {
    case 'compact':
      return `${y}${mo}${d}T${h}${mi}${s}`;
    case 'spaced':
      return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
    case 'iso':
      return `${y}-${mo}-${d}T${h}:${mi}:${s}+00:00`;
  }
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/;
const SPACED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses any of the three accepted DTAPI-Date formats (naive times are UTC); undefined when unparseable. */
export function parseDtDate(text: string): Date | undefined {
  const m = COMPACT.exec(text) ?? SPACED.exec(text);
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
    const ms = utcFromFields(y, mo, d, h, mi, s);
    return ms === undefined ? undefined : new Date(ms);
  }
  const iso = ISO.exec(text);
  if (!iso) return undefined;
  const [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number);
  const fraction = iso[7] ? Math.floor(Number(`0${iso[7]}`) * 1000) : 0;
  // The calendar check is on the wall-clock fields as written, before the offset moves the instant.
  let ms = utcFromFields(y, mo, d, h, mi, s, fraction);
  if (ms === undefined) return undefined;
  const zone = iso[8];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return new Date(ms);
}

/**
 * Ordered [key, value] pairs with null/undefined dropped and booleans as lowercase text. Lone surrogates become
 * U+FFFD (as URLSearchParams does for form bodies), so encodeURIComponent cannot throw and the signed text
 * is exactly what goes on the wire; the HTTP edge refuses such text before it gets here.
 */
export function queryPairs(query: Query | undefined): Array<[string, string]> {
  if (!query) return [];
  const entries = Array.isArray(query) ? query : Object.entries(query);
  return entries.filter((e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== null)
    .map(([k, v]) => [k.toWellFormed(), String(v).toWellFormed()]);
}

/** The query as signed: unencoded `k=v&k2=v2`, in the order sent. */
export function signedQuery(query: Query | undefined): string {
  return queryPairs(query).map(([k, v]) => `${k}=${v}`).join('&');
}

/** The query as sent on the wire: the same pairs, percent-encoded. */
export function wireQuery(query: Query | undefined): string {
  return queryPairs(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Form body bytes for application/x-www-form-urlencoded POSTs; these exact bytes are also signed. */
export function formBody(form: Query): string {
  return new URLSearchParams(queryPairs(form)).toString();
}
