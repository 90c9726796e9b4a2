// The war-room entry: exact for the fixtures; bounded for long series.
import { describe, expect, it } from 'vitest';
import {
  MetricDataResponseSchema, metricDataReadable, splitMetricData, toMetricData, type MetricPlan,
} from '../../src/metrics/index.js';
import { answerOf, catalogue, NOW, plan } from './helpers.js';

const NOTE = "Each bucket holds the appliance's maximum for its interval, so Sum adds up maxima: compare it, do not read it as a total volume.";

describe('fixtures', () => {
  it('one series: a summary row, a sparkline and the peak', () => {
    const p = plan({ metric: 'connections', did: 1, start_time: 1582900140000, end_time: 1582900500000, interval: '1min' });
    expect(metricDataReadable(toMetricData(p, [answerOf('metricdata_single', 1)], { now: NOW, catalogue: catalogue() }))).toBe([
      '### Metric data: connections (device 1)',
      `2020-02-28T14:29:00.000Z – 2020-02-28T14:35:00.000Z in 1min buckets. ${NOTE}`,
      '|Metric|Device|Unit|Points|Gaps|Sum|Avg|Min|Max|Std dev|Peak time|Trend|',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      '| Connections (connections) | 1 | count | 6 | 0 | 75 | 12.5 | 0 | 23 | 7.228 | 2020-02-28T14:33:00.000Z | ↘ falling |',
      '',
      '**Connections (connections), device 1**: `▅▆▄▁█▄` peak **23** at 2020-02-28T14:33:00.000Z',
      '',
    ].join('\n'));
  });

  it('breach times as a table; gaps shown, not zero-filled', () => {
    const p = plan({ metric: 'externalconnections', did: 1, start_time: 1582900189000, end_time: 1582921789000, interval: '1min', breachtimes: true });
    const md = metricDataReadable(toMetricData(p, [answerOf('metricdata_breachtimes', 1)], { now: NOW, catalogue: catalogue() }));
    expect(md).toContain('| External Connections (externalconnections) | 1 | count | 4 | 357 | 70 | 17.5 | 14 | 22 | 2.958 | 2020-02-28T14:32:00.000Z | ↗ rising |');
    // 361 buckets in 60 bars: the first bar holds the four received buckets, the rest are gaps (spaces).
    expect(md).toContain(`**External Connections (externalconnections), device 1**: \`▄${' '.repeat(59)}\` peak **22** at 2020-02-28T14:32:00.000Z; ` +
      '357 missing buckets (no data): 2020-02-28T14:33:00.000Z – 2020-02-28T20:30:00.000Z (357)');
    expect(md.slice(md.indexOf('### Model breaches'))).toBe([
      '### Model breaches in the window',
      '|Time|Device|Model|Score|pbid|pid|',
      '|---|---|---|---|---|---|',
      '| 2020-02-28T15:01:08.000Z | 1 | Compromise::Sustained SSL or HTTP Increase | 60.43 | 292504 | 341 |',
      '| 2020-02-28T18:09:15.000Z | 1 | Anomalous Connection::New Internal TCP Callback | 41.2 | 292517 | 219 |',
      '',
    ].join('\n'));
  });

  it('with zero-fill the gaps are said to be filled', () => {
    const p = plan({ metric: 'externalconnections', did: 1, start_time: 1582900189000, end_time: 1582921789000, interval: '1min', zero_fill: true });
    const md = metricDataReadable(toMetricData(p, [answerOf('metricdata_breachtimes', 1)], { now: NOW, catalogue: catalogue() }));
    expect(md).toContain('; 357 missing buckets (filled with 0): 2020-02-28T14:33:00.000Z – 2020-02-28T20:30:00.000Z (357)');
    expect(md).toContain('| External Connections (externalconnections) | 1 | count | 361 | 357 | 70 |');
  });

  it('several metrics and devices: shares and a device comparison table per metric', () => {
    const p = plan({ metrics: ['externalconnections', 'internalconnections'], devices: [1, 2], start_time: 1584694800000, end_time: 1584695999999, interval: 300 });
    const fromValues = (values: number[]) => splitMetricData(MetricDataResponseSchema.parse([
      { metric: 'externalconnections', data: values.map((size, i) => ({ timems: 1584694800000 + i * 300_000, size, in: 0, out: size })) },
      { metric: 'internalconnections', data: [{ timems: 1584694800000, size: 1, in: 1, out: 0 }] },
    ]));
    const md = metricDataReadable(toMetricData(p, [answerOf('metricdata_multi', 1), { did: 2, answer: fromValues([100, 200, 300, 400]) }], { now: NOW, catalogue: catalogue() }));
    expect(md).toContain('|Metric|Device|Unit|Points|Gaps|Sum|Avg|Min|Max|Std dev|Peak time|Trend|Share %|');
    expect(md).toContain('| External Connections (externalconnections) | 1 | count | 4 | 0 | 175 | 43.75 | 37 | 56 | 7.293 | 2020-03-20T09:10:00.000Z | → flat | 51.32 |');
    expect(md).toContain('| Internal Connections (internalconnections) | 2 | count | 1 | 3 | 1 | 1 | 1 | 1 | 0 | 2020-03-20T09:00:00.000Z |  | 0.1 |');
    expect(md.slice(md.indexOf('### Device comparison: External'))).toBe([
      '### Device comparison: External Connections (externalconnections)',
      'Top consumer: device 2 (85.11% of the summed buckets).',
      '|Rank|Device|Sum|Share %|Avg|Peak|Peak time|Points|',
      '|---|---|---|---|---|---|---|---|',
      '| 1 | 2 | 1000 | 85.11 | 250 | 400 | 2020-03-20T09:15:00.000Z | 4 |',
      '| 2 | 1 | 175 | 14.89 | 43.75 | 56 | 2020-03-20T09:10:00.000Z | 4 |',
      '',
      '### Device comparison: Internal Connections (internalconnections)',
      'Top consumer: device 1 (99.4% of the summed buckets).',
      '|Rank|Device|Sum|Share %|Avg|Peak|Peak time|Points|',
      '|---|---|---|---|---|---|---|---|',
      '| 1 | 1 | 166 | 99.4 | 41.5 | 48 | 2020-03-20T09:10:00.000Z | 4 |',
      '| 2 | 2 | 1 | 0.6 | 1 | 1 | 2020-03-20T09:00:00.000Z | 1 |',
      '',
    ].join('\n'));
  });

  it('a device without data says so', () => {
    const p = plan({ metric: 'connections', did: 9, start_time: 1584694800000, end_time: 1584695999999, interval: 300 });
    const md = metricDataReadable(toMetricData(p, [{ did: 9, answer: splitMetricData([{ metric: 'connections', data: [] }]) }], { now: NOW }));
    expect(md).toContain('**connections, device 9**: no data in the window; 4 missing buckets (no data): 2020-03-20T09:00:00.000Z – 2020-03-20T09:20:00.000Z (4)');
  });
});

