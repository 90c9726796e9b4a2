// Fixture answers → outputs, exactly. Each test first proves that the arguments translate to the fixture's
// own request, so the pair (request, answer) is the appliance's.
import { describe, expect, it } from 'vitest';
import { MetricDataResponseSchema, splitMetricData, toMetricData } from '../../src/metrics/index.js';
import { answerOf, catalogue, fixture, NOW, plan, wire } from './helpers.js';

const requestOf = (name: string) => fixture(name)._fixture.request.replace('/metricdata?', '');

describe('metricdata_single.json', () => {
  const p = plan({ metric: 'connections', did: 1, start_time: 1582900140000, end_time: 1582900500000, interval: '1min' });

  it('is the answer to these arguments', () => {
    expect(wire(p)).toEqual([requestOf('metricdata_single')]);
  });

  it('becomes one MetricData with unit and label from the catalogue, ISO times and statistics', () => {
    const result = toMetricData(p, [answerOf('metricdata_single', 1)], { now: NOW, catalogue: catalogue() });
    expect(result.series).toEqual([{
      metric: 'connections',
      did: 1,
      label: 'Connections',
      unit: 'count',
      interval: 60,
      intervalLabel: '1min',
      timerange: { start: '2020-02-28T14:29:00.000Z', end: '2020-02-28T14:35:00.000Z' },
      data: [
        { timestamp: '2020-02-28T14:29:00.000Z', timems: 1582900140000, value: 14, in: 0, out: 14 },
        { timestamp: '2020-02-28T14:30:00.000Z', timems: 1582900200000, value: 18, in: 0, out: 18 },
        { timestamp: '2020-02-28T14:31:00.000Z', timems: 1582900260000, value: 9, in: 1, out: 8 },
        { timestamp: '2020-02-28T14:32:00.000Z', timems: 1582900320000, value: 0, in: 0, out: 0 },
        { timestamp: '2020-02-28T14:33:00.000Z', timems: 1582900380000, value: 23, in: 2, out: 21 },
        { timestamp: '2020-02-28T14:34:00.000Z', timems: 1582900440000, value: 11, in: 0, out: 11 },
      ],
      stats: {
        points: 6, sum: 75, avg: 12.5, min: 0, max: 23, stddev: 7.228, peak: 23, peakTime: '2020-02-28T14:33:00.000Z',
        trend: 'falling',
      },
    }]);
    expect(result.gaps).toEqual([[]]);
    expect(result.comparisons).toEqual([]);
    // The output keys come in SPEC §10's order.
    expect(Object.keys(result.series[0])).toEqual(['metric', 'did', 'label', 'unit', 'interval', 'intervalLabel', 'timerange', 'data', 'stats']);
  });

  it('without a catalogue there is no unit or label', () => {
    const result = toMetricData(p, [answerOf('metricdata_single', 1)], { now: NOW });
    expect(result.series[0]).not.toHaveProperty('unit');
    expect(result.series[0]).not.toHaveProperty('label');
  });
});

describe('metricdata_multi.json', () => {
  const p = plan({
    metrics: ['externalconnections', 'internalconnections'], did: 1, start_time: 1584694800000, end_time: 1584695999999, interval: 300,
  });

  it('is the answer to these arguments (metric1, metric2 — never metric=a,b)', () => {
    expect(wire(p)).toEqual([requestOf('metricdata_multi')]);
  });

  it('one MetricData per metric, each with its share of the two (same unit)', () => {
    const result = toMetricData(p, [answerOf('metricdata_multi', 1)], { now: NOW, catalogue: catalogue() });
    expect(result.series.map((s) => ({ metric: s.metric, label: s.label, share: s.share, stats: s.stats }))).toEqual([
      {
        metric: 'externalconnections', label: 'External Connections', share: 51.32,
        stats: { points: 4, sum: 175, avg: 43.75, min: 37, max: 56, stddev: 7.293, peak: 56, peakTime: '2020-03-20T09:10:00.000Z', trend: 'flat' },
      },
      {
        metric: 'internalconnections', label: 'Internal Connections', share: 48.68,
        stats: { points: 4, sum: 166, avg: 41.5, min: 36, max: 48, stddev: 4.33, peak: 48, peakTime: '2020-03-20T09:10:00.000Z', trend: 'flat' },
      },
    ]);
    expect(result.series[1].data[2]).toEqual({ timestamp: '2020-03-20T09:10:00.000Z', timems: 1584695400000, value: 48, in: 15, out: 33 });
    expect(Object.keys(result.series[0])).toEqual(['metric', 'did', 'label', 'unit', 'interval', 'intervalLabel', 'timerange', 'data', 'share', 'stats']);
  });

  it('series are matched by name, never by position', () => {
    const reversed = [...(fixture('metricdata_multi').response as unknown[])].reverse();
    const answer = splitMetricData(MetricDataResponseSchema.parse(reversed));
    const result = toMetricData(p, [{ did: 1, answer }], { now: NOW, catalogue: catalogue() });
    expect(result.series.map((s) => [s.metric, s.stats.sum])).toEqual([['externalconnections', 175], ['internalconnections', 166]]);
  });

  it('a requested metric the appliance did not answer is an upstream error naming it', () => {
    const only = [(fixture('metricdata_multi').response as unknown[])[0]];
    const answer = splitMetricData(MetricDataResponseSchema.parse(only));
    expect(() => toMetricData(p, [{ did: 1, answer }], { now: NOW })).toThrow(expect.objectContaining({
      code: 'INVALID_RESPONSE',
      retryable: false,
      message: 'Darktrace\'s /metricdata answer for device 1 has no series for metric "internalconnections" (it answered "externalconnections"); series are matched by name.',
    }));
  });

  it('shares are left out when the metrics have different units', () => {
    const mixed = plan({ metrics: ['connections', 'datatransfervolume'], did: 1, start_time: 1584694800000, end_time: 1584695999999, interval: 300 });
    const answer = splitMetricData(MetricDataResponseSchema.parse([
      { metric: 'connections', data: [{ time: '2020-03-20 09:00:00', timems: 1584694800000, size: 5, in: 1, out: 4 }] },
      { metric: 'datatransfervolume', data: [{ time: '2020-03-20 09:00:00', timems: 1584694800000, size: 5000, in: 1000, out: 4000 }] },
    ]));
    const result = toMetricData(mixed, [{ did: 1, answer }], { now: NOW, catalogue: catalogue() });
    expect(result.series.map((s) => [s.unit, s.share])).toEqual([['count', undefined], ['bytes', undefined]]);
  });
});

