// The emulator is composed from resource modules (src/emulator/resources/<resource>/ + one line in
// resources/index.ts). These tests prove the composition: every registered route is reachable and sits behind
// the shared signature check and its own permission; a new resource gets recording, faults, control
// endpoints and state counts from the machinery alone; composition mistakes fail loudly at creation.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS, composeEmulator, CONTROL_ENDPOINTS, defineResource, RESOURCES,
  type Permission, type Resource, type RouteSpec, type SliceEnv,
} from '../../src/emulator/index.js';
import { DevicesSlice } from '../../src/emulator/resources/devices/state.js';
import { TagsSlice } from '../../src/emulator/resources/tags/state.js';
import { NOW, serve, start, type Started } from './helpers.js';

/** A concrete request-target for a route pattern: `:pbid` → 158, `*rest` → x. */
const sampleTarget = (path: string) => path.replace(/:\w+/g, '158').replace(/\*\w+/g, 'x');
const routes = RESOURCES.flatMap((resource) => resource.routes.map((route) => ({ resource: resource.name, ...route })));
const label = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** Tokens holding every permission but one, and only one, for each permission. */
const tokens = ALL_PERMISSIONS.flatMap((p) => [
  { publicToken: `all-but-${p}`, privateToken: `all-but-${p}-private`, permissions: ALL_PERMISSIONS.filter((q) => q !== p) as Permission[] },
  { publicToken: `only-${p}`, privateToken: `only-${p}-private`, permissions: [p] },
]);
tokens.push({ publicToken: 'no-permissions', privateToken: 'no-permissions-private', permissions: [] });
const as = (kind: 'all-but' | 'only', p: Permission) => ({ publicToken: `${kind}-${p}`, privateToken: `${kind}-${p}-private` });

let em: Started;
beforeAll(async () => { em = await start({ tokens }); });
afterAll(() => em.close());

describe('registered routes', () => {
  it('the registry holds the twelve resources and their 39 routes, each declared once', () => {
    expect(RESOURCES.map((r) => r.name)).toEqual(['status', 'devices', 'modelbreaches', 'metrics', 'tags', 'intelfeed', 'advancedsearch', 'antigena', 'summarystatistics', 'details', 'models', 'aianalyst']);
    expect(routes.map(label)).toHaveLength(39);
    expect(new Set(routes.map(label)).size).toBe(routes.length);
  });

  describe.each(routes)('$resource: $method $path', (route) => {
    const target = sampleTarget(route.path);
    const method = route.method;

    it('without DTAPI headers: 302 /login, like the web application', async () => {
      const res = await em.call(target, { method, omit: ['DTAPI-Token', 'DTAPI-Date', 'DTAPI-Signature'] });
      expect([res.status, res.headers.location, res.text]).toEqual([302, '/login', 'Found. Redirecting to /login']);
    });

    it('with a wrong signature: 400 API SIGNATURE ERROR', async () => {
      const res = await em.call(target, { method, privateToken: 'not-the-private-token' });
      expect([res.status, res.json()]).toEqual([400, { error: 'API SIGNATURE ERROR' }]);
    });

    it('signed: the handler answers (not the /login fallback) and the request is recorded with its status', async () => {
      em.emulator.clearRequests();
      const res = await em.call(target, { method });
      expect(res.status).not.toBe(302);
      expect(em.emulator.requests.map((r) => [r.method, r.path, r.status])).toEqual([[method, target.split('?')[0], res.status]]);
    });

    const permissionCase = route.permission === null
      ? 'declared for any token: answered even for a token without permissions'
      : `needs exactly ${route.permission}: without it 302 /403, with only it answered`;
    it(permissionCase, async () => {
      if (route.permission === null) {
        const res = await em.call(target, { method, publicToken: 'no-permissions', privateToken: 'no-permissions-private' });
        expect(res.status).not.toBe(302);
        return;
      }
      const denied = await em.call(target, { method, ...as('all-but', route.permission) });
      expect([denied.status, denied.headers.location, denied.text]).toEqual([302, '/403', 'Found. Redirecting to /403']);
      const allowed = await em.call(target, { method, ...as('only', route.permission) });
      expect(allowed.status).not.toBe(302);
    });
  });

  it('routes are case-sensitive and strict, and anything unregistered falls back to 302 /login', async () => {
    for (const target of ['/Status', '/status/', '/tags', '/modelbreaches/158/history', '/aianalyst', '/nosuchendpoint']) {
      const res = await em.call(target);
      expect([target, res.status, res.headers.location]).toEqual([target, 302, '/login']);
    }
  });
});

