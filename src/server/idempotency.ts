// Optional `Idempotency-Key` on write commands (after draft-ietf-httpapi-idempotency-key-header): the same key,
// from the same API key, for the same command and body, within 24 h replays the first outcome instead of acting
// on Darktrace again. What is kept is what must not be repeated: a success, or OUTCOME_UNKNOWN (the change may
// have happened). Anything else (bad input, a refusal, a retryable failure) changed nothing and is not kept,
// so the retry acts. The same key while the first request runs → 409; with another body → 422.
//
// Where outcomes are kept is an IdempotencyStore: in memory by default (bounded, per process: a restart or a
// second replica forgets keys), or the product's store (KeyValueIdempotencyStore over src/store's key/value table,
// atomic across replicas) when the server is given one.
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

export interface IdempotencyEntry {
  fingerprint: string;
  /** undefined while the first request is still running. */
  outcome?: StoredOutcome;
}

export interface IdempotencyStore {
  /** Records a running request under `key` unless an unexpired entry is there (atomically); returns that entry, or undefined when claimed. */
  claim(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<IdempotencyEntry | undefined>;
  /** Stores the finished outcome under `key`. */
  put(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<void>;
  /** Forgets `key` (the request changed nothing, so a retry must act). */
  release(key: string): Promise<void>;
}

/** In memory, in insertion order (≈ expiry order): expired entries and, past `maxEntries`, the oldest ones go. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, IdempotencyEntry & { expiresAt: number }>();
  constructor(readonly maxEntries = 10_000, private readonly now: () => number = Date.now) {}

  async claim(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<IdempotencyEntry | undefined> {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now()) return { fingerprint: existing.fingerprint, outcome: existing.outcome };
    await this.put(key, entry, ttlMs);
    return undefined;
  }

  async put(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<void> {
    const now = this.now();
    this.entries.delete(key); // re-inserted as the newest
    this.entries.set(key, { ...entry, expiresAt: now + ttlMs });
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && e.expiresAt > now) break;
      this.entries.delete(oldest);
    }
  }

  async release(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What KeyValueIdempotencyStore needs of src/store's KeyValueStore. */
export interface KeyValue {
  get(namespace: string, key: string): Promise<unknown | undefined>;
  set(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<void>;
  setIfAbsent(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  delete(namespace: string, key: string): Promise<boolean>;
}

/** Backed by the product's store (SQLite or PostgreSQL): keys survive restarts and are shared by replicas. */
export class KeyValueIdempotencyStore implements IdempotencyStore {
  static readonly NAMESPACE = 'idempotency';
  constructor(private readonly kv: KeyValue) {}

  async claim(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<IdempotencyEntry | undefined> {
    // setIfAbsent is atomic across replicas; an entry that expires between the two calls is claimed on the retry.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.kv.setIfAbsent(KeyValueIdempotencyStore.NAMESPACE, key, entry, ttlMs)) return undefined;
      const existing = await this.kv.get(KeyValueIdempotencyStore.NAMESPACE, key);
      if (existing !== undefined) return existing as IdempotencyEntry;
    }
    return undefined;
  }

  async put(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<void> {
    await this.kv.set(KeyValueIdempotencyStore.NAMESPACE, key, entry, ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.kv.delete(KeyValueIdempotencyStore.NAMESPACE, key);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface IdempotencyOptions {
  store?: IdempotencyStore;
  /** How long a finished outcome is replayed. Default 24 h. */
  ttlMs?: number;
  /** How long a running request holds its key (so a crash does not block the key for a day). Default 15 min. */
  runningTtlMs?: number;
  /** Answers a problem (the app's sendProblem with its request context). */
  fail: (res: Response, init: ProblemInit) => void;
  /** Logs a store failure (the request then goes ahead without idempotency). */
  warn?: (err: unknown) => void;
}

/**
 * Express middleware for POST /v1/commands/:command, after authentication and body parsing. `writingCommand`
 * names the request's command when it changes Darktrace (undefined for reads: the header is then ignored).
 */
export function idempotency(writingCommand: (res: Response) => string | undefined, options: IdempotencyOptions) {
  const store = options.store ?? new MemoryIdempotencyStore();
  const ttlMs = options.ttlMs ?? 24 * 3_600_000;
  const runningTtlMs = options.runningTtlMs ?? 15 * 60_000;

  // Request<any>: leaves the route's own parameter types to the route.
  return async (req: Request<any>, res: Response, next: NextFunction) => {
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
    const quoted = JSON.stringify(key.slice(0, 60));
    let existing: IdempotencyEntry | undefined;
    try {
      existing = await store.claim(slot, { fingerprint }, runningTtlMs);
    } catch (err) {
      options.warn?.(err);
      // Fail closed: acting without the record could act twice.
      return options.fail(res, { code: 'INTERNAL', retryable: true, detail: `The server could not record ${IDEMPOTENCY_HEADER} ${quoted} (its store failed; see the server log for this request id), so nothing was sent to Darktrace; retry shortly.` });
    }
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return options.fail(res, { code: 'IDEMPOTENCY_KEY_REUSED', detail: `${IDEMPOTENCY_HEADER} ${quoted} was already used with a different request body; use a new key for a new request.` });
      }
      if (!existing.outcome) {
        return options.fail(res, { code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true, detail: `A request with ${IDEMPOTENCY_HEADER} ${quoted} is still running; retry shortly to get its outcome.` });
      }
      res.setHeader(REPLAYED_HEADER, 'true');
      return res.status(existing.outcome.status).type(existing.outcome.contentType).send(existing.outcome.body);
    }

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
      const keep = finished && sent !== undefined && mustNotRepeat(res.statusCode, sent);
      const done = keep
        ? store.put(slot, { fingerprint, outcome: { status: res.statusCode, contentType: String(res.getHeader('content-type') ?? 'application/json'), body: sent! } }, ttlMs)
        : store.release(slot);
      done.catch((err: unknown) => options.warn?.(err));
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
