// Every resource call against the emulator: it is accepted and parsed, it sends what it declares, its send
// policy is what the wire shows under a 503, and its confirmation rule reads answers as documented.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { encodeSearch } from '../../src/darktrace/resources/advancedsearch.js';
import { ENDPOINTS, type Endpoint } from '../../src/darktrace/resources/index.js';
import { tagDevice, untagDevice } from '../../src/darktrace/resources/tags.js';
import { unwatch, watch } from '../../src/darktrace/resources/intelfeed.js';
import { useEmulator } from '../helpers/emulator.js';
import { received } from '../helpers/received.js';

const NOW = Date.now();
const document = { search: '@type:conn', fields: [], offset: '0', timeframe: 'custom', time: { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' } };

const AIA_EVENT = '244590d8-4908-4ee2-b89c-4274e388d99e';

const day = { starttime: NOW - 86_400_000, endtime: NOW, minscore: 0 };

/**
 * Each endpoint's call: arguments from the emulator's seeded facts (device 1 has the Admin tag), and the
 * query or body the emulator must receive for them.
 */
const CASES: { [K in keyof typeof ENDPOINTS]: { args: Parameters<(typeof ENDPOINTS)[K]>[1]; query?: string; body?: string } } = {
  status: { args: {} },
  similarDevices: { args: { did: 1, count: 2 }, query: 'did=1&count=2' },
  endpointDetails: { args: { hostname: 'test.com', devices: true }, query: 'hostname=test.com&devices=true' },
  deviceInfo: { args: { did: 1, datatype: 'co', showallgraphdata: false }, query: 'did=1&datatype=co&showallgraphdata=false' },
  analyze: { args: { field: '@fields.source_ip', operation: 'score', query: encodeSearch(document) } },
  watchedEntries: { args: { source: undefined }, query: 'fulldetails=true' },
  watch: { args: { addlist: 'policy.example', description: 'resource test' }, body: '{"addlist":"policy.example","description":"resource test"}' },
  unwatch: { args: { removeentry: 'policy.example' }, body: '{"removeentry":"policy.example"}' },
  tagsOfDevice: { args: { did: 1 }, query: 'did=1' },
  entitiesWithTag: { args: { tag: 'Admin' }, query: 'tag=Admin&fulldevicedetails=true' },
  tagDevice: { args: { did: 2, tag: 'Admin' }, body: 'did=2&tag=Admin' },
  untagDevice: { args: { did: 2, tag: 'Admin' }, query: 'did=2&tag=Admin' },
  breachesCreatedBetween: {
    args: day,
    query: `creationtime=true&starttime=${day.starttime}&endtime=${day.endtime}&minscore=0&includeacknowledged=true&minimal=false&deviceattop=true&includebreachurl=true`,
  },
  breachTimesCreatedBetween: {
    args: day,
    query: `creationtime=true&starttime=${day.starttime}&endtime=${day.endtime}&minscore=0&includeacknowledged=true&minimal=false&deviceattop=true&includebreachurl=true&responsedata=creationTime`,
  },
  // RESPOND and appliance status (codeid 5002 is seeded pending; 5003 active)
  statusReport: { args: { includechildren: true, fast: false }, query: 'includechildren=true&fast=false' },
  summaryStatistics: { args: { mitreTactics: true }, query: 'mitreTactics=true' },
  respondActions: { args: { did: 1, includehistory: true }, query: 'includehistory=true&did=1' },
  respondActionStarts: {
    args: { starttime: day.starttime, endtime: day.endtime },
    query: `includecleared=true&includehistory=true&starttime=${day.starttime}&endtime=${day.endtime}&responsedata=start`,
  },
  respondSummary: { args: {} },
  activateRespondAction: { args: { codeid: 5002, reason: 'resource test' }, body: '{"codeid":5002,"activate":true,"reason":"resource test"}' },
  extendRespondAction: { args: { codeid: 5002, duration: 600 }, body: '{"codeid":5002,"duration":600}' },
  clearRespondAction: { args: { codeid: 5002 }, body: '{"codeid":5002,"clear":true}' },
  createManualRespondAction: { args: { did: 1, action: 'quarantine', duration: 60 }, body: '{"did":1,"action":"quarantine","duration":60}' },
  // model breaches and AI Analyst (issue 11): breach 159 and event 244590d8… are captured fixtures
  breach: { args: { pbid: 159 } },
  acknowledgeBreach: { args: { pbid: 159 }, body: '{"acknowledge":true}' },
  unacknowledgeBreach: { args: { pbid: 159 }, body: '{"unacknowledge":true}' },
  breachComments: { args: { pbid: 159 } },
  commentOnBreach: { args: { pbid: 159, message: 'resource test' }, body: '{"message":"resource test"}' },
  breachConnections: { args: { pbid: 159, count: 3, offset: 0 }, query: 'pbid=159&count=3&offset=0' },
  modelsWithUuid: { args: { uuid: 'd04218f3-f67e-4802-9e65-bc6675e5e276' }, query: 'uuid=d04218f3-f67e-4802-9e65-bc6675e5e276' },
  model: { args: { pid: 761 } },
  component: { args: { cid: 2998 } },
  incidentEvents: { args: { includeacknowledged: true, uuid: AIA_EVENT }, query: `includeacknowledged=true&uuid=${AIA_EVENT}` },
  incidentGroups: { args: { groupid: `g${AIA_EVENT}`, minscore: 10 }, query: `groupid=g${AIA_EVENT}&minscore=10` },
  acknowledgeEvent: { args: { uuid: AIA_EVENT }, body: `uuid=${AIA_EVENT}` },
  unacknowledgeEvent: { args: { uuid: AIA_EVENT }, body: `uuid=${AIA_EVENT}` },
  pinEvent: { args: { uuid: AIA_EVENT }, body: `uuid=${AIA_EVENT}` },
  unpinEvent: { args: { uuid: AIA_EVENT }, body: `uuid=${AIA_EVENT}` },
  eventComments: { args: { incident_id: AIA_EVENT }, query: `incident_id=${AIA_EVENT}` },
  commentOnEvent: { args: { incident_id: AIA_EVENT, message: 'resource test' }, body: `{"incident_id":"${AIA_EVENT}","message":"resource test"}` },
  // metric data (issue 12): mlid 13 is the fixture's multicasts
  metricList: { args: {} },
  metricById: { args: { mlid: 13 } },
  metricData: {
    args: { metric1: 'connections', metric2: 'multicasts', did: 1, starttime: NOW - 3_600_000, endtime: NOW, interval: 300, breachtimes: true },
    query: `metric1=connections&metric2=multicasts&did=1&starttime=${NOW - 3_600_000}&endtime=${NOW}&interval=300&breachtimes=true`,
  },
};

const running = useEmulator();
let client: DarktraceClient;
beforeAll(() => {
  client = new DarktraceClient(
    { url: running.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 2 },
    { sleep: async () => undefined },
  );
});
afterAll(async () => {
  await client.close();
});

// One call site for thirteen argument types: each CASES entry is typed against its own endpoint above.
const invoke = (endpoint: Endpoint<any, unknown>, args: object) => endpoint(client, args);
const call = (name: keyof typeof ENDPOINTS) => invoke(ENDPOINTS[name], CASES[name].args);

// In order: the write calls change the emulator, and each later one relies on the earlier ones.
describe.each(Object.keys(ENDPOINTS) as Array<keyof typeof ENDPOINTS>)('%s', (name) => {
  const endpoint = ENDPOINTS[name];

  it(`is accepted by the emulator, and sends exactly what it declares`, async () => {
    running.emulator.clearRequests();
    await call(name);
    expect(running.emulator.requests.map((r) => r.status)).toEqual([200]);
    const { args, query = '', body = '' } = CASES[name];
    expect(received(running.emulator.requests)).toEqual([{ method: endpoint.method, path: (endpoint as Endpoint<object, unknown>).pathFor(args), query, body }]);
  });

  it(`send policy "${endpoint.send}" is what the wire shows when Darktrace answers 503`, async () => {
    running.emulator.clearRequests();
    running.emulator.faults.inject({ kind: 'status', status: 503, times: -1, method: endpoint.method, match: endpoint.path.split('{')[0] });
    try {
      await expect(call(name)).rejects.toMatchObject({ code: 'UPSTREAM_STATUS', upstreamStatus: 503 });
    } finally {
      running.emulator.faults.clear();
    }
    expect(running.emulator.requests).toHaveLength(endpoint.send === 'retry' ? 3 : 1); // retries: 2
  });
});

describe('confirmation rules', () => {
  it('POST /tags/entities: a numeric tid, or response SUCCESS in any case', () => {
    expect(tagDevice.confirms({ tid: 57 })).toBe(true);
    expect(tagDevice.confirms({ response: 'success' })).toBe(true);
    expect(tagDevice.confirms({})).toBe(false);
    expect(tagDevice.confirms({ response: 'FAILURE' })).toBe(false);
  });
  it('POST /intelfeed and DELETE /tags/entities: a response, when there is one, must be SUCCESS', () => {
    for (const endpoint of [watch, unwatch, untagDevice]) {
      expect(endpoint.confirms({ response: 'SUCCESS', added: 1 })).toBe(true);
      expect(endpoint.confirms({})).toBe(true);
      expect(endpoint.confirms({ response: 'INPUT ERROR' })).toBe(false);
    }
  });
  it('an unconfirmed answer is INVALID_RESPONSE, not retryable, naming the call', () => {
    expect(watch.unconfirmed('Darktrace did not confirm it.')).toMatchObject({
      code: 'INVALID_RESPONSE', retryable: false, method: 'POST', path: '/intelfeed', message: 'Darktrace did not confirm it.',
    });
  });
});

describe('modelbreaches', () => {
  it('sends the fetch engine\'s slot query byte for byte, in its order', async () => {
    const slot = { starttime: 1_700_000_000_000, endtime: 1_700_000_360_000, minscore: 0.25 };
    running.emulator.clearRequests();
    await ENDPOINTS.breachesCreatedBetween(client, slot);
    expect(received(running.emulator.requests).map((r) => r.query)).toEqual([
      'creationtime=true&starttime=1700000000000&endtime=1700000360000&minscore=0.25&includeacknowledged=true&minimal=false&deviceattop=true&includebreachurl=true',
    ]);
  });
});

describe('ENDPOINTS', () => {
  it('lists every endpoint the resource modules define (so each is in the cases above)', async () => {
    const dir = join(import.meta.dirname, '../../src/darktrace/resources');
    const defined: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'endpoint.ts')) {
      const module = await import(join(dir, file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === 'function' && 'send' in value && 'parameters' in value) defined.push(name);
      }
    }
    expect(defined.sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });
});

describe('commands', () => {
  it('call resources, never the client directly', () => {
    const dir = join(import.meta.dirname, '../../commands');
    const direct = readdirSync(dir).filter((f) => f.endsWith('.ts'))
      .filter((f) => /\bclient\s*\.\s*(get|postJson|postForm|delete)\s*\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(direct).toEqual([]);
  });
});