describe('metricdata_breachtimes.json', () => {
  const p = plan({ metric: 'externalconnections', did: 1, start_time: 1582900189000, end_time: 1582921789000, interval: '1min', breachtimes: true });

  it('is the answer to these arguments', () => {
    expect(wire(p)).toEqual([requestOf('metricdata_breachtimes')]);
  });

  it('the leading breachtimes element becomes breaches (score 0-100, ISO time); the missing buckets are gaps', () => {
    const result = toMetricData(p, [answerOf('metricdata_breachtimes', 1)], { now: NOW, catalogue: catalogue() });
    const [series] = result.series;
    expect(series.breaches).toEqual([
      { pbid: 292504, pid: 341, model: 'Compromise::Sustained SSL or HTTP Increase', score: 60.43, time: '2020-02-28T15:01:08.000Z' },
      { pbid: 292517, pid: 219, model: 'Anomalous Connection::New Internal TCP Callback', score: 41.2, time: '2020-02-28T18:09:15.000Z' },
    ]);
    // The first bucket (14:29:00) starts before starttime (14:29:49): buckets are floored to the interval.
    expect(series.data.map((d) => d.timestamp)).toEqual(['2020-02-28T14:29:00.000Z', '2020-02-28T14:30:00.000Z', '2020-02-28T14:31:00.000Z', '2020-02-28T14:32:00.000Z']);
    expect(series.stats).toEqual({ points: 4, sum: 70, avg: 17.5, min: 14, max: 22, stddev: 2.958, peak: 22, peakTime: '2020-02-28T14:32:00.000Z', trend: 'rising' });
    expect(series.timerange).toEqual({ start: '2020-02-28T14:29:49.000Z', end: '2020-02-28T20:29:49.000Z' });
    // 14:29 … 20:29 is 361 buckets; the (abbreviated) answer has the first four.
    expect(result.gaps).toEqual([[{ start: Date.parse('2020-02-28T14:33:00Z'), end: Date.parse('2020-02-28T20:30:00Z'), buckets: 357 }]]);
  });

  it('zero-fill, only when asked, fills exactly the missing buckets with 0', () => {
    const filled = plan({ metric: 'externalconnections', did: 1, start_time: 1582900189000, end_time: 1582921789000, interval: '1min', breachtimes: true, zero_fill: true });
    const result = toMetricData(filled, [answerOf('metricdata_breachtimes', 1)], { now: NOW, catalogue: catalogue() });
    const [series] = result.series;
    expect(series.data).toHaveLength(361);
    expect(series.data[4]).toEqual({ timestamp: '2020-02-28T14:33:00.000Z', timems: 1582900380000, value: 0, in: 0, out: 0 });
    expect(series.data.at(-1)?.timestamp).toBe('2020-02-28T20:29:00.000Z');
    expect(series.stats.points).toBe(361);
    expect(series.stats.sum).toBe(70);
    expect(result.zeroFilled).toBe(true);
    expect(result.gaps[0]).toHaveLength(1); // gaps still say what was missing
  });

  it('buckets after now are neither gaps nor filled', () => {
    const now = 1582900320000 + 30_000; // during the 14:32 bucket
    const filled = plan({ metric: 'externalconnections', did: 1, start_time: 1582900189000, end_time: 1582921789000, interval: '1min', zero_fill: true }, now);
    const result = toMetricData(filled, [answerOf('metricdata_breachtimes', 1)], { now });
    expect(result.gaps).toEqual([[]]);
    expect(result.series[0].data).toHaveLength(4);
  });
});

