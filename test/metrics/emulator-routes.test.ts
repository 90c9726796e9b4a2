// The metrics resource behind the emulator's shared pipeline (registered like every resource): signed
// requests only, the Visualizer permission, `responsedata` on /metrics, faults and recording like any route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, createEmulator, type Permission } from '../../src/emulator/index.js';
import { call } from '../emulator/helpers.js';
import { fixture, NOW } from './helpers.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const tokens = [{ publicToken: 'no-visualizer', privateToken: 'no-visualizer-private', permissions: ALL_PERMISSIONS.filter((p) => p !== 'Visualizer') as Permission[] }];
const emulator = createEmulator({ now: () => NOW, tokens });
const server = createServer(emulator.app);
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
}));

describe.each(['/metrics', '/metrics/13', `/metricdata?metric=connections&did=2`])('%s', (target) => {
  it('unsigned: 302 /login; badly signed: 400 API SIGNATURE ERROR', async () => {
    const unsigned = await call(url, target, { omit: ['DTAPI-Token', 'DTAPI-Date', 'DTAPI-Signature'] });
    expect([unsigned.status, unsigned.headers.location]).toEqual([302, '/login']);
    const bad = await call(url, target, { privateToken: 'wrong' });
    expect([bad.status, bad.json()]).toEqual([400, { error: 'API SIGNATURE ERROR' }]);
  });

  it('needs Visualizer: without it 302 /403; with it 200, recorded', async () => {
    const denied = await call(url, target, { publicToken: 'no-visualizer', privateToken: 'no-visualizer-private' });
    expect([denied.status, denied.headers.location]).toEqual([302, '/403']);
    emulator.clearRequests();
    const ok = await call(url, target);
    expect(ok.status).toBe(200);
    expect(emulator.requests.map((r) => [r.path, r.status])).toEqual([[target.split('?')[0], 200]]);
  });
});

describe('answers over HTTP', () => {
  it('/metrics/13 is the guide\'s object (plus set); /metrics?responsedata=name projects each entry', async () => {
    expect((await call(url, '/metrics/13')).json()).toEqual({ ...(fixture('metrics_mlid_13').response as object), set: 'A' });
    const names = (await call(url, '/metrics?responsedata=name')).json() as Array<Record<string, unknown>>;
    expect(names.slice(0, 3)).toEqual([{ name: 'externalconnections' }, { name: 'internalconnections' }, { name: 'externalclientdatatransfer' }]);
    const missing = await call(url, '/metrics/999');
    expect([missing.status, missing.json()]).toEqual([404, { error: 'Metric 999 not found' }]);
  });

  it('/metricdata ignores responsedata; a bad query is 400 INPUT ERROR', async () => {
    const body = (await call(url, '/metricdata?metric=connections&did=2&responsedata=metric')).json() as Array<Record<string, unknown>>;
    expect(Object.keys(body[0])).toEqual(['metric', 'data']);
    const bad = await call(url, '/metricdata?metric=connections&interval=5min');
    expect([bad.status, bad.json()]).toEqual([400, { error: 'Invalid value for interval: expected an integer number of seconds', response: 'INPUT ERROR' }]);
  });

  it('faults apply like anywhere: a 429 with Retry-After', async () => {
    emulator.faults.inject({ kind: 'rate-limit', times: 1, match: '/metricdata', retryAfter: 3 });
    const limited = await call(url, '/metricdata?metric=connections');
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '3']);
    expect((await call(url, '/metricdata?metric=connections')).status).toBe(200);
  });
});
