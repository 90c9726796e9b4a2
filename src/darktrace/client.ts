// HTTP client for the Darktrace API (SPEC §2): signing, TLS/proxy, timeouts, GET retries, error mapping.
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  connectionError, errorForResponse, invalidResponseError, retryAfterSeconds, timeoutError, unparseableError,
  DarktraceError, type RequestContext, type UpstreamResponse,
} from './errors.js';
import { acceptsAsIs } from './as-is.js';
import { createDispatcher, type OutboundGuard } from './outbound-policy.js';
import { rememberBody } from './raw-body.js';
import { redact } from './redact.js';
import { formatDtDate, formBody, signature, signedQuery, wireQuery, type DateFormat, type Query } from './signing.js';

export interface DarktraceInstance {
  name?: string;
  url: string;
  publicToken: string;
  privateToken: string;
  insecure?: boolean;
  proxy?: string;
  /** Per attempt, covering connect, headers and body. Default 30000. */
  timeoutMs?: number;
  dateFormat?: DateFormat;
  /** How often a GET is retried after 429/502/503/504 or a dropped connection. Default 2. */
  retries?: number;
}

export interface DarktraceClientOptions {
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Inline (request-supplied) instances only: where this client may connect (outbound-policy.ts). */
  outbound?: OutboundGuard;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 5_000;
const RETRY_AFTER_CAP_S = 30;

/** Exponential backoff with jitter in [half, full] of the step, so a retry never fires immediately. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}

/** The appliance's origin; a path prefix is refused because Darktrace signs the path from the root. */
function instanceOrigin(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname.replace(/\/+$/, '') !== '') {
    throw new TypeError(`Darktrace URL must be the appliance origin (e.g. https://darktrace.example.com), got ${parsed.origin}${parsed.pathname}`);
  }
  return parsed.origin;
}

const originOr = (url: string, fallback: string) => {
  try {
    return new URL(url).origin; // drops user:password@
  } catch {
    return fallback;
  }
};

/** A loggable view of an instance: never the tokens, nor proxy credentials. */
export function describeInstance(instance: DarktraceInstance) {
  return {
    name: instance.name,
    url: originOr(instance.url, '(invalid URL)'),
    insecure: instance.insecure ?? false,
    proxy: instance.proxy ? originOr(instance.proxy, '(invalid proxy URL)') : undefined,
    timeoutMs: instance.timeoutMs ?? 30_000,
    dateFormat: instance.dateFormat ?? 'iso',
    retries: instance.retries ?? 2,
  };
}

interface Outgoing {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Query;
  body?: { text: string; contentType: string };
}

