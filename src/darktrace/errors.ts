// DarktraceError and the exact, actionable messages for every way a Darktrace call can fail (SPEC §2).
import type { z } from 'zod';
import { redact } from './redact.js';

export type DarktraceErrorCode =
  | 'INVALID_CREDENTIALS' | 'CLOCK_SKEW' | 'INVALID_ENDPOINT_OR_CREDENTIALS' | 'PERMISSION_DENIED'
  | 'NOT_FOUND' | 'UPSTREAM_STATUS' | 'RATE_LIMITED' | 'UNPARSEABLE_RESPONSE' | 'INVALID_RESPONSE'
  | 'TIMEOUT' | 'CONNECTION' | 'TARGET_DENIED';

export class DarktraceError extends Error {
  override readonly name = 'DarktraceError';
  readonly code: DarktraceErrorCode;
  readonly upstreamStatus?: number;
  readonly retryable: boolean;
  readonly method: string;
  /** The request path without its query string. */
  readonly path: string;
  /** Seconds Darktrace asked us to wait (Retry-After on a 429), when it said. */
  readonly retryAfterSeconds?: number;
  /** The connection failed before the request was sent (refused, unresolvable, TLS handshake): nothing happened. */
  readonly notSent: boolean;
  /** A command read the state back after this error, so whether its change happened is known (and said). */
  readonly verified: boolean;

  constructor(code: DarktraceErrorCode, message: string, details: {
    method: string; path: string; upstreamStatus?: number; retryable?: boolean; cause?: unknown; retryAfterSeconds?: number;
    notSent?: boolean; verified?: boolean;
  }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.method = details.method;
    this.path = details.path;
    this.upstreamStatus = details.upstreamStatus;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.notSent = details.notSent ?? false;
    this.verified = details.verified ?? false;
    const status = details.upstreamStatus ?? 0;
    this.retryable = details.retryable
      ?? (code === 'TIMEOUT' || code === 'CONNECTION' || status === 429 || status >= 500);
  }
}

