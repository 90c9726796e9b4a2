// darktrace-get-profile over HTTP: a stored descriptor (records submitted to the store, then profiled: one
// aggregation, nothing sent to Darktrace) and darktrace:<metric> against the emulator (the exact /metricdata
// requests it received), nothing found, bad arguments, function grants.
import { describe, expect, it, vi } from 'vitest';
import command from '../../commands/darktrace-get-profile.js';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { metricDataFor } from '../../src/darktrace/resources/metrics.js';
import { splitMetricData } from '../../src/metrics/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { apiKey } from '../../src/server/auth.js';

// Tuesday 2017-12-26T12:00:00Z. "1 hour window every 24 hours from 14 days ago excluding weekends" gives the
// 10 weekdays 12–25 December, [12:00, 13:00] each: 5 periods of 15 minutes per window (closed windows), 50 in all.
const NOW = Date.UTC(2017, 11, 26, 12);
const DAY = 86_400_000;
const MIN = 60_000;
const WEEKDAYS = [12, 13, 14, 15, 18, 19, 20, 21, 22, 25];
const SELECTOR = '1 hour window every 24 hours from 14 days ago excluding weekends';
const BASELINE = [10, 12, 14, 16, 18]; // each window's 5 periods: mean 14, sample σ 20/7 over 50 periods

const DESCRIPTOR = {
  shortName: 'deviceConnections', description: 'Connections per device and destination',
  readFunction: 'viewMetric', writeFunction: 'submitMetric', adminFunction: 'adminMetric',
  keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
  values: [{ name: 'bytes' }, { name: 'conns', defaultAggregationFunction: 'max' }],
  timeFrameSize: 15, timeFrameSizeUnit: 'minutes', source: { darktraceMetric: 'connections', entityKey: 'did' },
};

type Rec = { timestamp: number; keys: { did: number; dst: string }; values: { bytes: number; conns: number } };
const rec = (timestamp: number, bytes: number, keys: Partial<Rec['keys']> = {}): Rec =>
  ({ timestamp: timestamp + 7 * 1000, keys: { did: 7, dst: '10.0.0.1', ...keys }, values: { bytes, conns: 1 } });

function records(): Rec[] {
  const out: Rec[] = [];
  for (const day of WEEKDAYS) BASELINE.forEach((v, k) => out.push(rec(Date.UTC(2017, 11, day, 12, 15 * k), v)));
  // The latest period (11:45–12:00 on the 26th): two records, summed by default (40), 25 at most.
  out.push(rec(NOW - 15 * MIN, 25), rec(NOW - 15 * MIN + 5 * MIN, 15));
  // Never part of the profile: a Saturday, outside the windows, another device, another destination.
  out.push(rec(Date.UTC(2017, 11, 16, 12), 1000), rec(Date.UTC(2017, 11, 19, 14), 1000));
  out.push(rec(Date.UTC(2017, 11, 19, 12), 1000, { did: 8 }), rec(Date.UTC(2017, 11, 19, 12), 1000, { dst: '10.0.0.2' }));
  return out;
}

const profileArgs = { profile: 'deviceConnections', entity: '7', groups: '10.0.0.1', window: SELECTOR, now: String(NOW) };

// The harness's scope keys hold the viewMetric grant; NO_VIEW is a read key without it.
const NO_VIEW = 'test-read-noview-0123456789';