describe('large series are summarised, not dumped', () => {
  const WEEK_START = Date.UTC(2024, 0, 8);
  /** A 1-minute series of `n` points from WEEK_START, with holes every 1000 minutes and a spike. */
  function week(n: number) {
    const p: MetricPlan = {
      metrics: ['connections'], interval: { seconds: 60, label: '1min' }, start: WEEK_START, end: WEEK_START + n * 60_000,
      breachtimes: false, zeroFill: false, queries: [{ did: 1, query: [] }], multiDevice: false,
    };
    const data = Array.from({ length: n }, (_, i) => ({ timems: WEEK_START + i * 60_000, size: i === 7000 ? 900 : (i * 7) % 50, in: 0, out: 0 }))
      .filter((_, i) => i % 1000 !== 999);
    return toMetricData(p, [{ did: 1, answer: splitMetricData([{ metric: 'connections', data }]) }], { now: NOW, catalogue: catalogue() });
  }

  it('a 7-day 1-minute series (10,080 points) renders a bounded entry; the full series stays in the outputs', () => {
    const result = week(10_080);
    expect(result.series[0].data).toHaveLength(10_070);
    const md = metricDataReadable(result);
    expect(md.length).toBeLessThan(1_500);
    expect(md).toContain('| Connections (connections) | 1 | count | 10070 | 10 |');
    expect(md).toContain('peak **900** at 2024-01-12T20:40:00.000Z; 10 missing buckets (no data): 2024-01-08T16:39:00.000Z – 2024-01-08T16:40:00.000Z (1), ' +
      '2024-01-09T09:19:00.000Z – 2024-01-09T09:20:00.000Z (1), 2024-01-10T01:59:00.000Z – 2024-01-10T02:00:00.000Z (1), and 7 more');
    const spark = /`([^`]*)`/.exec(md)?.[1] ?? '';
    expect([...spark]).toHaveLength(60);
  });

  it('the entry does not grow with the series', () => {
    const sizes = [100, 1_000, 10_080, 100_000].map((n) => metricDataReadable(week(n)).length);
    for (const size of sizes) expect(size).toBeLessThan(1_500);
    // Both list three gap ranges and "and N more": only digits differ.
    expect(Math.abs(sizes[3] - sizes[2])).toBeLessThan(20);
  });

  it('many series: sparklines for the first 50, every series summarised', () => {
    const p: MetricPlan = {
      metrics: ['connections'], interval: { seconds: 300, label: '5min' }, start: WEEK_START, end: WEEK_START + 3_600_000,
      breachtimes: false, zeroFill: false, queries: Array.from({ length: 60 }, (_, did) => ({ did, query: [] })), multiDevice: true,
    };
    const answers = p.queries.map((q) => ({ did: q.did, answer: splitMetricData([{ metric: 'connections', data: [{ timems: WEEK_START, size: q.did ?? 0 }] }]) }));
    const md = metricDataReadable(toMetricData(p, answers, { now: NOW }));
    expect(md.match(/^\*\*connections, device \d+\*\*/gm)).toHaveLength(50);
    expect(md).toContain('Sparklines for the other 10 series are left out; every series is in Darktrace.MetricData.');
    expect(md).toContain('### Metric data: connections (60 devices)');
    expect(md).toContain('Top consumer: device 59 (');
  });
});
