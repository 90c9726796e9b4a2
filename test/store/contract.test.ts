// The Store contract: every implementation passes exactly these tests (SPEC §11).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DescriptorInputError, DescriptorNotFoundError, searchFromQueryString, type Descriptor } from '../../src/descriptors/index.js';
import type { Store, SubmitResult } from '../../src/store/index.js';
import { inOtherProcess, manualClock, POSTGRES_SKIP_REASON, STORE_KINDS, type OpenedStore } from './stores.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR); // an hour boundary

const CONNECTIONS = {
  shortName: 'deviceConnections',
  description: 'External connections per device and destination',
  readFunction: 'viewMetric',
  writeFunction: 'submitMetric',
  adminFunction: 'adminMetric',
  keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
  values: [{ name: 'bytes' }, { name: 'latency', defaultAggregationFunction: 'wavg', valueAsWeight: 'bytes' }],
  timeFrameSize: 1,
  timeFrameSizeUnit: 'minutes',
};

async function inputErrors(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorInputError);
    return (error as DescriptorInputError).errors.map((e) => e.message);
  }
  throw new Error('expected a DescriptorInputError');
}

const rec = (timestamp: number, did: number, dst: string, bytes: number, latency = 0) => ({ timestamp, keys: { did, dst }, values: { bytes, latency } });