describe('README', () => {
  it('lists every registered route with its permission and resource (the "Endpoints" table)', () => {
    const readme = readFileSync(new URL('../../src/emulator/README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (GET|POST|DELETE) \| `([^`]+)` \| ([^|]+) \| (\w+) \|$/gm)]
      .map(([, method, path, permission, resource]) => `${method} ${path} | ${permission.trim()} | ${resource}`);
    expect(rows).toEqual(routes.map((r) => `${label(r)} | ${r.permission ?? 'any token'} | ${r.resource}`));
  });
});

// ------------------------------------------------------------------------------------------ a new resource

/** A resource written the way a new endpoint is: a slice that needs an earlier one, a config, a route, a control endpoint, a count. */
class VisitsSlice {
  visits = 0;
  readonly devicesAtStart: number;
  constructor({ need, config }: SliceEnv<{ greeting: string }>) {
    this.devicesAtStart = need(DevicesSlice).devices.size;
    if (!config.greeting) throw new Error('configure runs before the slice is built');
  }
}

const visits = defineResource({
  name: 'visits',
  configure: (options) => ({ greeting: options.seed === 7 ? 'seven' : 'hello' }),
  state: VisitsSlice,
  summary: (self) => ({ visits: self.visits }),
  routes: [
    {
      method: 'GET', path: '/visits/:did', permission: 'Visualizer',
      handle: (x, { self, config, need }) => {
        const limit = x.params.requiredInt('limit');
        const did = Number(x.pathParam('did'));
        self.visits++;
        x.ok({ visits: self.visits, greeting: config.greeting, devices: self.devicesAtStart, limit, tags: need(TagsSlice).tagsForDevice(did).length });
      },
    },
    { method: 'POST', path: '/visits', permission: 'Edit Tags', handle: () => { throw new Error('boom'); } },
  ],
  control: [
    { method: 'POST', path: '/visits', description: 'set the visit counter: {visits}', handle: (body, { self }) => ({ visits: (self.visits = Number(body.visits ?? 0)) }) },
  ],
});

describe('a new resource composed from one definition', () => {
  const composed = composeEmulator([...RESOURCES, visits], {
    seed: 7, now: () => NOW, tokens: [{ publicToken: 'viewer', privateToken: 'viewer-private', permissions: ['Visualizer'] }],
  });
  let running: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => { running = await serve(composed); });
  afterAll(() => running.close());
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.url}/__emulator${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json() as any };
  };

  it('its route answers through the shared helpers: config, its slice, other slices, responsedata, INPUT ERROR', async () => {
    const first = await running.call('/visits/1?limit=3');
    expect([first.status, first.json()]).toEqual([200, { visits: 1, greeting: 'seven', devices: 50, limit: 3, tags: 3 }]);
    expect((await running.call('/visits/1?limit=3&responsedata=visits')).json()).toEqual({ visits: 2 });
    const bad = await running.call('/visits/1?limit=three');
    expect([bad.status, bad.json()]).toEqual([400, { error: 'Invalid value for limit: expected an integer', response: 'INPUT ERROR' }]);
    expect((await running.call('/visits/1')).json()).toEqual({ error: 'Missing required parameter: limit', response: 'INPUT ERROR' });
    expect(composed.state.slice(VisitsSlice).visits).toBe(2);
  });

  it('gets the signature check, permissions, recording and faults without asking', async () => {
    expect((await running.call('/visits/1?limit=1', { omit: ['DTAPI-Signature'] })).status).toBe(302);
    expect((await running.call('/visits/1?limit=1', { privateToken: 'wrong' })).json()).toEqual({ error: 'API SIGNATURE ERROR' });
    const denied = await running.call('/visits', { method: 'POST', publicToken: 'viewer', privateToken: 'viewer-private' });
    expect([denied.status, denied.headers.location]).toEqual([302, '/403']);
    composed.faults.inject({ kind: 'status', status: 503, match: '/visits' });
    expect((await running.call('/visits/1?limit=1')).status).toBe(503);
    expect(composed.requests.slice(-4).map((r) => [r.method, r.path, r.status]))
      .toEqual([['GET', '/visits/1', 302], ['GET', '/visits/1', 400], ['POST', '/visits', 302], ['GET', '/visits/1', 503]]);
  });

  it('a handler that throws something other than an InputError answers 500, and the emulator keeps serving', async () => {
    const res = await running.call('/visits', { method: 'POST' });
    expect([res.status, res.json()]).toEqual([500, { error: 'Internal Server Error' }]);
    expect((await running.call('/status')).status).toBe(200);
  });

  it('its control endpoint and count join /__emulator, after the registered ones', async () => {
    expect(await control('POST', '/visits', { visits: 40 })).toEqual({ status: 201, json: { visits: 40 } });
    expect(await control('POST', '/visits', [1])).toEqual({ status: 400, json: { error: 'POST /visits: body must be a JSON object' } });
    const state = await control('GET', '/state');
    expect(Object.keys(state.json)).toEqual(['seed', 'devices', 'breaches', 'tags', 'tagEntities', 'watchedList', 'respondActions', 'models', 'components', 'aianalystEvents', 'aianalystGroups', 'visits']);
    expect(state.json).toMatchObject({ seed: 7, devices: 50, breaches: 200, visits: 40 });
    const index = await control('GET', '');
    expect(index.json).toEqual({ ...CONTROL_ENDPOINTS, 'POST /__emulator/visits': 'set the visit counter: {visits}' });
  });
});

describe('composition mistakes fail when the emulator is created', () => {
  it('a slice that needs one registered after it', () => {
    expect(() => composeEmulator([visits, ...RESOURCES])).toThrow(
      'emulator resource visits needs DevicesSlice, which is not built yet: register its resource before visits in resources/index.ts');
  });

  it('two resources declaring the same route', () => {
    const twin: Resource = { name: 'twin', routes: [{ method: 'GET', path: '/status', permission: 'Status', handle: (x) => x.ok({}) }] };
    expect(() => composeEmulator([...RESOURCES, twin])).toThrow('emulator resources status and twin both declare GET /status');
  });

  it('two resources sharing one slice class', () => {
    const again: Resource = { name: 'again', state: VisitsSlice, routes: [] };
    expect(() => composeEmulator([...RESOURCES, visits, again])).toThrow('emulator resource again reuses the slice VisitsSlice');
  });

  it('a slice no registered resource has', () => {
    expect(() => composeEmulator(RESOURCES).state.slice(VisitsSlice)).toThrow('no registered emulator resource has the slice VisitsSlice');
  });

  it('options are all checked before any data is generated (a bad tagPostResponse wins over a bad device count)', () => {
    expect(() => composeEmulator(RESOURCES, { devices: 4, tagPostResponse: 'x' as never }))
      .toThrow(`tagPostResponse must be 'tid' or 'success', got "x"`);
  });
});
