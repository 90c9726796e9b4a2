// Metric descriptors (SPEC §11, modelled on Argus metric descriptors): the types, the allowed enum values and the
// limits. Decisions where the public Argus material is silent are explained in docs/descriptors.md.

export const KEY_TYPES = ['ip', 'integer', 'string'] as const;
export const AGGREGATION_FUNCTIONS = ['sum', 'avg', 'min', 'max', 'wavg'] as const;
export const TIME_UNITS = ['milliseconds', 'seconds', 'minutes', 'hours', 'days'] as const;
export const DEDUPLICATION_FUNCTIONS = ['first', 'last', 'none'] as const;

export type KeyType = (typeof KEY_TYPES)[number];
export type AggregationFunction = (typeof AGGREGATION_FUNCTIONS)[number];
export type TimeUnit = (typeof TIME_UNITS)[number];
export type DeduplicationFunction = (typeof DEDUPLICATION_FUNCTIONS)[number];

/** Fixed factors: a day is 24 h (no calendar days; frames are epoch-aligned in UTC). */
export const UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  milliseconds: 1,
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

export interface DescriptorKey {
  name: string;
  type: KeyType;
  /** Set on keys added by an update: records that omit them get the type's default (0, `0.0.0.0`, ""). */
  addedAfterCreation?: true;
}

export interface DescriptorValue {
  name: string;
  defaultAggregationFunction: AggregationFunction;
  /** The value whose numbers weigh this one under `wavg`; required when the default function is `wavg`. */
  valueAsWeight?: string;
  /** Set on values added by an update: records that omit them get 0. */
  addedAfterCreation?: true;
}

export interface DescriptorSource {
  /** The Darktrace metric (`/metricdata?metric=`) that `darktrace-collect-metric-data` reads. */
  darktraceMetric: string;
  /** The key that holds the device id (`did`) the metric data is about. */
  entityKey: string;
}

/** Everything a client states about a descriptor (create body; the result of an update). */
export interface DescriptorSpec {
  shortName: string;
  description: string;
  readFunction: string;
  writeFunction: string;
  adminFunction: string;
  keys: DescriptorKey[];
  values: DescriptorValue[];
  timeFrameSize: number;
  timeFrameSizeUnit: TimeUnit;
  deduplicationFunction: DeduplicationFunction;
  source?: DescriptorSource;
}

export interface Descriptor extends DescriptorSpec {
  /** Assigned by the store, never reused, immutable. */
  id: number;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** A descriptor is addressed by its id or its shortName; a shortName never looks like an id (it starts with a letter). */
export type DescriptorRef = number | string;

export const LIMITS = {
  keys: 16,
  values: 64,
  nameLength: 64,
  shortNameLength: 100,
  functionNameLength: 100,
  descriptionLength: 4_000,
  metricNameLength: 200,
  stringKeyLength: 1_024,
  /** Non-zero record values must lie in this magnitude range (see records.ts isStorableNumber). */
  minMagnitude: 1e-100,
  maxMagnitude: 1e100,
  /** Largest time frame: 366 days. */
  timeFrameMs: 366 * 86_400_000,
  /** Latest accepted timestamp: 9999-12-31T23:59:59.999Z. */
  maxTimestamp: 253_402_300_799_999,
  recordsPerBatch: 100_000,
  /** Problems listed in one error (a batch of 100,000 bad records would otherwise answer megabytes). */
  problemsListed: 1_000,
  buckets: 10_000,
  aggregateRows: 100_000,
  searchLimit: 1_000,
} as const;

export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
export const NAME_RULE = 'a letter followed by letters, digits, "_", "." or "-"';

export const KEY_DEFAULTS: Readonly<Record<KeyType, number | string>> = { integer: 0, ip: '0.0.0.0', string: '' };

export function timeFrameMs(d: Pick<DescriptorSpec, 'timeFrameSize' | 'timeFrameSizeUnit'>): number {
  return d.timeFrameSize * UNIT_MS[d.timeFrameSizeUnit];
}

/** The start of the time frame holding `timestamp` (frames are epoch-aligned; timestamps are ≥ 0). */
export function snapToFrame(timestamp: number, frameMs: number): number {
  return timestamp - (timestamp % frameMs);
}

/** `"12"` and `12` address descriptor 12; anything else is a shortName. */
export function parseRef(ref: DescriptorRef): { id: number } | { shortName: string } {
  if (typeof ref === 'number') return { id: ref };
  return /^[0-9]{1,15}$/.test(ref) ? { id: Number(ref) } : { shortName: ref };
}
