// The emulator's metric resource (pure modules): strict input checks, answer shapes, and the generator's
// promises — deterministic, buckets = the maximum minute, filters never exceed the unfiltered stream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { DevicesSlice } from '../../src/emulator/resources/devices/state.js';
import { MODELS } from '../../src/emulator/resources/modelbreaches/models.js';
import { ModelBreachesSlice } from '../../src/emulator/resources/modelbreaches/state.js';
import {
  CATALOGUE, generateSeries, metricDataResponse, metricsResponse, metricsWorld, minuteValue, type GenerateInput,
} from '../../src/emulator/resources/metrics/index.js';
import { fixture, NOW } from './helpers.js';

const { state } = createEmulator({ seed: 1, now: () => NOW });
const world = metricsWorld({ seed: 1, now: () => NOW }, state.slice(DevicesSlice), state.slice(ModelBreachesSlice));
const answer = (query: string) => metricDataResponse(new URLSearchParams(query), world);
const refused = (query: string) => {
  const a = answer(query);
  expect(a.status, query).toBe(400);
  return a.body as { error: string; response: string };
};
const HOUR = 3_600_000;
const T0 = NOW - 6 * HOUR;

describe('strict input checks: 400 INPUT ERROR', () => {
  it.each([
    ['metric=connections&interval=5min', 'Invalid value for interval: expected an integer number of seconds'],
    ['metric=connections&interval=60.5', 'Invalid value for interval: expected an integer number of seconds'],
    ['metric=connections&interval=0', 'Invalid value for interval: expected a positive number of seconds'],
    ['metric=connections,externalconnections', 'Invalid value for metric: one metric name per parameter (several metrics are metric1, metric2, …)'],
    ['metric=connections&metric=multicasts', 'Invalid parameters: metric given more than once'],
    ['metric=connections&metric1=multicasts', 'Invalid parameters: metric and metric1…metricN cannot be combined'],
    ['metric1=connections&metric3=multicasts', 'Invalid parameters: metric1…metricN must be numbered from 1 without gaps'],
    ['metric=connections&devices=1,2', 'Unknown parameter: devices (ask for one did per request)'],
    ['metric=bandwidth', 'Unknown metric: bandwidth'],
    ['metric1=connections&metric2=Connections', 'Unknown metric: Connections'],
    ['did=1', 'Missing required parameter: metric'],
    ['metric=', 'Invalid value for metric: expected a metric name'],
    [`metric=connections&starttime=${T0}`, 'Invalid parameters: starttime and endtime must be given together'],
    [`metric=connections&endtime=${NOW}`, 'Invalid parameters: starttime and endtime must be given together'],
    ['metric=connections&from=2024-01-15 06:00:00', 'Invalid parameters: from and to must be given together'],
    [`metric=connections&starttime=${T0}&endtime=${NOW}&from=2024-01-15 06:00:00&to=2024-01-15 07:00:00`, 'Invalid parameters: give starttime/endtime or from/to, not both'],
    [`metric=connections&starttime=${NOW}&endtime=${T0}`, 'Invalid parameters: the start time must be before the end time'],
    ['metric=connections&from=2024-01-15&to=2024-01-16', 'Invalid value for from: expected YYYY-MM-DD HH:MM:SS'],
    ['metric=connections&from=2024-02-30 00:00:00&to=2024-03-01 00:00:00', 'Invalid value for from: expected YYYY-MM-DD HH:MM:SS'],
    [`metric=connections&starttime=2024-01-15&endtime=${NOW}`, 'Invalid value for starttime: expected a non-negative integer'],
    ['metric=connections&did=one', 'Invalid value for did: expected a non-negative integer'],
    ['metric=connections&starttime=8000000000000000&endtime=8000000000060000', 'Invalid value for starttime: expected epoch milliseconds before the year 10000'],
    ['metric=connections&port=70000', 'Invalid value for port: expected at most 65535'],
    ['metric=connections&protocol=tcp', 'Invalid value for protocol: expected a non-negative integer'],
    ['metric=connections&applicationprotocol=', 'Invalid value for applicationprotocol: expected a protocol name'],
    ['metric=connections&breachtimes=True', 'Invalid value for breachtimes: expected true or false'],
    ['metric=connections&fulldevicedetails=1', 'Invalid value for fulldevicedetails: expected true or false'],
    [`metric=connections&starttime=${NOW - 7 * 86_400_000}&endtime=${NOW}&interval=60`, 'Invalid parameters: 10080 intervals requested, at most 10000'],
  ])('%s', (query, error) => {
    expect(refused(query)).toEqual({ error, response: 'INPUT ERROR' });
  });
});

