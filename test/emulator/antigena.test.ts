// The RESPOND, status and summary statistics endpoints over raw HTTP, with the fixed clock (helpers.NOW).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import actionsFixture from '../../src/emulator/fixtures/darktrace-extended/antigena_actions.json' with { type: 'json' };
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { NOW, start, type Started } from './helpers.js';

let em: Started;
beforeAll(async () => { em = await start(); });
afterAll(() => em.close());

const slice = () => em.emulator.state.slice(AntigenaSlice);
const post = (path: string, body: unknown, contentType = 'application/json') =>
  em.call(path, { body: typeof body === 'string' ? body : JSON.stringify(body), contentType });
const FIXTURE_WINDOW = 'starttime=1581800000000&endtime=1582100000000';

describe('GET /antigena', () => {
  it('the default window: current actions and those expired within 14 days, pending included, all four states with includecleared', async () => {
    const plain = await em.get('/antigena');
    const states = (list: Array<{ codeid: number }>) => list.map((a) => slice().state(slice().actions.get(a.codeid)!));
    expect(new Set(states(plain))).toEqual(new Set(['pending', 'active', 'expired']));
    expect(plain.map((a: { codeid: number }) => a.codeid)).not.toContain(5008); // expired 30 days ago
    expect(plain.some((a: { cleared: boolean }) => a.cleared)).toBe(false);
    expect(new Set(states(await em.get('/antigena?includecleared=true')))).toEqual(new Set(['pending', 'active', 'expired', 'cleared']));
  });

  it('a window over February 2020 with includecleared serves antigena_actions.json verbatim, oldest first', async () => {
    const fixture = actionsFixture.response;
    const got = await em.get(`/antigena?includecleared=true&${FIXTURE_WINDOW}`);
    expect(got).toEqual([fixture[3], fixture[0], fixture[1], fixture[2]]);
  });

  it('needconfirming, did and pbid filter; fulldevicedetails and includeconnections make an object', async () => {
    expect((await em.get('/antigena?needconfirming=true&did=1')).map((a: { codeid: number }) => a.codeid)).toEqual([5001]);
    expect((await em.get('/antigena?needconfirming=false&did=1'))).toEqual([]);
    const full = await em.get(`/antigena?fulldevicedetails=true&includeconnections=true&pbid=442301&${FIXTURE_WINDOW}`);
    expect(Object.keys(full)).toEqual(['actions', 'connections', 'devices']);
    expect(full.connections.map((c: { port: number }) => c.port)).toEqual([443, 3128]);
    expect(full.devices.map((d: { hostname: string }) => d.hostname)).toEqual(['Sarah Development']);
    const history = await em.get(`/antigena?includehistory=true&pbid=442388&${FIXTURE_WINDOW}`);
    expect(history[0].history).toEqual([{ family: 'NETWORK', username: '', action: 'created (requires confirmation)', reason: '', time: 1582040011000 }]);
  });

  it('responsedata=start (documented for /antigena, the fetch probe) answers each action\'s start alone, same selection', async () => {
    const query = `includecleared=true&includehistory=true&${FIXTURE_WINDOW}`;
    const full = await em.get(`/antigena?${query}`);
    const starts = await em.get(`/antigena?${query}&responsedata=start`);
    expect(full.length).toBeGreaterThan(0);
    expect(starts).toEqual(full.map((a: { start: number }) => ({ start: a.start })));
  });

  it('strict parameters: a lone starttime, non-lowercase booleans and non-integers are 400 INPUT ERROR', async () => {
    for (const target of ['/antigena?starttime=1', '/antigena?includecleared=True', '/antigena?did=one', '/antigena/summary?endtime=5']) {
      const res = await em.call(target);
      expect([target, res.status, res.json().response]).toEqual([target, 400, 'INPUT ERROR']);
    }
  });
});

describe('POST /antigena (JSON only)', () => {
  it('activate → active; extend sets the remaining time; clear → cleared; reactivate needs duration — each visible to later reads', async () => {
    const a = slice().create({ did: 3, action: 'quarantine', durationSeconds: 3600, pending: true });
    expect((await post('/antigena', { codeid: a.codeid, activate: true, reason: 'ok' })).json()).toEqual({ response: 'SUCCESS' });
    expect(a).toMatchObject({ active: true, cleared: false, expires: NOW + 3_600_000 });
    await post('/antigena', { codeid: a.codeid, duration: 120 });
    expect(a.expires).toBe(NOW + 120_000);
    await post('/antigena', { codeid: a.codeid, clear: true });
    expect(a).toMatchObject({ active: false, cleared: true });
    const refused = await post('/antigena', { codeid: a.codeid, activate: true });
    expect([refused.status, refused.json().error]).toEqual([400, `duration is required to reactivate a cleared RESPOND action (codeid ${a.codeid})`]);
    await post('/antigena', { codeid: a.codeid, activate: true, duration: 60 });
    expect(a.history.map((h) => h.action)).toEqual(['created (requires confirmation)', 'activated', 'extended', 'cleared', 'reactivated (cleared)']);
    const listed = (await em.get('/antigena?did=3')).find((x: { codeid: number }) => x.codeid === a.codeid);
    expect(listed).toMatchObject({ active: true, cleared: false, expires: NOW + 60_000, updated: String(NOW) });
  });

  it('refuses activate with clear, a form body, an unknown codeid and extending a pending action', async () => {
    const a = slice().create({ did: 3, action: 'quarantine', durationSeconds: 3600, pending: true });
    const cases: Array<[unknown, string, string?]> = [
      [{ codeid: a.codeid, activate: true, clear: true }, 'activate and clear cannot be combined'],
      [`codeid=${a.codeid}&activate=true`, 'Missing required parameter: codeid', 'application/x-www-form-urlencoded'],
      [{ codeid: 1, clear: true }, 'No RESPOND action with codeid 1'],
      [{ codeid: a.codeid, duration: 60 }, `Only an active RESPOND action can be extended; ${a.codeid} is pending`],
      [{ codeid: a.codeid, activate: 'true' }, 'Invalid value for activate: expected true or false'],
    ];
    for (const [body, error, type] of cases) {
      const res = await post('/antigena', body, type);
      expect([res.status, res.json()]).toEqual([400, { error, response: 'INPUT ERROR' }]);
    }
    expect(slice().state(a)).toBe('pending');
  });
});

