// The in-memory reference implementation: the meaning of deduplication and aggregation written as plainly as
// possible, record by record. The stores must agree with it (test/store/property.test.ts); the benchmark compares
// their speed with it. Not used to serve requests.
import type { DeduplicationFunction, Descriptor } from './model.js';
import type { AggregateQuery, AggregateResult, AggregateRow } from './aggregate.js';
import { compareKeyValues } from './aggregate.js';
import type { KeyValue, NormalRecord } from './records.js';

function sameIdentity(a: NormalRecord, b: NormalRecord): boolean {
  return a.timestamp === b.timestamp && a.keys.every((k, i) => k === b.keys[i]);
}

/**
 * Adds valid records one at a time to `stored`: a record meeting one with the same frame and key tuple is dropped
 * (`first`) or replaces its values (`last`); `none` keeps everything. Returns how many were deduplicated.
 * Quadratic on purpose (obviously right, not fast): use an identity index for large inputs.
 */
export function referenceSubmit(stored: NormalRecord[], incoming: readonly NormalRecord[], fn: DeduplicationFunction, index?: Map<string, number>): number {
  let deduplicated = 0;
  for (const record of incoming) {
    if (fn !== 'none') {
      const id = index ? JSON.stringify([record.timestamp, ...record.keys]) : '';
      const at = index ? index.get(id) ?? -1 : stored.findIndex((s) => sameIdentity(s, record));
      if (at >= 0) {
        deduplicated += 1;
        if (fn === 'last') stored[at] = { timestamp: record.timestamp, keys: [...record.keys], values: [...record.values] };
        continue;
      }
      index?.set(id, stored.length);
    }
    stored.push({ timestamp: record.timestamp, keys: [...record.keys], values: [...record.values] });
  }
  return deduplicated;
}

interface Accumulator {
  timestamp: number;
  keys: KeyValue[];
  count: number;
  sum: number[];
  min: number[];
  max: number[];
  weighted: number[];
  weights: number[];
}

/** Aggregates stored records exactly as SPEC §11 says, in plain JavaScript. */
export function referenceAggregate(descriptor: Descriptor, records: readonly NormalRecord[], query: AggregateQuery): AggregateResult {
  const keyIndex = (name: string) => descriptor.keys.findIndex((k) => k.name === name);
  const valueIndex = (name: string) => descriptor.values.findIndex((v) => v.name === name);
  const groupAt = query.groupBy.map(keyIndex);
  const filters = query.filters.map((f) => ({ at: keyIndex(f.key), values: f.values }));
  const valueAt = query.values.map((v) => valueIndex(v.name));
  const weightAt = query.values.map((v) => (v.weight === undefined ? -1 : valueIndex(v.weight)));

  const groups = new Map<string, Accumulator>();
  for (const record of records) {
    if (record.timestamp < query.startTimestamp || record.timestamp >= query.endTimestamp) continue;
    if (query.ranges && !query.ranges.some((r) => record.timestamp >= r.start && record.timestamp < r.end)) continue;
    if (!filters.every((f) => f.values.includes(record.keys[f.at]))) continue;
    const bucket = query.resolutionMs === 0 ? query.startTimestamp : Math.floor(record.timestamp / query.resolutionMs) * query.resolutionMs;
    const keys = groupAt.map((i) => record.keys[i]);
    const id = JSON.stringify([bucket, ...keys]);
    let acc = groups.get(id);
    if (!acc) {
      const n = query.values.length;
      acc = {
        timestamp: bucket, keys, count: 0,
        sum: new Array(n).fill(0), min: new Array(n).fill(Infinity), max: new Array(n).fill(-Infinity),
        weighted: new Array(n).fill(0), weights: new Array(n).fill(0),
      };
      groups.set(id, acc);
    }
    acc.count += 1;
    valueAt.forEach((vi, i) => {
      const v = record.values[vi];
      acc.sum[i] += v;
      acc.min[i] = Math.min(acc.min[i], v);
      acc.max[i] = Math.max(acc.max[i], v);
      if (weightAt[i] >= 0) {
        const w = record.values[weightAt[i]];
        acc.weighted[i] += v * w;
        acc.weights[i] += w;
      }
    });
  }

  const data: AggregateRow[] = [...groups.values()].map((acc) => {
    const keys: Record<string, KeyValue> = {};
    query.groupBy.forEach((name, i) => (keys[name] = acc.keys[i]));
    const values: Record<string, number | null> = {};
    query.values.forEach((v, i) => {
      switch (v.fn) {
        case 'sum': values[v.name] = acc.sum[i]; break;
        case 'avg': values[v.name] = acc.sum[i] / acc.count; break;
        case 'min': values[v.name] = acc.min[i]; break;
        case 'max': values[v.name] = acc.max[i]; break;
        case 'wavg': values[v.name] = acc.weights[i] === 0 ? null : acc.weighted[i] / acc.weights[i]; break;
      }
    });
    return { timestamp: acc.timestamp, keys, values, count: acc.count, sortKeys: acc.keys };
  }).sort((a, b) => {
    if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
    for (let i = 0; i < a.sortKeys.length; i++) {
      const c = compareKeyValues(a.sortKeys[i], b.sortKeys[i]);
      if (c !== 0) return c;
    }
    return 0;
  }).map(({ sortKeys: _sortKeys, ...row }) => row);

  return {
    descriptor: { id: descriptor.id, shortName: descriptor.shortName },
    startTimestamp: query.startTimestamp,
    endTimestamp: query.endTimestamp,
    ...(query.ranges ? { ranges: query.ranges } : {}),
    resolution: query.resolution,
    groupBy: query.groupBy,
    functions: Object.fromEntries(query.values.map((v) => [v.name, v.fn])),
    data,
  };
}
