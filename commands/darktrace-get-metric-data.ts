// darktrace-get-metric-data: Darktrace time series (GET /metricdata) with the friendly interface of SPEC §10 and
// the real wire underneath (src/metrics: metric1…N, seconds, ms, one request per device, ≤ 4 in flight), with
// per-series statistics, breach markers and, for several devices, a ranking.
import { metricDataFor, metricList } from '../src/darktrace/resources/metrics.js';
import {
  getMetricData, INTERVAL_LABEL_LIST, MAX_DEVICES, MAX_METRICS, metricComparisonReadable, metricDataReadable, planMetricQueries, TIME_FORMS,
  type MetricDataResult,
} from '../src/metrics/index.js';
import { ArgumentError, arg, defineCommand, type CommandResult, type OutputSpec } from '../src/registry/index.js';

const TIME = `Any of ${TIME_FORMS}.`;

/** Pure: the result → the MetricData entry (all series) and, for several devices, the MetricComparison entry. */
export function toResults(result: MetricDataResult): CommandResult[] | string {
  const first = result.series[0];
  if (!first || result.series.every((s) => s.stats.points === 0)) {
    const metrics = [...new Set(result.series.map((s) => s.metric))].join(', ');
    const devices = [...new Set(result.series.map((s) => (s.did === undefined ? 'the network' : `device ${s.did}`)))].join(', ');
    const when = first ? ` from ${first.timerange.start} to ${first.timerange.end}` : '';
    return `### No metric data\nDarktrace has no ${metrics || 'metric'} data for ${devices || 'the request'}${when}.`;
  }
  const data: CommandResult = {
    outputsPrefix: 'Darktrace.MetricData',
    outputsKeyField: ['metric', 'did'],
    outputs: result.series,
    readableOutput: metricDataReadable({ ...result, comparisons: [] }),
  };
  if (result.comparisons.length === 0) return [data];
  return [data, {
    outputsPrefix: 'Darktrace.MetricComparison',
    outputsKeyField: 'metric',
    outputs: result.comparisons,
    readableOutput: result.comparisons.map(metricComparisonReadable).join('\n').trimStart(),
  }];
}

const out = (contextPath: string, type: OutputSpec['type'], description: string): OutputSpec => ({ contextPath, type, description });
const series = (prefix: string): OutputSpec[] => [
  out(`${prefix}.metric`, 'String', 'Metric system name.'),
  out(`${prefix}.label`, 'String', 'Metric display name (from the catalogue).'),
  out(`${prefix}.unit`, 'String', '"bytes" or "count" (from the catalogue).'),
  out(`${prefix}.interval`, 'Number', 'Bucket width, seconds.'),
  out(`${prefix}.intervalLabel`, 'String', 'Bucket width as a label (5min, 1hour, …).'),
  out(`${prefix}.timerange.start`, 'Date', 'Window start (ISO 8601).'),
  out(`${prefix}.timerange.end`, 'Date', 'Window end (ISO 8601).'),
];

