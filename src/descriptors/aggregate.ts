// Aggregation queries (SPEC §11): validation of the request into an AggregateQuery that a store runs in SQL and
// the in-memory reference runs in JavaScript, and the shape of the answer both give.
import { AGGREGATION_FUNCTIONS, LIMITS, TIME_UNITS, UNIT_MS, type AggregationFunction, type Descriptor, type TimeUnit } from './model.js';
import { joinPath, oneOf, Problems, show } from './errors.js';
import { isObject } from '../util/json.js';
import { checkKeyValue, type KeyValue } from './records.js';

export interface TimeRange {
  start: number;
  end: number;
}

export interface AggregateValue {
  name: string;
  fn: AggregationFunction;
  /** The weight value's name, for `wavg`. */
  weight?: string;
}

export interface AggregateQuery {
  /** Inclusive, epoch ms; compared with the records' (snapped) timestamps. */
  startTimestamp: number;
  /** Exclusive. */
  endTimestamp: number;
  /**
   * Set when the request gave `ranges`: only records inside one of these half-open ranges count (sorted, merged;
   * start/endTimestamp are then their hull). A profile reads all its windows this way in one query.
   */
  ranges?: TimeRange[];
  resolution: { size: number; unit: TimeUnit };
  /** 0 = the whole range is one bucket. Buckets are epoch-aligned, like time frames. */
  resolutionMs: number;
  groupBy: string[];
  values: AggregateValue[];
  /** Every filter must match; a filter matches when the key equals any of its values. */
  filters: Array<{ key: string; values: KeyValue[] }>;
}

export interface AggregateRow {
  /** The bucket's start (epoch ms); `startTimestamp` when resolution is 0. */
  timestamp: number;
  /** The groupBy keys only. */
  keys: Record<string, KeyValue>;
  /** null only for `wavg` when the weights sum to 0. */
  values: Record<string, number | null>;
  /** Records in the bucket. */
  count: number;
}

export interface AggregateResult {
  descriptor: { id: number; shortName: string };
  startTimestamp: number;
  endTimestamp: number;
  /** The ranges (sorted, merged) when the request gave them. */
  ranges?: TimeRange[];
  resolution: { size: number; unit: TimeUnit };
  groupBy: string[];
  /** The function each value was aggregated with. */
  functions: Record<string, AggregationFunction>;
  /** Ordered by timestamp, then by the groupBy keys in order (numbers numerically, text by code point). */
  data: AggregateRow[];
}

const QUERY_FIELDS = ['startTimestamp', 'endTimestamp', 'ranges', 'groupBy', 'resolution', 'functions', 'filters', 'values'];
const MAX_RANGES = 10_000;
const MAX_FILTER_VALUES = 1_000;

function timestamp(p: Problems, path: string, raw: unknown, fallback: number): number | undefined {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 && raw <= LIMITS.maxTimestamp) return raw;
  p.add(path, `must be epoch milliseconds, a whole number from 0 to ${LIMITS.maxTimestamp}; got ${show(raw)}`);
  return undefined;
}

function names(p: Problems, path: string, raw: unknown, allowed: string[], what: string): string[] | undefined {
  if (!Array.isArray(raw)) {
    p.add(path, `must be a list of ${what} names (${allowed.map((n) => JSON.stringify(n)).join(', ')}); got ${show(raw)}`);
    return undefined;
  }
  const out: string[] = [];
  raw.forEach((entry, i) => {
    if (typeof entry !== 'string' || !allowed.includes(entry)) {
      p.add(joinPath(path, i), `must be one of the descriptor's ${what}s (${allowed.map((n) => JSON.stringify(n)).join(', ')}); got ${show(entry)}`);
    } else if (out.includes(entry)) p.add(joinPath(path, i), `${show(entry)} is listed twice`);
    else out.push(entry);
  });
  return out;
}

/** The number of epoch-aligned buckets of `ms` that [start, end) touches. */
export function bucketCount(start: number, end: number, ms: number): number {
  return Math.floor((end - 1) / ms) - Math.floor(start / ms) + 1;
}

