// darktrace-get-metric-data end to end: the exact /metricdata requests the emulator received (one metric,
// several metrics, several devices, label intervals, relative times, breachtimes), the outputs and the readable
// entry, nothing found, and bad arguments refused before anything reaches Darktrace.
import { describe, expect, it } from 'vitest';
import command, { toResults } from '../../commands/darktrace-get-metric-data.js';
import { createRegistry } from '../../src/cli/runtime.js';
import { toMetricData } from '../../src/metrics/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { answerOf, catalogue, NOW as FIXTURE_NOW, plan } from '../metrics/helpers.js';

const MIN = 60_000;
const HOUR = 3_600_000;
/** The command's clock: the last whole hour, behind the emulator's (real) one, so every window is in its past. */
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const START = NOW - HOUR;
const metricdata = (query: string) => ({ method: 'GET', path: '/metricdata', query, body: '' });

/** Every leaf path of `value` under `prefix` (lists looked through), as integration.yml names context paths. */
function leafPaths(prefix: string, value: unknown): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => leafPaths(prefix, v)))];
  if (value !== null && typeof value === 'object') {
    return [...new Set(Object.entries(value).flatMap(([k, v]) => leafPaths(`${prefix}.${k}`, v)))];
  }
  return [prefix];
}
const declared = new Set((createRegistry().get(command.name)!.outputs ?? []).map((o) => o.contextPath));

describe('transform (fixtures)', () => {
  it('a series with data → one Darktrace.MetricData entry keyed by metric and did', () => {
    const p = plan({ metric: 'connections', did: 1, start_time: 1582900140000, end_time: 1582900500000, interval: '1min' });
    const results = toResults(toMetricData(p, [answerOf('metricdata_single', 1)], { now: FIXTURE_NOW, catalogue: catalogue() }));
    expect(Array.isArray(results) && results.map((r) => [r.outputsPrefix, r.outputsKeyField])).toEqual([['Darktrace.MetricData', ['metric', 'did']]]);
  });

  it('every series empty → nothing found, no context', () => {
    const p = plan({ metric: 'connections', did: 1, start_time: 1582900140000, end_time: 1582900500000, interval: '1min' });
    const answer = { did: 1, answer: { series: new Map([['connections', { metric: 'connections', data: [] }]]), breachtimes: [] } };
    expect(toResults(toMetricData(p, [answer], { now: FIXTURE_NOW, catalogue: catalogue() })))
      .toBe('### No metric data\nDarktrace has no connections data for device 1 from 2020-02-28T14:29:00.000Z to 2020-02-28T14:35:00.000Z.');
  });
});

