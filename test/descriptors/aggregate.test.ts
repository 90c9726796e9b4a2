import { describe, expect, it } from 'vitest';
import {
  compareKeyValues, DescriptorInputError, parseAggregateQuery, referenceAggregate, referenceSubmit, validateDescriptor,
  type Descriptor, type NormalRecord,
} from '../../src/descriptors/index.js';

const descriptor: Descriptor = {
  id: 9,
  ...validateDescriptor({
    shortName: 'conns', readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
    keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
    values: [
      { name: 'bytes' },
      { name: 'latency', defaultAggregationFunction: 'wavg', valueAsWeight: 'bytes' },
      { name: 'peak', defaultAggregationFunction: 'max' },
    ],
    timeFrameSize: 1, timeFrameSizeUnit: 'minutes',
  }),
  createdAt: 0,
  updatedAt: 0,
};
const HOUR = 3_600_000;

function inputError(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorInputError);
    return (error as DescriptorInputError).errors.map((e) => e.message);
  }
  throw new Error('expected a DescriptorInputError');
}

describe('parseAggregateQuery', () => {
  it('defaults to the whole history up to now, one bucket, every value with its default function', () => {
    expect(parseAggregateQuery(descriptor, {}, 5 * HOUR)).toEqual({
      startTimestamp: 0,
      endTimestamp: 5 * HOUR,
      resolution: { size: 0, unit: 'milliseconds' },
      resolutionMs: 0,
      groupBy: [],
      values: [{ name: 'bytes', fn: 'sum' }, { name: 'latency', fn: 'wavg', weight: 'bytes' }, { name: 'peak', fn: 'max' }],
      filters: [],
    });
  });

  it('takes overrides, filters (one value or a list), a value selection and a resolution', () => {
    const q = parseAggregateQuery(descriptor, {
      startTimestamp: HOUR, endTimestamp: 3 * HOUR, groupBy: ['dst'], resolution: { size: 30, unit: 'minutes' },
      functions: { latency: 'avg', peak: 'min' }, filters: { did: 4, dst: ['10.0.0.1', '2001:DB8::1', '10.0.0.1'] }, values: ['latency', 'peak'],
    }, 0);
    expect(q).toEqual({
      startTimestamp: HOUR, endTimestamp: 3 * HOUR, resolution: { size: 30, unit: 'minutes' }, resolutionMs: 1_800_000, groupBy: ['dst'],
      values: [{ name: 'latency', fn: 'avg' }, { name: 'peak', fn: 'min' }],
      filters: [{ key: 'did', values: [4] }, { key: 'dst', values: ['10.0.0.1', '2001:db8::1'] }],
    });
  });

  it('lists every problem with its path and what is allowed', () => {
    expect(inputError(() => parseAggregateQuery(descriptor, {
      startTimestamp: 10, endTimestamp: 5, groupBy: ['did', 'host', 'did'], resolution: { size: 1, unit: 'Hours' },
      functions: { bytes: 'wavg', latency: 'median', nope: 'sum' }, filters: { did: ['x'], dst: [], port: 1 }, values: ['bytes', 'speed'], limit: 3,
    }, 0))).toEqual([
      'limit: unknown field (allowed: startTimestamp, endTimestamp, ranges, groupBy, resolution, functions, filters, values)',
      'endTimestamp: must be after startTimestamp (10); got 5',
      'groupBy[1]: must be one of the descriptor\'s keys ("did", "dst"); got "host"',
      'groupBy[2]: "did" is listed twice',
      'values[1]: must be one of the descriptor\'s values ("bytes", "latency", "peak"); got "speed"',
      'resolution.unit: must be one of "milliseconds", "seconds", "minutes", "hours", "days" (case sensitive); got "Hours"',
      'functions.bytes: "wavg" needs a weight, and "bytes" has no valueAsWeight in the descriptor; use sum, avg, min or max',
      'functions.latency: must be one of "sum", "avg", "min", "max", "wavg" (case sensitive); got "median"',
      'functions.nope: no value is named "nope" (values: "bytes", "latency", "peak")',
      'filters.did[0]: must be a whole number (an integer key); got "x"',
      'filters.dst: must list at least one value',
      'filters.port: no key is named "port" (keys: "did", "dst")',
    ]);
  });

  it('takes ranges instead of start/end: sorted, merged, their hull as start and end', () => {
    const q = parseAggregateQuery(descriptor, { ranges: [{ start: 5 * HOUR, end: 6 * HOUR }, { start: 0, end: HOUR }, { start: HOUR, end: 2 * HOUR }, { start: 5 * HOUR + 1, end: 5 * HOUR + 2 }], resolution: { size: 15, unit: 'minutes' } }, 0);
    expect(q).toMatchObject({ startTimestamp: 0, endTimestamp: 6 * HOUR, ranges: [{ start: 0, end: 2 * HOUR }, { start: 5 * HOUR, end: 6 * HOUR }] });
    expect(inputError(() => parseAggregateQuery(descriptor, { startTimestamp: 0, ranges: [{ start: 5, end: 5 }, { start: 1 }, 'x', { start: 1, end: 2, step: 1 }] }, HOUR))).toEqual([
      'ranges: give either ranges or startTimestamp/endTimestamp, not both',
      'ranges[0].end: must be after start (5); got 5',
      'ranges[1]: needs both start and end (epoch ms, end exclusive)',
      'ranges[2]: must be an object {start, end}; got "x"',
      'ranges[3].step: unknown field (allowed: start, end)',
    ]);
    expect(inputError(() => parseAggregateQuery(descriptor, { ranges: [] }, HOUR))).toEqual(['ranges: must be a non-empty list of {start, end} (epoch ms, end exclusive); got []']);
    const many = Array.from({ length: 200 }, (_, i) => ({ start: i * 2 * HOUR, end: i * 2 * HOUR + HOUR }));
    expect(inputError(() => parseAggregateQuery(descriptor, { ranges: many, resolution: { size: 1, unit: 'minutes' } }, 0))).toEqual([
      'resolution: 1 minutes makes 12000 buckets over the ranges; at most 10000 are allowed: use a larger size, size 0 for one bucket, or fewer ranges',
    ]);
  });

  it('caps the number of buckets and suggests the smallest resolution that fits', () => {
    expect(inputError(() => parseAggregateQuery(descriptor, { resolution: { size: 1, unit: 'hours' } }, 20_000 * HOUR))).toEqual([
      'resolution: 1 hours makes 20000 buckets between startTimestamp and endTimestamp; at most 10000 are allowed: use a size of at least 2 hours, size 0 for one bucket, or a shorter range',
    ]);
    expect(parseAggregateQuery(descriptor, { resolution: { size: 2, unit: 'hours' } }, 20_000 * HOUR).resolutionMs).toBe(2 * HOUR);
    expect(inputError(() => parseAggregateQuery(descriptor, { resolution: { size: 5 } }, HOUR))).toEqual([
      'resolution.unit: required when size > 0: one of "milliseconds", "seconds", "minutes", "hours", "days"',
    ]);
    expect(inputError(() => parseAggregateQuery(descriptor, { resolution: 60 }, HOUR))).toEqual([
      'resolution: must be an object {size, unit} (size 0 = one bucket for the whole range); got 60',
    ]);
  });
});

