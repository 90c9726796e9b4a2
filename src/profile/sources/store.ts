// A stored descriptor as a profile's value source (SPEC §11/§12): the profile's ranges are read by one store
// aggregation — `ranges` = the windows' periods, resolution = the period, filtered to the entity and the groups
// (every key of the descriptor, so each bucket is one row) — and each bucket's timestamp is its period's start.
// Aggregation answers at most LIMITS.buckets (10,000) buckets, so a profile with more periods takes
// ⌈periods ÷ 10,000⌉ queries, run one after another.
import { LIMITS, type AggregationFunction, type DescriptorRef, type KeyValue } from '../../descriptors/index.js';
import type { AccessCheck, Store } from '../../store/types.js';
import type { PeriodRange } from '../periods.js';
import type { ValueSource } from '../profile.js';
import { batchRanges } from './batches.js';

export interface StoreSourceOptions {
  store: Store;
  descriptor: DescriptorRef;
  /** The descriptor value the profile is made of. */
  value: string;
  /** Overrides the value's default aggregation function. */
  aggregation?: AggregationFunction;
  /** Key → value: the entity key and every group key. */
  filters: Readonly<Record<string, KeyValue>>;
  /** Checked inside each query's transaction (the caller's readFunction grant). */
  access?: AccessCheck;
}

/** The aggregation bodies a profile's ranges need, in order: one unless it has more than 10,000 periods. */
export function storeQueries(ranges: readonly PeriodRange[], periodMs: number, options: Pick<StoreSourceOptions, 'value' | 'aggregation' | 'filters'>) {
  return batchRanges(ranges, periodMs, LIMITS.buckets).map((batch) => ({
    ranges: batch,
    resolution: { size: periodMs, unit: 'milliseconds' as const },
    values: [options.value],
    ...(options.aggregation ? { functions: { [options.value]: options.aggregation } } : {}),
    filters: { ...options.filters },
  }));
}

export function storeValueSource(options: StoreSourceOptions): ValueSource {
  return async (ranges, periodMs) => {
    const values = new Map<number, number>();
    for (const query of storeQueries(ranges, periodMs, options)) {
      const result = await options.store.aggregate(options.descriptor, query, options.access);
      for (const row of result.data) {
        const value = row.values[options.value];
        // null: a weighted average whose weights sum to 0 — no value for that period.
        if (typeof value === 'number') values.set(Math.floor(row.timestamp / periodMs), value);
      }
    }
    return values;
  };
}
