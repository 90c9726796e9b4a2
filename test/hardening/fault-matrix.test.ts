// The fault matrix (issue 8): every emulator fault kind × {read, write, test, fetch}, persistent (every request
// to the path faulted) and transient (the first one only). Each cell pins the HTTP status, the problem code,
// `retryable`, the message and exactly which requests reached the emulator: GETs are retried on
// 429/502/503/504/reset only, POSTs never; a write whose outcome is unclear is read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultKind, type FaultSpec } from '../../src/emulator/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

type Op = 'read' | 'write' | 'test' | 'fetch';
interface Expected {
  status: number;
  /** undefined: the operation succeeded. */
  code?: string;
  retryable?: boolean;
  /** Exact, with PORT standing for the emulator's port; or a prefix ending in '…'. */
  message?: string;
  /** `<method>:<status>` of every request the emulator recorded, in order (0 = no answer sent). */
  requests: string[];
}

// Long enough that an unfaulted request never times out on a loaded machine; latency faults wait twice as long.
const TIMEOUT_MS = 800;
const ADVICE = 'Darktrace may or may not have applied this change: read the current state before retrying, or the change may be made twice.';
const NOT_APPLIED = "A read of the device's tags shows TEST is not on the device: nothing was changed, so it is safe to retry.";
const RESET = 'Could not connect to Darktrace at http://127.0.0.1:PORT: other side closed (UND_ERR_SOCKET).';
const unparseable = (op: string) => `Darktrace returned a response that is not valid JSON for ${op} (HTTP 200).`;
const denied = (op: string) => `The Darktrace API token is not permitted to call ${op}. Grant the token the required permission in Darktrace System Config → API tokens.`;
const rateLimited = (op: string) => `Darktrace is rate limiting requests (HTTP 429 on ${op}). Retry later. Retry-After: 0 s.`;
const timeout = (op: string) => `Darktrace did not answer ${op} within ${TIMEOUT_MS} ms.`;
const checkFailed = (first: string, read: string) => `${first} The outcome is unknown: reading the device's tags to check also failed (${read}). ${ADVICE}`;

const OPS: Record<Op, { path: string; label: string }> = {
  read: { path: '/tags/entities', label: 'GET /tags/entities' },
  write: { path: '/tags/entities', label: 'POST /tags/entities' },
  test: { path: '/status', label: 'GET /status' },
  fetch: { path: '/modelbreaches', label: 'GET /modelbreaches' },
};
const GET = (op: Op) => OPS[op].label;

const fail = (status: number, code: string, retryable: boolean, message: string, requests: string[]): Expected => ({ status, code, retryable, message, requests });
const ok = (requests: string[]): Expected => ({ status: 200, requests });
const x3 = (r: string) => [r, r, r];

