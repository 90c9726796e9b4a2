// Property: for random descriptors, record batches and aggregation queries, SQLite, PostgreSQL (when available)
// and the in-memory reference (src/descriptors/reference.ts) give the same answers — the deduplication counts of
// every batch and every aggregate row.
//
// Float tolerance: aggregate values are compared with a relative epsilon of 1e-9 (|a − b| ≤ 1e-9 · max(|a|, |b|)).
// In the first property every value is a multiple of 1/4 below 2^20, so every sum, product and weight total is
// exact in binary floating point whatever the summation order (databases do not promise one): only the final
// division may round, identically. Σw = 0 is therefore decided identically too (wavg → null). The second property
// uses arbitrary non-negative doubles (0 or 1e-100…1e9: values must be 0 or of magnitude 1e-100…1e100), where
// summation order changes the last bits: the epsilon absorbs that (n ≤ 75 terms, relative error ≤ 75 · 2^-53 ≈ 1e-14).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  normaliseRecords, parseAggregateQuery, referenceAggregate, referenceSubmit, validateDescriptor,
  type AggregateResult, type Descriptor, type KeyType, type NormalRecord,
} from '../../src/descriptors/index.js';
import { STORE_KINDS, type OpenedStore } from './stores.js';

const RUNS = Number(process.env.STORE_PROPERTY_RUNS ?? 60);
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 86_400_000);
const SPAN = 3 * 3_600_000;
const EPSILON = 1e-9;

const KEY_DOMAIN: Record<KeyType, Array<number | string>> = {
  integer: [-2, 0, 1, 7, 9_007_199_254_740_991],
  ip: ['10.0.0.1', '10.0.0.2', '::1', '2001:DB8::1', '0.0.0.0'],
  string: ['', 'a', 'B', 'é', '\u{1F600}', '\uFFFD'],
};
const FRAMES = [
  { timeFrameSize: 1, timeFrameSizeUnit: 'seconds' },
  { timeFrameSize: 7, timeFrameSizeUnit: 'milliseconds' },
  { timeFrameSize: 1, timeFrameSizeUnit: 'minutes' },
  { timeFrameSize: 15, timeFrameSizeUnit: 'minutes' },
  { timeFrameSize: 1, timeFrameSizeUnit: 'hours' },
] as const;
const RESOLUTIONS = [
  { size: 0, unit: 'milliseconds' }, { size: 1, unit: 'seconds' }, { size: 1, unit: 'minutes' }, { size: 10, unit: 'minutes' },
  { size: 1, unit: 'hours' }, { size: 1, unit: 'days' },
] as const;
const FUNCTIONS = ['sum', 'avg', 'min', 'max', 'wavg'] as const;

interface Scenario {
  descriptor: Record<string, unknown>;
  batches: Array<{ records: unknown[]; ignoreOnFailed?: boolean }>;
  queries: Record<string, unknown>[];
}

// Zero often, so weight totals of 0 (wavg → null) really occur.
const exactNumber = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: -4_000, max: 4_000 }).map((n) => n / 4), weight: 3 });
const anyNonNegative = fc.oneof(fc.constant(0), fc.double({ min: 1e-100, max: 1e9, noNaN: true, noDefaultInfinity: true }));

