// Collection (SPEC §11, §9): a descriptor with a `source` → /metricdata at the descriptor's time frame → records in
// the store, so baselines outlive the appliance's retention. One call reads one window for the devices given; the
// descriptor's deduplication makes a repeat idempotent (`last` replaces, `first` keeps; `none` stores the points
// again — said in the result, since a scheduled collector with overlapping windows would count twice).
//
// Mapping (docs/descriptors.md "Collection"): a bucket of device `did` at `timems` becomes
//   { timestamp: timems, keys: { [source.entityKey]: did }, values: { value|size: size, in: in, out: out } }
// Darktrace buckets are floored to the interval, which is the descriptor's frame, so no record moves when snapped.
// A descriptor with any other key or value cannot be filled from /metricdata and is refused (400) before anything
// is sent; so is one whose frame is not an appliance interval (whole seconds, 60 s to 366 days).
import type { DarktraceClient } from '../darktrace/client.js';
import { metricDataFor, metricList } from '../darktrace/resources/metrics.js';
import { LIMITS, timeFrameMs, type Descriptor, type DescriptorRef } from '../descriptors/model.js';
import type { RecordRejection } from '../descriptors/records.js';
import {
  closestNames, getMetricData, MAX_BUCKETS, MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS, parseInterval, planMetricQueries,
  type CatalogueCache, type MetricPoint,
} from '../metrics/index.js';
import { ArgumentError } from '../registry/command.js';
import { bucketCount } from '../timeseries/grid.js';
import type { AccessCheck, Store } from '../store/types.js';

/** Descriptor value names /metricdata can fill, and the point field each takes. */
export const COLLECTED_VALUES = { value: 'value', size: 'value', in: 'in', out: 'out' } as const satisfies Record<string, keyof MetricPoint>;
type CollectedValue = keyof typeof COLLECTED_VALUES;
const VALUE_NAMES = Object.keys(COLLECTED_VALUES) as CollectedValue[];

export interface CollectDeps {
  client: DarktraceClient;
  store: Store;
  now(): Date;
  metricCatalogues: CatalogueCache;
  /** Run before anything is sent and again inside the store's transaction (the caller's write grant). */
  access?: AccessCheck;
}

export interface CollectWindow {
  /** Any form darktrace-get-metric-data takes (epoch ms, ISO 8601, relative); default the hour before `end`. */
  start?: string | number;
  /** Default now. */
  end?: string | number;
  /** Device ids (did): one /metricdata request each. */
  devices: ReadonlyArray<string | number>;
}

export interface CollectResult {
  descriptor: { id: number; shortName: string };
  metric: string;
  /** Frame and interval, seconds. */
  interval: number;
  /** The window asked for, epoch ms. */
  start: number;
  end: number;
  devices: number[];
  /** Buckets with a value that Darktrace answered (gaps are not points). */
  read: number;
  /** Points stored (deduplicated ones included, as submit counts them). */
  accepted: number;
  /** Accepted points that met a stored record of the same frame and device: replaced (`last`) or dropped (`first`). */
  deduplicated: number;
  /** Points the store refused (e.g. a bucket without `in` for a descriptor with an `in` value). */
  rejected: number;
  rejections: RecordRejection[];
  deduplicationFunction: Descriptor['deduplicationFunction'];
}

const where = (d: Descriptor) => `metric descriptor ${JSON.stringify(d.shortName)}`;

/** Why this descriptor cannot be collected (empty when it can): source, frame, keys and values, all listed. */
export function collectionProblems(d: Descriptor): string[] {
  if (!d.source) return [`${where(d)} has no source (darktraceMetric, entityKey); add one with darktrace-update-metric-descriptor or the descriptor route to collect it`];
  const problems: string[] = [];
  const frameMs = timeFrameMs(d);
  const allowed = `whole seconds from ${MIN_INTERVAL_SECONDS} (1 minute) to ${MAX_INTERVAL_SECONDS.toLocaleString('en-US')} (366 days), e.g. 5 minutes or 1 hours`;
  if (frameMs % 1000 !== 0 || !parseInterval(frameMs / 1000).ok) {
    problems.push(`${where(d)} has a time frame of ${d.timeFrameSize} ${d.timeFrameSizeUnit}, which is not a Darktrace interval; collection needs a frame of ${allowed}`);
  }
  const entity = d.keys.find((k) => k.name === d.source!.entityKey);
  if (entity && entity.type === 'ip') problems.push(`${where(d)}'s source.entityKey ${JSON.stringify(entity.name)} is an ip key; a device id (did) needs an integer or string key`);
  const others = d.keys.filter((k) => k.name !== d.source!.entityKey).map((k) => JSON.stringify(k.name));
  if (others.length) problems.push(`${where(d)} has keys ${others.join(', ')} that /metricdata cannot fill (it gives only the device id, source.entityKey)`);
  const unfilled = d.values.filter((v) => !VALUE_NAMES.includes(v.name as CollectedValue)).map((v) => JSON.stringify(v.name));
  if (unfilled.length) problems.push(`${where(d)} has values ${unfilled.join(', ')} that /metricdata cannot fill; collected values must be named ${VALUE_NAMES.map((n) => JSON.stringify(n)).join(', ')}`);
  return problems;
}