/** Validates `ranges` and returns them sorted with overlapping or touching ones merged. */
function ranges(p: Problems, raw: unknown): TimeRange[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add('ranges', `must be a non-empty list of {start, end} (epoch ms, end exclusive); got ${show(raw)}`);
    return undefined;
  }
  if (raw.length > MAX_RANGES) {
    p.add('ranges', `at most ${MAX_RANGES} ranges; got ${raw.length}`);
    return undefined;
  }
  const out: TimeRange[] = [];
  raw.forEach((item, i) => {
    const path = joinPath('ranges', i);
    if (!isObject(item)) {
      p.add(path, `must be an object {start, end}; got ${show(item)}`);
      return;
    }
    for (const field of Object.keys(item)) if (field !== 'start' && field !== 'end') p.add(joinPath(path, field), 'unknown field (allowed: start, end)');
    const start = timestamp(p, joinPath(path, 'start'), item.start, NaN);
    const end = timestamp(p, joinPath(path, 'end'), item.end, NaN);
    if (start === undefined || end === undefined) return;
    if (Number.isNaN(start) || Number.isNaN(end)) {
      p.add(path, 'needs both start and end (epoch ms, end exclusive)');
      return;
    }
    if (start >= end) p.add(joinPath(path, 'end'), `must be after start (${start}); got ${end}`);
    else out.push({ start, end });
  });
  out.sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** The smallest resolution in `unit` that keeps [start, end) within LIMITS.buckets buckets. */
function smallestFitting(start: number, end: number, unit: TimeUnit): number {
  let size = Math.max(1, Math.ceil((end - start) / LIMITS.buckets / UNIT_MS[unit]));
  while (bucketCount(start, end, size * UNIT_MS[unit]) > LIMITS.buckets) size += 1;
  return size;
}

function resolution(p: Problems, raw: unknown): { size: number; unit: TimeUnit } | undefined {
  if (raw === undefined || raw === null) return { size: 0, unit: 'milliseconds' };
  if (!isObject(raw)) {
    p.add('resolution', `must be an object {size, unit} (size 0 = one bucket for the whole range); got ${show(raw)}`);
    return undefined;
  }
  for (const field of Object.keys(raw)) if (field !== 'size' && field !== 'unit') p.add(joinPath('resolution', field), 'unknown field (allowed: size, unit)');
  const size = raw.size;
  let ok = true;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    p.add('resolution.size', `must be a whole number ≥ 0 (0 = one bucket for the whole range); got ${show(size)}`);
    ok = false;
  }
  let unit: TimeUnit = 'milliseconds';
  if (raw.unit === undefined) {
    if (size !== 0) {
      p.add('resolution.unit', `required when size > 0: ${oneOf(TIME_UNITS)}`);
      ok = false;
    }
  } else if (typeof raw.unit === 'string' && (TIME_UNITS as readonly string[]).includes(raw.unit)) {
    unit = raw.unit as TimeUnit;
  } else {
    p.add('resolution.unit', `must be ${oneOf(TIME_UNITS)} (case sensitive); got ${show(raw.unit)}`);
    ok = false;
  }
  return ok ? { size: size as number, unit } : undefined;
}