export default defineCommand({
  name: 'darktrace-get-metric-data',
  description:
    'Returns Darktrace time series for one or more metrics of a device, several devices (one request each, compared) or the network, ' +
    'with per-series statistics (sum, avg, min, max, stddev, peak, trend) and optional model breach markers. Each bucket holds the ' +
    'appliance\'s maximum for its interval, so sum compares series; it is not a total volume. Missing buckets are gaps unless zero_fill is set.',
  access: 'read',
  args: {
    metric: arg.string({ description: 'One metric system name (from darktrace-list-metrics), e.g. connections. Give metric or metrics.', maxLength: 100 }),
    metrics: arg.list({ description: `Several metric system names (at most ${MAX_METRICS}), e.g. connections,externalconnections. Give metric or metrics.` }),
    did: arg.int({ description: 'Device ID (did). Without did or devices: the network.', min: 0, aliases: ['deviceId'] }),
    devices: arg.list({ description: `Several device IDs (at most ${MAX_DEVICES}): one request each, at most 4 at a time, ranked by total.` }),
    ddid: arg.int({ description: 'Only traffic to this destination device (did).', min: 0 }),
    odid: arg.int({ description: 'The other device of a device pair (with ddid).', min: 0 }),
    port: arg.int({ description: 'Only traffic on this port (source or destination).', min: 0, max: 65_535 }),
    sourceport: arg.int({ description: 'Only traffic from this source port.', min: 0, max: 65_535 }),
    destinationport: arg.int({ description: 'Only traffic to this destination port.', min: 0, max: 65_535 }),
    protocol: arg.string({ description: 'IP protocol: a name (tcp, udp, icmp, …) or its number; sent as the number.', maxLength: 20 }),
    applicationprotocol: arg.string({ description: 'Only this application protocol (e.g. HTTP).', maxLength: 100 }),
    start_time: arg.string({ description: `Window start. ${TIME} Default: an hour before end_time.`, aliases: ['starttime', 'from'], maxLength: 100 }),
    end_time: arg.string({ description: `Window end. ${TIME} Default: now.`, aliases: ['endtime', 'to'], maxLength: 100 }),
    around: arg.string({ description: `Instead of start_time/end_time: the hour before to the hour after this time (e.g. a breach time), up to now. ${TIME}`, maxLength: 100 }),
    interval: arg.string({ description: `Bucket width: one of ${INTERVAL_LABEL_LIST.join(', ')}, or whole seconds (60 or more). At most 10,000 buckets per series.`, default: '5min', maxLength: 40 }),
    breachtimes: arg.bool({ description: 'Add the model breaches of the device (or network) in the window.', default: false }),
    fulldevicedetails: arg.bool({ description: 'Passed to Darktrace (no metric-data-specific effect is documented).', default: false }),
    zero_fill: arg.bool({ description: 'Fill missing buckets with 0 instead of leaving gaps.', default: false }),
  },
  outputs: [
    ...series('Darktrace.MetricData'),
    out('Darktrace.MetricData.did', 'Number', 'Device ID; absent for the network.'),
    out('Darktrace.MetricData.data.timestamp', 'Date', 'Bucket start (ISO 8601; floored to the interval).'),
    out('Darktrace.MetricData.data.timems', 'Number', 'Bucket start, epoch ms.'),
    out('Darktrace.MetricData.data.value', 'Number', 'The bucket\'s value (in + out): the maximum in the interval.'),
    out('Darktrace.MetricData.data.in', 'Number', 'Inbound part of the value.'),
    out('Darktrace.MetricData.data.out', 'Number', 'Outbound part of the value.'),
    out('Darktrace.MetricData.breaches.pbid', 'Number', 'Model breach ID (with breachtimes).'),
    out('Darktrace.MetricData.breaches.pid', 'Number', 'Model ID.'),
    out('Darktrace.MetricData.breaches.model', 'String', 'Model name.'),
    out('Darktrace.MetricData.breaches.score', 'Number', 'Breach score, 0-100.'),
    out('Darktrace.MetricData.breaches.time', 'Date', 'Breach time (ISO 8601).'),
    out('Darktrace.MetricData.share', 'Number', 'Percent of the summed buckets of this device\'s metrics with the same unit (several metrics).'),
    out('Darktrace.MetricData.stats.points', 'Number', 'Buckets with data.'),
    out('Darktrace.MetricData.stats.sum', 'Number', 'Sum of the buckets (of maxima: a ranking measure, not a total volume).'),
    out('Darktrace.MetricData.stats.avg', 'Number', 'Mean bucket value.'),
    out('Darktrace.MetricData.stats.min', 'Number', 'Smallest bucket value.'),
    out('Darktrace.MetricData.stats.max', 'Number', 'Largest bucket value.'),
    out('Darktrace.MetricData.stats.stddev', 'Number', 'Standard deviation of the bucket values.'),
    out('Darktrace.MetricData.stats.peak', 'Number', 'The peak value.'),
    out('Darktrace.MetricData.stats.peakTime', 'Date', 'When the peak was (ISO 8601; the first bucket at the peak).'),
    out('Darktrace.MetricData.stats.trend', 'String', 'rising, falling or flat.'),
    ...series('Darktrace.MetricComparison'),
    out('Darktrace.MetricComparison.devices.rank', 'Number', 'Rank by sum (1 = largest).'),
    out('Darktrace.MetricComparison.devices.did', 'Number', 'Device ID.'),
    out('Darktrace.MetricComparison.devices.sum', 'Number', 'Sum of the device\'s buckets.'),
    out('Darktrace.MetricComparison.devices.share', 'Number', 'Percent of the sum over all compared devices.'),
    out('Darktrace.MetricComparison.devices.avg', 'Number', 'Mean bucket value.'),
    out('Darktrace.MetricComparison.devices.peak', 'Number', 'Peak value.'),
    out('Darktrace.MetricComparison.devices.peakTime', 'Date', 'When the peak was (ISO 8601).'),
    out('Darktrace.MetricComparison.devices.points', 'Number', 'Buckets with data.'),
    out('Darktrace.MetricComparison.topConsumer.did', 'Number', 'The device with the largest sum; absent when no device had activity.'),
    out('Darktrace.MetricComparison.topConsumer.sum', 'Number', 'Its sum.'),
    out('Darktrace.MetricComparison.topConsumer.share', 'Number', 'Its percent of the total.'),
  ],
  async run(args, { client, now, metricCatalogues }) {
    const at = now().getTime();
    // Every check that needs no catalogue first: bad input never reaches Darktrace.
    const checked = planMetricQueries(args, { now: at });
    if (!checked.ok) throw new ArgumentError(checked.errors);
    const catalogue = await metricCatalogues.get(client, () => metricList(client, {}));
    const result = await getMetricData(args, { now: at, catalogue, get: (query) => metricDataFor(client, query) });
    return toResults(result);
  },
});