describeCommandE2E(command, { apiKeys: [apiKey(NO_VIEW, 'read', ['submitMetric'])], title: 'stored descriptor (records in the store, then profiled)', now: () => new Date(NOW) }, (e2e) => {
  const granted = { scope: 'read' as const };
  it('setup: the descriptor and its records', async () => {
    await (await e2e.h.store()).createDescriptor(DESCRIPTOR);
    const submitted = await (await e2e.h.store()).submitRecords('deviceConnections', { records: records() });
    expect(submitted).toMatchObject({ accepted: 56, rejected: 0 });
  });

  it('the weekday baseline from one store aggregation: windows, periods, stats, the latest z-score; nothing sent to Darktrace', async () => {
    const aggregate = vi.spyOn(await e2e.h.store(), 'aggregate');
    const result = await e2e.result(profileArgs, granted);
    expect(aggregate).toHaveBeenCalledTimes(1);
    const query = aggregate.mock.calls[0][1] as { ranges: Array<{ start: number; end: number }> };
    aggregate.mockRestore();
    // 10 windows of 5 periods plus the latest period: 11 ranges in one query, at the period duration.
    expect(query).toEqual({
      ranges: [...WEEKDAYS.map((d) => ({ start: Date.UTC(2017, 11, d, 12), end: Date.UTC(2017, 11, d, 13, 15) })), { start: NOW - 15 * MIN, end: NOW }],
      resolution: { size: 15 * MIN, unit: 'milliseconds' },
      values: ['bytes'],
      filters: { did: 7, dst: '10.0.0.1' },
    });
    expect(e2e.received()).toEqual([]);

    expect(result.outputsPrefix).toBe('Darktrace.Profile');
    expect(result.outputsKeyField).toEqual(['profile', 'entity']);
    const out = result.outputs;
    expect(Object.keys(out)).toEqual(['profile', 'entity', 'groups', 'selector', 'timezone', 'periodMs', 'windows', 'periods', 'values', 'stats', 'latest']);
    expect(out).toMatchObject({ profile: 'deviceConnections', entity: 7, groups: ['10.0.0.1'], selector: SELECTOR, timezone: 'UTC', periodMs: 900_000 });
    expect(out.windows).toEqual(WEEKDAYS.map((d) => ({ start: Date.UTC(2017, 11, d, 12), end: Date.UTC(2017, 11, d, 13) })));
    expect(out.periods).toHaveLength(50);
    expect(out.periods[0]).toEqual({ id: Date.UTC(2017, 11, 12, 12) / (15 * MIN), start: Date.UTC(2017, 11, 12, 12), end: Date.UTC(2017, 11, 12, 12, 15), value: 10 });
    expect(out.values).toEqual(WEEKDAYS.flatMap(() => BASELINE));
    expect(out.stats).toEqual({ count: 50, mean: 14, stdev: expect.closeTo(20 / 7, 12), min: 10, max: 18, median: 14 });
    expect(out.latest).toEqual({
      period: { id: (NOW - 15 * MIN) / (15 * MIN), start: NOW - 15 * MIN, end: NOW }, value: 40, zScore: expect.closeTo(9.1, 12),
    });

    const lines = (result.readableOutput as string).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '### Profile deviceConnections of 7 (groups 10.0.0.1)',
      'The latest period (2017-12-26T11:45:00.000Z to 2017-12-26T12:00:00.000Z) is 40: 9.1 σ above the 14-day weekday baseline (mean 14, σ 2.86 over 50 periods).',
      '',
      `Selector: \`${SELECTOR}\` — UTC, 15-minute periods; 10 windows, 50 periods (50 with a value), read with 1 store query.`,
    ]);
    expect(lines[5]).toBe(`Baseline: ${'▁▃▅▆█'.repeat(10)}`);
    expect(result.readableOutput).toContain('|Periods|Mean|σ (sample)|Min|Median|Max|Latest|z-score|\n|---|---|---|---|---|---|---|---|\n| 50 | 14 | 2.86 | 10 | 14 | 18 | 40 | 9.10 |');
    expect(result.readableOutput).toContain('| 2017-12-12T12:00:00.000Z | 2017-12-12T13:00:00.000Z | Tue | 5 | 5 | 18 |');
    expect(result.readableOutput).toContain('| 2017-12-25T12:00:00.000Z | 2017-12-25T13:00:00.000Z | Mon | 5 | 5 | 18 |');
  });

  it('aggregation overrides the value\'s function (max of the latest period\'s two records: 25)', async () => {
    const result = await e2e.result({ ...profileArgs, aggregation: 'max' }, granted);
    expect(result.outputs.latest).toMatchObject({ value: 25, zScore: expect.closeTo(3.85, 12) });
    expect(result.outputs.stats.mean).toBe(14);
  });

  it('value picks another descriptor value, with its own default function (conns: max)', async () => {
    const result = await e2e.result({ ...profileArgs, value: 'conns' }, granted);
    expect(result.outputs.values).toEqual(new Array(50).fill(1));
    expect(result.outputs.latest).toMatchObject({ value: 1, zScore: null });
    expect(result.readableOutput).toContain('is 1, equal to the 14-day weekday baseline mean of 1; no z-score, as the baseline has no spread (every one of its 50 periods is 1).');
  });

  it('a fixed lookback (lookback + units): 4n + 1 periods; default_value fills the empty ones', async () => {
    const sparse = await e2e.result({ ...profileArgs, window: undefined, lookback: '2', units: 'hours' }, granted);
    expect(sparse.outputs.selector).toBe('PROFILE_FIXED 2 hours');
    expect(sparse.outputs.periods).toHaveLength(9);
    expect(sparse.outputs.values).toEqual([40]);
    expect(sparse.readableOutput).toContain('is 40, equal to the 2-hour baseline mean of 40; no z-score, as the baseline has no spread (it has only one period).');
    const filled = await e2e.result({ ...profileArgs, window: undefined, lookback: '2', units: 'HOURS', default_value: '0' }, granted);
    expect(filled.outputs.values).toEqual([0, 0, 0, 0, 0, 0, 0, 40, 0]);
    expect(filled.outputs.stats).toMatchObject({ count: 9, mean: 40 / 9, min: 0, max: 40, median: 0 });
  });

  it('period_duration / period_units: hour periods, and the harness clock as now when now is not given', async () => {
    const result = await e2e.result({ ...profileArgs, now: undefined, period_duration: '1', period_units: 'hours' }, granted);
    expect(result.outputs.periodMs).toBe(3_600_000);
    // [12:00, 13:00] closed: the hours starting at 12:00 (10 + 12 + 14 + 16) and 13:00 (the 13:00 record, 18).
    expect(result.outputs.periods).toHaveLength(20);
    expect(result.outputs.values).toEqual(WEEKDAYS.flatMap(() => [52, 18]));
    expect(result.outputs.latest).toMatchObject({ period: { start: NOW - 3_600_000, end: NOW }, value: 40 });
  });

  it('nothing found: an entity without records is a clear line and no context', async () => {
    const result = await e2e.result({ ...profileArgs, entity: '99' }, granted);
    expect(result.outputs).toBeNull();
    expect(result.readableOutput).toBe('### Profile deviceConnections of 99: no data\nNo comparison: the 14-day weekday baseline is empty (none of its 50 periods has a value). Read with 1 store query.');
  });

  it('an unknown descriptor is a 404 that says what a profile can be', async () => {
    const res = await e2e.run({ ...profileArgs, profile: 'deviceConections' }, granted);
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('No metric descriptor has shortName "deviceConections". A profile is a metric descriptor\'s shortName or id, or darktrace:<metric> for a live Darktrace metric (e.g. darktrace:connections).');
  });

  it('without the descriptor\'s readFunction grant: 403 naming it', async () => {
    const res = await e2e.run(profileArgs, { key: NO_VIEW });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.body.detail).toBe('This API key lacks the function grant "viewMetric" that this request needs.');
  });

  describe('bad arguments: 400 naming the argument, nothing read', () => {
    const cases: Array<[string, Record<string, unknown>, { path: string; message: string }]> = [
      ['groups missing (Metron would answer an empty list)', { groups: undefined },
        { path: 'groups', message: 'groups: profile "deviceConnections" is grouped by 1 key, dst: give exactly one value for each, in that order, e.g. groups=<dst> (got none)' }],
      ['too many groups', { groups: '10.0.0.1,80' },
        { path: 'groups', message: 'groups: profile "deviceConnections" is grouped by 1 key, dst: give exactly one value for each, in that order, e.g. groups=<dst> (got 2: "10.0.0.1", "80")' }],
      ['a group value of the wrong type', { groups: 'gateway' },
        { path: 'groups', message: 'groups: value 1, for key dst, must be an IPv4 or IPv6 address (an ip key, no zone or port); got "gateway"' }],
      ['an entity of the wrong type', { entity: 'seven' },
        { path: 'entity', message: 'entity: the value of "deviceConnections"\'s entity key did must be a whole number (an integer key); got "seven"' }],
      ['an unknown value', { value: 'packets' },
        { path: 'value', message: 'value: profile "deviceConnections" has no value "packets"; its values are "bytes", "conns"' }],
      ['wavg without a weight', { aggregation: 'wavg' },
        { path: 'aggregation', message: 'aggregation: "wavg" needs a weight, and "bytes" has no valueAsWeight in "deviceConnections"; use sum, avg, min or max' }],
      ['a selector syntax error, with its position', { window: '30 minute windw every 24 hours' },
        { path: 'window', message: expect.stringMatching(/^window: at 1:11: /) as unknown as string }],
      ['a misspelt day', { window: '1 hour window every 24 hours from 14 days ago excluding wekends' },
        { path: 'window', message: expect.stringContaining('did you mean "weekends"') as unknown as string }],
      ['window and lookback together', { lookback: '4', units: 'hours' },
        { path: 'window', message: 'window: give either a window selector or lookback and units, not both' }],
      ['neither window nor lookback', { window: undefined },
        { path: 'window', message: 'window: give a window selector (e.g. "1 hour window every 24 hours from 14 days ago excluding weekends"), or lookback and units (e.g. 4 and hours)' }],
      ['lookback without units', { window: undefined, lookback: '4' },
        { path: 'units', message: 'units: lookback was given without units; give milliseconds, seconds, minutes, hours or days' }],
      ['a bad period unit', { period_units: 'fortnights' },
        { path: 'period_units', message: 'period_units: must be one of milliseconds, seconds, minutes, hours, days (got "fortnights")' }],
      ['an unknown time zone', { timezone: 'Mars/Olympus' },
        { path: 'timezone', message: expect.stringMatching(/^timezone: /) as unknown as string }],
      ['a bad now', { now: 'yesterday' },
        { path: 'now', message: 'now: must be epoch milliseconds or an ISO 8601 date/time such as 2024-01-15T12:00:00Z (got "yesterday")' }],
    ];
    for (const [title, change, error] of cases) {
      it(title, async () => {
        const aggregate = vi.spyOn(await e2e.h.store(), 'aggregate');
        const res = await e2e.run({ ...profileArgs, ...change }, granted);
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.code).toBe('INVALID_ARGUMENTS');
        expect(res.body.errors).toEqual([error]);
        expect(aggregate).not.toHaveBeenCalled();
        aggregate.mockRestore();
        expect(e2e.received()).toEqual([]);
      });
    }
  });
});

