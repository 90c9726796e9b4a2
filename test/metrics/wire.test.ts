// The exact requests Darktrace receives, over real HTTP: a signed DarktraceClient against the emulator (with
// its metrics resource), asserting what the emulator recorded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { wireQuery } from '../../src/darktrace/signing.js';
import { metricDataFor, metricList } from '../../src/darktrace/resources/metrics.js';
import type { JsonObject } from '../../src/emulator/types.js';
import {
  CatalogueCache, getMetricData, planMetricQueries, type MetricCatalogue, type MetricDataArgs,
} from '../../src/metrics/index.js';
import { startMetricsEmulator } from './appliance.js';
import { NOW } from './helpers.js';

let appliance: Awaited<ReturnType<typeof startMetricsEmulator>>;
let client: DarktraceClient;
const cache = new CatalogueCache({ now: () => NOW });

beforeAll(async () => {
  appliance = await startMetricsEmulator({ now: () => NOW });
  client = new DarktraceClient({ url: appliance.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 0 }, { now: () => new Date(NOW) });
});
afterAll(async () => {
  await client.close();
  await appliance.close();
});
beforeEach(() => appliance.reset());

const loadCatalogue = () => cache.get(client, () => metricList(client, {}));
async function run(args: MetricDataArgs, catalogue?: MetricCatalogue) {
  return getMetricData(args, {
    now: NOW,
    catalogue: catalogue ?? (await loadCatalogue()),
    get: (query) => metricDataFor(client, query),
  });
}
const sent = () => appliance.metricdata();
const START = NOW - 3_600_000;

describe('the requests Darktrace receives', () => {
  it('every parameter the plan can send goes out through the typed endpoint as planned, in its order', async () => {
    const args: MetricDataArgs = {
      metrics: ['connections', 'multicasts'], did: 2, ddid: 3, odid: 4, port: 443, sourceport: 50000, destinationport: 443, protocol: 'tcp',
      applicationprotocol: 'HTTPS', start_time: START, end_time: NOW, interval: 900, breachtimes: true, fulldevicedetails: true,
    };
    const planned = planMetricQueries(args, { now: NOW });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    await run(args);
    expect(sent()).toEqual([wireQuery(planned.plan.queries[0].query)]);
    expect(sent()[0]).toBe(`metric1=connections&metric2=multicasts&did=2&ddid=3&odid=4&port=443&sourceport=50000&destinationport=443&protocol=6&applicationprotocol=HTTPS&starttime=${START}&endtime=${NOW}&interval=900&breachtimes=true&fulldevicedetails=true`);
  });

  it('one metric: metric=…, interval in seconds, times in ms', async () => {
    const result = await run({ metric: 'connections', did: 2, start_time: START, end_time: NOW, interval: '5min' });
    expect(sent()).toEqual([`metric=connections&did=2&starttime=${START}&endtime=${NOW}&interval=300`]);
    expect(result.series).toHaveLength(1);
    expect(result.series[0]).toMatchObject({ metric: 'connections', did: 2, label: 'Connections', unit: 'count', interval: 300, intervalLabel: '5min' });
    expect(result.series[0].stats.points).toBeGreaterThan(0);
  });

  it('three metrics: metric1, metric2, metric3 in one request, answered by name', async () => {
    const result = await run({ metrics: ['connections', 'externalconnections', 'datatransfervolume'], did: 2, start_time: START, end_time: NOW, interval: 300 });
    expect(sent()).toEqual([
      `metric1=connections&metric2=externalconnections&metric3=datatransfervolume&did=2&starttime=${START}&endtime=${NOW}&interval=300`,
    ]);
    expect(result.series.map((s) => [s.metric, s.unit])).toEqual([['connections', 'count'], ['externalconnections', 'count'], ['datatransfervolume', 'bytes']]);
    // connections and externalconnections are both counts: their shares add up to 100.
    expect((result.series[0].share ?? 0) + (result.series[1].share ?? 0)).toBeCloseTo(100, 1);
    expect(result.series[2].share).toBeUndefined();
  });

  it('three devices: three requests (did=… each), merged into one comparison', async () => {
    const result = await run({ metric: 'connections', devices: [2, 4, 5], start_time: START, end_time: NOW, interval: '5min' });
    expect(sent().sort()).toEqual([2, 4, 5].map((did) => `metric=connections&did=${did}&starttime=${START}&endtime=${NOW}&interval=300`).sort());
    expect(sent().some((q) => q.includes('devices'))).toBe(false);
    expect(result.series.map((s) => s.did)).toEqual([2, 4, 5]);
    const [comparison] = result.comparisons;
    expect(comparison.devices.map((d) => d.rank)).toEqual([1, 2, 3]);
    const sums = comparison.devices.map((d) => d.sum);
    expect(sums).toEqual([...sums].sort((a, b) => b - a));
    expect(comparison.topConsumer?.did).toBe(comparison.devices[0].did);
    expect(comparison.devices.reduce((n, d) => n + d.share, 0)).toBeCloseTo(100, 1);
  });

  it('a label interval: 15min → interval=900', async () => {
    await run({ metric: 'connections', did: 2, start_time: START, end_time: NOW, interval: '15min' });
    expect(sent()).toEqual([`metric=connections&did=2&starttime=${START}&endtime=${NOW}&interval=900`]);
  });

  it('relative times resolve against the clock to epoch ms', async () => {
    await run({ metric: 'connections', did: 2, start_time: '2 hours ago', end_time: '30 minutes ago', interval: '1hour' });
    expect(sent()).toEqual([`metric=connections&did=2&starttime=${NOW - 7_200_000}&endtime=${NOW - 1_800_000}&interval=3600`]);
    await run({ metric: 'connections', did: 2 });
    expect(sent()[1]).toBe(`metric=connections&did=2&starttime=${NOW - 3_600_000}&endtime=${NOW}&interval=300`);
  });

  it('breachtimes=true: the breach markers become breaches, and the series peaks at the breach', async () => {
    const rows = appliance.emulator.state.breaches.query({ from: NOW - 20 * 86_400_000, to: NOW, byCreation: false, includeAcknowledged: true });
    const breach = rows.map((r) => appliance.emulator.state.breachJson(r)).find((b) => b.device && (b.device as JsonObject).did !== 1) as JsonObject;
    const did = (breach.device as JsonObject).did as number;
    const time = breach.time as number;
    const start = time - 1_800_000;
    const end = time + 1_800_000;
    const result = await run({ metric: 'connections', did, start_time: start, end_time: end, interval: '1min', breachtimes: true });
    expect(sent()).toEqual([`metric=connections&did=${did}&starttime=${start}&endtime=${end}&interval=60&breachtimes=true`]);
    const then = (breach.model as JsonObject).then as JsonObject;
    expect(result.series[0].breaches).toContainEqual({
      pbid: breach.pbid, pid: then.pid, model: then.name, score: Math.round((breach.score as number) * 10_000) / 100,
      time: new Date(Math.floor(time / 1000) * 1000).toISOString(),
    });
    expect(result.series[0].stats.peakTime).toBe(new Date(Math.floor(time / 60_000) * 60_000).toISOString());
  });
});