/** Every request to the path faulted, for as long as the operation runs. */
const PERSISTENT: Record<FaultKind, Record<Op, Expected>> = {
  latency: {
    read: fail(504, 'UPSTREAM_TIMEOUT', true, timeout(GET('read')), ['GET:0']), // a timeout spent the budget: not retried
    write: fail(502, 'OUTCOME_UNKNOWN', false, checkFailed(timeout('POST /tags/entities'), timeout('GET /tags/entities')), ['POST:0', 'GET:0']),
    test: fail(504, 'UPSTREAM_TIMEOUT', true, timeout(GET('test')), ['GET:0']),
    fetch: fail(504, 'UPSTREAM_TIMEOUT', true, timeout(GET('fetch')), ['GET:0']),
  },
  'rate-limit': {
    read: fail(429, 'RATE_LIMITED', true, rateLimited(GET('read')), x3('GET:429')),
    write: fail(429, 'RATE_LIMITED', true, rateLimited('POST /tags/entities'), ['POST:429']), // refused: nothing happened
    test: fail(429, 'RATE_LIMITED', true, rateLimited(GET('test')), x3('GET:429')),
    fetch: fail(429, 'RATE_LIMITED', true, rateLimited(GET('fetch')), x3('GET:429')),
  },
  status: {
    read: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 503 for ${GET('read')}: Service Unavailable.`, x3('GET:503')),
    write: fail(502, 'OUTCOME_UNKNOWN', false, checkFailed('Darktrace returned HTTP 503 for POST /tags/entities: Service Unavailable.', 'Darktrace returned HTTP 503 for GET /tags/entities: Service Unavailable.'), ['POST:503', ...x3('GET:503')]),
    test: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 503 for ${GET('test')}: Service Unavailable.`, x3('GET:503')),
    fetch: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 503 for ${GET('fetch')}: Service Unavailable.`, x3('GET:503')),
  },
  reset: {
    read: fail(503, 'UPSTREAM_UNAVAILABLE', true, RESET, x3('GET:0')),
    write: fail(502, 'OUTCOME_UNKNOWN', false, checkFailed(RESET, RESET), ['POST:0', ...x3('GET:0')]),
    test: fail(503, 'UPSTREAM_UNAVAILABLE', true, RESET, x3('GET:0')),
    fetch: fail(503, 'UPSTREAM_UNAVAILABLE', true, RESET, x3('GET:0')),
  },
  'truncated-json': {
    read: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('read')), ['GET:200']),
    write: fail(502, 'OUTCOME_UNKNOWN', false, checkFailed(unparseable('POST /tags/entities'), unparseable('GET /tags/entities')), ['POST:200', 'GET:200']),
    test: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('test')), ['GET:200']),
    fetch: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('fetch')), ['GET:200']),
  },
  'invalid-json': {
    read: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('read')), ['GET:200']),
    write: fail(502, 'OUTCOME_UNKNOWN', false, checkFailed(unparseable('POST /tags/entities'), unparseable('GET /tags/entities')), ['POST:200', 'GET:200']),
    test: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('test')), ['GET:200']),
    fetch: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('fetch')), ['GET:200']),
  },
  'login-html': {
    read: fail(502, 'UPSTREAM_ERROR', false, denied(GET('read')), ['GET:200']),
    write: fail(502, 'UPSTREAM_ERROR', false, denied('POST /tags/entities'), ['POST:200']), // the login page: nothing happened
    test: fail(502, 'UPSTREAM_ERROR', false, denied(GET('test')), ['GET:200']),
    fetch: fail(502, 'UPSTREAM_ERROR', false, denied(GET('fetch')), ['GET:200']),
  },
  'apply-then-error': {
    read: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 502 for ${GET('read')}.`, x3('GET:502')),
    write: fail(502, 'OUTCOME_UNKNOWN', false, checkFailed('Darktrace returned HTTP 502 for POST /tags/entities.', 'Darktrace returned HTTP 502 for GET /tags/entities.'), ['POST:502', ...x3('GET:502')]),
    test: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 502 for ${GET('test')}.`, x3('GET:502')),
    fetch: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 502 for ${GET('fetch')}.`, x3('GET:502')),
  },
};

/** Only the first request faulted: retries recover reads; a write is read back and reported as it is. */
const TRANSIENT: Record<FaultKind, Record<Op, Expected>> = {
  latency: {
    read: fail(504, 'UPSTREAM_TIMEOUT', true, timeout(GET('read')), ['GET:0']),
    write: fail(504, 'UPSTREAM_TIMEOUT', true, `${timeout('POST /tags/entities')} ${NOT_APPLIED}`, ['POST:0', 'GET:200']),
    test: fail(504, 'UPSTREAM_TIMEOUT', true, timeout(GET('test')), ['GET:0']),
    fetch: fail(504, 'UPSTREAM_TIMEOUT', true, timeout(GET('fetch')), ['GET:0']),
  },
  'rate-limit': {
    read: ok(['GET:429', 'GET:200']),
    write: fail(429, 'RATE_LIMITED', true, rateLimited('POST /tags/entities'), ['POST:429']),
    test: ok(['GET:429', 'GET:200']),
    fetch: ok(['GET:429', 'GET:200', 'GET:200']),
  },
  status: {
    read: ok(['GET:503', 'GET:200']),
    write: fail(502, 'UPSTREAM_ERROR', true, `Darktrace returned HTTP 503 for POST /tags/entities: Service Unavailable. ${NOT_APPLIED}`, ['POST:503', 'GET:200']),
    test: ok(['GET:503', 'GET:200']),
    fetch: ok(['GET:503', 'GET:200', 'GET:200']),
  },
  reset: {
    read: ok(['GET:0', 'GET:200']),
    write: fail(503, 'UPSTREAM_UNAVAILABLE', true, `${RESET} ${NOT_APPLIED}`, ['POST:0', 'GET:200']),
    test: ok(['GET:0', 'GET:200']),
    fetch: ok(['GET:0', 'GET:200', 'GET:200']),
  },
  // The body faults let the route run: the tag *is* applied, and the read-back finds it.
  'truncated-json': {
    read: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('read')), ['GET:200']),
    write: ok(['POST:200', 'GET:200']),
    test: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('test')), ['GET:200']),
    fetch: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('fetch')), ['GET:200']),
  },
  'invalid-json': {
    read: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('read')), ['GET:200']),
    write: ok(['POST:200', 'GET:200']),
    test: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('test')), ['GET:200']),
    fetch: fail(502, 'UPSTREAM_ERROR', false, unparseable(GET('fetch')), ['GET:200']),
  },
  'login-html': PERSISTENT['login-html'],
  'apply-then-error': {
    read: ok(['GET:502', 'GET:200']),
    write: ok(['POST:502', 'GET:200']),
    test: ok(['GET:502', 'GET:200']),
    fetch: ok(['GET:502', 'GET:200', 'GET:200']),
  },
};