// Live: Tuesday 2024-03-12T12:00:00Z (device 1 has emulated data since 2020). The weekday selector gives the 10
// weekdays 27 February – 11 March at [12:00, 13:00] plus the latest period: 11 separate ranges.
const LIVE_NOW = Date.UTC(2024, 2, 12, 12);
const LIVE_DAYS = [[1, 27], [1, 28], [1, 29], [2, 1], [2, 4], [2, 5], [2, 6], [2, 7], [2, 8], [2, 11]].map(([m, d]) => Date.UTC(2024, m, d, 12));
const live = { profile: 'darktrace:connections', entity: '1', window: SELECTOR, now: String(LIVE_NOW) };

describeCommandE2E(command, { title: 'darktrace:<metric> (live /metricdata from the emulator)' }, (e2e) => {
  const metricdata = () => e2e.received().filter((r) => r.path === '/metricdata');
  const startOf = (query: string) => Number(new URLSearchParams(query).get('starttime'));
  /** What the emulator answers to the same signed request, as period id → bucket size. */
  async function answered(queries: string[]): Promise<Map<number, number>> {
    const client = new DarktraceClient(e2e.h.instance);
    const buckets = new Map<number, number>();
    try {
      for (const q of queries) {
        const answer = await metricDataFor(client, [...new URLSearchParams(q)].map(([k, v]) => [k, k === 'metric' ? v : Number(v)] as const));
        for (const p of splitMetricData(answer).series.get('connections')?.data ?? []) if (typeof p.size === 'number') buckets.set(p.timems / (15 * MIN), p.size);
      }
    } finally {
      await client.close();
    }
    return buckets;
  }

  it('weekday baseline: one /metricdata request per window (and one for the latest period), at the period duration', async () => {
    const result = await e2e.result(live);
    const catalogue = e2e.received().filter((r) => r.path !== '/metricdata');
    expect(catalogue).toEqual([{ method: 'GET', path: '/metrics', query: '', body: '' }]);
    const sent = metricdata().sort((a, b) => startOf(a.query) - startOf(b.query));
    expect(sent.map((r) => r.query)).toEqual([
      ...LIVE_DAYS.map((t) => `metric=connections&did=1&starttime=${t}&endtime=${t + 75 * MIN}&interval=900`),
      `metric=connections&did=1&starttime=${LIVE_NOW - 15 * MIN}&endtime=${LIVE_NOW}&interval=900`,
    ]);
    const out = result.outputs;
    expect(out).toMatchObject({ profile: 'darktrace:connections', entity: 1, groups: [], selector: SELECTOR, timezone: 'UTC', periodMs: 900_000 });
    expect(out.windows).toEqual(LIVE_DAYS.map((t) => ({ start: t, end: t + 60 * MIN })));
    // Each period's value is the emulator's bucket for it; a bucket it did not send is a period without a value.
    const buckets = await answered(sent.map((r) => r.query));
    expect(out.periods.map((p: { id: number; value: number | null }) => p.value)).toEqual(out.periods.map((p: { id: number }) => buckets.get(p.id) ?? null));
    expect(out.values.length).toBeGreaterThan(40);
    expect(out.latest.value).toBe(buckets.get((LIVE_NOW - 15 * MIN) / (15 * MIN)));
    const { mean, stdev } = out.stats;
    expect(out.latest.zScore).toBeCloseTo((out.latest.value - mean) / stdev, 12);
    expect(result.readableOutput).toContain(`read with 11 /metricdata requests.`);
    expect(result.readableOutput).toMatch(/\n(The latest period \(2024-03-12T11:45:00\.000Z to 2024-03-12T12:00:00\.000Z\) is \d+: \d+\.\d σ (above|below) the 14-day weekday baseline \(mean [\d.]+, σ [\d.]+ over \d+ periods\)\.)\n/);
  });

  it('adjacent windows are one range, so one request: six back-to-back hours and the latest period', async () => {
    const result = await e2e.result({ ...live, window: '1 hour window every 1 hour from 6 hours ago' });
    expect(metricdata().map((r) => r.query)).toEqual([
      `metric=connections&did=1&starttime=${LIVE_NOW - 6 * 60 * MIN}&endtime=${LIVE_NOW + 15 * MIN}&interval=900`,
    ]);
    expect(result.outputs.windows).toHaveLength(6);
    expect(result.outputs.periods).toHaveLength(25);
    expect(result.readableOutput).toContain('read with 1 /metricdata request.');
  });

  it('value in / out reads that part of each bucket; hour periods ask for interval=3600', async () => {
    const sizes = await e2e.result({ ...live, lookback: '6', units: 'hours', window: undefined, period_duration: '1', period_units: 'hours' });
    expect(metricdata().map((r) => r.query)).toEqual([`metric=connections&did=1&starttime=${LIVE_NOW - 6 * 60 * MIN}&endtime=${LIVE_NOW + 60 * MIN}&interval=3600`]);
    const ins = await e2e.result({ ...live, lookback: '6', units: 'hours', window: undefined, period_duration: '1', period_units: 'hours', value: 'in' });
    const outs = await e2e.result({ ...live, lookback: '6', units: 'hours', window: undefined, period_duration: '1', period_units: 'hours', value: 'out' });
    expect(sizes.outputs.values).toEqual(ins.outputs.values.map((v: number, i: number) => v + outs.outputs.values[i]));
  });

  it('nothing found: a device Darktrace has no data for', async () => {
    const result = await e2e.result({ ...live, entity: '999999' });
    expect(metricdata()).toHaveLength(11);
    expect(result.outputs).toBeNull();
    expect(result.readableOutput).toBe('### Profile darktrace:connections of 999999: no data\nNo comparison: the 14-day weekday baseline is empty (none of its 50 periods has a value). Read with 11 /metricdata requests.');
  });

  it('a Darktrace fault is a 502 with the client\'s message and retryable', async () => {
    e2e.h.emulator.faults.inject({ kind: 'status', status: 500, times: -1, match: '/metricdata' });
    const res = await e2e.run(live);
    e2e.h.emulator.faults.clear();
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({
      code: 'UPSTREAM_ERROR', retryable: true, upstreamStatus: 500, detail: 'Darktrace returned HTTP 500 for GET /metricdata: Internal Server Error.',
    });
  });

  describe('bad arguments: 400 naming the argument, no /metricdata request', () => {
    const cases: Array<[string, Record<string, unknown>, { path: string; message: string }]> = [
      ['an entity that is not a did', { entity: 'laptop-7' },
        { path: 'entity', message: 'entity: a darktrace: profile is about one device: give its device id (did), a whole number (got "laptop-7")' }],
      ['groups for a profile without group keys', { groups: 'tcp' },
        { path: 'groups', message: 'groups: profile "darktrace:connections" has no group keys, so groups must be empty (got 1: "tcp")' }],
      ['aggregation', { aggregation: 'avg' },
        { path: 'aggregation', message: 'aggregation: applies to stored descriptors only: each /metricdata bucket of a darktrace: profile already holds the appliance\'s maximum over the period' }],
      ['a value a bucket does not have', { value: 'bytes' },
        { path: 'value', message: 'value: a darktrace: profile reads a /metricdata bucket\'s "size", "in", "out" (default "size" = in + out); got "bytes"' }],
      ['a period shorter than the appliance\'s buckets', { period_duration: '30', period_units: 'seconds' },
        { path: 'period_duration', message: 'period_duration: a darktrace: profile reads /metricdata buckets, which are whole seconds and at least 60 seconds; got a period of 30000 ms' }],
      ['a metric Darktrace does not have (after the catalogue)', { profile: 'darktrace:conections' },
        { path: 'profile', message: 'profile: Darktrace has no metric "conections"; closest in its catalogue: darktrace:connections' }],
      ['no metric name', { profile: 'darktrace:' },
        { path: 'profile', message: 'profile: "darktrace:" must be followed by a Darktrace metric\'s system name, e.g. darktrace:connections (got "darktrace:")' }],
    ];
    for (const [title, change, error] of cases) {
      it(title, async () => {
        const res = await e2e.run({ ...live, ...change });
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.errors).toEqual([error]);
        expect(metricdata()).toEqual([]);
      });
    }
  });
});