describe('around the requests', () => {
  it('at most 4 requests in flight, results in device order', async () => {
    const slow = await startMetricsEmulator({ now: () => NOW });
    slow.emulator.faults.inject({ kind: 'latency', latencyMs: 40, times: -1, match: '/metricdata' });
    const slowClient = new DarktraceClient({ url: slow.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 0 }, { now: () => new Date(NOW) });
    try {
      const devices = [2, 4, 5, 6, 7, 8, 9, 10, 11, 12];
      const result = await getMetricData({ metric: 'connections', devices, start_time: START, end_time: NOW }, {
        now: NOW, get: (query) => metricDataFor(slowClient, query),
      });
      expect(slow.metricdata()).toHaveLength(10);
      expect(slow.maxInFlight).toBe(4);
      expect(result.series.map((s) => s.did)).toEqual(devices);
    } finally {
      await slowClient.close();
      await slow.close();
    }
  });

  it('the catalogue is read once per instance per 10 minutes', async () => {
    let clock = NOW;
    const timed = new CatalogueCache({ now: () => clock });
    const load = () => timed.get(client, () => metricList(client, {}));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    clock += 9 * 60_000;
    expect(await load()).toBe(a);
    expect(appliance.emulator.requests.filter((r) => r.path === '/metrics')).toHaveLength(1);
    clock += 60_000;
    expect(await load()).not.toBe(a);
    expect(appliance.emulator.requests.filter((r) => r.path === '/metrics')).toHaveLength(2);
    expect(a.get('multicasts')).toMatchObject({ mlid: 13, label: 'Multicasts', units: '' });
  });

  it('bad arguments send nothing', async () => {
    await expect(run({ metric: 'conections', did: 2 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENTS',
      errors: [{ path: 'metric', message: 'metric: unknown metric "conections"; closest in the catalogue: connections' }],
    });
    expect(sent()).toEqual([]);
  });

  it('the appliance refuses the broken wire forms (so the product cannot regress onto them)', async () => {
    for (const [query, error] of [
      ['metric=connections,externalconnections', 'Invalid value for metric: one metric name per parameter (several metrics are metric1, metric2, …)'],
      ['metric=connections&interval=5min', 'Invalid value for interval: expected an integer number of seconds'],
      ['metric=connections&devices=1,2', 'Unknown parameter: devices (ask for one did per request)'],
    ] as const) {
      await expect(client.get('/metricdata', [...new URLSearchParams(query)])).rejects.toMatchObject({
        code: 'UPSTREAM_STATUS', upstreamStatus: 400, retryable: false,
        message: `Darktrace returned HTTP 400 for GET /metricdata: ${error}.`,
      });
    }
  });
});