describe('POST /antigena/manual', () => {
  it('answers {"code": n} (the guide example, default); the action is listed as manual and active', async () => {
    const res = await post('/antigena/manual', { did: 1, action: 'connection', duration: 600, reason: '', connections: [{ src: '10.0.0.1', dst: '8.8.8.8' }, { src: '10.0.0.1', dst: 'example.com', port: 443 }] });
    const { code } = res.json();
    expect(Number.isInteger(code)).toBe(true);
    expect((await em.get('/antigena?did=1')).find((a: { codeid: number }) => a.codeid === code)).toMatchObject({ manual: true, active: true, action: 'connection', expires: NOW + 600_000 });
  });

  it('with antigenaManualResponse: codeid it answers {"codeid": n}', async () => {
    const other = await start({ antigenaManualResponse: 'codeid' });
    try {
      const res = await other.call('/antigena/manual', { body: '{"did":1,"action":"quarantine","duration":60}' });
      expect(Object.keys(res.json())).toEqual(['codeid']);
    } finally {
      await other.close();
    }
  });

  it('400 for pol, gpol and quarantineOutgoing on the client-sensor device 79; connection needs connections; connections only for connection', async () => {
    for (const action of ['pol', 'gpol', 'quarantineOutgoing']) {
      expect((await post('/antigena/manual', { did: 79, action, duration: 60 })).json()).toEqual({ error: `Action ${action} is not available for device 79`, response: 'INPUT ERROR' });
    }
    expect((await post('/antigena/manual', { did: 79, action: 'quarantine', duration: 60 })).status).toBe(200);
    const errors = async (body: unknown) => (await post('/antigena/manual', body)).json().error;
    expect(await errors({ did: 1, action: 'connection', duration: 60 })).toBe('action connection needs connections: [{src, dst, port?}]');
    expect(await errors({ did: 1, action: 'quarantine', duration: 60, connections: [] })).toBe('connections is valid only for action connection');
    expect(await errors({ did: 1, action: 'block', duration: 60 })).toBe('Invalid value for action: expected connection, pol, gpol, quarantine, quarantineOutgoing or quarantineIncoming');
    expect(await errors({ did: 999999999, action: 'quarantine', duration: 60 })).toBe('No device with did 999999999');
  });
});

describe('GET /antigena/summary', () => {
  it('counts are actions, the lists dids; a window reports no pending actions', async () => {
    const summary = await em.get('/antigena/summary');
    const pending = [...slice().actions.values()].filter((a) => slice().state(a) === 'pending');
    expect(summary.pendingCount).toBe(pending.length);
    expect(summary.pendingActionDevices).toEqual([...new Set(pending.map((a) => a.did))]);
    expect(await em.get(`/antigena/summary?${FIXTURE_WINDOW}`)).toEqual({ pendingCount: 0, activeCount: 2, pendingActionDevices: [], activeActionDevices: [316, 79] });
  });
});

describe('GET /status and /summarystatistics', () => {
  it('/status: probes keyed by id (12 healthy, 13 errored); includechildren=false drops them; fast=true drops the subnet keys', async () => {
    const body = await em.get('/status');
    expect(Object.keys(body.probes)).toEqual(['12', '13']);
    expect(body.probes['13']).toEqual({ configuredServer: '10.15.3.39', ipAddress: '10.15.3.39', label: 'Testing 2020', error: true, lastContact: '2023-02-06 02:30:00' });
    expect((await em.get('/status?includechildren=false')).probes).toBeUndefined();
    const fast = await em.get('/status?fast=true');
    expect([fast.subnets, fast.subnetData, fast.version]).toEqual([undefined, undefined, '6.1.23 (f35936c6)']);
  });

  it('/summarystatistics: the four shapes; hours → 400 {"summarystatistics":"INPUT ERROR"}; combinations refused', async () => {
    expect(Object.keys(await em.get('/summarystatistics'))).toContain('devicecount');
    expect((await em.get('/summarystatistics?csensor=true')).csensor).toBe(true);
    expect((await em.get('/summarystatistics?mitreTactics=true')).modelCount).toBe(5104);
    const events = await em.get('/summarystatistics?eventtype=networkdevicedetails');
    expect([events.events, events.data.length, events.data.at(-1).timems]).toEqual([true, 672, NOW - 3_600_000]);
    for (const target of ['?eventtype=network&hours=3', '?hours=1', '?eventtype=saasdevicedetails', '?eventtype=network&mitreTactics=true', '?endtime=1']) {
      const res = await em.call(`/summarystatistics${target}`);
      expect([target, res.status, res.json()]).toEqual([target, 400, { summarystatistics: 'INPUT ERROR' }]);
    }
  });
});