export class DarktraceClient {
  private readonly base: string;
  private readonly dispatcher: Dispatcher;
  private readonly preflight?: () => Promise<void>;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly instance: DarktraceInstance, options: DarktraceClientOptions = {}) {
    this.base = instanceOrigin(instance.url);
    const plan = createDispatcher(this.base, { proxy: instance.proxy, tls: { rejectUnauthorized: !instance.insecure }, guard: options.outbound });
    this.dispatcher = plan.dispatcher;
    this.preflight = plan.preflight;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async get<T = unknown>(path: string, query?: Query, schema?: z.ZodType<T>): Promise<T> {
    return this.send({ method: 'GET', path, query }, schema);
  }

  async postJson<T = unknown>(path: string, body: unknown, schema?: z.ZodType<T>): Promise<T> {
    const text = JSON.stringify(body);
    if (text === undefined) throw new TypeError('postJson: body is not JSON-serialisable');
    return this.send({ method: 'POST', path, body: { text, contentType: 'application/json' } }, schema);
  }

  async postForm<T = unknown>(path: string, form: Query, schema?: z.ZodType<T>): Promise<T> {
    const body = { text: formBody(form), contentType: 'application/x-www-form-urlencoded' };
    return this.send({ method: 'POST', path, body }, schema);
  }

  async delete<T = unknown>(path: string, query?: Query, schema?: z.ZodType<T>): Promise<T> {
    return this.send({ method: 'DELETE', path, query }, schema);
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async send<T>(req: Outgoing, schema?: z.ZodType<T>): Promise<T> {
    // A path must be sent and signed verbatim (Advanced Search puts Base64 with + / = in it), so
    // parameters belong in `query`, never in the path.
    if (!req.path.startsWith('/') || /[?#]/.test(req.path)) {
      throw new TypeError(`Darktrace path must start with / and carry no query string: ${req.path.split('?')[0]}`);
    }
    const ctx: RequestContext = {
      method: req.method, path: req.path, base: this.base,
      timeoutMs: this.instance.timeoutMs ?? 30_000, secrets: [this.instance.privateToken, this.instance.publicToken],
      proxy: this.instance.proxy ? originOr(this.instance.proxy, 'the proxy') : undefined,
    };
    // Only GETs are retried (SPEC §2): POSTs are not idempotent, and a DELETE's outcome after an error
    // is unknown (it may have been applied), so its caller verifies with a read instead.
    const retries = req.method === 'GET' ? Math.max(0, this.instance.retries ?? 2) : 0;

    for (let attempt = 0; ; attempt++) {
      let res: UpstreamResponse;
      try {
        res = await this.exchange(req, ctx);
      } catch (error) {
        // Timeouts are not retried: one already spent the whole per-request budget.
        if (error instanceof DarktraceError && error.code === 'CONNECTION' && error.retryable && attempt < retries) {
          await this.sleep(backoffMs(attempt));
          continue;
        }
        throw error;
      }
      if (RETRY_STATUSES.has(res.status) && attempt < retries) {
        const after = retryAfterSeconds(res, this.now());
        // A server asking for a longer pause than we are willing to wait gets its answer now.
        if (after === undefined || after <= RETRY_AFTER_CAP_S) {
          await this.sleep(after === undefined ? backoffMs(attempt) : after * 1000);
          continue;
        }
      }
      return this.interpret(res, ctx, schema);
    }
  }

  /** One signed HTTP exchange, body read in full; transport failures become DarktraceErrors. */
  private async exchange(req: Outgoing, ctx: RequestContext): Promise<UpstreamResponse> {
    const query = signedQuery(req.query);
    const signedPayload = req.body?.text ?? query;
    const target = signedPayload ? `${req.path}?${signedPayload}` : req.path;
    const wire = query ? `${req.path}?${wireQuery(req.query)}` : req.path;
    const date = formatDtDate(this.now(), this.instance.dateFormat ?? 'iso');
    const { publicToken, privateToken } = this.instance;
    const signed = signature(privateToken, publicToken, target, date);
    ctx.secrets.push(signed);
    const headers: Record<string, string> = { 'DTAPI-Token': publicToken, 'DTAPI-Date': date, 'DTAPI-Signature': signed };
    if (req.body) headers['Content-Type'] = req.body.contentType;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
    try {
      await this.preflight?.();
      const res = await this.dispatcher.request({
        origin: this.base, path: wire, method: req.method, headers, body: req.body?.text,
        signal: controller.signal,
      });
      // The signal still covers the body. Redacted at once: nothing downstream (messages, outputs) sees a secret echoed.
      const text = redact(await res.body.text(), ctx.secrets);
      return { status: res.statusCode, headers: res.headers, text };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (controller.signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw timeoutError(ctx, error);
      }
      throw connectionError(ctx, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private interpret<T>(res: UpstreamResponse, ctx: RequestContext, schema?: z.ZodType<T>): T {
    const error = errorForResponse(ctx, res, this.now());
    if (error) throw error;
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch (cause) {
      throw unparseableError(ctx, res.status, cause);
    }
    // The text goes with the value it became (src/darktrace/raw-body.ts): rawResponse is sent byte for byte.
    if (!schema) {
      rememberBody(json, res.text);
      return json as T;
    }
    // Most answers are valid and need no transform: checked in place (src/darktrace/as-is.ts) instead of copied by zod.
    if (acceptsAsIs(schema)(json)) {
      rememberBody(json, res.text);
      return json as T;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw invalidResponseError(ctx, res.status, parsed.error);
    rememberBody(parsed.data, res.text);
    return parsed.data;
  }
}
