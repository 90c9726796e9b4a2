import { beforeEach, expect, it } from 'vitest';
import command, { parseRecordsArg } from '../../commands/darktrace-submit-metric-records.js';
import { apiKey } from '../../src/server/auth.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { CONNECTIONS, T0, freshConnections } from './descriptor-fixture.js';

const NO_SUBMIT = 'test-write-nosubmit-0123456789';

it('records: ISO timestamps become epoch ms; a single object is one record; bad JSON names the argument', () => {
  expect(parseRecordsArg('[{"timestamp":"2024-01-15T12:00:30Z","keys":{},"values":{}},{"timestamp":5}]')).toEqual([{ timestamp: T0 + 30_000, keys: {}, values: {} }, { timestamp: 5 }]);
  expect(parseRecordsArg('{"timestamp":"later"}')).toEqual([{ timestamp: 'later' }]);
  expect(() => parseRecordsArg('[{')).toThrow('records: must be a JSON array of {"timestamp": epoch ms or ISO 8601, "keys": {…}, "values": {…}}; it is not valid JSON');
});

describeCommandE2E(command, { scope: 'write', apiKeys: [apiKey(NO_SUBMIT, 'write', ['viewMetric'])] }, (e2e) => {
  beforeEach(async () => { await freshConnections(await e2e.h.store()); });
  const records = JSON.stringify([
    { timestamp: '2024-01-15T12:00:10Z', keys: { did: 1, dst: '10.0.0.1' }, values: { bytes: 100, latency: 2 } },
    { timestamp: T0 + 50_000, keys: { did: 1, dst: '10.0.0.1' }, values: { bytes: 300, latency: 4 } },
    { timestamp: T0 + 70_000, keys: { did: 2, dst: '2001:DB8::1' }, values: { bytes: 5, latency: 1 }, },
  ]);

  it('stores the records, deduplicating by frame and keys ("last"), and says so; nothing is sent to Darktrace', async () => {
    const r = await e2e.result({ descriptor: CONNECTIONS.shortName, records });
    expect(r.outputs).toEqual({ descriptor: 'deviceConnections', descriptorId: expect.any(Number), accepted: 3, rejected: 0, deduplicated: 1, rejections: [] });
    expect(r.readableOutput).toBe('### Records submitted to deviceConnections\n3 accepted, 0 rejected, 1 deduplicated.');
    expect(e2e.received()).toEqual([]);
    const store = await e2e.h.store();
    expect(await store.countRecords('deviceConnections')).toBe(2);
    const agg = await store.aggregate('deviceConnections', { startTimestamp: T0, endTimestamp: T0 + 120_000, groupBy: ['dst'] });
    expect(agg.data.map((row) => [row.keys.dst, row.values.bytes])).toEqual([['10.0.0.1', 300], ['2001:db8::1', 5]]);
  });

  it('one bad record refuses the batch (400 naming it); with ignore_on_failed the rest is stored', async () => {
    const bad = JSON.stringify([{ timestamp: T0, keys: { did: 1, dst: '10.0.0.999' }, values: { bytes: 1, latency: 1 } }, JSON.parse(records)[1]]);
    const refused = await e2e.run({ descriptor: 'deviceConnections', records: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'records[0].keys.dst', message: expect.stringMatching(/^records\[0\]\.keys\.dst: .*IPv4 or IPv6/) }]);
    expect(await (await e2e.h.store()).countRecords('deviceConnections')).toBe(0);
    const r = await e2e.result({ descriptor: 'deviceConnections', records: bad, ignore_on_failed: 'true' });
    expect(r.outputs).toMatchObject({ accepted: 1, rejected: 1, deduplicated: 0, rejections: [{ index: 0, errors: [{ path: 'records[0].keys.dst' }] }] });
    expect(r.readableOutput).toContain('### Rejected records\n|Record|Problems|\n|---|---|\n| 0 | records[0].keys.dst: ');
  });

  it('read scope: 403 naming write; a write key without submitMetric: 403 naming the function', async () => {
    const read = await e2e.run({ descriptor: 'deviceConnections', records }, { scope: 'read' });
    expect(read.status).toBe(403);
    expect(read.body.detail).toBe('This API key has the "read" scope; this request needs "write".');
    const noFn = await e2e.run({ descriptor: 'deviceConnections', records }, { key: NO_SUBMIT });
    expect(noFn.status).toBe(403);
    expect(noFn.body).toMatchObject({ code: 'FORBIDDEN', detail: 'This API key lacks the function grant "submitMetric" that this request needs.' });
    expect(await (await e2e.h.store()).countRecords('deviceConnections')).toBe(0);
  });

  it('an unknown descriptor: 404', async () => {
    const res = await e2e.run({ descriptor: 'nosuch', records: '[]' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', detail: 'No metric descriptor has shortName "nosuch".', command: 'darktrace-submit-metric-records' });
  });
});
