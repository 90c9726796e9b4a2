// Idempotency-Key on write commands, over HTTP against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyValueIdempotencyStore, MemoryIdempotencyStore } from '../../src/server/idempotency.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
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
  it('claims a key once; forgets it after its TTL or when released', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore(10, () => now);
    expect(await store.claim('a', { fingerprint: 'f' }, 1000)).toBeUndefined();
    expect(await store.claim('a', { fingerprint: 'g' }, 1000)).toEqual({ fingerprint: 'f', outcome: undefined });
    await store.put('a', { fingerprint: 'f', outcome }, 1000);
    now = 999;
    expect(await store.claim('a', { fingerprint: 'f' }, 1000)).toEqual({ fingerprint: 'f', outcome });
    now = 1000;
    expect(await store.claim('a', { fingerprint: 'h' }, 1000)).toBeUndefined();
    await store.release('a');
    expect(store.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest and anything expired', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore(3, () => now);
    for (const k of ['a', 'b', 'c', 'd']) await store.put(k, { fingerprint: k, outcome }, 10_000);
    expect(store.size).toBe(3);
    expect(await store.claim('a', { fingerprint: 'new' }, 10_000)).toBeUndefined(); // 'a' was dropped: claimable again
    expect((await store.claim('d', { fingerprint: 'x' }, 10_000))?.fingerprint).toBe('d');
    now = 15_000;
    await store.put('e', { fingerprint: 'e', outcome }, 10_000);
    expect(store.size).toBe(1);
  });
});

describe('Idempotency-Key backed by the store (KeyValueIdempotencyStore), shared by two server replicas', () => {
  let store: Awaited<ReturnType<typeof openSqliteStore>>;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    const shared = new KeyValueIdempotencyStore(store.kv);
    a = await startHarness({ idempotencyStore: shared });
    b = await startHarness({ idempotencyStore: shared });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await store?.close();
  });

  const post = (h: Harness, key: string, args: Record<string, unknown>) =>
    h.http.post('/v1/commands/darktrace-post-tag-to-device').set('Authorization', `Bearer ${KEYS.write}`).set('Idempotency-Key', key).send({ args });

  it('a retry that lands on the other replica replays the first outcome; nothing is sent twice', async () => {
    a.emulator.clearRequests();
    b.emulator.clearRequests();
    const first = await post(a, 'kv-shared-1', { deviceId: 3, tagName: 'Admin' });
    const second = await post(b, 'kv-shared-1', { deviceId: 3, tagName: 'Admin' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(a.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(b.emulator.requests).toHaveLength(0);
    expect(await store.kv.get(KeyValueIdempotencyStore.NAMESPACE, 'nope')).toBeUndefined();
  });

  it('another body under the same key is a 422 on either replica; a refusal is not kept', async () => {
    const other = await post(b, 'kv-shared-1', { deviceId: 4, tagName: 'Admin' });
    expect(other.status).toBe(422);
    const refused = await post(a, 'kv-refused', { deviceId: 77777777, tagName: 'Admin' });
    expect(refused.status).toBe(400);
    b.emulator.clearRequests();
    const again = await post(b, 'kv-refused', { deviceId: 77777777, tagName: 'Admin' });
    expect(again.status).toBe(400);
    expect(b.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
