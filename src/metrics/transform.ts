// Appliance answers → the friendly outputs of SPEC §10: one MetricData per (metric, device) with ISO
// timestamps, catalogue unit/label, breach markers and statistics; for several devices a MetricComparison per
// metric ranking them; for several metrics of one unit each one's share. Missing buckets stay missing (gaps)
// unless zero-fill was asked. Buckets hold the appliance's maximum per interval, so `sum` adds up maxima:
// a ranking measure, not a total volume.
import { DarktraceError } from '../darktrace/errors.js';
import { msToIso } from '../registry/time.js';
import { findGaps, missingBuckets, summarize, trend, type Gap, type GridWindow, type Trend } from '../timeseries/index.js';
import type { MetricCatalogue } from './catalogue.js';
import type { DeviceAnswer } from './execute.js';
import type { MetricPlan } from './plan.js';
import type { BreachTimeWire, MetricSeriesWire } from './wire.js';

export interface MetricPoint {
  timestamp: string;
  timems: number;
  value: number;
  in: number | null;
  out: number | null;
}

export interface MetricStats {
  points: number;
  sum: number;
  avg: number | null;
  min: number | null;
  max: number | null;
  stddev: number | null;
  peak: number | null;
  peakTime: string | null;
  trend: Trend | null;
}

export interface MetricBreach {
  pbid: number;
  pid: number | null;
  model: string | null;
  /** 0-100 (the appliance sends 0-1 here). */
  score: number | null;
  time: string;
}

export interface MetricData {
  metric: string;
  did?: number;
  label?: string;
  unit?: string;
  /** Bucket width, seconds. */
  interval: number;
  intervalLabel: string;
  timerange: { start: string; end: string };
  data: MetricPoint[];
  breaches?: MetricBreach[];
  /** Percent of the summed buckets of this device's metrics with the same unit (several metrics only). */
  share?: number;
  stats: MetricStats;
}

export interface DeviceRank {
  rank: number;
  did: number;
  sum: number;
  /** Percent of the sum over all compared devices. */
  share: number;
  avg: number | null;
  peak: number | null;
  peakTime: string | null;
  points: number;
}

export interface MetricComparison {
  metric: string;
  label?: string;
  unit?: string;
  interval: number;
  intervalLabel: string;
  timerange: { start: string; end: string };
  devices: DeviceRank[];
  /** The device with the largest sum; null when every device's sum is 0. */
  topConsumer: { did: number; sum: number; share: number } | null;
}

export interface MetricDataResult {
  series: MetricData[];
  /** Parallel to `series`: the missing buckets of each (before any zero-fill). */
  gaps: Gap[][];
  /** One per metric when several devices were compared; otherwise empty. */
  comparisons: MetricComparison[];
  /** Whether missing buckets were filled with 0. */
  zeroFilled: boolean;
  /** The bucket grid data can exist on: the window, clipped to now. */
  window: GridWindow;
}

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
/** ISO with whole seconds (msToIso's form); bucket starts are whole seconds, so they skip its slower checks. */
const isoOf = (ms: number) => (ms % 1000 === 0 ? new Date(ms).toISOString() : msToIso(ms) ?? new Date(ms).toISOString());
/** Columns as typed arrays: 100,000-point series without 100,000 boxed numbers per pass. */
export const timesOf = (points: readonly MetricPoint[]) => Float64Array.from(points, (p) => p.timems);
export const valuesOf = (points: readonly MetricPoint[]) => Float64Array.from(points, (p) => p.value);

/** Points sorted by time; points without a value (size null) are gaps and left out. */
export function toPoints(series: MetricSeriesWire): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const p of series.data ?? []) {
    if (p.size === null || p.size === undefined || !Number.isFinite(p.size)) continue;
    points.push({ timestamp: isoOf(p.timems), timems: p.timems, value: p.size, in: p.in ?? null, out: p.out ?? null });
  }
  // Usually already in order; a sort of sorted input is cheap and the order is not documented.
  return points.sort((a, b) => a.timems - b.timems);
}

export function toBreaches(breachtimes: readonly BreachTimeWire[]): MetricBreach[] {
  return breachtimes
    .map((b) => ({
      pbid: b.pbid,
      pid: b.pid ?? null,
      model: b.name ?? null,
      score: b.score === null || b.score === undefined ? null : round(b.score * 100, 2),
      time: isoOf(b.time),
    }))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.pbid - b.pbid));
}

export function statsOf(points: readonly MetricPoint[]): MetricStats {
  const times = timesOf(points);
  const values = valuesOf(points);
  const s = summarize(times, values);
  return {
    points: s.points,
    sum: s.sum,
    avg: round(s.avg, 3),
    min: s.min,
    max: s.max,
    stddev: round(s.stddev, 3),
    peak: s.peak,
    peakTime: s.peakTime === null ? null : isoOf(s.peakTime),
    trend: trend(times, values),
  };
}