function scenarioArb(valueArb: fc.Arbitrary<number>): fc.Arbitrary<Scenario> {
  const keysArb = fc.array(fc.constantFrom<KeyType>('integer', 'ip', 'string'), { minLength: 1, maxLength: 3 });
  return fc.record({
    keyTypes: keysArb,
    valueCount: fc.integer({ min: 1, max: 3 }),
    fnPicks: fc.array(fc.constantFrom(...FUNCTIONS), { minLength: 3, maxLength: 3 }),
    weightPicks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    dedup: fc.constantFrom('first', 'last', 'none'),
    frame: fc.constantFrom(...FRAMES),
    seed: fc.nat(),
  }).chain((shape) => {
    const keys = shape.keyTypes.map((type, i) => ({ name: `k${i}`, type }));
    const values = Array.from({ length: shape.valueCount }, (_, i) => {
      const others = Array.from({ length: shape.valueCount }, (_, j) => j).filter((j) => j !== i);
      let fn: string = shape.fnPicks[i];
      const weight = others.length ? `v${others[shape.weightPicks[i] % others.length]}` : undefined;
      if (fn === 'wavg' && !weight) fn = 'sum';
      return { name: `v${i}`, defaultAggregationFunction: fn, ...(weight && shape.weightPicks[i] % 3 !== 0 ? { valueAsWeight: weight } : {}) };
    }).map((v) => (v.defaultAggregationFunction === 'wavg' && !('valueAsWeight' in v) ? { ...v, defaultAggregationFunction: 'avg' } : v));

    const validRecord = fc.record({
      timestamp: fc.integer({ min: T0, max: T0 + SPAN - 1 }),
      keys: fc.tuple(...keys.map((k) => fc.constantFrom(...KEY_DOMAIN[k.type]))).map((ks) => Object.fromEntries(ks.map((v, i) => [`k${i}`, v]))),
      values: fc.tuple(...values.map(() => valueArb)).map((vs) => Object.fromEntries(vs.map((v, i) => [`v${i}`, v]))),
    });
    const invalidRecord = fc.constantFrom<unknown>({ timestamp: -5, keys: {}, values: {} }, { timestamp: T0, keys: { k0: null }, values: {} }, 'junk');
    const batch = fc.record({
      ignoreOnFailed: fc.boolean(),
      records: fc.array(fc.oneof({ arbitrary: validRecord, weight: 9 }, { arbitrary: invalidRecord, weight: 1 }), { maxLength: 25 }),
    }).map((b) => (b.ignoreOnFailed ? b : { records: b.records.filter((r) => typeof r === 'object' && (r as { timestamp: number }).timestamp >= 0 && (r as { keys: { k0?: unknown } }).keys.k0 !== null) }));

    const keyNames = keys.map((k) => k.name);
    const query = fc.record({
      range: fc.tuple(fc.integer({ min: T0 - 1000, max: T0 + SPAN }), fc.integer({ min: 1, max: SPAN + 2000 })),
      groupBy: fc.subarray(keyNames),
      resolution: fc.constantFrom(...RESOLUTIONS),
      filterKey: fc.option(fc.constantFrom(...keyNames)),
      filterPick: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
      overrides: fc.array(fc.option(fc.constantFrom(...FUNCTIONS)), { minLength: values.length, maxLength: values.length }),
      selectAll: fc.boolean(),
      ranges: fc.option(fc.array(fc.tuple(fc.integer({ min: T0 - 1000, max: T0 + SPAN }), fc.integer({ min: 1, max: 3_600_000 })), { minLength: 1, maxLength: 6 })),
    }).map((q) => {
      const body: Record<string, unknown> = q.ranges
        ? { ranges: q.ranges.map(([start, length]) => ({ start, end: start + length })) }
        : { startTimestamp: q.range[0], endTimestamp: q.range[0] + q.range[1] };
      body.groupBy = q.groupBy;
      body.resolution = q.resolution;
      if (q.resolution.unit === 'seconds' && (q.ranges ? q.ranges.reduce((n, [, length]) => n + length, 0) : q.range[1]) > 9_000_000) body.resolution = { size: 1, unit: 'hours' };
      if (q.filterKey) {
        const type = keys.find((k) => k.name === q.filterKey)!.type;
        body.filters = { [q.filterKey]: q.filterPick.map((p) => KEY_DOMAIN[type][p % KEY_DOMAIN[type].length]) };
      }
      const functions: Record<string, string> = {};
      q.overrides.forEach((fn, i) => {
        if (fn && (fn !== 'wavg' || 'valueAsWeight' in values[i])) functions[`v${i}`] = fn;
      });
      body.functions = functions;
      if (!q.selectAll) body.values = [values[0].name];
      return body;
    });

    return fc.record({
      descriptor: fc.constant({
        shortName: `p${shape.seed}`, readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
        keys, values, ...shape.frame, deduplicationFunction: shape.dedup,
      }),
      batches: fc.array(batch, { minLength: 1, maxLength: 3 }),
      queries: fc.array(query, { minLength: 1, maxLength: 3 }),
    });
  });
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || Math.abs(a - b) <= EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

function expectSameAggregate(actual: AggregateResult, expected: AggregateResult, label: string): void {
  const strip = (r: AggregateResult) => ({ ...r, descriptor: undefined, data: r.data.map((row) => ({ ...row, values: undefined })) });
  expect(strip(actual), label).toEqual(strip(expected));
  actual.data.forEach((row, i) => {
    for (const [name, value] of Object.entries(expected.data[i].values)) {
      if (!close(row.values[name], value)) {
        expect.fail(`${label}: row ${i} value ${name}: got ${row.values[name]}, reference ${value} (relative epsilon ${EPSILON})`);
      }
    }
  });
}

const available = STORE_KINDS.filter((k) => k.available && k.name !== 'SQLite file');

describe(`stores agree with the in-memory reference (property; ${available.map((k) => k.name).join(', ')})`, () => {
  const opened: OpenedStore[] = [];
  beforeAll(async () => {
    for (const kind of available) opened.push(await kind.open({ now: () => T0 + SPAN }));
  });
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.dispose()));
  });

  async function check(scenario: Scenario): Promise<void> {
    let reference: { descriptor: Descriptor; stored: NormalRecord[]; dedups: number[] } | undefined;
    for (const [i, { store }] of opened.entries()) {
      const label = available[i].name;
      const descriptor = await store.createDescriptor(scenario.descriptor);
      try {
        if (!reference) {
          const stored: NormalRecord[] = [];
          const dedups = scenario.batches.map((b) => referenceSubmit(stored, normaliseRecords(descriptor, b.records).records, descriptor.deduplicationFunction));
          reference = { descriptor, stored, dedups };
        }
        const dedups: number[] = [];
        for (const batch of scenario.batches) dedups.push((await store.submitRecords(descriptor.id, batch)).deduplicated);
        expect(dedups, `${label}: deduplicated per batch`).toEqual(reference.dedups);
        for (const body of scenario.queries) {
          const expected = referenceAggregate(reference.descriptor, reference.stored, parseAggregateQuery(reference.descriptor, body, T0 + SPAN));
          expectSameAggregate(await store.aggregate(descriptor.id, body), expected, `${label} ${JSON.stringify(body)}`);
        }
      } finally {
        await store.deleteDescriptor(descriptor.id);
      }
    }
  }

  it('with values exact in binary floating point', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb(exactNumber), check), { numRuns: RUNS });
  });

  it('with arbitrary non-negative doubles (relative epsilon 1e-9)', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb(anyNonNegative), check), { numRuns: Math.ceil(RUNS / 2) });
  });
});

