// The descriptor routes (SPEC §11) over HTTP with an in-memory store, and the access walk (SPEC §7): every route ×
// {no key, wrong scope, missing function, right grant}. Routes come from DESCRIPTOR_ROUTES, so a new route that is
// not walked here fails the "every route" test.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry, createServices } from '../../src/cli/runtime.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { apiKey } from '../../src/server/auth.js';
import { InstanceResolver } from '../../src/server/instances.js';
import { DESCRIPTOR_ROUTES, type DescriptorRoute } from '../../src/server/descriptors.js';
import type { Access } from '../../src/registry/access.js';
import type { Store } from '../../src/store/types.js';
import { memoryStore } from '../helpers/store.js';

const FN = { readFunction: 'viewConn', writeFunction: 'submitConn', adminFunction: 'adminConn' } as const;
const ALL = Object.values(FN);
const KEY = (name: string) => `descriptor-key-${name}-0123456789`;
// scope:functions, named for what they hold.
const GRANTS: Record<string, [Access, string[]]> = {
  'read-all': ['read', ALL], 'write-all': ['write', ALL], 'admin-all': ['admin', ALL],
  'read-none': ['read', []], 'write-noSubmit': ['write', ['viewConn', 'adminConn']], 'admin-noAdmin': ['admin', ['viewConn', 'submitConn']],
  'read-view': ['read', ['viewConn']], 'write-submit': ['write', ['submitConn']], 'admin-admin': ['admin', ['adminConn']],
};
const DESCRIPTOR = {
  shortName: 'conn', description: 'Connections per device', ...FN,
  keys: [{ name: 'did', type: 'integer' }], values: [{ name: 'count' }], timeFrameSize: 1, timeFrameSizeUnit: 'minutes',
};
const T0 = Date.UTC(2024, 0, 15, 12);

/** Per route: the request, and the key that is right / lacks the function / has a too-low scope. */
const WALK: Record<string, { path: string; body?: unknown; right: string; missing: string; lowScope?: string; ok: (body: any) => void }> = {
  'create-descriptor': {
    path: '/v1/descriptors', body: { ...DESCRIPTOR, shortName: 'conn2' }, right: 'admin-admin', missing: 'admin-noAdmin', lowScope: 'write-all',
    ok: (b) => expect(b).toMatchObject({ shortName: 'conn2', adminFunction: 'adminConn', id: expect.any(Number) }),
  },
  'list-descriptors': { path: '/v1/descriptors?keywords=conn', right: 'read-view', missing: 'read-none', ok: (b) => expect(b).toMatchObject({ count: 1, offset: 0, limit: 25, data: [{ shortName: 'conn' }] }) },
  'search-descriptors': { path: '/v1/descriptors/search', body: { keywords: ['CONN'] }, right: 'read-view', missing: 'read-none', ok: (b) => expect(b).toMatchObject({ count: 1, data: [{ shortName: 'conn' }] }) },
  'get-descriptor': { path: '/v1/descriptors/conn', right: 'read-view', missing: 'read-none', ok: (b) => expect(b).toMatchObject({ shortName: 'conn', keys: [{ name: 'did', type: 'integer' }] }) },
  'update-descriptor': {
    path: '/v1/descriptors/conn', body: { description: 'changed' }, right: 'admin-admin', missing: 'admin-noAdmin', lowScope: 'write-all',
    ok: (b) => expect(b).toMatchObject({ shortName: 'conn', description: 'changed' }),
  },
  'delete-descriptor': { path: '/v1/descriptors/conn', right: 'admin-admin', missing: 'admin-noAdmin', lowScope: 'write-all', ok: (b) => expect(b).toMatchObject({ shortName: 'conn' }) },
  'submit-records': {
    path: '/v1/descriptors/conn/records', body: { records: [{ timestamp: T0 + 5_000, keys: { did: 1 }, values: { count: 3 } }] },
    right: 'write-submit', missing: 'write-noSubmit', lowScope: 'read-all',
    ok: (b) => expect(b).toEqual({ descriptor: { id: expect.any(Number), shortName: 'conn' }, accepted: 1, rejected: 0, deduplicated: 0, rejections: [] }),
  },
  'aggregate-records': {
    path: '/v1/descriptors/conn/aggregate', body: { startTimestamp: T0, endTimestamp: T0 + 60_000 }, right: 'read-view', missing: 'read-none',
    ok: (b) => expect(b).toMatchObject({ data: [] }),
  },
};