describe('several devices', () => {
  const fromPoints = (metric: string, values: number[]) =>
    splitMetricData(MetricDataResponseSchema.parse([{ metric, data: values.map((size, i) => ({ timems: 1584694800000 + i * 300_000, size, in: 0, out: size })) }]));

  it('a MetricComparison per metric ranks the devices by sum, with the top consumer', () => {
    const p = plan({ metric: 'connections', devices: ['7', 3, 12], start_time: 1584694800000, end_time: 1584695999999, interval: '5min' });
    const answers = [
      { did: 7, answer: fromPoints('connections', [1, 2, 3, 4]) },
      { did: 3, answer: fromPoints('connections', [10, 0, 10, 0]) },
      { did: 12, answer: fromPoints('connections', [5, 5]) },
    ];
    const result = toMetricData(p, answers, { now: NOW, catalogue: catalogue() });
    expect(result.series.map((s) => s.did)).toEqual([7, 3, 12]);
    expect(result.comparisons).toEqual([{
      metric: 'connections',
      label: 'Connections',
      unit: 'count',
      interval: 300,
      intervalLabel: '5min',
      timerange: { start: '2020-03-20T09:00:00.000Z', end: '2020-03-20T09:19:59.000Z' },
      devices: [
        { rank: 1, did: 3, sum: 20, share: 50, avg: 5, peak: 10, peakTime: '2020-03-20T09:00:00.000Z', points: 4 },
        { rank: 2, did: 7, sum: 10, share: 25, avg: 2.5, peak: 4, peakTime: '2020-03-20T09:15:00.000Z', points: 4 },
        { rank: 3, did: 12, sum: 10, share: 25, avg: 5, peak: 5, peakTime: '2020-03-20T09:00:00.000Z', points: 2 },
      ],
      topConsumer: { did: 3, sum: 20, share: 50 },
    }]);
    expect(result.gaps[2]).toEqual([{ start: 1584695400000, end: 1584696000000, buckets: 2 }]);
  });

  it('no top consumer when no device had any activity', () => {
    const p = plan({ metric: 'connections', devices: [1, 2], start_time: 1584694800000, end_time: 1584695999999, interval: '5min' });
    const result = toMetricData(p, [{ did: 1, answer: fromPoints('connections', [0]) }, { did: 2, answer: fromPoints('connections', []) }], { now: NOW });
    expect(result.comparisons[0].topConsumer).toBeNull();
    expect(result.comparisons[0].devices.map((d) => [d.did, d.share, d.avg])).toEqual([[1, 0, 0], [2, 0, null]]);
  });
});

describe('tolerant parsing', () => {
  it('null values are accepted, breach fields also as numeric strings; a point without a value is a gap', () => {
    const answer = splitMetricData(MetricDataResponseSchema.parse([
      { breachtimes: [{ pid: null, pbid: '12', score: '0.5', name: null, time: 1584694900000 }] },
      { metric: 'connections', data: [{ timems: 1584694800000, size: 7, in: null, out: 7 }, { timems: 1584695100000, size: null, in: null, out: null }] },
    ]));
    const p = plan({ metric: 'connections', start_time: 1584694800000, end_time: 1584695400000, interval: '5min', breachtimes: true });
    const result = toMetricData(p, [{ answer }], { now: NOW });
    expect(result.series[0]).toMatchObject({
      data: [{ timestamp: '2020-03-20T09:00:00.000Z', timems: 1584694800000, value: 7, in: null, out: 7 }],
      breaches: [{ pbid: 12, pid: null, model: null, score: 50, time: '2020-03-20T09:01:40.000Z' }],
    });
    expect(result.series[0]).not.toHaveProperty('did');
    expect(result.gaps[0]).toEqual([{ start: 1584695100000, end: 1584695400000, buckets: 1 }]);
  });

  it('a point whose numbers are not numbers is an invalid answer', () => {
    const parsed = MetricDataResponseSchema.safeParse([{ metric: 'connections', data: [{ timems: '1584694800000', size: 7 }] }]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('0.data.0.timems');
  });

  it('a flat array of points (no metric wrapper) is an invalid answer', () => {
    expect(MetricDataResponseSchema.safeParse([{ time: '2020-03-20 09:00:00', timems: 1584694800000, size: 1, in: 0, out: 1 }]).success).toBe(false);
    expect(MetricDataResponseSchema.safeParse([{}]).success).toBe(false);
  });
});