for (const kind of STORE_KINDS) {
  describe.skipIf(!kind.available)(`Store contract: ${kind.name}${kind.available ? '' : ` — ${POSTGRES_SKIP_REASON}`}`, () => {
    let opened: OpenedStore;
    let store: Store;
    const clock = manualClock();

    // One store per kind (opening and migrating a PostgreSQL schema per test would dominate the run time);
    // each test starts with no descriptors, the clock at a known time and its own key/value namespace.
    let ns = '';
    let tests = 0;
    beforeAll(async () => {
      opened = await kind.open({ now: clock.now });
      store = opened.store;
    });
    afterAll(async () => {
      await opened?.dispose();
    });
    beforeEach(async () => {
      clock.set(1_700_000_000_000);
      ns = `test-${++tests}`;
      for (;;) {
        const page = await store.searchDescriptors({ limit: 1000 });
        if (page.data.length === 0) break;
        for (const d of page.data) await store.deleteDescriptor(d.id);
      }
    });

    const create = (over: Record<string, unknown> = {}) => store.createDescriptor({ ...CONNECTIONS, ...over });
    const total = async (ref: string | number, query: Record<string, unknown> = {}) =>
      (await store.aggregate(ref, { startTimestamp: T0, endTimestamp: T0 + 100 * HOUR, ...query })).data;

    describe('descriptors', () => {
      it('creates a descriptor with a new id and reads it back by id or shortName', async () => {
        const d = await create({ deduplicationFunction: 'last' });
        const expected: Descriptor = {
          id: d.id,
          shortName: 'deviceConnections',
          description: 'External connections per device and destination',
          readFunction: 'viewMetric',
          writeFunction: 'submitMetric',
          adminFunction: 'adminMetric',
          keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
          values: [{ name: 'bytes', defaultAggregationFunction: 'sum' }, { name: 'latency', defaultAggregationFunction: 'wavg', valueAsWeight: 'bytes' }],
          timeFrameSize: 1,
          timeFrameSizeUnit: 'minutes',
          deduplicationFunction: 'last',
          createdAt: 1_700_000_000_000,
          updatedAt: 1_700_000_000_000,
        };
        expect(d).toEqual(expected);
        expect(Number.isSafeInteger(d.id) && d.id > 0).toBe(true);
        expect(await store.getDescriptor(d.id)).toEqual(expected);
        expect(await store.getDescriptor(String(d.id))).toEqual(expected);
        expect(await store.getDescriptor('deviceConnections')).toEqual(expected);
        expect(store.location).not.toMatch(/:[^:/@]*@/); // no credentials
      });

      it('says which id or shortName is unknown', async () => {
        await expect(store.getDescriptor(99)).rejects.toThrow(new DescriptorNotFoundError(99));
        await expect(store.getDescriptor('99')).rejects.toThrow('No metric descriptor has id 99.');
        await expect(store.getDescriptor('nope')).rejects.toThrow('No metric descriptor has shortName "nope".');
        await expect(store.getDescriptor('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      });

      it('keeps shortNames unique (case sensitive) and never reuses an id', async () => {
        const a = await create();
        expect(await inputErrors(create())).toEqual([`shortName: "deviceConnections" is already used by descriptor ${a.id}; shortNames are unique`]);
        const upper = await create({ shortName: 'DeviceConnections' });
        await store.deleteDescriptor(upper.id);
        const again = await create({ shortName: 'DeviceConnections' });
        expect(again.id).toBeGreaterThan(upper.id);
      });

      it('refuses an invalid descriptor with every problem and writes nothing', async () => {
        expect(await inputErrors(store.createDescriptor({ ...CONNECTIONS, keys: [{ name: 'did', type: 'IP' }], timeFrameSize: -1 }))).toEqual([
          'keys[0].type: must be one of "ip", "integer", "string" (case sensitive: did you mean "ip"?); got "IP"',
          'timeFrameSize: must be a whole number > 0; got -1',
        ]);
        expect((await store.searchDescriptors({})).count).toBe(0);
      });

      it('searches keywords as case-insensitive substrings, all or any, in the chosen fields, with paging', async () => {
        await create({ shortName: 'dnsQueries', description: 'DNS queries per device' });
        await create({ shortName: 'httpBytes', description: 'HTTP bytes per host' });
        await create({ shortName: 'smbWrites', description: 'SMB writes per Device', readFunction: 'viewSmb' });
        const names = async (query: unknown, readFunctions?: string[]) => (await store.searchDescriptors(query, { readFunctions })).data.map((d) => d.shortName);

        expect(await names({})).toEqual(['dnsQueries', 'httpBytes', 'smbWrites']);
        expect(await names({ keywords: ['DEVICE'] })).toEqual(['dnsQueries', 'smbWrites']);
        expect(await names({ keywords: ['device', 'dns'] })).toEqual(['dnsQueries']);
        expect(await names({ keywords: ['device', 'http'], keywordMatchStrategy: 'any' })).toEqual(['dnsQueries', 'httpBytes', 'smbWrites']);
        expect(await names({ keywords: ['device'], keywordFieldStrategy: ['shortName'] })).toEqual([]);
        expect(await names({ keywords: ['bytes'], keywordFieldStrategy: ['shortName'] })).toEqual(['httpBytes']);
        expect(await names({ keywords: ['%'] })).toEqual([]); // no LIKE wildcards
        expect(await names({}, ['viewMetric'])).toEqual(['dnsQueries', 'httpBytes']);
        expect(await names({}, [])).toEqual([]);

        const page = await store.searchDescriptors({ limit: 1, offset: 1 });
        expect({ ...page, data: page.data.map((d) => d.shortName) }).toEqual({ count: 3, offset: 1, limit: 1, data: ['httpBytes'] });
        const fromQuery = await store.searchDescriptors(searchFromQueryString({ keywords: 'per,device', limit: '5' }));
        expect({ ...fromQuery, data: fromQuery.data.map((d) => d.shortName) }).toEqual({ count: 2, offset: 0, limit: 5, data: ['dnsQueries', 'smbWrites'] });
        expect(await inputErrors(store.searchDescriptors({ keywordMatchStrategy: 'ALL', limit: 0 }))).toEqual([
          'keywordMatchStrategy: must be one of "all", "any" (case sensitive); got "ALL"',
          'limit: must be a whole number from 1 to 1000; got 0',
        ]);
      });

      it('updates fields, keeps the id and createdAt, and moves updatedAt', async () => {
        const d = await create();
        clock.advance(5_000);
        const updated = await store.updateDescriptor('deviceConnections', { shortName: 'conns', description: 'renamed', writeFunction: 'submitConns', deduplicationFunction: 'first' });
        expect(updated).toMatchObject({ id: d.id, shortName: 'conns', description: 'renamed', writeFunction: 'submitConns', deduplicationFunction: 'first', createdAt: d.createdAt, updatedAt: d.createdAt + 5_000 });
        expect(await store.getDescriptor(d.id)).toEqual(updated);
        await expect(store.getDescriptor('deviceConnections')).rejects.toThrow(DescriptorNotFoundError);
        const other = await create({ shortName: 'other' });
        expect(await inputErrors(store.updateDescriptor(other.id, { shortName: 'conns' }))).toEqual([`shortName: "conns" is already used by descriptor ${d.id}; shortNames are unique`]);
        expect(await inputErrors(store.updateDescriptor(other.id, { id: d.id }))).toEqual([`id: is immutable: this descriptor's id is ${other.id}; got ${d.id}`]);
        await expect(store.updateDescriptor('missing', {})).rejects.toThrow('No metric descriptor has shortName "missing".');
      });

      it('changes the time frame only while the descriptor holds no records', async () => {
        const d = await create();
        expect((await store.updateDescriptor(d.id, { timeFrameSize: 5 })).timeFrameSize).toBe(5);
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1)] });
        expect(await inputErrors(store.updateDescriptor(d.id, { timeFrameSize: 10 }))).toEqual([
          'timeFrameSize: cannot change the time frame of a descriptor that holds records (1); its records are snapped to 5 minutes. Create a new descriptor instead',
        ]);
        expect((await store.updateDescriptor(d.id, { timeFrameSize: 300, timeFrameSizeUnit: 'seconds' })).timeFrameSizeUnit).toBe('seconds');
      });

      it('deletes a descriptor with its records; a new one with the same shortName starts empty', async () => {
        const d = await create();
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1)] });
        expect(await store.deleteDescriptor('deviceConnections')).toEqual(await Promise.resolve(d));
        await expect(store.getDescriptor(d.id)).rejects.toThrow(DescriptorNotFoundError);
        await expect(store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1)] })).rejects.toThrow(DescriptorNotFoundError);
        await expect(store.aggregate(d.id, {})).rejects.toThrow(DescriptorNotFoundError);
        const again = await create();
        expect(await store.countRecords(again.id)).toBe(0);
      });

      it('runs the authorize check inside the operation: a refusal changes nothing', async () => {
        const d = await create();
        const refuse = { authorize: (x: Descriptor) => { throw new Error(`missing function ${x.writeFunction}`); } };
        await expect(store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1)] }, refuse)).rejects.toThrow('missing function submitMetric');
        await expect(store.updateDescriptor(d.id, { description: 'x' }, refuse)).rejects.toThrow('missing function');
        await expect(store.deleteDescriptor(d.id, refuse)).rejects.toThrow('missing function');
        await expect(store.aggregate(d.id, {}, refuse)).rejects.toThrow('missing function');
        await expect(store.getDescriptor(d.id, refuse)).rejects.toThrow('missing function');
        expect(await store.countRecords(d.id)).toBe(0);
        expect((await store.getDescriptor(d.id)).description).toBe(CONNECTIONS.description);
        const seen: string[] = [];
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1)] }, { authorize: (x) => { seen.push(x.shortName); } });
        expect(seen).toEqual(['deviceConnections']);
        expect(await store.countRecords(d.id)).toBe(1);
      });
    });

    describe('records', () => {
      it('snaps timestamps to the time frame and keeps every duplicate with deduplication none', async () => {
        const d = await create();
        const result = await store.submitRecords(d.id, {
          records: [rec(T0 + 59_999, 1, '10.0.0.1', 5), rec(T0 + 1, 1, '10.0.0.1', 7), rec(T0 + MINUTE, 1, '10.0.0.1', 1)],
        });
        expect(result).toEqual({ descriptor: { id: d.id, shortName: 'deviceConnections' }, accepted: 3, rejected: 0, deduplicated: 0, rejections: [] });
        expect(await total(d.id, { resolution: { size: 1, unit: 'seconds' }, startTimestamp: T0, endTimestamp: T0 + 2 * MINUTE })).toEqual([
          { timestamp: T0, keys: {}, values: { bytes: 12, latency: 0 }, count: 2 },
          { timestamp: T0 + MINUTE, keys: {}, values: { bytes: 1, latency: 0 }, count: 1 },
        ]);
      });

      it('first keeps the stored record, counting duplicates in the batch and against the store', async () => {
        const d = await create({ deduplicationFunction: 'first' });
        expect(await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1, 1), rec(T0 + 10, 1, '10.0.0.1', 2, 2), rec(T0, 2, '10.0.0.1', 3, 3)] }))
          .toMatchObject({ accepted: 3, deduplicated: 1 });
        expect(await store.submitRecords(d.id, { records: [rec(T0 + 20, 1, '10.0.0.1', 9, 9), rec(T0 + MINUTE, 1, '10.0.0.1', 4, 4)] }))
          .toMatchObject({ accepted: 2, deduplicated: 1 });
        expect(await total(d.id, { groupBy: ['did'], resolution: { size: 1, unit: 'minutes' } })).toEqual([
          { timestamp: T0, keys: { did: 1 }, values: { bytes: 1, latency: 1 }, count: 1 },
          { timestamp: T0, keys: { did: 2 }, values: { bytes: 3, latency: 3 }, count: 1 },
          { timestamp: T0 + MINUTE, keys: { did: 1 }, values: { bytes: 4, latency: 4 }, count: 1 },
        ]);
      });

      it('last replaces the stored record with the latest, in the batch and across batches', async () => {
        const d = await create({ deduplicationFunction: 'last' });
        expect(await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1, 1), rec(T0 + 10, 1, '10.0.0.1', 2, 2)] }))
          .toMatchObject({ accepted: 2, deduplicated: 1 });
        expect(await store.submitRecords(d.id, { records: [rec(T0 + 20, 1, '10.0.0.1', 9, 9), rec(T0, 1, '10.0.0.2', 5, 5)] }))
          .toMatchObject({ accepted: 2, deduplicated: 1 });
        expect(await store.countRecords(d.id)).toBe(2);
        expect(await total(d.id, { groupBy: ['dst'] })).toEqual([
          { timestamp: T0, keys: { dst: '10.0.0.1' }, values: { bytes: 9, latency: 9 }, count: 1 },
          { timestamp: T0, keys: { dst: '10.0.0.2' }, values: { bytes: 5, latency: 5 }, count: 1 },
        ]);
      });

      it('treats differently written IPv6 addresses as one key', async () => {
        const d = await create({ deduplicationFunction: 'first' });
        const result = await store.submitRecords(d.id, { records: [rec(T0, 1, '2001:DB8:0::1', 1), rec(T0, 1, '2001:db8::1', 2)] });
        expect(result.deduplicated).toBe(1);
        expect(await total(d.id, { groupBy: ['dst'], filters: { dst: '2001:0db8::0001' } })).toEqual([
          { timestamp: T0, keys: { dst: '2001:db8::1' }, values: { bytes: 1, latency: 0 }, count: 1 },
        ]);
      });

      it('writes nothing from a batch with an invalid record, unless ignoreOnFailed', async () => {
        const d = await create();
        const records = [rec(T0, 1, '10.0.0.1', 1), { timestamp: T0, keys: { did: 'one', dst: '10.0.0.1' }, values: { bytes: 1, latency: 0 } }, rec(T0, 3, '10.0.0.1', 3)];
        expect(await inputErrors(store.submitRecords(d.id, { records }))).toEqual(['records[1].keys.did: must be a whole number (an integer key); got "one"']);
        expect(await store.countRecords(d.id)).toBe(0);
        const result = await store.submitRecords(d.id, { records, ignoreOnFailed: true });
        expect(result).toEqual({
          descriptor: { id: d.id, shortName: 'deviceConnections' },
          accepted: 2,
          rejected: 1,
          deduplicated: 0,
          rejections: [{ index: 1, errors: [{ path: 'records[1].keys.did', message: 'records[1].keys.did: must be a whole number (an integer key); got "one"' }] }],
        });
        expect(await store.countRecords(d.id)).toBe(2);
      });

      it('gives keys and values added later their defaults, for older records and for records that omit them', async () => {
        const d = await create({ deduplicationFunction: 'first' });
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 10, 1)] });
        const updated = await store.updateDescriptor(d.id, {
          addKeys: [{ name: 'port', type: 'integer' }, { name: 'src', type: 'ip' }, { name: 'proto', type: 'string' }],
          addValues: [{ name: 'packets', defaultAggregationFunction: 'max' }],
        });
        expect(updated.keys.slice(2)).toEqual([
          { name: 'port', type: 'integer', addedAfterCreation: true },
          { name: 'src', type: 'ip', addedAfterCreation: true },
          { name: 'proto', type: 'string', addedAfterCreation: true },
        ]);
        // Same frame and tuple as the old record once the defaults are filled in: a duplicate.
        expect(await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 99, 99)] })).toMatchObject({ accepted: 1, deduplicated: 1 });
        await store.submitRecords(d.id, {
          records: [{ timestamp: T0, keys: { did: 1, dst: '10.0.0.1', port: 443, proto: 'tcp' }, values: { bytes: 5, latency: 0, packets: 3 } }],
        });
        expect(await total(d.id, { groupBy: ['port', 'src', 'proto'] })).toEqual([
          { timestamp: T0, keys: { port: 0, src: '0.0.0.0', proto: '' }, values: { bytes: 10, latency: 1, packets: 0 }, count: 1 },
          { timestamp: T0, keys: { port: 443, src: '0.0.0.0', proto: 'tcp' }, values: { bytes: 5, latency: 0, packets: 3 }, count: 1 },
        ]);
        expect(await total(d.id, { filters: { port: 0, src: '0.0.0.0' }, values: ['bytes'] })).toEqual([{ timestamp: T0, keys: {}, values: { bytes: 10 }, count: 1 }]);
        expect(await inputErrors(store.submitRecords(d.id, { records: [{ timestamp: T0, keys: { port: 1 }, values: {} }] }))).toEqual([
          'records[0].keys.did: required: a whole number (integer key)',
          'records[0].keys.dst: required: an IPv4 or IPv6 address (ip key)',
          'records[0].values.bytes: required: a number',
          'records[0].values.latency: required: a number',
        ]);
      });

      it('collapses records that become duplicates when a key is removed: last keeps the latest stored', async () => {
        const d = await create({ deduplicationFunction: 'last' });
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1), rec(T0, 1, '10.0.0.2', 2), rec(T0, 2, '10.0.0.1', 3)] });
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.3', 4)] });
        await store.updateDescriptor(d.id, { removeKeys: ['dst'] });
        expect(await total(d.id, { groupBy: ['did'] })).toEqual([
          { timestamp: T0, keys: { did: 1 }, values: { bytes: 4, latency: 0 }, count: 1 },
          { timestamp: T0, keys: { did: 2 }, values: { bytes: 3, latency: 0 }, count: 1 },
        ]);
        expect(await store.submitRecords(d.id, { records: [{ timestamp: T0, keys: { did: 1 }, values: { bytes: 8, latency: 0 } }] })).toMatchObject({ deduplicated: 1 });
        expect(await inputErrors(store.aggregate(d.id, { groupBy: ['dst'] }))).toEqual(['groupBy[0]: must be one of the descriptor\'s keys ("did"); got "dst"']);
      });

      it('switching none to first collapses existing duplicates to the earliest stored', async () => {
        const d = await create();
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1), rec(T0, 1, '10.0.0.1', 2), rec(T0 + MINUTE, 1, '10.0.0.1', 3)] });
        await store.updateDescriptor(d.id, { deduplicationFunction: 'first' });
        expect(await total(d.id, { resolution: { size: 1, unit: 'minutes' } })).toEqual([
          { timestamp: T0, keys: {}, values: { bytes: 1, latency: 0 }, count: 1 },
          { timestamp: T0 + MINUTE, keys: {}, values: { bytes: 3, latency: 0 }, count: 1 },
        ]);
        await store.updateDescriptor(d.id, { deduplicationFunction: 'none' });
        expect(await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1)] })).toMatchObject({ deduplicated: 0 });
        expect(await store.countRecords(d.id)).toBe(3);
      });

      it('a key removed and added back in one update comes back empty, with its new type', async () => {
        const d = await create({ deduplicationFunction: 'first' });
        await store.submitRecords(d.id, { records: [rec(T0, 1, '10.0.0.1', 1), rec(T0, 1, '10.0.0.2', 2)] });
        await store.updateDescriptor(d.id, { removeKeys: ['dst'], addKeys: [{ name: 'dst', type: 'string' }], removeValues: ['latency'], addValues: [{ name: 'latency' }] });
        expect(await total(d.id, { groupBy: ['dst'] })).toEqual([{ timestamp: T0, keys: { dst: '' }, values: { bytes: 1, latency: 0 }, count: 1 }]);
        await store.submitRecords(d.id, { records: [{ timestamp: T0, keys: { did: 1, dst: 'not-an-ip' }, values: { bytes: 5, latency: 2 } }] });
        expect(await total(d.id, { groupBy: ['dst'] })).toEqual([
          { timestamp: T0, keys: { dst: '' }, values: { bytes: 1, latency: 0 }, count: 1 },
          { timestamp: T0, keys: { dst: 'not-an-ip' }, values: { bytes: 5, latency: 2 }, count: 1 },
        ]);
      });

      it('stores string keys exactly and orders them by code point', async () => {
        const d = await create({ keys: [{ name: 'host', type: 'string' }], values: [{ name: 'bytes' }], deduplicationFunction: 'first' });
        const hosts = ['b', 'B', 'a', 'ä', '\u{1F600}', '\uFFFD', "o'brien\"; drop table x; --", '', ' a', 'A\\b'];
        await store.submitRecords(d.id, { records: hosts.map((host, i) => ({ timestamp: T0, keys: { host }, values: { bytes: i } })) });
        const rows = await total(d.id, { groupBy: ['host'] });
        expect(rows.map((r) => r.keys.host)).toEqual(['', ' a', 'A\\b', 'B', 'a', 'b', "o'brien\"; drop table x; --", 'ä', '\uFFFD', '\u{1F600}']);
      });

      it('handles a batch bigger than one SQL statement takes', async () => {
        const d = await create({ deduplicationFunction: 'last' });
        // 25,000 distinct tuples: 1,000 frames × 25 devices.
        const records = (bytes: number) => Array.from({ length: 25_000 }, (_, i) => rec(T0 + (i % 1000) * MINUTE, Math.floor(i / 1000), '10.0.0.1', bytes));
        expect(await store.submitRecords(d.id, { records: records(1) })).toMatchObject({ accepted: 25_000, deduplicated: 0 });
        expect(await store.submitRecords(d.id, { records: records(2) })).toMatchObject({ accepted: 25_000, deduplicated: 25_000 });
        expect(await total(d.id, { values: ['bytes'] })).toEqual([{ timestamp: T0, keys: {}, values: { bytes: 50_000 }, count: 25_000 }]);
      });
    });

    describe('aggregation', () => {
      it('groups by time bucket and keys with each value\'s function; wavg is null when the weights sum to 0', async () => {
        const d = await create({ values: [...CONNECTIONS.values, { name: 'peak', defaultAggregationFunction: 'max' }, { name: 'low', defaultAggregationFunction: 'min' }, { name: 'mean', defaultAggregationFunction: 'avg' }] });
        const r = (t: number, did: number, dst: string, bytes: number, latency: number, x: number) => ({ timestamp: t, keys: { did, dst }, values: { bytes, latency, peak: x, low: x, mean: x } });
        await store.submitRecords(d.id, {
          records: [
            r(T0, 1, '10.0.0.1', 100, 10, 1),
            r(T0 + 5 * MINUTE, 1, '10.0.0.2', 300, 20, 4),
            r(T0 + 10 * MINUTE, 2, '10.0.0.1', 0, 50, -2),
            r(T0 + HOUR, 1, '10.0.0.1', 50, 8, 0.5),
            r(T0 + 2 * HOUR, 1, '10.0.0.1', 1, 1, 1),
          ],
        });
        const result = await store.aggregate('deviceConnections', { startTimestamp: T0, endTimestamp: T0 + 2 * HOUR, groupBy: ['did'], resolution: { size: 1, unit: 'hours' } });
        expect(result).toEqual({
          descriptor: { id: d.id, shortName: 'deviceConnections' },
          startTimestamp: T0,
          endTimestamp: T0 + 2 * HOUR,
          resolution: { size: 1, unit: 'hours' },
          groupBy: ['did'],
          functions: { bytes: 'sum', latency: 'wavg', peak: 'max', low: 'min', mean: 'avg' },
          data: [
            { timestamp: T0, keys: { did: 1 }, values: { bytes: 400, latency: (100 * 10 + 300 * 20) / 400, peak: 4, low: 1, mean: 2.5 }, count: 2 },
            { timestamp: T0, keys: { did: 2 }, values: { bytes: 0, latency: null, peak: -2, low: -2, mean: -2 }, count: 1 },
            { timestamp: T0 + HOUR, keys: { did: 1 }, values: { bytes: 50, latency: 8, peak: 0.5, low: 0.5, mean: 0.5 }, count: 1 },
          ],
        });
        const overridden = await store.aggregate(d.id, {
          startTimestamp: T0, endTimestamp: T0 + 3 * HOUR, filters: { did: [1, 7], dst: '10.0.0.1' }, functions: { bytes: 'max', latency: 'avg' }, values: ['bytes', 'latency'],
        });
        expect(overridden.data).toEqual([{ timestamp: T0, keys: {}, values: { bytes: 100, latency: (10 + 8 + 1) / 3 }, count: 3 }]);
        expect(overridden.functions).toEqual({ bytes: 'max', latency: 'avg' });
      });

      it('reads only inside the given ranges, in one query even for thousands of ranges', async () => {
        const d = await create();
        // One record a minute for 3 hours: bytes = minute number.
        await store.submitRecords(d.id, { records: Array.from({ length: 180 }, (_, i) => rec(T0 + i * MINUTE, 1, '10.0.0.1', i)) });
        const ranges = [{ start: T0 + 10 * MINUTE, end: T0 + 12 * MINUTE }, { start: T0 + 70 * MINUTE, end: T0 + 71 * MINUTE }];
        const result = await store.aggregate(d.id, { ranges, resolution: { size: 1, unit: 'hours' }, values: ['bytes'] });
        expect(result).toMatchObject({ startTimestamp: T0 + 10 * MINUTE, endTimestamp: T0 + 71 * MINUTE, ranges });
        expect(result.data).toEqual([
          { timestamp: T0, keys: {}, values: { bytes: 10 + 11 }, count: 2 },
          { timestamp: T0 + HOUR, keys: {}, values: { bytes: 70 }, count: 1 },
        ]);
        // Every other minute of the three hours, as separate ranges: 90 minutes' records, sum of the even minutes.
        const everyOther = Array.from({ length: 90 }, (_, i) => ({ start: T0 + 2 * i * MINUTE, end: T0 + (2 * i + 1) * MINUTE }));
        const evens = await store.aggregate(d.id, { ranges: everyOther, values: ['bytes'] });
        expect(evens.data).toEqual([{ timestamp: T0, keys: {}, values: { bytes: 2 * (89 * 90) / 2 }, count: 90 }]);
        const thousands = Array.from({ length: 5_000 }, (_, i) => ({ start: T0 + i * 3, end: T0 + i * 3 + 1 }));
        expect((await store.aggregate(d.id, { ranges: thousands, values: ['bytes'] })).data).toEqual([{ timestamp: T0, keys: {}, values: { bytes: 0 }, count: 1 }]);
      });

      it('refuses an answer of more than 100,000 rows, in one bucket or summed over buckets', async () => {
        const d = await create({ keys: [{ name: 'did', type: 'integer' }], values: [{ name: 'bytes' }] });
        // 100,001 devices: 50,001 in the first hour, 50,000 in the second.
        for (let from = 0; from <= 100_000; from += 50_001) {
          const records = [];
          for (let did = from; did < Math.min(from + 50_001, 100_001); did++) records.push({ timestamp: T0 + (from === 0 ? 0 : HOUR), keys: { did }, values: { bytes: 1 } });
          await store.submitRecords(d.id, { records });
        }
        const message = 'groupBy: the aggregation has more than 100000 rows; narrow it with filters, a shorter range, a coarser resolution or fewer groupBy keys';
        expect(await inputErrors(store.aggregate(d.id, { startTimestamp: T0, endTimestamp: T0 + 2 * HOUR, groupBy: ['did'] }))).toEqual([message]);
        expect(await inputErrors(store.aggregate(d.id, { startTimestamp: T0, endTimestamp: T0 + 2 * HOUR, groupBy: ['did'], resolution: { size: 1, unit: 'hours' } }))).toEqual([message]);
        // Either hour alone is within the limit.
        const second = await store.aggregate(d.id, { startTimestamp: T0 + HOUR, endTimestamp: T0 + 2 * HOUR, groupBy: ['did'], resolution: { size: 1, unit: 'hours' } });
        expect(second.data).toHaveLength(50_000);
        expect([second.data[0], second.data[49_999]]).toEqual([
          { timestamp: T0 + HOUR, keys: { did: 50_001 }, values: { bytes: 1 }, count: 1 },
          { timestamp: T0 + HOUR, keys: { did: 100_000 }, values: { bytes: 1 }, count: 1 },
        ]);
      }, 60_000);

      it('answers no rows for an empty range, grouped or not', async () => {
        const d = await create();
        expect(await total(d.id)).toEqual([]);
        expect(await total(d.id, { groupBy: ['did'], resolution: { size: 1, unit: 'hours' }, startTimestamp: T0 })).toEqual([]);
      });

      it('ends at the clock by default', async () => {
        const d = await create();
        await store.submitRecords(d.id, { records: [rec(clock.now() - MINUTE, 1, '10.0.0.1', 1), rec(clock.now() + MINUTE, 1, '10.0.0.1', 2)] });
        const result = await store.aggregate(d.id, {});
        expect(result.endTimestamp).toBe(clock.now());
        expect(result.data.map((r) => r.values.bytes)).toEqual([1]);
      });
    });

    describe('key/value table', () => {
      it('stores JSON values with optional expiry', async () => {
        await store.kv.set(ns, 'k1', { status: 201, body: { id: 1 } }, 1_000);
        await store.kv.set(ns, 'k2', 'forever');
        expect(await store.kv.get(ns, 'k1')).toEqual({ status: 201, body: { id: 1 } });
        expect(await store.kv.get(`${ns}-other`, 'k1')).toBeUndefined();
        clock.advance(1_000);
        expect(await store.kv.get(ns, 'k1')).toBeUndefined();
        expect(await store.kv.get(ns, 'k2')).toBe('forever');
        await store.kv.set(ns, 'k2', 2);
        expect(await store.kv.get(ns, 'k2')).toBe(2);
        expect(await store.kv.purgeExpired()).toBe(1);
        expect(await store.kv.delete(ns, 'k2')).toBe(true);
        expect(await store.kv.delete(ns, 'k2')).toBe(false);
        await expect(store.kv.set(ns, 'k3', 1, 0)).rejects.toThrow('ttlMs must be a whole number of milliseconds > 0; got 0');
      });

      it('setIfAbsent claims a key once, and again only after it expired', async () => {
        expect(await store.kv.setIfAbsent(ns, 'req-1', 'first', 500)).toBe(true);
        expect(await store.kv.setIfAbsent(ns, 'req-1', 'second', 500)).toBe(false);
        expect(await store.kv.get(ns, 'req-1')).toBe('first');
        clock.advance(500);
        expect(await store.kv.setIfAbsent(ns, 'req-1', 'third')).toBe(true);
        expect(await store.kv.setIfAbsent(ns, 'req-1', 'fourth')).toBe(false);
        expect(await store.kv.get(ns, 'req-1')).toBe('third');
      });
    });

    describe.skipIf(kind.name === 'SQLite in memory')('two processes on the same data', () => {
      it('concurrent submits to one tuple never fail and keep one record', async () => {
        const d = await create({ deduplicationFunction: 'last' });
        const batches = Array.from({ length: 20 }, (_, i) => ({ records: [rec(T0, 1, '10.0.0.1', i), rec(T0, 2, '10.0.0.1', i)] }));
        const [theirs, ...ours] = await Promise.all([
          inOtherProcess(opened.childArgs!, batches.map((body) => ({ submit: d.id, body }))) as Promise<SubmitResult[]>,
          ...batches.map((b) => store.submitRecords(d.id, b)),
        ]);
        // 40 batches of the same two tuples: all but the first write of each tuple is a duplicate.
        expect([...theirs, ...ours].reduce((n, r) => n + r.deduplicated, 0)).toBe(78);
        expect(await store.countRecords(d.id)).toBe(2);
      });

      it('a key change in one process and submits in the other do not interfere', async () => {
        const d = await create();
        const submits = Array.from({ length: 20 }, (_, i) => store.submitRecords(d.id, { records: [rec(T0 + i, 1, '10.0.0.1', 1)] }));
        const change = inOtherProcess(opened.childArgs!, [{ update: d.id, body: { addKeys: [{ name: 'port', type: 'integer' }] } }]);
        await Promise.all([...submits, change]);
        expect(await store.countRecords(d.id)).toBe(20);
        expect((await store.getDescriptor(d.id)).keys.map((k) => k.name)).toEqual(['did', 'dst', 'port']);
        await store.submitRecords(d.id, { records: [{ timestamp: T0, keys: { did: 1, dst: '10.0.0.1', port: 80 }, values: { bytes: 1, latency: 0 } }] });
        expect(await total(d.id, { groupBy: ['port'], values: ['bytes'] })).toEqual([
          { timestamp: T0, keys: { port: 0 }, values: { bytes: 20 }, count: 20 },
          { timestamp: T0, keys: { port: 80 }, values: { bytes: 1 }, count: 1 },
        ]);
      });
    });
  });
}