describeCommandE2E(command, { now: () => new Date(NOW) }, (e2e) => {
  const sent = () => e2e.received().filter((r) => r.path === '/metricdata');

  it('one metric: metric=…, interval in seconds, times in ms; outputs with catalogue unit and label', async () => {
    const result = await e2e.result({ metric: 'connections', did: '2', start_time: String(START), end_time: String(NOW), interval: '5min' });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${START}&endtime=${NOW}&interval=300`)]);
    expect(e2e.received().filter((r) => r.path !== '/metricdata').every((r) => r.path === '/metrics' && r.query === '')).toBe(true);
    expect(result.outputsPrefix).toBe('Darktrace.MetricData');
    expect(result.outputsKeyField).toEqual(['metric', 'did']);
    const [s] = result.outputs;
    expect(s).toMatchObject({
      metric: 'connections', did: 2, label: 'Connections', unit: 'count', interval: 300, intervalLabel: '5min',
      timerange: { start: iso(START), end: iso(NOW) },
    });
    expect(s.data.length).toBeGreaterThan(0);
    for (const p of s.data) {
      expect(p.timems % (300 * 1000)).toBe(0); // buckets floored to the interval
      expect(p.timestamp).toBe(iso(p.timems));
      expect(p.value).toBe(p.in + p.out);
    }
    const values = s.data.map((p: { value: number }) => p.value);
    const peak = Math.max(...values);
    expect(s.stats).toMatchObject({
      points: s.data.length, sum: values.reduce((a: number, b: number) => a + b, 0), min: Math.min(...values), max: peak, peak,
      peakTime: s.data.find((p: { value: number }) => p.value === peak).timestamp,
    });
    expect(result.readableOutput).toMatch(/^### Metric data: connections \(device 2\)\n/);
    expect(result.readableOutput).toContain(`**Connections (connections), device 2**: \``);
    expect(result.readableOutput).toContain(`peak **${peak.toLocaleString('en-US')}** at ${s.stats.peakTime}`);
    expect(Object.keys(result.entry.EntryContext)).toEqual(['Darktrace.MetricData(val.metric && val.metric == obj.metric && val.did && val.did == obj.did)']);
    expect(leafPaths('Darktrace.MetricData', result.outputs).filter((p) => !declared.has(p))).toEqual([]);
  });

  it('three metrics: metric1, metric2, metric3 in one request, answered by name, with shares per unit', async () => {
    const result = await e2e.result({ metrics: 'connections,externalconnections,datatransfervolume', did: 2, start_time: START, end_time: NOW, interval: 300 });
    expect(sent()).toEqual([
      metricdata(`metric1=connections&metric2=externalconnections&metric3=datatransfervolume&did=2&starttime=${START}&endtime=${NOW}&interval=300`),
    ]);
    expect(result.outputs.map((s: { metric: string; unit: string }) => [s.metric, s.unit]))
      .toEqual([['connections', 'count'], ['externalconnections', 'count'], ['datatransfervolume', 'bytes']]);
    expect(result.outputs[0].share + result.outputs[1].share).toBeCloseTo(100, 1);
    expect(result.outputs[2].share).toBeUndefined();
  });

  it('three devices: three requests (did=… each, no devices parameter), merged into one comparison', async () => {
    const results = (await e2e.run({ metric: 'connections', devices: '2,4,5', start_time: START, end_time: NOW, interval: '5min' })).body.results;
    expect(sent().map((r) => r.query).sort()).toEqual([2, 4, 5].map((did) => `metric=connections&did=${did}&starttime=${START}&endtime=${NOW}&interval=300`).sort());
    expect(results.map((r: { outputsPrefix: string }) => r.outputsPrefix)).toEqual(['Darktrace.MetricData', 'Darktrace.MetricComparison']);
    const [data, comparison] = results;
    expect(data.outputs.map((s: { did: number }) => s.did)).toEqual([2, 4, 5]);
    expect(comparison.outputsKeyField).toBe('metric');
    const [c] = comparison.outputs;
    expect(c.metric).toBe('connections');
    expect(c.devices.map((d: { rank: number }) => d.rank)).toEqual([1, 2, 3]);
    const sums = data.outputs.map((s: { did: number; stats: { sum: number } }) => [s.did, s.stats.sum]);
    const ranked = [...sums].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    expect(c.devices.map((d: { did: number; sum: number }) => [d.did, d.sum])).toEqual(ranked);
    expect(c.topConsumer).toEqual({ did: ranked[0][0], sum: ranked[0][1], share: c.devices[0].share });
    expect(comparison.readableOutput).toMatch(/^### Device comparison: Connections \(connections\)\n/);
    expect(comparison.readableOutput).toContain(`Top consumer: device ${ranked[0][0]} (${c.devices[0].share}% of the summed buckets).`);
    expect(data.readableOutput).not.toContain('Device comparison');
    expect(leafPaths('Darktrace.MetricComparison', comparison.outputs).filter((p) => !declared.has(p))).toEqual([]);
  });

  it('a label interval: 15min → interval=900', async () => {
    await e2e.result({ metric: 'connections', did: 2, start_time: START, end_time: NOW, interval: '15min' });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${START}&endtime=${NOW}&interval=900`)]);
  });

  it('relative times resolve against the clock to epoch ms; the aliases from/to and starttime/endtime; default the last hour in 5min', async () => {
    await e2e.result({ metric: 'connections', did: 2, start_time: '2 hours ago', end_time: '30 minutes ago', interval: '1hour' });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${NOW - 2 * HOUR}&endtime=${NOW - 30 * MIN}&interval=3600`)]);
    await e2e.result({ metric: 'connections', did: 2, from: '3 hours ago', to: '1 hour ago', interval: '1hour' });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${NOW - 3 * HOUR}&endtime=${NOW - HOUR}&interval=3600`)]);
    await e2e.result({ metric: 'connections', did: 2, starttime: iso(NOW - 4 * HOUR), endtime: 'now', interval: '1hour' });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${NOW - 4 * HOUR}&endtime=${NOW}&interval=3600`)]);
    await e2e.result({ metric: 'connections', did: 2 });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${NOW - HOUR}&endtime=${NOW}&interval=300`)]);
  });

  it('around: the hour either side of a time, up to now', async () => {
    await e2e.result({ metric: 'connections', did: 2, around: iso(NOW - 3 * HOUR) });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${NOW - 4 * HOUR}&endtime=${NOW - 2 * HOUR}&interval=300`)]);
    await e2e.result({ metric: 'connections', did: 2, around: iso(NOW - 20 * MIN) });
    expect(sent()).toEqual([metricdata(`metric=connections&did=2&starttime=${NOW - 80 * MIN}&endtime=${NOW}&interval=300`)]);
  });

  it('breachtimes: breachtimes=true on the wire; the device\'s breaches as outputs (score 0-100) and a table', async () => {
    const time = NOW - 100 * MIN;
    const breach = e2e.h.emulator.state.addBreach({ did: 3, model: 'Anomalous Connection::Data Sent to Rare Domain', score: 0.87, time, creationTime: time + MIN });
    const result = await e2e.result({ metric: 'connections', did: 3, start_time: '3 hours ago', end_time: '1 hour ago', interval: '5min', breachtimes: 'true', fulldevicedetails: 'true' });
    expect(sent()).toEqual([metricdata(`metric=connections&did=3&starttime=${NOW - 3 * HOUR}&endtime=${NOW - HOUR}&interval=300&breachtimes=true&fulldevicedetails=true`)]);
    const breaches = result.outputs[0].breaches;
    expect(breaches).toContainEqual({ pbid: breach.pbid, pid: 201, model: 'Anomalous Connection::Data Sent to Rare Domain', score: 87, time: iso(time) });
    expect(breaches.map((b: { time: string }) => b.time)).toEqual([...breaches.map((b: { time: string }) => b.time)].sort());
    expect(result.readableOutput).toContain('### Model breaches in the window\n|Time|Device|Model|Score|pbid|pid|\n');
    expect(result.readableOutput).toContain(`| ${iso(time)} | 3 | Anomalous Connection::Data Sent to Rare Domain | 87 | ${breach.pbid} | 201 |`);
  });

  it('nothing found: a device Darktrace has no data for is a success with a clear line and no context', async () => {
    const result = await e2e.result({ metric: 'connections', did: 999999, start_time: START, end_time: NOW });
    expect(sent()).toEqual([metricdata(`metric=connections&did=999999&starttime=${START}&endtime=${NOW}&interval=300`)]);
    expect(result.readableOutput).toBe(`### No metric data\nDarktrace has no connections data for device 999999 from ${iso(START)} to ${iso(NOW)}.`);
    expect(result.entry.EntryContext).toEqual({});
  });

  describe('bad arguments: 400 naming the argument, and no metric data is asked for', () => {
    const refused = async (args: Record<string, unknown>) => {
      const res = await e2e.run(args);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(sent()).toEqual([]);
      return res.body.errors;
    };

    it('an unknown metric → the closest catalogue names', async () => {
      expect(await refused({ metric: 'conections', did: 2 })).toEqual([
        { path: 'metric', message: 'metric: unknown metric "conections"; closest in the catalogue: connections' },
      ]);
    });

    it('both metric and metrics, or neither', async () => {
      expect(await refused({ metric: 'connections', metrics: 'multicasts' })).toEqual([
        { path: 'metric', message: 'metric: metric and metrics were both given; give only one (metric for one name, metrics for a list)' },
      ]);
      expect(e2e.received()).toEqual([]);
      expect(await refused({ did: 2 })).toEqual([
        { path: 'metric', message: 'metric: neither metric nor metrics was given; give metric (one name) or metrics (a list of names)' },
      ]);
      expect(e2e.received()).toEqual([]);
    });

    it('more than 10,000 buckets → the smallest interval that fits', async () => {
      const start = NOW - 8 * 24 * HOUR;
      expect(await refused({ metric: 'connections', did: 2, start_time: start, end_time: NOW, interval: '1min' })).toEqual([{
        path: 'interval',
        message: `interval: 1min over ${iso(start)} – ${iso(NOW)} is 11,520 buckets, more than the 10,000 allowed; the smallest interval that fits is 5min (2,304 buckets), or shorten the window`,
      }]);
      expect(e2e.received()).toEqual([]);
    });

    it('an interval label outside the list → the list', async () => {
      expect(await refused({ metric: 'connections', interval: '10min' })).toEqual([{
        path: 'interval',
        message: 'interval: "10min" is not an interval; use whole seconds (e.g. 300) or one of 1min, 5min, 15min, 30min, 1hour, 2hour, 6hour, 12hour, 1day, 7day',
      }]);
      expect(e2e.received()).toEqual([]);
    });

    it('a window that ends before it starts; did with devices', async () => {
      expect(await refused({ metric: 'connections', start_time: '1 hour ago', end_time: '2 hours ago', did: 1, devices: '2,3' })).toEqual([
        { path: 'end_time', message: `end_time: the window must end after it starts: start_time ${iso(NOW - HOUR)} is not before end_time ${iso(NOW - 2 * HOUR)}` },
        { path: 'devices', message: 'devices: did and devices were both given; give did for one device or devices for several' },
      ]);
    });
  });
});

describe('the catalogue is cached per instance for 10 minutes', () => {
  let clock = NOW;
  describeCommandE2E(command, { now: () => new Date(clock), title: 'catalogue cache' }, (e2e) => {
    it('GET /metrics once, then only /metricdata until 10 minutes have passed', async () => {
      const paths = () => e2e.received().map((r) => r.path);
      await e2e.result({ metric: 'connections', did: 2 });
      expect(paths()).toEqual(['/metrics', '/metricdata']);
      clock += 9 * MIN;
      await e2e.result({ metric: 'multicasts', did: 2 });
      expect(paths()).toEqual(['/metricdata']);
      clock += MIN;
      await e2e.result({ metric: 'connections', did: 2 });
      expect(paths()).toEqual(['/metrics', '/metricdata']);
    });
  });
});
