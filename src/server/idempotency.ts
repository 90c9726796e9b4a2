// Optional `Idempotency-Key` on write commands (after draft-ietf-httpapi-idempotency-key-header): the same key,
// from the same API key, for the same command and body, within 24 h replays the first outcome instead of acting
// on Darktrace again. What is kept is what must not be repeated: a success, or OUTCOME_UNKNOWN (the change may
// have happened). Anything else (bad input, a refusal, a retryable failure) changed nothing and is not kept,
// so the retry acts. The same key while the first request runs → 409; with another body → 422.
//
// In memory, bounded (entries and TTL), per process: a restart or a second replica forgets keys. It becomes
// store-backed once the product has a store; IdempotencyStore is the seam.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestJsonProblem } from './edge.js';
import type { ProblemInit } from '../pipeline/problem.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface StoredOutcome {
  status: number;
  contentType: string;
  body: string;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** undefined while the first request is still running. */
  outcome?: StoredOutcome;
}

export interface IdempotencyStore {
  get(key: string, now: number): Entry | undefined;
  set(key: string, entry: Entry, now: number): void;
  delete(key: string): void;
}

/** A Map in insertion order (≈ expiry order: one TTL for all): expired entries and, past `maxEntries`, the oldest go. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  constructor(readonly maxEntries = 10_000) {}

  get(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: Entry, now: number): void {
    this.entries.delete(key); // re-inserted as the newest
    this.entries.set(key, entry);
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && e.expiresAt > now) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface IdempotencyOptions {
  store?: IdempotencyStore;
  ttlMs?: number;
  now?: () => number;
  /** Answers a problem (the app's sendProblem with its request context). */
  fail: (res: Response, init: ProblemInit) => void;
}

/**
 * Express middleware for POST /v1/commands/:command, after authentication and body parsing. `writingCommand`
 * names the request's command when it changes Darktrace (undefined for reads: the header is then ignored).
 */
export function idempotency(writingCommand: (res: Response) => string | undefined, options: IdempotencyOptions) {
  const store = options.store ?? new MemoryIdempotencyStore();
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const now = options.now ?? Date.now;

  // Request<any>: leaves the route's own parameter types to the route.
  return (req: Request<any>, res: Response, next: NextFunction) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    const command = key === undefined ? undefined : writingCommand(res);
    if (key === undefined || command === undefined) return next(); // reads are safe to repeat: the header is ignored
    if (!KEY.test(key)) {
      const message = `${IDEMPOTENCY_HEADER}: must be 1-255 printable ASCII characters without spaces, e.g. a UUID`;
      return options.fail(res, { code: 'INVALID_ARGUMENTS', detail: message, errors: [{ path: IDEMPOTENCY_HEADER, message }] });
    }
    // A body the edge refuses is answered by the handler (a 400): nothing to remember.
    if (requestJsonProblem(req.body) !== undefined) return next();
    // Scoped to the caller's API key (hashed: no credential is kept) and the command.
    const slot = sha256(`${req.get('authorization') ?? ''}\n${command}\n${key}`);
    const fingerprint = sha256(JSON.stringify(req.body ?? null));
    const existing = store.get(slot, now());
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return options.fail(res, { code: 'IDEMPOTENCY_KEY_REUSED', detail: `${IDEMPOTENCY_HEADER} ${JSON.stringify(key.slice(0, 60))} was already used with a different request body; use a new key for a new request.` });
      }
      if (!existing.outcome) {
        return options.fail(res, { code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true, detail: `A request with ${IDEMPOTENCY_HEADER} ${JSON.stringify(key.slice(0, 60))} is still running; retry shortly to get its outcome.` });
      }
      res.setHeader(REPLAYED_HEADER, 'true');
      return res.status(existing.outcome.status).type(existing.outcome.contentType).send(existing.outcome.body);
    }

    store.set(slot, { fingerprint, expiresAt: now() + ttlMs }, now());
    let sent: string | undefined;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body === 'string' || Buffer.isBuffer(body)) sent = String(body);
      return send(body);
    };
    let settled = false;
    const settle = (finished: boolean) => {
      if (settled) return;
      settled = true;
      if (finished && sent !== undefined && mustNotRepeat(res.statusCode, sent)) {
        const contentType = String(res.getHeader('content-type') ?? 'application/json');
        store.set(slot, { fingerprint, expiresAt: now() + ttlMs, outcome: { status: res.statusCode, contentType, body: sent } }, now());
      } else {
        store.delete(slot);
      }
    };
    res.on('finish', () => settle(true));
    res.on('close', () => settle(false));
    next();
  };
}

/** A success, or an outcome Darktrace may have applied: replayed. Everything else changed nothing: retried. */
function mustNotRepeat(status: number, body: string): boolean {
  if (status >= 200 && status < 300) return true;
  return status === 502 && body.includes('"code":"OUTCOME_UNKNOWN"');
}