describe('fault matrix', () => {
  let h: Harness;
  let port: string;
  beforeAll(async () => {
    h = await startHarness({ instance: { timeoutMs: TIMEOUT_MS, retries: 2 } });
    port = new URL(h.emulatorUrl).port;
  });
  afterAll(async () => { await h.close(); });

  const run: Record<Op, () => ReturnType<Harness['call']>> = {
    read: () => h.call('darktrace-get-tags-for-device', { deviceId: 1 }),
    write: () => h.call('darktrace-post-tag-to-device', { deviceId: 5, tagName: 'TEST' }, { scope: 'write' }),
    test: () => h.test(),
    fetch: () => h.fetch({ lastRun: {}, params: { first_fetch: '1 hour', max_alerts: '5' } }),
  };

  const cells = (table: Record<FaultKind, Record<Op, Expected>>) =>
    FAULT_KINDS.flatMap((kind) => (Object.keys(OPS) as Op[]).map((op) => [kind, op, table[kind][op]] as const));

  for (const [name, table, times] of [['persistent', PERSISTENT, -1], ['transient', TRANSIENT, 1]] as const) {
    it.each(cells(table))(`${name} %s × %s`, async (kind, op, expected) => {
      h.emulator.faults.clear();
      h.emulator.clearRequests();
      const spec: FaultSpec = { kind, times, match: OPS[op].path, ...(kind === 'latency' ? { latencyMs: 2 * TIMEOUT_MS } : {}), ...(kind === 'rate-limit' ? { retryAfter: 0 } : {}) };
      h.emulator.faults.inject(spec);
      try {
        const res = await run[op]();
        const message = expected.message?.replaceAll('PORT', port);
        expect(h.emulator.requests.map((r) => `${r.method}:${r.status}`)).toEqual(expected.requests);
        if (op === 'test') {
          // The Test button always gets a 200: {ok, message} and, on failure, the problem's code and retryable.
          expect(res.status).toBe(200);
          if (expected.code === undefined) expect(res.body).toEqual({ ok: true, message: 'ok' });
          else expect(res.body).toMatchObject({ ok: false, code: expected.code, retryable: expected.retryable, message });
          return;
        }
        expect(res.status).toBe(expected.status);
        if (expected.code === undefined) {
          expect(res.body.ok ?? true).toBe(true);
          return;
        }
        expect(res.body).toMatchObject({ code: expected.code, retryable: expected.retryable, detail: message });
        expect(res.body.entry.Contents).toBe(`Failed to execute ${res.body.command} command.\nError:\n${message}`);
      } finally {
        h.emulator.faults.clear();
        if (op === 'write' && h.emulator.state.tagsForDevice(5).some((t) => t.name === 'TEST')) {
          const undo = await h.call('darktrace-remove-tag-from-device', { deviceId: 5, tagName: 'TEST' }, { scope: 'write' });
          expect(undo.status).toBe(200);
        }
      }
    });
  }

  it('covers every fault kind the emulator has', () => {
    expect(Object.keys(PERSISTENT).sort()).toEqual([...FAULT_KINDS].sort());
    expect(Object.keys(TRANSIENT).sort()).toEqual([...FAULT_KINDS].sort());
  });
});
