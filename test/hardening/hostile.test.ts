// The hostile-input suite (issue 8): fast-check generates ≥ 10 000 requests per run — every command's arguments,
// raw bodies, lastRun and params, headers — against one in-process server and emulator over HTTP. For each:
// no 5xx, an answer within 2 s (measured per request: a behaviour bound, not a performance target), no secret
// in the answer; afterwards /healthz answers and no log line holds a secret.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundPolicy } from '../../src/darktrace/outbound-policy.js';
import { KEYS, startHarness, type Harness } from '../helpers/harness.js';
import { commandRequest, fetchRequest, rawRequest, testRequest, type HostileRequest } from './arbitraries.js';

const INLINE = { publicToken: 'inline-public-7f3a9c1d2e', privateToken: 'inline-private-b4e8d0a6c2f1' };
const STATIC_SECRETS = [...Object.values(KEYS), 'demo-public', 'demo-private', INLINE.publicToken, INLINE.privateToken];
const BATCH = 10;
const BOUND_MS = 2_000;

let h: Harness;
let pool: Pool;
const logLines: string[] = [];
let sent = 0;
const slowest = { ms: 0, request: '' };

beforeAll(async () => {
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }));
  // No real DNS: every name fails at once (the suite must stay offline and fast); loopback is allowed, as an
  // operator with an on-premises appliance would set it, so inline instances can reach the emulator.
  const outbound = new OutboundPolicy({
    allowPrivateTargets: ['127.0.0.0/8'],
    resolve: async (name) => { throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' }); },
  });
  h = await startHarness({ logger, outbound, instance: { timeoutMs: 1_500, retries: 0 }, emulator: { maxRecordedRequests: 100_000 } });
  pool = new Pool(h.url, { connections: BATCH, headersTimeout: 10_000, bodyTimeout: 10_000 });
});

afterAll(async () => {
  await pool?.close();
  await h?.close();
});

const auth = (scope: HostileRequest['scope']): Record<string, string> =>
  scope === 'none' ? {} : { authorization: `Bearer ${scope === 'bad' ? 'not-a-valid-key-0000000000' : KEYS[scope]}` };

/** Sends a batch concurrently; every answer is checked on its own. */
async function sendBatch(batch: HostileRequest[]): Promise<void> {
  const before = h.emulator.requests.length;
  const answers = await Promise.all(batch.map(async (req) => {
    const started = performance.now();
    const res = await pool.request({ method: req.method, path: req.path, headers: { ...req.headers, ...auth(req.scope) }, body: req.body || undefined });
    const text = await res.body.text();
    const ms = performance.now() - started;
    sent++;
    if (ms > slowest.ms) Object.assign(slowest, { ms, request: `${req.method} ${req.path} ${req.body.slice(0, 120)}` });
    return { req, status: res.statusCode, text, headers: JSON.stringify(res.headers), ms };
  }));
  // This batch's signatures are secrets too: none may come back.
  const signatures = h.emulator.requests.slice(before).map((r) => r.headers['dtapi-signature']).filter((s): s is string => typeof s === 'string');
  for (const a of answers) {
    const what = `${a.req.method} ${a.req.path} → ${a.status} ${a.text.slice(0, 300)}\nbody: ${a.req.body.slice(0, 300)}`;
    expect(a.status, what).toBeLessThan(500);
    expect(a.ms, what).toBeLessThan(BOUND_MS);
    for (const secret of [...STATIC_SECRETS, ...signatures]) {
      expect(a.text.includes(secret), `${secret} in ${what}`).toBe(false);
      expect(a.headers.includes(secret), `${secret} in headers of ${what}`).toBe(false);
    }
  }
}

const property = (arb: fc.Arbitrary<HostileRequest>, runs: number) =>
  fc.assert(fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), sendBatch), { numRuns: runs, endOnFailure: true });

describe('hostile input', () => {
  it('every command, with hostile arguments and instances', async () => {
    const commands = (await h.http.get('/v1/commands').set('Authorization', `Bearer ${KEYS.read}`)).body.commands;
    await property(commandRequest(commands, h.emulatorUrl, INLINE), 450);
  }, 120_000);

  it('fetch-incidents with hostile lastRun and params', async () => {
    await property(fetchRequest, 250);
  }, 120_000);

  it('test-module with hostile params', async () => {
    await property(testRequest, 100);
  }, 120_000);

  it('raw bodies, methods, paths, content types and credentials', async () => {
    await property(rawRequest, 200);
  }, 120_000);

  it(`sent at least 10 000 requests, each answered within ${BOUND_MS} ms; /healthz answers after; no log line holds a secret`, async () => {
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(slowest.ms, slowest.request).toBeLessThan(BOUND_MS);
    const health = await pool.request({ method: 'GET', path: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toEqual({ ok: true });
    expect(logLines.length).toBeGreaterThanOrEqual(10_000);
    const signatures = new Set(h.emulator.requests.map((r) => r.headers['dtapi-signature']).filter((s): s is string => typeof s === 'string'));
    for (const line of logLines) {
      for (const secret of STATIC_SECRETS) expect(line.includes(secret), `${secret} logged: ${line.slice(0, 300)}`).toBe(false);
      for (const hex of line.match(/[0-9a-f]{40}/g) ?? []) expect(signatures.has(hex), `a signature logged: ${line.slice(0, 300)}`).toBe(false);
    }
  });
});
