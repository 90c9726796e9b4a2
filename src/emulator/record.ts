// The first two pipeline steps: read the raw request (the signature covers the exact bytes, so express must
// not parse or re-serialise anything) and record it, so tests can assert exactly what the client sent.
import type { NextFunction, Request, Response } from 'express';
import { Params, type RequestCtx } from './http.js';

export interface RecordedRequest {
  method: string;
  /** Raw path as sent. */
  path: string;
  /** Raw query as sent ('' when none). */
  rawQuery: string;
  /** Decoded query pairs, in order. */
  query: Array<[string, string]>;
  /** Raw body text ('' when none). */
  body: string;
  headers: Record<string, string>;
  /** Response status; 0 if the connection was dropped without an answer. */
  status: number;
}

const BODY_LIMIT = 5 * 1024 * 1024;

/** Reads the body ourselves and builds the per-request context (`res.locals.dt`). */
export function captureRequest(req: Request, res: Response, next: NextFunction) {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
  });
  req.on('error', next);
  req.on('end', () => {
    if (size > BODY_LIMIT) return void res.status(413).json({ error: 'Request body too large' });
    const rawQuery = q < 0 ? undefined : url.slice(q + 1);
    const ctx: RequestCtx = {
      path: q < 0 ? url : url.slice(0, q),
      rawQuery,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      params: new Params(new URLSearchParams(rawQuery ?? '')),
    };
    res.locals.dt = ctx;
    next();
  });
}

/** Appends every request that reaches it to `requests` (bounded: a long-running emulator must not grow). */
export function recorder(requests: RecordedRequest[], max: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = res.locals.dt as RequestCtx;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
    const record: RecordedRequest = {
      method: req.method, path: ctx.path, rawQuery: ctx.rawQuery ?? '', query: [...ctx.params.search],
      body: ctx.rawBody, headers, status: 0,
    };
    if (requests.length >= max) requests.shift();
    requests.push(record);
    res.on('finish', () => { record.status = res.statusCode; });
    next();
  };
}