describe('answers', () => {
  it('an array with one {metric, data} per metricN, in order; breachtimes first when asked', () => {
    const body = answer(`metric1=externalconnections&metric2=connections&did=2&starttime=${T0}&endtime=${NOW}&interval=3600&breachtimes=true`).body as Array<Record<string, unknown>>;
    expect(body.map((e) => Object.keys(e))).toEqual([['breachtimes'], ['metric', 'data'], ['metric', 'data']]);
    expect(body.slice(1).map((e) => e.metric)).toEqual(['externalconnections', 'connections']);
    const data = body[2].data as Array<Record<string, unknown>>;
    expect(data.map((p) => p.time)).toEqual(['2024-01-15 06:00:00', '2024-01-15 07:00:00', '2024-01-15 08:00:00', '2024-01-15 09:00:00', '2024-01-15 10:00:00', '2024-01-15 11:00:00']);
    for (const p of data) {
      expect(Object.keys(p)).toEqual(['time', 'timems', 'size', 'in', 'out']);
      expect(p.size).toBe((p.in as number) + (p.out as number));
    }
  });

  it('breach markers are the device\'s breaches in the window, scores 0-1, times in ms', () => {
    const rows = state.breaches.query({ from: NOW - 30 * 86_400_000, to: NOW, byCreation: false, includeAcknowledged: true, did: 2 });
    expect(rows.length).toBeGreaterThan(0);
    const body = answer(`metric=connections&did=2&starttime=${NOW - 30 * 86_400_000}&endtime=${NOW}&interval=86400&breachtimes=true`).body as Array<{ breachtimes: Array<Record<string, number>> }>;
    const marks = body[0].breachtimes;
    expect(marks.map((m) => m.pbid).sort()).toEqual(rows.map((r) => state.breaches.pbid[r]).sort());
    for (const m of marks) {
      expect(Object.keys(m)).toEqual(['pid', 'pbid', 'score', 'name', 'time']);
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
  });

  it('buckets are floored to the interval: the first may start before starttime', () => {
    const start = Date.UTC(2024, 0, 15, 9, 7, 49);
    const body = answer(`metric=connections&did=2&starttime=${start}&endtime=${start + HOUR}&interval=900`).body as Array<{ data: Array<{ timems: number; time: string }> }>;
    expect(body[0].data[0]).toMatchObject({ timems: Date.UTC(2024, 0, 15, 9, 0), time: '2024-01-15 09:00:00' });
    expect(body[0].data.every((p) => p.timems % 900_000 === 0)).toBe(true);
  });

  it('no time: the last hour in 60-second buckets; nothing after now', () => {
    const data = (answer('metric=connections&did=2').body as Array<{ data: Array<{ timems: number }> }>)[0].data;
    expect(data[0].timems).toBe(NOW - HOUR);
    expect(data.at(-1)!.timems).toBeLessThan(NOW);
    expect(data.length).toBeLessThanOrEqual(60);
    const future = (answer(`metric=connections&did=2&starttime=${NOW - HOUR}&endtime=${NOW + HOUR}&interval=600`).body as Array<{ data: Array<{ timems: number }> }>)[0].data;
    expect(future.at(-1)!.timems).toBeLessThanOrEqual(NOW);
  });

  it('from/to in the table\'s form and with a T are the same window', () => {
    const a = answer('metric=connections&did=2&from=2024-01-15 06:00:00&to=2024-01-15 07:00:00&interval=300');
    const b = answer('metric=connections&did=2&from=2024-01-15T06:00:00&to=2024-01-15T07:00:00&interval=300');
    const c = answer(`metric=connections&did=2&starttime=${T0}&endtime=${T0 + HOUR}&interval=300`);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
  });

  it('an unknown device answers empty series (and no breaches); no data before a device was first seen', () => {
    expect(answer(`metric=connections&did=999999999&starttime=${T0}&endtime=${NOW}&breachtimes=true`).body)
      .toEqual([{ breachtimes: [] }, { metric: 'connections', data: [] }]);
    const firstSeen = state.devices.get(4)!.firstSeen;
    const around = (answer(`metric=connections&did=4&starttime=${firstSeen - 2 * HOUR}&endtime=${firstSeen + 2 * HOUR}&interval=600`).body as Array<{ data: Array<{ timems: number }> }>)[0].data;
    expect(around.length).toBeGreaterThan(0);
    expect(around[0].timems).toBe(Math.floor(firstSeen / 600_000) * 600_000);
  });

  it('deterministic per (metric, device, filters); each of those changes the series', () => {
    const q = `starttime=${T0}&endtime=${NOW}&interval=300`;
    const series = (extra: string) => JSON.stringify(answer(`${extra}&${q}`).body);
    expect(series('metric=connections&did=2')).toBe(series('metric=connections&did=2'));
    const variants = ['metric=connections&did=2', 'metric=connections&did=5', 'metric=multicasts&did=2', 'metric=connections&did=2&port=443', 'metric=connections&did=2&port=80', 'metric=connections'];
    expect(new Set(variants.map((v) => series(v).replace(/"metric":"\w+"/, ''))).size).toBe(variants.length);
  });
});

describe('generator', () => {
  const base = { seed: 1, metric: 'connections', filters: {}, now: NOW } as const;
  const input = fc.record({
    did: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    metric: fc.constantFrom('connections', 'datatransfervolume', 'smbmovesuccess', 'unknownmetric'),
    start: fc.integer({ min: NOW - 40 * 86_400_000, max: NOW - HOUR }),
    minutes: fc.integer({ min: 1, max: 3 * 1440 }),
    interval: fc.constantFrom(60, 90, 300, 900, 3600, 5400, 7200, 86_400),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    event: fc.option(fc.integer({ min: 0, max: 3 * 1440 }), { nil: undefined }),
    firstSeenOffset: fc.option(fc.integer({ min: 0, max: 3 * 1440 }), { nil: undefined }),
  });
  const toInput = (v: typeof input extends fc.Arbitrary<infer T> ? T : never): GenerateInput => ({
    ...base,
    metric: v.metric,
    ...(v.did === undefined ? {} : { did: v.did }),
    filters: v.port === undefined ? {} : { port: v.port },
    start: v.start,
    end: v.start + v.minutes * 60_000,
    intervalSeconds: v.interval,
    events: v.event === undefined ? [] : [v.start + v.event * 60_000],
    ...(v.firstSeenOffset === undefined ? {} : { firstSeen: v.start + v.firstSeenOffset * 60_000 }),
  });

  it('every bucket holds the maximum of the minutes it covers, with size = in + out (property)', () => {
    fc.assert(fc.property(input, (v) => {
      const g = toInput(v);
      const stepMs = g.intervalSeconds * 1000;
      const expected: Array<{ timems: number; size: number }> = [];
      for (let b = Math.floor(g.start / stepMs) * stepMs; b < g.end; b += stepMs) {
        let max = -1;
        const from = Math.max(b, g.firstSeen ?? 0);
        for (let m = Math.ceil(from / 60_000); m < Math.ceil(Math.min(b + stepMs, g.end, g.now + 1) / 60_000); m++) {
          const value = minuteValue(g, m);
          if (value !== null && value > max) max = value;
        }
        if (max >= 0) expected.push({ timems: b, size: max });
      }
      const points = generateSeries(g);
      expect(points.map((p) => ({ timems: p.timems, size: p.size }))).toEqual(expected);
      for (const p of points) expect(p.in + p.out).toBe(p.size);
    }), { numRuns: 60 });
  });

  it('a filtered series never exceeds the unfiltered one (property)', () => {
    fc.assert(fc.property(input, fc.integer({ min: 1, max: 65535 }), (v, port) => {
      const g = toInput({ ...v, port: undefined });
      const plain = new Map(generateSeries(g).map((p) => [p.timems, p.size]));
      for (const p of generateSeries({ ...g, filters: { port, protocol: 6 } })) expect(p.size).toBeLessThanOrEqual(plain.get(p.timems) ?? -1);
    }), { numRuns: 60 });
  });

  it('wider buckets hold the maximum of the narrower ones they contain', () => {
    const g = { ...base, did: 7, start: Date.UTC(2024, 0, 5), end: Date.UTC(2024, 0, 14) }; // whole days
    const hourly = generateSeries({ ...g, intervalSeconds: 3600 });
    const daily = generateSeries({ ...g, intervalSeconds: 86_400 });
    expect(daily).toHaveLength(9);
    for (const day of daily) {
      const inside = hourly.filter((h) => h.timems >= day.timems && h.timems < day.timems + 86_400_000);
      expect(day.size).toBe(Math.max(...inside.map((h) => h.size)));
    }
  });

  it('devices have occasional outages (gaps); the network-wide series has none and is larger', () => {
    const g = { ...base, start: NOW - 30 * 86_400_000, end: NOW, intervalSeconds: 3600 };
    expect(generateSeries({ ...g, did: 2 }).length).toBeLessThan(30 * 24);
    const network = generateSeries(g);
    expect(network).toHaveLength(30 * 24);
    const sum = (ps: Array<{ size: number }>) => ps.reduce((n, p) => n + p.size, 0);
    expect(sum(network)).toBeGreaterThan(10 * sum(generateSeries({ ...g, did: 2 })));
  });

  it('a breach makes the device\'s busiest minute around it', () => {
    const event = Date.UTC(2024, 0, 10, 3, 17, 42); // 03:17, a quiet hour
    const points = generateSeries({ ...base, did: 3, start: event - HOUR, end: event + HOUR, intervalSeconds: 60, events: [event] });
    const peak = points.reduce((a, b) => (b.size > a.size ? b : a));
    expect(peak.time).toBe('2024-01-10 03:17:00');
  });

  it('a range back to 1970 in weekly buckets: one bucket per week, none before the epoch', () => {
    const points = generateSeries({ ...base, start: -5 * 604_800_000, end: NOW, intervalSeconds: 604_800 });
    expect(points[0].timems).toBe(0); // epoch-aligned weeks start on Thursdays
    expect(points).toHaveLength(Math.ceil(NOW / 604_800_000));
  });
});

describe('/metrics', () => {
  it('the list holds the fixture\'s entries verbatim, by mlid, plus the seeded data\'s other metrics', () => {
    const { status, body } = metricsResponse(undefined, world);
    expect(status).toBe(200);
    const list = body as Array<Record<string, unknown>>;
    for (const entry of fixture('metrics_list').response as Array<Record<string, unknown>>) expect(list).toContainEqual(entry);
    expect(list.map((m) => m.mlid)).toEqual([...list.map((m) => m.mlid as number)].sort((a, b) => a - b));
    expect(list.map((m) => m.name)).toEqual(expect.arrayContaining(['internalconnections', 'externalclientdatatransfer', 'beaconingscore', 'dnsrequests']));
    expect(new Set(list.map((m) => m.mlid)).size).toBe(list.length);
    expect(CATALOGUE).toHaveLength(list.length);
  });

  it('every model breach\'s component metric is a catalogue entry, mlid, name and label alike (connections = 16)', () => {
    for (const model of MODELS) {
      const entry = CATALOGUE.find((m) => m.name === model.metric.name);
      expect(entry && { mlid: entry.mlid, name: entry.name, label: entry.label }, model.name).toEqual(model.metric);
    }
    expect(MODELS.filter((m) => m.metric.name === 'connections').map((m) => m.metric.mlid)).toEqual([16, 16, 16, 16]);
  });

  it('/metrics/{mlid}: one object; unknown → 404; not a number → 400', () => {
    expect(metricsResponse('13', world)).toEqual({ status: 200, body: { ...(fixture('metrics_mlid_13').response as object), set: 'A' } });
    expect(metricsResponse('999', world)).toEqual({ status: 404, body: { error: 'Metric 999 not found' } });
    expect(metricsResponse('abc', world)).toEqual({ status: 400, body: { error: 'Invalid value for mlid: expected an integer', response: 'INPUT ERROR' } });
  });
});