/** A point → the record `submitRecords` takes; a missing in/out stays missing, so the store rejects it by name. */
export function toRecord(d: Descriptor, did: number, point: MetricPoint): { timestamp: number; keys: Record<string, number | string>; values: Record<string, number> } {
  const source = d.source!;
  const entity = d.keys.find((k) => k.name === source.entityKey)!;
  const values: Record<string, number> = {};
  for (const v of d.values) {
    const x = point[COLLECTED_VALUES[v.name as CollectedValue]];
    if (typeof x === 'number') values[v.name] = x;
  }
  return { timestamp: point.timems, keys: { [source.entityKey]: entity.type === 'string' ? String(did) : did }, values };
}

export async function collectDescriptorMetrics(deps: CollectDeps, ref: DescriptorRef, window: CollectWindow): Promise<CollectResult> {
  const { client, store } = deps;
  // Refusals first (404, 403), then the descriptor's fitness, then the window: nothing reaches Darktrace until all pass.
  const d = await store.getDescriptor(ref, deps.access);
  const unfit = collectionProblems(d);
  if (unfit.length) throw new ArgumentError(unfit.map((message) => ({ path: 'descriptor', message: `descriptor: ${message}` })));
  const metric = d.source!.darktraceMetric;
  const seconds = timeFrameMs(d) / 1000;
  if (window.devices.length === 0) {
    throw new ArgumentError([{ path: 'devices', message: 'devices: at least one device id (did) is required: /metricdata is read per device, and each record is keyed by its device' }]);
  }
  const now = deps.now().getTime();
  const args = { metric, start_time: window.start, end_time: window.end, interval: seconds, devices: window.devices };
  // The window and devices checked with the widest interval (so only their own problems show), then the frame count.
  const checked = planMetricQueries({ ...args, interval: MAX_INTERVAL_SECONDS }, { now });
  if (!checked.ok) throw new ArgumentError(checked.errors);
  const { start, end } = checked.plan;
  const frames = bucketCount({ start, end, stepMs: seconds * 1000 });
  if (frames > MAX_BUCKETS) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    throw new ArgumentError([{ path: 'end_time', message: `end_time: ${new Date(start).toISOString()} – ${new Date(end).toISOString()} is ${fmt(frames)} time frames of ${d.timeFrameSize} ${d.timeFrameSizeUnit} (${where(d)}), more than the ${fmt(MAX_BUCKETS)} one collection reads; shorten the window or collect it in parts` }]);
  }
  const planned = planMetricQueries(args, { now });
  if (!planned.ok) throw new ArgumentError(planned.errors);
  const catalogue = await deps.metricCatalogues.get(client, () => metricList(client, {}));
  if (!catalogue.has(metric)) {
    const close = closestNames(metric, catalogue.metrics);
    throw new ArgumentError([{ path: 'descriptor', message: `descriptor: ${where(d)}'s source.darktraceMetric ${JSON.stringify(metric)} is not in this appliance's metric catalogue${close.length ? `; closest: ${close.join(', ')}` : ' (darktrace-list-metrics lists them)'}` }]);
  }
  const data = await getMetricData(args, { now, catalogue, get: (query) => metricDataFor(client, query) });

  const records = data.series.flatMap((s) => s.data.map((p) => toRecord(d, s.did!, p)));
  const result: CollectResult = {
    descriptor: { id: d.id, shortName: d.shortName }, metric, interval: seconds, start: planned.plan.start, end: planned.plan.end,
    devices: planned.plan.queries.map((q) => q.did!), read: records.length, accepted: 0, deduplicated: 0, rejected: 0, rejections: [],
    deduplicationFunction: d.deduplicationFunction,
  };
  // Batches within the store's limit; a bad point is reported, not a reason to drop the device's good ones.
  for (let from = 0; from < records.length; from += LIMITS.recordsPerBatch) {
    const batch = records.slice(from, from + LIMITS.recordsPerBatch);
    const r = await store.submitRecords(d.id, { records: batch, ignoreOnFailed: true }, deps.access);
    result.accepted += r.accepted;
    result.deduplicated += r.deduplicated;
    result.rejected += r.rejected;
    for (const x of r.rejections) {
      if (result.rejections.length < LIMITS.problemsListed) result.rejections.push({ index: x.index + from, errors: x.errors });
    }
  }
  return result;
}