describe('descriptor routes', () => {
  let server: RunningServer;
  let store: Store;
  const services = createServices({ logger: pino({ level: 'silent' }), store: memoryStore(), now: () => new Date(T0 + 3_600_000) });
  const http = () => request(server.url);
  const send = (route: Pick<DescriptorRoute, 'method'>, path: string, key: string | undefined, body?: unknown) => {
    let req = http()[route.method](path);
    if (key) req = req.set('Authorization', `Bearer ${KEY(key)}`);
    return body === undefined ? req : req.send(body as object);
  };

  beforeAll(async () => {
    server = await startServer({
      registry: createRegistry(), instances: new InstanceResolver(new Map(), { allowInline: false }),
      apiKeys: Object.entries(GRANTS).map(([name, [scope, fns]]) => apiKey(KEY(name), scope, fns)), services,
    });
    store = await services.store.get();
  });
  afterAll(async () => server.close());
  beforeEach(async () => {
    for (const name of ['conn', 'conn2']) await store.deleteDescriptor(name).catch(() => undefined);
    await store.createDescriptor(DESCRIPTOR);
  });

  it('every route is walked', () => {
    expect(DESCRIPTOR_ROUTES.map((r) => r.operationId).sort()).toEqual(Object.keys(WALK).sort());
  });

  describe.each(DESCRIPTOR_ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_title, route) => {
    const walk = WALK[route.operationId];

    it('no key: 401 with a Bearer challenge', async () => {
      const res = await send(route, walk.path, undefined, walk.body);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Missing or invalid API key: send "Authorization: Bearer <key>" with a key from DARKTRACE_SOAR_API_KEYS.' });
      expect((await store.getDescriptor('conn')).description).toBe('Connections per device');
    });

    it(route.access === 'read' ? 'wrong scope: none is lower than read, so an unknown key is 401' : 'wrong scope: 403 naming the scope needed', async () => {
      if (!walk.lowScope) {
        const res = await send(route, walk.path, 'unknown', walk.body);
        expect(res.status).toBe(401);
        return;
      }
      const res = await send(route, walk.path, walk.lowScope, walk.body);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', retryable: false, detail: `This API key has the "${GRANTS[walk.lowScope][0]}" scope; this request needs "${route.access}".` });
      expect(JSON.stringify(res.body)).not.toContain(KEY(walk.lowScope));
      expect(await store.countRecords('conn')).toBe(0);
    });

    it('missing function: 403 naming it (lists and search leave the descriptor out)', async () => {
      const res = await send(route, walk.path, walk.missing, walk.body);
      if (route.operationId === 'list-descriptors' || route.operationId === 'search-descriptors') {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ count: 0, offset: 0, limit: 25, data: [] });
        return;
      }
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', detail: `This API key lacks the function grant "${FN[route.grant]}" that this request needs.` });
      expect(JSON.stringify(res.body)).not.toContain(KEY(walk.missing));
      // Refused inside the transaction: nothing changed.
      expect(await store.getDescriptor('conn')).toMatchObject({ description: 'Connections per device' });
      expect(await store.countRecords('conn')).toBe(0);
      await expect(store.getDescriptor('conn2')).rejects.toThrow('No metric descriptor has shortName "conn2".');
    });

    it(`right grant: ${route.status}`, async () => {
      const res = await send(route, walk.path, walk.right, walk.body);
      expect(res.status, JSON.stringify(res.body)).toBe(route.status);
      walk.ok(res.body);
    });
  });

  it('create: 201 with Location; the descriptor is then readable by id and shortName', async () => {
    const res = await send({ method: 'post' }, '/v1/descriptors', 'admin-all', { ...DESCRIPTOR, shortName: 'conn2' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/descriptors/${res.body.id}`);
    const byId = await send({ method: 'get' }, res.headers.location, 'read-view');
    expect(byId.body).toEqual(res.body);
    expect((await send({ method: 'get' }, '/v1/descriptors/conn2', 'read-view')).body).toEqual(res.body);
  });

  it('an invalid descriptor: 400 listing every problem with its path', async () => {
    const res = await send({ method: 'post' }, '/v1/descriptors', 'admin-all', { ...DESCRIPTOR, shortName: 'conn2', timeFrameSize: 0, values: [{ name: 'count', defaultAggregationFunction: 'wavg' }] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['timeFrameSize', 'values[0].valueAsWeight']);
  });

  it('an unknown descriptor: 404 NOT_FOUND naming it', async () => {
    const res = await send({ method: 'post' }, '/v1/descriptors/nosuch/aggregate', 'admin-all', {});
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', title: 'Not found', retryable: false, detail: 'No metric descriptor has shortName "nosuch".' });
    expect((await send({ method: 'get' }, '/v1/descriptors/999', 'admin-all')).body.detail).toBe('No metric descriptor has id 999.');
  });

  it('records then aggregate: snapped, summed in the database, exactly', async () => {
    const records = [
      { timestamp: T0 + 1_000, keys: { did: 1 }, values: { count: 2 } },
      { timestamp: T0 + 59_000, keys: { did: 1 }, values: { count: 3 } },
      { timestamp: T0 + 61_000, keys: { did: 2 }, values: { count: 7 } },
      { timestamp: T0, keys: { did: 'x' }, values: { count: 1 } },
    ];
    const refused = await send({ method: 'post' }, '/v1/descriptors/conn/records', 'write-all', { records });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'records[3].keys.did', message: expect.stringMatching(/^records\[3\]\.keys\.did: /) }]);
    expect(await store.countRecords('conn')).toBe(0);
    const taken = await send({ method: 'post' }, '/v1/descriptors/conn/records', 'write-all', { records, ignoreOnFailed: true });
    expect(taken.body).toMatchObject({ accepted: 3, rejected: 1, deduplicated: 0, rejections: [{ index: 3 }] });
    const agg = await send({ method: 'post' }, '/v1/descriptors/conn/aggregate', 'read-view', { startTimestamp: T0, endTimestamp: T0 + 120_000, groupBy: ['did'], resolution: { size: 1, unit: 'minutes' } });
    expect(agg.status).toBe(200);
    expect(agg.body.data).toEqual([
      { timestamp: T0, keys: { did: 1 }, values: { count: 5 }, count: 2 },
      { timestamp: T0 + 60_000, keys: { did: 2 }, values: { count: 7 }, count: 1 },
    ]);
  });

  it('the list query string: limit and offset, bad values named', async () => {
    await store.createDescriptor({ ...DESCRIPTOR, shortName: 'conn2' });
    const page = await send({ method: 'get' }, '/v1/descriptors?limit=1&offset=1', 'read-view');
    expect(page.body).toMatchObject({ count: 2, offset: 1, limit: 1, data: [{ shortName: 'conn2' }] });
    const bad = await send({ method: 'get' }, '/v1/descriptors?limit=lots', 'read-view');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'limit', message: 'limit: must be a whole number from 1 to 1000; got "lots"' }]);
  });

  it('readiness shows the store', async () => {
    const res = await http().get('/readyz');
    expect(res.body).toMatchObject({ store: 'sqlite' });
  });
});

describe('descriptor routes without a store', () => {
  it('a store that cannot open: 503 STORE_UNAVAILABLE, retryable, and /readyz 503', async () => {
    const { storeService } = await import('../../src/store/service.js');
    const { StoreError } = await import('../../src/store/types.js');
    const services = createServices({
      logger: pino({ level: 'silent' }),
      store: storeService(async () => { throw new StoreError('The PostgreSQL store at postgres://db:5432/soar is unreachable or busy (ECONNREFUSED); retry later.', true); }),
    });
    const server = await startServer({ registry: createRegistry(), instances: new InstanceResolver(new Map(), { allowInline: true }), apiKeys: [apiKey(KEY('admin-all'), 'admin', ALL)], services });
    try {
      const res = await request(server.url).get('/v1/descriptors/conn').set('Authorization', `Bearer ${KEY('admin-all')}`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'STORE_UNAVAILABLE', title: 'Store unavailable', retryable: true, detail: 'The PostgreSQL store at postgres://db:5432/soar is unreachable or busy (ECONNREFUSED); retry later.' });
      const ready = await request(server.url).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ok: false, store: 'unavailable' });
    } finally {
      await server.close();
    }
  });
});
