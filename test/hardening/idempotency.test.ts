// Idempotency-Key on write commands, over HTTP against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/server/idempotency.js';
import { KEYS, startHarness, type Harness } from '../helpers/harness.js';

describe('Idempotency-Key', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ instance: { timeoutMs: 400 } }); });
  afterAll(async () => { await h.close(); });

  const post = (command: string, args: Record<string, unknown>, key?: string, scope: keyof typeof KEYS = 'write') => {
    const req = h.http.post(`/v1/commands/${command}`).set('Authorization', `Bearer ${KEYS[scope]}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send({ args });
  };
  const posts = () => h.emulator.requests.filter((r) => r.method === 'POST').length;

  it('the same key replays the first outcome instead of tagging again', async () => {
    h.emulator.clearRequests();
    const first = await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'Admin' }, 'k-replay-1');
    const second = await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'Admin' }, 'k-replay-1');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(posts()).toBe(1);
  });

  it('another key, or another caller\'s API key, acts again', async () => {
    h.emulator.clearRequests();
    await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'TEST' }, 'k-a');
    await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'TEST' }, 'k-b');
    await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'TEST' }, 'k-a', 'admin');
    expect(posts()).toBe(3);
  });

  it('the same key with another body is a 422 and nothing is sent', async () => {
    await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'Admin' }, 'k-body');
    h.emulator.clearRequests();
    const res = await post('darktrace-post-tag-to-device', { deviceId: 4, tagName: 'Admin' }, 'k-body');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false,
      detail: 'Idempotency-Key "k-body" was already used with a different request body; use a new key for a new request.' });
    expect(posts()).toBe(0);
  });

  it('an outcome that changed nothing is not kept: the retry with the same key acts', async () => {
    h.emulator.clearRequests();
    const refused = await post('darktrace-post-tag-to-device', { deviceId: 77777777, tagName: 'Admin' }, 'k-refused');
    expect(refused.status).toBe(400);
    const again = await post('darktrace-post-tag-to-device', { deviceId: 77777777, tagName: 'Admin' }, 'k-refused');
    expect(again.status).toBe(400);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(posts()).toBe(2);
  });

  it('OUTCOME_UNKNOWN is kept: the same key never acts twice', async () => {
    h.emulator.faults.inject({ kind: 'latency', latencyMs: 1500, method: 'POST', match: '/tags/entities' });
    h.emulator.faults.inject({ kind: 'status', status: 503, method: 'GET', match: '/tags/entities', times: 3 });
    const first = await post('darktrace-post-tag-to-device', { deviceId: 4, tagName: 'CVE Info' }, 'k-unknown');
    expect(first.body.code).toBe('OUTCOME_UNKNOWN');
    h.emulator.clearRequests();
    const second = await post('darktrace-post-tag-to-device', { deviceId: 4, tagName: 'CVE Info' }, 'k-unknown');
    expect(second.status).toBe(502);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('the same key while the first request runs is a 409, retryable', async () => {
    h.emulator.faults.inject({ kind: 'latency', latencyMs: 300, method: 'POST', match: '/intelfeed' });
    const args = { endpointsToWatch: 'slow.example' };
    const [a, b] = await Promise.all([
      post('darktrace-post-to-watched-list', args, 'k-busy'),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => post('darktrace-post-to-watched-list', args, 'k-busy')),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(409);
    expect(b.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true });
    const c = await post('darktrace-post-to-watched-list', args, 'k-busy');
    expect(c.headers['idempotent-replayed']).toBe('true');
  });

  it('reads ignore the header; a malformed key on a write is a 400 naming the header', async () => {
    h.emulator.clearRequests();
    await post('darktrace-get-tags-for-device', { deviceId: 1 }, 'k-read', 'read');
    await post('darktrace-get-tags-for-device', { deviceId: 1 }, 'k-read', 'read');
    expect(h.emulator.requests).toHaveLength(2);
    const bad = await post('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'Admin' }, 'has space');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'Idempotency-Key', message: 'Idempotency-Key: must be 1-255 printable ASCII characters without spaces, e.g. a UUID' }]);
  });
});

describe('MemoryIdempotencyStore', () => {
  const outcome = { status: 200, contentType: 'application/json', body: '{}' };
  it('forgets an entry after its TTL', () => {
    const store = new MemoryIdempotencyStore();
    store.set('a', { fingerprint: 'f', expiresAt: 1000, outcome }, 0);
    expect(store.get('a', 999)?.outcome).toEqual(outcome);
    expect(store.get('a', 1000)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest and anything expired', () => {
    const store = new MemoryIdempotencyStore(3);
    for (const k of ['a', 'b', 'c', 'd']) store.set(k, { fingerprint: k, expiresAt: 10_000, outcome }, 0);
    expect(store.size).toBe(3);
    expect(store.get('a', 0)).toBeUndefined();
    expect(store.get('d', 0)?.fingerprint).toBe('d');
    store.set('e', { fingerprint: 'e', expiresAt: 20_000, outcome }, 15_000);
    expect(store.size).toBe(1);
  });
});
