import { describe, expect, it } from 'vitest';
import {
  canonicalIp, dedupBatch, DescriptorInputError, normaliseBatch, validateDescriptor, validateUpdate, type Descriptor,
} from '../../src/descriptors/index.js';

const base: Descriptor = {
  id: 3,
  ...validateDescriptor({
    shortName: 'conns', readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
    keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }, { name: 'host', type: 'string' }],
    values: [{ name: 'bytes' }, { name: 'latency', defaultAggregationFunction: 'avg' }],
    timeFrameSize: 1, timeFrameSizeUnit: 'minutes', deduplicationFunction: 'last',
  }),
  createdAt: 0,
  updatedAt: 0,
};

const ok = (over: Record<string, unknown> = {}) => ({
  timestamp: 1_700_000_123_456,
  keys: { did: 1, dst: '10.0.0.1', host: 'a' },
  values: { bytes: 10, latency: 2.5 },
  ...over,
});

function inputError(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorInputError);
    return (error as DescriptorInputError).errors.map((e) => e.message);
  }
  throw new Error('expected a DescriptorInputError');
}

describe('normaliseBatch', () => {
  it('snaps timestamps to the start of their time frame and orders keys and values as the descriptor does', () => {
    const batch = normaliseBatch(base, {
      records: [ok(), ok({ timestamp: 1_700_000_100_000, keys: { host: 'b', dst: '2001:DB8:0:0:0:0:0:1', did: 2 }, values: { latency: 1, bytes: 0 } })],
    });
    expect(batch.records).toEqual([
      { timestamp: 1_700_000_100_000, keys: [1, '10.0.0.1', 'a'], values: [10, 2.5] },
      { timestamp: 1_700_000_100_000, keys: [2, '2001:db8::1', 'b'], values: [0, 1] },
    ]);
    expect(batch.rejections).toEqual([]);
    expect(batch.ignoreOnFailed).toBe(false);
  });

  it('discards key and value names the descriptor does not have', () => {
    const batch = normaliseBatch(base, { records: [ok({ keys: { did: 1, dst: '10.0.0.1', host: 'a', extra: 'x' }, values: { bytes: 1, latency: 1, other: 9 } })] });
    expect(batch.records[0]).toEqual({ timestamp: 1_700_000_100_000, keys: [1, '10.0.0.1', 'a'], values: [1, 1] });
  });

  it('refuses the whole batch, listing every problem of every record, unless ignoreOnFailed', () => {
    const records = [
      ok(),
      ok({ timestamp: -1, keys: { did: 1.5, dst: '10.0.0.256', host: 7 }, values: { bytes: '10' } }),
      ok({ timestamp: undefined, colour: 'red', keys: { dst: 'fe80::1%eth0', host: 'x\u0000y' }, values: 3 }),
      'not a record',
    ];
    expect(inputError(() => normaliseBatch(base, { records }))).toEqual([
      'records[1].timestamp: must be epoch milliseconds, a whole number from 0 to 253402300799999 (year 9999); got -1',
      'records[1].keys.did: must be a whole number (an integer key); got 1.5',
      'records[1].keys.dst: must be an IPv4 or IPv6 address (an ip key, no zone or port); got "10.0.0.256"',
      'records[1].keys.host: must be a string (a string key); got 7',
      'records[1].values.bytes: must be 0 or a number of magnitude 1e-100 to 1e100; got "10"',
      'records[1].values.latency: required: a number',
      'records[2].colour: unknown field (allowed: timestamp, keys, values)',
      'records[2].timestamp: required: epoch milliseconds',
      'records[2].keys.did: required: a whole number (integer key)',
      'records[2].keys.dst: must be an IPv4 or IPv6 address (an ip key, no zone or port); got "fe80::1%eth0"',
      'records[2].keys.host: must be valid Unicode text without NUL characters',
      'records[2].values: must be an object {valueName: number}; got 3',
      'records[3]: must be an object {timestamp, keys, values}; got "not a record"',
    ]);

    const skipped = normaliseBatch(base, { records, ignoreOnFailed: true });
    expect(skipped.records).toHaveLength(1);
    expect(skipped.rejections.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(skipped.rejections[0].errors[0]).toEqual({
      path: 'records[1].timestamp',
      message: 'records[1].timestamp: must be epoch milliseconds, a whole number from 0 to 253402300799999 (year 9999); got -1',
    });
  });

  it('takes values that are 0 or of magnitude 1e-100 to 1e100 (no store can overflow or underflow on them)', () => {
    const values = [0, -0, 1e-100, -1e100, 5e-324, 1e101, -2e-101];
    const batch = normaliseBatch(base, { ignoreOnFailed: true, records: values.map((bytes) => ok({ values: { bytes, latency: 1 } })) });
    expect(batch.records.map((r) => r.values[0])).toEqual([0, -0, 1e-100, -1e100]);
    expect(batch.rejections.map((r) => r.errors[0].message)).toEqual([
      'records[4].values.bytes: must be 0 or a number of magnitude 1e-100 to 1e100; got 5e-324',
      'records[5].values.bytes: must be 0 or a number of magnitude 1e-100 to 1e100; got 1e+101',
      'records[6].values.bytes: must be 0 or a number of magnitude 1e-100 to 1e100; got -2e-101',
    ]);
  });

  it('checks the body itself', () => {
    expect(inputError(() => normaliseBatch(base, { record: [], ignoreOnFailed: 'yes' }))).toEqual([
      'record: unknown field (allowed: records, ignoreOnFailed)',
      'ignoreOnFailed: must be true or false; got "yes"',
      'records: required: a list of records {timestamp, keys, values}',
    ]);
    expect(inputError(() => normaliseBatch(base, { records: new Array(100_001).fill(ok()) }))).toEqual([
      'records: at most 100000 records per batch; got 100001 (split the batch)',
    ]);
    expect(normaliseBatch(base, { records: [] })).toEqual({ records: [], rejections: [], ignoreOnFailed: false });
  });

  it('lists at most 1000 problems and says how many more there were', () => {
    const records = new Array(600).fill({ timestamp: 'x', keys: {}, values: {} });
    const messages = inputError(() => normaliseBatch(base, { records }));
    expect(messages).toHaveLength(1001);
    expect(messages[1000]).toBe('2600 more problem(s) not listed (the first 1000 are shown)');
  });

  it('fills keys and values added after creation with their type defaults, but not original ones', () => {
    const changes = validateUpdate(base, {
      addKeys: [{ name: 'port', type: 'integer' }, { name: 'src', type: 'ip' }, { name: 'proto', type: 'string' }],
      addValues: [{ name: 'packets' }],
    });
    const updated: Descriptor = { ...base, ...changes.next };
    const batch = normaliseBatch(updated, { records: [ok(), ok({ keys: { did: 1, dst: '10.0.0.1', host: 'a', port: 443, proto: 'tcp' }, values: { bytes: 1, latency: 1, packets: 4 } })] });
    expect(batch.records.map((r) => [r.keys, r.values])).toEqual([
      [[1, '10.0.0.1', 'a', 0, '0.0.0.0', ''], [10, 2.5, 0]],
      [[1, '10.0.0.1', 'a', 443, '0.0.0.0', 'tcp'], [1, 1, 4]],
    ]);
    expect(inputError(() => normaliseBatch(updated, { records: [ok({ keys: { did: 1 }, values: {} })] }))).toEqual([
      'records[0].keys.dst: required: an IPv4 or IPv6 address (ip key)',
      'records[0].keys.host: required: a string (string key)',
      'records[0].values.bytes: required: a number',
      'records[0].values.latency: required: a number',
    ]);
  });
});

describe('canonicalIp', () => {
  it('accepts IPv4 and IPv6 and writes IPv6 in RFC 5952 form', () => {
    expect(canonicalIp('192.168.0.1')).toBe('192.168.0.1');
    expect(canonicalIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalIp('::')).toBe('::');
    for (const bad of ['01.2.3.4', '1.2.3', '1.2.3.4 ', 'fe80::1%1', '[::1]', '1.2.3.4:80', 'localhost', '']) expect(canonicalIp(bad)).toBeUndefined();
  });
});

describe('dedupBatch', () => {
  const r = (ts: number, k: number, v: number) => ({ timestamp: ts, keys: [k], values: [v] });
  it('keeps the first or the last of records sharing a frame and key tuple, or all of them', () => {
    const batch = [r(0, 1, 1), r(0, 2, 2), r(0, 1, 3), r(60, 1, 4), r(0, 1, 5)];
    expect(dedupBatch(batch, 'first')).toEqual({ records: [r(0, 1, 1), r(0, 2, 2), r(60, 1, 4)], dropped: 2 });
    expect(dedupBatch(batch, 'last')).toEqual({ records: [r(0, 1, 5), r(0, 2, 2), r(60, 1, 4)], dropped: 2 });
    expect(dedupBatch(batch, 'none')).toEqual({ records: batch, dropped: 0 });
  });
  it('tells an integer key from the same digits in a string key', () => {
    const batch = [{ timestamp: 0, keys: [1, '1'], values: [1] }, { timestamp: 0, keys: ['1', 1], values: [2] }];
    expect(dedupBatch(batch, 'first').dropped).toBe(0);
  });
});