describe('referenceAggregate', () => {
  const rec = (t: number, did: number, dst: string, bytes: number, latency: number, peak: number): NormalRecord => ({ timestamp: t, keys: [did, dst], values: [bytes, latency, peak] });
  const records = [
    rec(0, 1, '10.0.0.1', 100, 10, 5),
    rec(60_000, 1, '10.0.0.2', 300, 20, 7),
    rec(HOUR, 1, '10.0.0.1', 0, 50, 1),
    rec(HOUR + 60_000, 2, '10.0.0.1', 0, 70, 2),
    rec(2 * HOUR, 2, '10.0.0.1', 50, 4, 9),
  ];

  it('buckets by resolution, groups by keys, and computes sum, wavg (null when Σw = 0) and max', () => {
    const q = parseAggregateQuery(descriptor, { groupBy: ['did'], resolution: { size: 1, unit: 'hours' }, endTimestamp: 3 * HOUR }, 0);
    expect(referenceAggregate(descriptor, records, q).data).toEqual([
      { timestamp: 0, keys: { did: 1 }, values: { bytes: 400, latency: (100 * 10 + 300 * 20) / 400, peak: 7 }, count: 2 },
      { timestamp: HOUR, keys: { did: 1 }, values: { bytes: 0, latency: null, peak: 1 }, count: 1 },
      { timestamp: HOUR, keys: { did: 2 }, values: { bytes: 0, latency: null, peak: 2 }, count: 1 },
      { timestamp: 2 * HOUR, keys: { did: 2 }, values: { bytes: 50, latency: 4, peak: 9 }, count: 1 },
    ]);
  });

  it('with resolution 0 gives one bucket stamped with startTimestamp; filters and overrides apply', () => {
    const q = parseAggregateQuery(descriptor, {
      startTimestamp: 30_000, endTimestamp: 2 * HOUR, filters: { dst: '10.0.0.1' }, functions: { latency: 'avg', bytes: 'min' },
    }, 0);
    expect(referenceAggregate(descriptor, records, q)).toEqual({
      descriptor: { id: 9, shortName: 'conns' },
      startTimestamp: 30_000,
      endTimestamp: 2 * HOUR,
      resolution: { size: 0, unit: 'milliseconds' },
      groupBy: [],
      functions: { bytes: 'min', latency: 'avg', peak: 'max' },
      data: [{ timestamp: 30_000, keys: {}, values: { bytes: 0, latency: 60, peak: 2 }, count: 2 }],
    });
  });

  it('counts only records inside one of the ranges', () => {
    const q = parseAggregateQuery(descriptor, { ranges: [{ start: 0, end: 60_000 }, { start: HOUR + 60_000, end: 2 * HOUR + 1 }], groupBy: ['did'] }, 0);
    expect(referenceAggregate(descriptor, records, q).data).toEqual([
      { timestamp: 0, keys: { did: 1 }, values: { bytes: 100, latency: 10, peak: 5 }, count: 1 },
      { timestamp: 0, keys: { did: 2 }, values: { bytes: 50, latency: (0 * 70 + 50 * 4) / 50, peak: 9 }, count: 2 },
    ]);
  });

  it('orders groups by key: numbers numerically, text by code point', () => {
    expect(['b', 'a', 'B', '\u{1F600}', '\uFFFD', 'ab'].sort(compareKeyValues)).toEqual(['B', 'a', 'ab', 'b', '\uFFFD', '\u{1F600}']);
    expect([10, 9, -1].sort(compareKeyValues)).toEqual([-1, 9, 10]);
  });
});

describe('referenceSubmit', () => {
  const r = (t: number, k: number, v: number): NormalRecord => ({ timestamp: t, keys: [k], values: [v] });
  it('applies first / last / none record by record against what is stored', () => {
    const first = [r(0, 1, 1)];
    expect(referenceSubmit(first, [r(0, 1, 2), r(0, 2, 3), r(0, 2, 4)], 'first')).toBe(2);
    expect(first).toEqual([r(0, 1, 1), r(0, 2, 3)]);
    const last = [r(0, 1, 1)];
    expect(referenceSubmit(last, [r(0, 1, 2), r(0, 2, 3), r(0, 2, 4)], 'last')).toBe(2);
    expect(last).toEqual([r(0, 1, 2), r(0, 2, 4)]);
    const none = [r(0, 1, 1)];
    expect(referenceSubmit(none, [r(0, 1, 2)], 'none')).toBe(0);
    expect(none).toHaveLength(2);
  });
});
