import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../src/emulator/index.js';
import { call } from './helpers.js';
import { start, type Started } from './helpers.js';

let em: Started;
beforeEach(async () => { em = await start(); });
afterEach(() => em.close());

const faults = () => em.emulator.faults;

describe('faults', () => {
  it('latency delays the answer, then serves normally', async () => {
    faults().inject({ kind: 'latency', latencyMs: 50 });
    const res = await em.call('/status');
    expect(res.status).toBe(200);
    expect(faults().pending()).toEqual([]);
  });

  it('rate-limit: 429 with Retry-After, for `times` requests', async () => {
    faults().inject({ kind: 'rate-limit', times: 2, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await em.call('/status');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('3');
    }
    expect((await em.call('/status')).status).toBe(200);
  });

  it('status: a 5xx with a JSON error body', async () => {
    faults().inject({ kind: 'status', status: 503 });
    const res = await em.call('/status');
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ error: 'Service Unavailable' });
  });

  it('reset: the connection is destroyed without an answer', async () => {
    faults().inject({ kind: 'reset' });
    await expect(em.call('/status')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(em.emulator.requests.at(-1)).toMatchObject({ path: '/status', status: 0 });
  });

  it('truncated-json: 200 with JSON cut half-way', async () => {
    faults().inject({ kind: 'truncated-json' });
    const res = await em.call('/similardevices?did=1&count=2');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('truncated-json applies to streamed arrays too', async () => {
    faults().inject({ kind: 'truncated-json', match: '/modelbreaches' });
    const res = await em.call('/modelbreaches?starttime=0');
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('invalid-json: 200 with syntactically broken JSON', async () => {
    faults().inject({ kind: 'invalid-json' });
    const res = await em.call('/status');
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('login-html: 200 HTML login page', async () => {
    faults().inject({ kind: 'login-html' });
    const res = await em.call('/status');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<title>Log In | Darktrace</title>');
  });

  it('apply-then-error: the DELETE is applied, then 502', async () => {
    faults().inject({ kind: 'apply-then-error', method: 'DELETE', match: '/tags/entities' });
    const res = await em.call('/tags/entities?did=1&tag=Admin', { method: 'DELETE' });
    expect(res.status).toBe(502);
    const tags = await em.get('/tags/entities?did=1');
    expect(tags.map((t: any) => t.name)).not.toContain('Admin');
  });

  it('match (path prefix or RegExp) and method select the requests; clear() drops everything', async () => {
    faults().inject({ kind: 'status', match: '/modelbreaches', times: -1 });
    faults().inject({ kind: 'status', status: 500, match: /^\/tags\// });
    expect((await em.call('/status')).status).toBe(200);
    expect((await em.call('/modelbreaches?pbid=158')).status).toBe(503);
    expect((await em.call('/modelbreaches/158')).status).toBe(503);
    expect((await em.call('/tags/entities?did=1')).status).toBe(500);
    expect((await em.call('/tags/entities?did=1')).status).toBe(200);
    faults().clear();
    expect((await em.call('/modelbreaches?pbid=158')).status).toBe(200);
  });

  it('every kind is covered', () => {
    expect([...FAULT_KINDS].sort()).toEqual(['apply-then-error', 'invalid-json', 'latency', 'login-html', 'rate-limit', 'reset', 'status', 'truncated-json']);
    expect(() => faults().inject({ kind: 'nope' as never })).toThrow();
  });
});

describe('recorded requests', () => {
  it('records method, raw path and query, decoded pairs, raw body, headers and status', async () => {
    em.emulator.clearRequests();
    await em.call('/endpointdetails?hostname=a%20b.com&score=true', { signTarget: '/endpointdetails?hostname=a b.com&score=true' });
    await em.call('/tags/entities', { body: 'did=2&tag=Active+Threat', contentType: 'application/x-www-form-urlencoded' });
    const [get, post] = em.emulator.requests;
    expect(get).toMatchObject({
      method: 'GET', path: '/endpointdetails', rawQuery: 'hostname=a%20b.com&score=true',
      query: [['hostname', 'a b.com'], ['score', 'true']], body: '', status: 200,
    });
    expect(get.headers['dtapi-token']).toBe('demo-public');
    expect(post).toMatchObject({ method: 'POST', path: '/tags/entities', rawQuery: '', body: 'did=2&tag=Active+Threat', status: 200 });
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    em.emulator.clearRequests();
    expect(em.emulator.requests).toEqual([]);
  });

  it('keeps at most maxRecordedRequests, dropping the oldest', async () => {
    const small = await start({ maxRecordedRequests: 2 });
    try {
      for (const did of [1, 2, 3]) await small.call(`/tags/entities?did=${did}`);
      expect(small.emulator.requests.map((r) => r.rawQuery)).toEqual(['did=2', 'did=3']);
    } finally {
      await small.close();
    }
  });
});

describe('control API (/__emulator, unauthenticated)', () => {
  const raw = (method: string, path: string, body?: unknown) => new Promise<{ status: number; json: any }>((resolve, reject) => {
    const url = new URL(em.url);
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: url.hostname, port: url.port, method, path, headers: text ? { 'content-type': 'application/json' } : {} }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end(text);
  });

  it('injects, lists and clears faults', async () => {
    const made = await raw('POST', '/__emulator/faults', { kind: 'rate-limit', times: 1, match: '/status', retryAfter: 2 });
    expect(made.status).toBe(201);
    expect((await raw('GET', '/__emulator/faults')).json).toHaveLength(1);
    expect((await em.call('/status')).status).toBe(429);
    await raw('POST', '/__emulator/faults', { kind: 'status', matchRegex: '^/model' });
    expect((await raw('DELETE', '/__emulator/faults')).json).toEqual({ cleared: true });
    expect((await em.call('/modelbreaches?pbid=158')).status).toBe(200);
    expect((await raw('POST', '/__emulator/faults', { kind: 'bogus' })).status).toBe(400);
  });

  it('shows recorded requests (not its own) and state; adds breaches', async () => {
    await em.call('/status');
    const recorded = (await raw('GET', '/__emulator/requests')).json;
    expect(recorded.map((r: any) => r.path)).toEqual(['/status']);
    expect((await raw('GET', '/__emulator/state')).json).toMatchObject({ seed: 1, devices: 50, breaches: 200 });
    const added = await raw('POST', '/__emulator/breaches', { score: 0.75 });
    expect(added.status).toBe(201);
    expect((await em.get(`/modelbreaches?pbid=${added.json.pbid}`)).score).toBe(0.75);
    expect((await raw('GET', '/__emulator/nope')).status).toBe(404);
  });

  it('can be switched off, leaving /__emulator to the appliance (302 /login)', async () => {
    const off = await start({ controlApi: false });
    try {
      expect((await call(off.url, '/__emulator/state')).status).toBe(302);
    } finally {
      await off.close();
    }
  });
});