function zeroFill(points: MetricPoint[], window: GridWindow): MetricPoint[] {
  const missing = missingBuckets(timesOf(points), window);
  if (missing.length === 0) return points;
  const filled = missing.map((t): MetricPoint => ({ timestamp: isoOf(t), timems: t, value: 0, in: 0, out: 0 }));
  return [...points, ...filled].sort((a, b) => a.timems - b.timems);
}

/** A requested metric the appliance did not answer: the wire form is wrong, or the metric is not served. */
function missingSeries(metric: string, did: number | undefined, answered: string[]): DarktraceError {
  const who = did === undefined ? '' : ` for device ${did}`;
  const got = answered.length ? `it answered ${answered.map((m) => `"${m}"`).join(', ')}` : 'it answered no series';
  return new DarktraceError('INVALID_RESPONSE',
    `Darktrace's /metricdata answer${who} has no series for metric "${metric}" (${got}); series are matched by name.`,
    { method: 'GET', path: '/metricdata', retryable: false });
}

export interface TransformOptions {
  /** The caller's clock, epoch ms: buckets after it cannot have data, so they are neither gaps nor filled. */
  now: number;
  catalogue?: MetricCatalogue;
}

export function toMetricData(plan: MetricPlan, answers: readonly DeviceAnswer[], options: TransformOptions): MetricDataResult {
  const stepMs = plan.interval.seconds * 1000;
  const window: GridWindow = { start: plan.start, end: Math.min(plan.end, Math.max(plan.start, options.now)), stepMs };
  const timerange = { start: isoOf(plan.start), end: isoOf(plan.end) };
  const series: MetricData[] = [];
  const gaps: Gap[][] = [];

  for (const { did, answer } of answers) {
    const breaches = plan.breachtimes ? toBreaches(answer.breachtimes) : undefined;
    const first = series.length;
    for (const metric of plan.metrics) {
      const wire = answer.series.get(metric);
      if (!wire) throw missingSeries(metric, did, [...answer.series.keys()]);
      const received = toPoints(wire);
      gaps.push(findGaps(timesOf(received), window));
      const data = plan.zeroFill ? zeroFill(received, window) : received;
      const label = options.catalogue?.labelOf(metric);
      const unit = options.catalogue?.unitOf(metric);
      series.push({
        metric,
        ...(did === undefined ? {} : { did }),
        ...(label === undefined ? {} : { label }),
        ...(unit === undefined ? {} : { unit }),
        interval: plan.interval.seconds,
        intervalLabel: plan.interval.label,
        timerange,
        data,
        ...(breaches ? { breaches } : {}),
        stats: statsOf(data),
      });
    }
    addShares(series.slice(first));
  }

  const comparisons = plan.multiDevice ? plan.metrics.map((metric) => compare(metric, series.filter((s) => s.metric === metric))) : [];
  return { series, gaps, comparisons, zeroFilled: plan.zeroFill, window };
}

/** Each metric's percent of its device's same-unit metrics (only where two or more share a unit). */
function addShares(deviceSeries: MetricData[]) {
  const byUnit = new Map<string, MetricData[]>();
  for (const s of deviceSeries) {
    if (s.unit === undefined) continue; // without the catalogue, bytes and counts cannot be told apart
    byUnit.set(s.unit, [...(byUnit.get(s.unit) ?? []), s]);
  }
  for (const group of byUnit.values()) {
    if (group.length < 2) continue;
    const total = group.reduce((sum, s) => sum + s.stats.sum, 0);
    for (const s of group) {
      // `stats` is re-added after `share`, so the keys keep SPEC's order (optional fields before stats).
      const stats = s.stats;
      delete (s as Partial<MetricData>).stats;
      s.share = total > 0 ? (round((stats.sum / total) * 100, 2) as number) : 0;
      s.stats = stats;
    }
  }
}

function compare(metric: string, series: readonly MetricData[]): MetricComparison {
  const total = series.reduce((sum, s) => sum + s.stats.sum, 0);
  const ranked = [...series]
    .sort((a, b) => b.stats.sum - a.stats.sum || (a.did ?? 0) - (b.did ?? 0))
    .map((s, i): DeviceRank => ({
      rank: i + 1,
      did: s.did ?? 0,
      sum: s.stats.sum,
      share: total > 0 ? (round((s.stats.sum / total) * 100, 2) as number) : 0,
      avg: s.stats.avg,
      peak: s.stats.peak,
      peakTime: s.stats.peakTime,
      points: s.stats.points,
    }));
  const top = ranked[0];
  const first = series[0];
  return {
    metric,
    ...(first?.label === undefined ? {} : { label: first.label }),
    ...(first?.unit === undefined ? {} : { unit: first.unit }),
    interval: first.interval,
    intervalLabel: first.intervalLabel,
    timerange: first.timerange,
    devices: ranked,
    topConsumer: top && top.sum > 0 ? { did: top.did, sum: top.sum, share: top.share } : null,
  };
}
