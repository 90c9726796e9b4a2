// The emulated appliance as an express app. Pipeline: raw body capture → control API (/__emulator) →
// request recording → faults → DTAPI authentication → routes (per-token permissions) → 302 /login.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { DateFormat } from '../darktrace/signing.js';
import { authenticate } from './auth.js';
import { controlRouter } from './control.js';
import { Faults } from './faults.js';
import { inputError, Params, redirect, sendJson, type RequestCtx, type TokenInfo } from './http.js';
import { advancedSearchRoutes } from './routes/advancedsearch.js';
import { deviceRoutes } from './routes/devices.js';
import { intelfeedRoutes } from './routes/intelfeed.js';
import { modelBreachRoutes } from './routes/modelbreaches.js';
import { statusRoutes } from './routes/status.js';
import { tagRoutes } from './routes/tags.js';
import { EmulatorState } from './state.js';
import { ALL_PERMISSIONS, type Permission, type TagPostResponse } from './types.js';

export interface EmulatorOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Exact number of devices (default 50, at least the 5 fixture devices). */
  devices?: number;
  /** Exact number of model breaches including the 2 fixture ones (default 200). */
  breaches?: number;
  /** Full-permission token pair (defaults demo-public / demo-private). */
  publicToken?: string;
  privateToken?: string;
  /** Extra tokens, e.g. with restricted permissions. */
  tokens?: Array<{ publicToken: string; privateToken: string; permissions: Permission[] }>;
  /** Accepted DTAPI-Date skew (default 30). */
  maxSkewMinutes?: number;
  /** Accepted DTAPI-Date formats (default all three; ['spaced'] mimics a freshly provisioned 7.1 appliance). */
  dateFormats?: DateFormat[];
  /** The appliance clock in ms (default Date.now): skew checks, generated times, expiry. */
  now?: () => number;
  /** Return /modelbreaches in a (seeded) random order instead of newest first. */
  shuffleBreaches?: boolean;
  /** Serve the unauthenticated /__emulator control API (default true). */
  controlApi?: boolean;
  /** Keep at most this many recorded requests, oldest dropped first (default 10000). */
  maxRecordedRequests?: number;
  /**
   * What POST /tags/entities answers: 'tid' (default) `{"tid": <tid>}` as captured (device_tag_post.json), or
   * 'success' `{"response":"SUCCESS"}` as the API guide documents (reference §2.1 #15b).
   */
  tagPostResponse?: TagPostResponse;
}

const TAG_POST_RESPONSES: readonly TagPostResponse[] = ['tid', 'success'];

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

/** Reads the body ourselves (express must not re-serialise it: the signature covers the exact bytes). */
function captureRequest(req: Request, res: Response, next: NextFunction) {
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

function recorder(requests: RecordedRequest[], max: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = res.locals.dt as RequestCtx;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
    const record: RecordedRequest = {
      method: req.method, path: ctx.path, rawQuery: ctx.rawQuery ?? '', query: [...ctx.params.search],
      body: ctx.rawBody, headers, status: 0,
    };
    if (requests.length >= max) requests.shift(); // a long-running emulator must not grow without bound
    requests.push(record);
    res.on('finish', () => { record.status = res.statusCode; });
    next();
  };
}

export function createEmulator(options: EmulatorOptions = {}) {
  const now = options.now ?? Date.now;
  const tagPostResponse = options.tagPostResponse ?? 'tid';
  if (!TAG_POST_RESPONSES.includes(tagPostResponse)) {
    throw new RangeError(`tagPostResponse must be 'tid' or 'success', got ${JSON.stringify(tagPostResponse)}`);
  }
  const state = new EmulatorState({ seed: options.seed ?? 1, devices: options.devices ?? 50, breaches: options.breaches ?? 200, now });
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const clearRequests = () => { requests.length = 0; }; // in place: callers may hold the array

  const tokens = new Map<string, TokenInfo>();
  const addToken = (publicToken: string, privateToken: string, permissions: readonly Permission[]) =>
    tokens.set(publicToken, { publicToken, privateToken, permissions: new Set(permissions) });
  addToken(options.publicToken ?? 'demo-public', options.privateToken ?? 'demo-private', ALL_PERMISSIONS);
  for (const t of options.tokens ?? []) addToken(t.publicToken, t.privateToken, t.permissions);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('query parser', false); // handlers read the raw query through Params

  app.use(captureRequest);
  if (options.controlApi ?? true) app.use('/__emulator', controlRouter(state, faults, requests, clearRequests));
  app.use(recorder(requests, options.maxRecordedRequests ?? 10_000));
  app.use(faults.middleware());
  app.use(authenticate({ tokens, now, maxSkewMinutes: options.maxSkewMinutes ?? 30, dateFormats: options.dateFormats }));

  const router = express.Router({ caseSensitive: true, strict: true });
  statusRoutes(router, state);
  deviceRoutes(router, state);
  advancedSearchRoutes(router, state);
  intelfeedRoutes(router, state);
  tagRoutes(router, state, { postResponse: tagPostResponse });
  modelBreachRoutes(router, state, { shuffle: options.shuffleBreaches ?? false });
  app.use(router);

  app.use((_req: Request, res: Response) => redirect(res, '/login')); // unknown endpoint (with valid auth)
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return res.destroy(err);
    if (err.status && err.status >= 400 && err.status < 500) return inputError(res, err.message); // e.g. a malformed %-escape
    sendJson(res, 500, { error: 'Internal Server Error' });
  });

  return { app, state, faults, requests, clearRequests };
}

export type Emulator = ReturnType<typeof createEmulator>;
