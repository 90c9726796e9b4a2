// A live Darktrace metric (`darktrace:<metric>`) as a profile's value source: /metricdata for one device at the
// period duration (interval = period, so each bucket is one period: the appliance floors buckets to the interval
// from the epoch, as period ids are), one request per range of consecutive periods — adjacent windows are
// already one range — and a range longer than the appliance's 10,000 buckets cut into pieces. The requests go
// through the metric module (src/metrics: its checks and exact wire form), at most 4 in flight. A bucket holds
// the appliance's maximum minute over the period (`size`, or its `in`/`out`); a missing bucket is a period
// without data. Ranges that begin at or after `now` are not asked for: there is no data after now.
import { closestNames, mapLimit, MAX_BUCKETS, MAX_IN_FLIGHT, getMetricData, MIN_INTERVAL_SECONDS, type MetricCatalogue, type MetricDataDeps } from '../../metrics/index.js';
import { ProfileInputError } from '../errors.js';
import type { PeriodRange } from '../periods.js';
import type { ValueSource } from '../profile.js';
import { splitRanges } from './batches.js';

/** Which number of a /metricdata bucket a profile reads: `size` (in + out) by default. */
export const LIVE_VALUES = ['size', 'in', 'out'] as const;
export type LiveValue = (typeof LIVE_VALUES)[number];

export interface LiveSourceOptions {
  metric: string;
  did: number;
  value?: LiveValue;
  /** Sends one /metricdata request (MetricDataDeps.get: the typed resource call). */
  get: MetricDataDeps['get'];
  /** The caller's clock, epoch ms. */
  now: number;
  catalogue?: MetricDataDeps['catalogue'];
  concurrency?: number;
}

/** A period a /metricdata bucket can be: whole seconds, at least the appliance's 60-second buckets. */
export function checkLivePeriod(periodMs: number): void {
  if (periodMs % 1000 !== 0 || periodMs < MIN_INTERVAL_SECONDS * 1000) {
    throw new ProfileInputError('period_duration', `a darktrace: profile reads /metricdata buckets, which are whole seconds and at least ${MIN_INTERVAL_SECONDS} seconds; got a period of ${periodMs} ms`);
  }
}

/** A metric the catalogue does not list is a `profile` error with the closest names (before any /metricdata). */
export function checkLiveMetric(metric: string, catalogue: MetricCatalogue): void {
  if (catalogue.has(metric)) return;
  const close = closestNames(metric, catalogue.metrics);
  throw new ProfileInputError('profile', close.length
    ? `Darktrace has no metric "${metric}"; closest in its catalogue: ${close.map((n) => `darktrace:${n}`).join(', ')}`
    : `Darktrace has no metric "${metric}", and none of its ${catalogue.size} metrics is close (darktrace-list-metrics lists them)`);
}

/** The [start, end) of each /metricdata request a profile's ranges need, in time order. */
export function liveRequests(ranges: readonly PeriodRange[], periodMs: number, now: number): PeriodRange[] {
  return splitRanges(ranges.filter((r) => r.start < now), periodMs, MAX_BUCKETS);
}

export function liveValueSource(options: LiveSourceOptions): ValueSource {
  const value = options.value ?? 'size';
  return async (ranges, periodMs) => {
    checkLivePeriod(periodMs);
    const requests = liveRequests(ranges, periodMs, options.now);
    const answers = await mapLimit(requests, options.concurrency ?? MAX_IN_FLIGHT, (r) => getMetricData(
      { metric: options.metric, did: options.did, start_time: r.start, end_time: r.end, interval: periodMs / 1000 },
      { get: options.get, now: options.now, catalogue: options.catalogue, concurrency: 1 },
    ));
    const values = new Map<number, number>();
    for (const answer of answers) {
      for (const point of answer.series[0]?.data ?? []) {
        const v = value === 'size' ? point.value : point[value];
        if (v !== null && Number.isFinite(v)) values.set(Math.floor(point.timems / periodMs), v);
      }
    }
    return values;
  };
}
