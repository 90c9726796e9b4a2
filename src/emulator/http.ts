// Per-request context, strict parameter parsing (bad input → 400 INPUT ERROR), response writing (where body
// faults are applied) and the `Exchange` a resource's handler receives.
import type { Request, Response } from 'express';
import type { ActiveFault } from './faults.js';
import type { Permission } from './types.js';

export interface TokenInfo { publicToken: string; privateToken: string; permissions: ReadonlySet<Permission> }

export interface RequestCtx {
  /** Raw path as sent (never decoded: the signature covers it verbatim). */
  path: string;
  /** Raw query as sent, without `?`; undefined when the URL has no `?`. */
  rawQuery: string | undefined;
  rawBody: string;
  params: Params;
  token?: TokenInfo;
  /** A body-altering fault picked for this request (applied when the response is written). */
  fault?: ActiveFault;
}

export const ctxOf = (res: Response): RequestCtx => res.locals.dt as RequestCtx;

export class InputError extends Error {}

/** Query (or form) parameters with the appliance's strict parsing; bad values are 400 INPUT ERROR. */
export class Params {
  constructor(readonly search: URLSearchParams) {}

  has(name: string): boolean {
    return this.search.has(name);
  }

  str(name: string): string | undefined {
    return this.search.get(name) ?? undefined;
  }

  required(name: string): string {
    const value = this.str(name);
    if (value === undefined || value === '') throw new InputError(`Missing required parameter: ${name}`);
    return value;
  }

  /** An integer that must be present (absent → "Missing required parameter", malformed → "Invalid value"). */
  requiredInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) throw new InputError(`Missing required parameter: ${name}`);
    return value;
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw new InputError(`Invalid value for ${name}: expected an integer`);
    return Number(value);
  }

  num(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) throw new InputError(`Invalid value for ${name}: expected a number`);
    return Number(value);
  }

  /** Only lowercase `true`/`false` (reference §1.6: send lower-case); anything else is rejected, not guessed. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.str(name);
    if (value === undefined) return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new InputError(`Invalid value for ${name}: expected true or false`);
  }

  /** One of a fixed list of values (case-sensitive); the error lists them all. */
  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.str(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) throw new InputError(`Invalid value for ${name}: expected ${listOf(allowed)}`);
    return value as T;
  }
}

/** `a, b or c` */
export const listOf = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

// ---------------------------------------------------------------------------------------------- responses

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Writes JSON text, unless a fault picked for this request says to corrupt or replace it. */
function writeJsonText(res: Response, status: number, text: string) {
  const fault = ctxOf(res)?.fault;
  switch (fault?.kind) {
    case 'truncated-json': // a well-formed HTTP response whose JSON stops half-way
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      break;
    case 'invalid-json': // a trailing comma, as naive serialisers produce
      text = `${text.slice(0, -1)},${text.slice(-1)}`;
      break;
    case 'apply-then-error': // the change was applied, then the gateway failed (reference §3)
      res.status(fault.status ?? 502).type('text/html').send(NGINX_502);
      return;
  }
  res.status(status).type('application/json; charset=utf-8').send(text);
}

export function sendJson(res: Response, status: number, body: unknown) {
  writeJsonText(res, status, JSON.stringify(body));
}

/** 200 JSON for a GET, honouring `responsedata` (restricts the JSON to the named top-level key). */
export function ok(res: Response, body: unknown) {
  const keys = ctxOf(res).params.str('responsedata');
  sendJson(res, 200, keys ? project(body, keys) : body);
}

/**
 * `responsedata=<field>`: each object keeps only that one top-level field (reference §2.1: "a top-level field or
 * object"). Strict reading: one field, the value taken whole — `a,b` names a field called "a,b" (nothing in the
 * reference says the appliance splits lists), so a client relying on lists gets empty objects here too.
 */
export function project(body: unknown, key: string): unknown {
  const wanted = [key];
  const pick = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(wanted.filter((k) => k in value).map((k) => [k, (value as Record<string, unknown>)[k]]));
  };
  return Array.isArray(body) ? body.map(pick) : pick(body);
}

/**
 * Streams a large JSON array in chunks with back-pressure, so a 100k-breach answer never exists as one string.
 * With a body fault the array is built in full (faults are for small test responses).
 */
export async function sendJsonArray(res: Response, items: Iterable<unknown>) {
  const keys = ctxOf(res).params.str('responsedata');
  const shape = (item: unknown) => (keys ? project(item, keys) : item);
  if (ctxOf(res).fault) {
    writeJsonText(res, 200, JSON.stringify(Array.from(items, shape)));
    return;
  }
  res.status(200).type('application/json; charset=utf-8');
  let chunk = '[';
  let first = true;
  for (const item of items) {
    chunk += (first ? '' : ',') + JSON.stringify(shape(item));
    first = false;
    if (chunk.length >= 64 * 1024) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
      chunk = '';
    }
  }
  res.end(`${chunk}]`);
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function inputError(res: Response, message: string) {
  sendJson(res, 400, { error: message, response: 'INPUT ERROR' });
}

/** The web application's redirect (text body exactly as captured by the XSOAR pack). */
export function redirect(res: Response, to: '/login' | '/403') {
  res.status(302).set('Location', to).type('text/plain; charset=utf-8').send(`Found. Redirecting to ${to}`);
}

/** Parses a POST body the way the appliance does: JSON or url-encoded form, by Content-Type. */
export function parseBody(req: Request, raw: string, accept: { json: boolean; form: boolean }): Map<string, unknown> {
  const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (accept.form && type === 'application/x-www-form-urlencoded') return new Map(new URLSearchParams(raw));
  if (accept.json && type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new InputError('Request body is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError('Request body must be a JSON object');
    return new Map(Object.entries(parsed));
  }
  return new Map(); // other content types are not read: every parameter is then missing
}

/** The web application's HTML error page for a path it does not serve (not JSON, not the /login redirect). */
export function cannotGetPage(path: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET ${path.replace(/[<>&]/g, '')}</pre>\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------------------------------------- exchange

/**
 * One authenticated request as a resource handler sees it: the parsed query, path parameters, the body, and
 * the appliance's ways of answering. Throw `InputError` for bad input (→ 400 INPUT ERROR).
 */
export class Exchange {
  constructor(readonly req: Request, readonly res: Response, readonly ctx: RequestCtx) {}

  /** Query parameters (strict parsing). */
  get params(): Params {
    return this.ctx.params;
  }

  /** An express path parameter, e.g. `pathParam('pbid')` for `/modelbreaches/:pbid`. */
  pathParam(name: string): string {
    return String(this.req.params[name]);
  }

  /** The POST body as the appliance reads it: JSON and/or url-encoded form, by Content-Type. */
  body(accept: { json: boolean; form: boolean }): Map<string, unknown> {
    return parseBody(this.req, this.ctx.rawBody, accept);
  }

  /** 200 JSON for a GET, honouring `responsedata`. */
  ok(body: unknown): void {
    ok(this.res, body);
  }

  /** JSON with this status, `responsedata` not applied (writes, errors, endpoints without it). */
  json(status: number, body: unknown): void {
    sendJson(this.res, status, body);
  }

  /** A large 200 JSON array, streamed with back-pressure, honouring `responsedata` per item. */
  stream(items: Iterable<unknown>): Promise<void> {
    return sendJsonArray(this.res, items);
  }

  html(status: number, text: string): void {
    this.res.status(status).type('text/html; charset=utf-8').send(text);
  }
}