describe('the property generator really exercises the interesting cases', () => {
  it('produces duplicates, zero weight totals, several batches, invalid records and every function', () => {
    const samples = fc.sample(scenarioArb(exactNumber), { numRuns: 300, seed: 42 });
    const fns = new Set(samples.flatMap((s) => (s.descriptor.values as Array<{ defaultAggregationFunction: string }>).map((v) => v.defaultAggregationFunction)));
    expect([...fns].sort()).toEqual(['avg', 'max', 'min', 'sum', 'wavg']);
    expect(samples.some((s) => s.batches.length > 1)).toBe(true);
    expect(samples.some((s) => s.batches.some((b) => b.ignoreOnFailed && b.records.includes('junk')))).toBe(true);
    expect(samples.some((s) => s.queries.some((q) => (q.groupBy as string[]).length > 1))).toBe(true);
    let duplicates = 0;
    let nullWavg = 0;
    for (const s of samples) {
      const descriptor: Descriptor = { id: 1, ...validateDescriptor(s.descriptor), createdAt: 0, updatedAt: 0 };
      const stored: NormalRecord[] = [];
      for (const b of s.batches) duplicates += referenceSubmit(stored, normaliseRecords(descriptor, b.records).records, descriptor.deduplicationFunction);
      for (const q of s.queries) {
        const result = referenceAggregate(descriptor, stored, parseAggregateQuery(descriptor, q, T0 + SPAN));
        nullWavg += result.data.filter((row) => Object.values(row.values).includes(null)).length;
      }
    }
    expect(duplicates).toBeGreaterThan(20);
    expect(nullWavg).toBeGreaterThan(0);
  });
});