/** Validates an aggregation request against a descriptor. `now` is the default endTimestamp. */
export function parseAggregateQuery(descriptor: Descriptor, input: unknown, now: number): AggregateQuery {
  const p = new Problems();
  const raw = input === undefined || input === null ? {} : input;
  if (!isObject(raw)) {
    p.add('', `an aggregation request must be a JSON object; got ${show(input)}`);
    p.throwIfAny();
  }
  const body = raw as Record<string, unknown>;
  for (const field of Object.keys(body)) if (!QUERY_FIELDS.includes(field)) p.add(field, `unknown field (allowed: ${QUERY_FIELDS.join(', ')})`);

  const keyNames = descriptor.keys.map((k) => k.name);
  const valueNames = descriptor.values.map((v) => v.name);
  let start: number | undefined;
  let end: number | undefined;
  let within: TimeRange[] | undefined;
  if (body.ranges !== undefined && body.ranges !== null) {
    if (body.startTimestamp !== undefined || body.endTimestamp !== undefined) {
      p.add('ranges', 'give either ranges or startTimestamp/endTimestamp, not both');
    }
    within = ranges(p, body.ranges);
    if (within && within.length > 0) {
      start = within[0].start;
      end = within[within.length - 1].end;
    }
  } else {
    start = timestamp(p, 'startTimestamp', body.startTimestamp, 0);
    end = timestamp(p, 'endTimestamp', body.endTimestamp, Math.min(now, LIMITS.maxTimestamp));
    if (start !== undefined && end !== undefined && start >= end) {
      p.add('endTimestamp', `must be after startTimestamp (${start}); got ${end}`);
    }
  }
  const groupBy = body.groupBy === undefined || body.groupBy === null ? [] : names(p, 'groupBy', body.groupBy, keyNames, 'key');
  const selected = body.values === undefined || body.values === null ? valueNames : names(p, 'values', body.values, valueNames, 'value');
  if (selected && selected.length === 0) p.add('values', 'must name at least one value (or leave it out for all values)');

  const res = resolution(p, body.resolution);
  let resolutionMs = 0;
  if (res && res.size > 0) {
    resolutionMs = res.size * UNIT_MS[res.unit];
    if (!Number.isSafeInteger(resolutionMs)) p.add('resolution.size', `is too large; got ${res.size} ${res.unit}`);
    else if (within) {
      const buckets = within.reduce((n, r) => n + bucketCount(r.start, r.end, resolutionMs), 0);
      if (buckets > LIMITS.buckets) {
        p.add('resolution', `${res.size} ${res.unit} makes ${buckets} buckets over the ranges; at most ${LIMITS.buckets} are allowed: use a larger size, size 0 for one bucket, or fewer ranges`);
      }
    } else if (start !== undefined && end !== undefined && start < end) {
      const buckets = bucketCount(start, end, resolutionMs);
      if (buckets > LIMITS.buckets) {
        p.add('resolution', `${res.size} ${res.unit} makes ${buckets} buckets between startTimestamp and endTimestamp; at most ${LIMITS.buckets} are allowed: use a size of at least ${smallestFitting(start, end, res.unit)} ${res.unit}, size 0 for one bucket, or a shorter range`);
      }
    }
  }

  const overrides = new Map<string, AggregationFunction>();
  if (body.functions !== undefined && body.functions !== null) {
    if (!isObject(body.functions)) p.add('functions', `must be an object {valueName: function}; got ${show(body.functions)}`);
    else {
      for (const [valueName, fn] of Object.entries(body.functions)) {
        const path = joinPath('functions', valueName);
        const value = descriptor.values.find((v) => v.name === valueName);
        if (!value) {
          p.add(path, `no value is named ${show(valueName)} (values: ${valueNames.map((n) => JSON.stringify(n)).join(', ')})`);
        } else if (typeof fn !== 'string' || !(AGGREGATION_FUNCTIONS as readonly string[]).includes(fn)) {
          p.add(path, `must be ${oneOf(AGGREGATION_FUNCTIONS)} (case sensitive); got ${show(fn)}`);
        } else if (fn === 'wavg' && value.valueAsWeight === undefined) {
          p.add(path, `"wavg" needs a weight, and ${show(valueName)} has no valueAsWeight in the descriptor; use sum, avg, min or max`);
        } else overrides.set(valueName, fn as AggregationFunction);
      }
    }
  }

  const filters: AggregateQuery['filters'] = [];
  if (body.filters !== undefined && body.filters !== null) {
    if (!isObject(body.filters)) p.add('filters', `must be an object {keyName: value or [values]}; got ${show(body.filters)}`);
    else {
      for (const [keyName, rawValues] of Object.entries(body.filters)) {
        const path = joinPath('filters', keyName);
        const key = descriptor.keys.find((k) => k.name === keyName);
        if (!key) {
          p.add(path, `no key is named ${show(keyName)} (keys: ${keyNames.map((n) => JSON.stringify(n)).join(', ')})`);
          continue;
        }
        const list = Array.isArray(rawValues) ? rawValues : [rawValues];
        if (list.length === 0) p.add(path, 'must list at least one value');
        else if (list.length > MAX_FILTER_VALUES) p.add(path, `at most ${MAX_FILTER_VALUES} values; got ${list.length}`);
        const accepted: KeyValue[] = [];
        list.slice(0, MAX_FILTER_VALUES).forEach((v, i) => {
          const checked = checkKeyValue(key.type, v);
          if ('value' in checked) accepted.push(checked.value);
          else p.add(Array.isArray(rawValues) ? joinPath(path, i) : path, checked.message);
        });
        filters.push({ key: keyName, values: [...new Set(accepted)] });
      }
    }
  }
  p.throwIfAny();

  return {
    startTimestamp: start!,
    endTimestamp: end!,
    ...(within ? { ranges: within } : {}),
    resolution: res!,
    resolutionMs,
    groupBy: groupBy!,
    values: selected!.map((name): AggregateValue => {
      const value = descriptor.values.find((v) => v.name === name)!;
      const fn = overrides.get(name) ?? value.defaultAggregationFunction;
      return fn === 'wavg' ? { name, fn, weight: value.valueAsWeight! } : { name, fn };
    }),
    filters,
  };
}

/** Ordering of aggregate rows: timestamp, then groupBy keys (numbers numerically, text by Unicode code point). */
export function compareKeyValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  if (x === y) return 0;
  // UTF-16 order differs from code-point order (= the databases' binary/"C" order) only around surrogates.
  const ix = [...x];
  const iy = [...y];
  for (let i = 0; i < Math.min(ix.length, iy.length); i++) {
    if (ix[i] !== iy[i]) return ix[i].codePointAt(0)! - iy[i].codePointAt(0)!;
  }
  return ix.length - iy.length;
}