/** What an error message may say about the request; `secrets` are removed from every message. */
export interface RequestContext {
  method: string;
  path: string;
  /** The instance URL's origin (no credentials, no trailing slash). */
  base: string;
  timeoutMs: number;
  /** The private and public token, and each signature sent (the client adds them as it signs). */
  secrets: string[];
  /** The proxy's origin (no credentials) when the instance goes through one. */
  proxy?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const op = (ctx: RequestContext) => `${ctx.method} ${ctx.path}`;

function makeError(ctx: RequestContext, code: DarktraceErrorCode, message: string,
  extra: { upstreamStatus?: number; retryable?: boolean; cause?: unknown; retryAfterSeconds?: number; notSent?: boolean } = {}): DarktraceError {
  const safe = redact(message, ctx.secrets);
  return new DarktraceError(code, safe, { method: ctx.method, path: ctx.path, ...extra });
}

const header = (res: UpstreamResponse, name: string) => {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The human text of a JSON object body (first non-empty string among `keys`), trimmed to 300 characters. */
function upstreamText(text: string, keys: readonly string[]): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const found = keys.map((key) => (body as Record<string, unknown>)[key])
    .find((value): value is string => typeof value === 'string' && value.trim() !== '');
  if (found === undefined) return undefined;
  // Control characters (newlines, ANSI escapes) of a foreign answer would forge log lines or garble a war room.
  const clean = found.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim().replace(/\.+$/, ''); // the message adds its own full stop
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

const withText = (prefix: string, text: string | undefined) => `${prefix}${text ? `: ${text}` : ''}.`;

/** Seconds from a Retry-After header (delta-seconds or HTTP-date); undefined when absent or invalid. */
export function retryAfterSeconds(res: UpstreamResponse, now: Date): number | undefined {
  const value = header(res, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** Maps a non-successful (or HTML) response to its error; undefined when the response is a usable 2xx. */
export function errorForResponse(ctx: RequestContext, res: UpstreamResponse, now: Date): DarktraceError | undefined {
  const { status, text } = res;
  const fail = (code: DarktraceErrorCode, message: string) => makeError(ctx, code, message, { upstreamStatus: status });
  const permissionDenied = () => fail('PERMISSION_DENIED',
    `The Darktrace API token is not permitted to call ${op(ctx)}. Grant the token the required permission in Darktrace System Config → API tokens.`);

  if (status >= 200 && status < 300) {
    // Darktrace serves its login page with 200 when the token lacks the permission.
    const html = /text\/html/i.test(header(res, 'content-type') ?? '') || text.includes('<title>Log In | Darktrace</title>');
    return html ? permissionDenied() : undefined;
  }
  if (status >= 300 && status < 400) {
    const target = header(res, 'location') || text;
    if (/\/login\b/.test(target)) {
      return fail('INVALID_ENDPOINT_OR_CREDENTIALS',
        `Darktrace redirected ${op(ctx)} to its login page: the API endpoint does not exist on this appliance, or the API tokens are invalid. Check the server URL and both tokens.`);
    }
    if (/\/403\b/.test(target)) return permissionDenied();
  }
  // Peers only check that one of the body's values is the marker, so match the raw text.
  if ((status === 400 || status === 401) && text.includes('API SIGNATURE ERROR')) {
    return fail('INVALID_CREDENTIALS',
      `Darktrace rejected the API credentials (API SIGNATURE ERROR): the public or private API token is invalid. Check both tokens configured for ${ctx.base}.`);
  }
  if ((status === 400 || status === 401) && text.includes('API DATE ERROR')) {
    return fail('CLOCK_SKEW',
      "Darktrace rejected the request time (API DATE ERROR): this machine's clock differs from the Darktrace appliance's by more than 30 minutes. Synchronise both clocks (NTP) and retry.");
  }
  if (status === 403) return permissionDenied();
  if (status === 404) {
    return fail('NOT_FOUND', withText(`Darktrace could not find the requested data (${op(ctx)} returned 404)`,
      upstreamText(text, ['error'])));
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(res, now);
    return makeError(ctx, 'RATE_LIMITED', `Darktrace is rate limiting requests (HTTP 429 on ${op(ctx)}). Retry later.`
      + (seconds === undefined ? '' : ` Retry-After: ${seconds} s.`), { upstreamStatus: status, retryAfterSeconds: seconds });
  }
  if (status === 413 || status === 414 || status === 431) {
    return fail('UPSTREAM_STATUS', `Darktrace refused ${op(ctx)} as too large (HTTP ${status}): shorten the arguments.`);
  }
  return fail('UPSTREAM_STATUS', withText(`Darktrace returned HTTP ${status} for ${op(ctx)}`, upstreamText(text, ['error', 'response'])));
}

export function unparseableError(ctx: RequestContext, status: number, cause?: unknown): DarktraceError {
  return makeError(ctx, 'UNPARSEABLE_RESPONSE',
    `Darktrace returned a response that is not valid JSON for ${op(ctx)} (HTTP ${status}).`,
    { upstreamStatus: status, cause });
}

/** `devices[0].did`-style path of a zod issue. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out || '(root)';
}

export function invalidResponseError(ctx: RequestContext, status: number, error: z.ZodError): DarktraceError {
  const issues = error.issues;
  const listed = issues.slice(0, 5).map((issue) => `${issuePath(issue.path)} ${issue.message}`);
  if (issues.length > 5) listed.push(`and ${issues.length - 5} more`);
  return makeError(ctx, 'INVALID_RESPONSE',
    `Darktrace returned an unexpected response for ${op(ctx)}: ${listed.join('; ')}`, { upstreamStatus: status });
}

export function timeoutError(ctx: RequestContext, cause?: unknown): DarktraceError {
  return makeError(ctx, 'TIMEOUT', `Darktrace did not answer ${op(ctx)} within ${ctx.timeoutMs} ms.`, { cause });
}

// Certificate problems, TLS version or cipher mismatches and invalid requests (e.g. a header value undici refuses)
// are configuration, not weather: retrying cannot fix them.
const PERMANENT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|TLS|SSL|INVALID_ARG/;
// Failures before a byte of the request left: whatever it was, Darktrace did not act on it. (A reset or a closed
// socket may come after the request was sent, so those are not here.)
const NOT_SENT_CODES = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EAI_NONAME|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT)$|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|TLS|SSL|INVALID_ARG/;

/**
 * Whether a write that failed this way may nevertheless have been applied by Darktrace: a timeout or a dropped
 * connection after sending, a 5xx, or a 2xx answer that was garbled or did not confirm — unless the command has
 * since read the state back (`verified`). Definite refusals (4xx, login page, rate limit) and failures before
 * sending are not.
 */
export function outcomeUncertain(error: DarktraceError): boolean {
  if (error.verified) return false;
  switch (error.code) {
    case 'TIMEOUT': case 'UNPARSEABLE_RESPONSE': case 'INVALID_RESPONSE':
      return true;
    case 'CONNECTION':
      return !error.notSent;
    case 'UPSTREAM_STATUS':
      return (error.upstreamStatus ?? 0) >= 500;
    default:
      return false;
  }
}

export function connectionError(ctx: RequestContext, cause: unknown): DarktraceError {
  const err = cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = typeof err?.message === 'string' && err.message ? err.message : undefined;
  if (code === 'OUTBOUND_DENIED') {
    // Refused before connecting: the same answer whether or not anything listens there (no port scanning).
    return makeError(ctx, 'TARGET_DENIED', `Refused to connect for ${op(ctx)}: ${message}. This server connects inline instances only to public addresses; an operator can allow private ranges with DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS (cloud metadata addresses are never allowed).`, { cause, retryable: false });
  }
  // System errnos (ECONNREFUSED…) read best alone; OpenSSL's multi-line text is cut to its reason;
  // other undici/TLS codes need their message.
  const ssl = message && /SSL routines:[^:]*:([^:\n]+)/.exec(message);
  const reason = code && /^E[A-Z]+$/.test(code) ? code
    : ssl ? `TLS handshake failed: ${ssl[1]}${code ? ` (${code})` : ''}`
      : message ? `${message.replace(/\s+/g, ' ').trim()}${code ? ` (${code})` : ''}` : code ?? String(cause);
  // Behind a proxy, the only connection this server opens is to the proxy: a refused, unresolvable or
  // unreachable one is the proxy's fault. The proxy's own failure to reach Darktrace comes back as a non-200.
  const where = ctx.proxy && code && NOT_SENT_CODES.test(code) && !/CERT|SSL|TLS|ALTNAME|VERIFY|INVALID_ARG/.test(code)
    ? `the proxy ${ctx.proxy} (for Darktrace at ${ctx.base})` : `Darktrace at ${ctx.base}`;
  return makeError(ctx, 'CONNECTION', `Could not connect to ${where}: ${reason}.`,
    { cause, retryable: !(code && PERMANENT_CODES.test(code)), notSent: code !== undefined && NOT_SENT_CODES.test(code) });
}
