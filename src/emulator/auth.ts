// DTAPI-* verification (reference §1, §3, §6.1): missing headers → 302 /login; bad or skewed date → 400
// API DATE ERROR; signature mismatch or unknown token → 400 API SIGNATURE ERROR.
import type { NextFunction, Request, Response } from 'express';
import { parseDtDate, signature, signaturesEqual, type DateFormat } from '../darktrace/signing.js';
import { ctxOf, redirect, sendJson, type RequestCtx, type TokenInfo } from './http.js';

export interface AuthOptions {
  tokens: Map<string, TokenInfo>;
  now: () => number;
  maxSkewMinutes: number;
  /** DTAPI-Date formats accepted (default all three); e.g. ['spaced'] mimics a fresh 7.1 appliance (reference §1.3). */
  dateFormats?: readonly DateFormat[];
}

export function dateFormatOf(text: string): DateFormat {
  if (/^\d{8}T\d{6}$/.test(text)) return 'compact';
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return 'spaced';
  return 'iso';
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** DTAPI-Signature is documented as lower-case hex HMAC-SHA1 (reference §1.1); other spellings are not accepted. */
const LOWER_HEX_SHA1 = /^[0-9a-f]{40}$/;

/** percent-decoded form of a query, `+` read as a space; undefined when it is not valid percent-encoding. */
function decodeQuery(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * The request-targets a client may have signed. A body is signed as `path?<raw body>`; a query either as sent
 * or percent-decoded. A POST/PUT/PATCH carrying both a query and a body has none: 7.1 accepts only
 * `path?{json}`, so the two must not be combined (reference §1.2) and we refuse the mix whichever way it was signed.
 */
export function signingTargets(method: string, ctx: Pick<RequestCtx, 'path' | 'rawQuery' | 'rawBody'>): string[] {
  if (WRITE_METHODS.has(method) && ctx.rawBody.length > 0) return ctx.rawQuery ? [] : [`${ctx.path}?${ctx.rawBody}`];
  if (ctx.rawQuery === undefined || ctx.rawQuery === '') return [ctx.path];
  const targets = [`${ctx.path}?${ctx.rawQuery}`];
  const decoded = decodeQuery(ctx.rawQuery);
  if (decoded !== undefined && decoded !== ctx.rawQuery) targets.push(`${ctx.path}?${decoded}`);
  return targets;
}

export function authenticate(options: AuthOptions) {
  const maxSkewMs = options.maxSkewMinutes * 60_000;
  return (req: Request, res: Response, next: NextFunction) => {
    const publicToken = req.get('DTAPI-Token');
    const date = req.get('DTAPI-Date');
    const sig = req.get('DTAPI-Signature');
    if (!publicToken || !date || !sig) return redirect(res, '/login');

    const when = parseDtDate(date);
    const accepted = !options.dateFormats || options.dateFormats.includes(dateFormatOf(date));
    if (!when || !accepted || Math.abs(when.getTime() - options.now()) > maxSkewMs) return sendJson(res, 400, { error: 'API DATE ERROR' });

    const ctx = ctxOf(res);
    const token = options.tokens.get(publicToken);
    // An unknown token still costs an HMAC, so the answer time does not reveal which tokens exist.
    const secret = token?.privateToken ?? 'unknown-token';
    const valid = LOWER_HEX_SHA1.test(sig) && signingTargets(req.method, ctx)
      .map((target) => signaturesEqual(signature(secret, publicToken, target, date), sig))
      .some(Boolean);
    if (!token || !valid) return sendJson(res, 400, { error: 'API SIGNATURE ERROR' });
    ctx.token = token;
    next();
  };
}
