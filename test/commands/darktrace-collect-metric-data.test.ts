// darktrace-collect-metric-data end to end (emulator + sqlite::memory: store): the exact /metricdata requests,
// the records stored (compared with what darktrace-get-metric-data answers for the same window), idempotent
// re-collection, dedup `none`, descriptors that cannot be collected, bad arguments and grants.
import { beforeEach, describe, expect, it } from 'vitest';
import command, { collectionReadable } from '../../commands/darktrace-collect-metric-data.js';
import { collectionProblems, toRecord, type CollectResult } from '../../src/collection/collect.js';
import { apiKey } from '../../src/server/auth.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { COLLECTED, freshCollected } from './descriptor-fixture.js';
import type { Descriptor } from '../../src/descriptors/model.js';

const HOUR = 3_600_000;
/** The command's clock: the last whole hour, behind the emulator's (real) one, so every window is in its past. */
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const START = NOW - 2 * HOUR;
const NO_SUBMIT = 'test-write-nosubmit-collect-0123';
const metricdata = (query: string) => ({ method: 'GET', path: '/metricdata', query, body: '' });
const asDescriptor = (changes: Record<string, unknown> = {}) => ({ ...COLLECTED, id: 1, createdAt: 0, updatedAt: 0, ...changes }) as Descriptor;

describe('collectionProblems and toRecord (pure)', () => {
  it('a collectable descriptor has none; every problem of an unfit one is listed', () => {
    expect(collectionProblems(asDescriptor())).toEqual([]);
    expect(collectionProblems(asDescriptor({ source: undefined }))).toEqual([
      'metric descriptor "collectedConnections" has no source (darktraceMetric, entityKey); add one with darktrace-update-metric-descriptor or the descriptor route to collect it',
    ]);
    expect(collectionProblems(asDescriptor({
      timeFrameSize: 90, timeFrameSizeUnit: 'milliseconds',
      keys: [{ name: 'did', type: 'ip' }, { name: 'dst', type: 'string' }],
      values: [{ name: 'value' }, { name: 'bytes' }],
    }))).toEqual([
      'metric descriptor "collectedConnections" has a time frame of 90 milliseconds, which is not a Darktrace interval; collection needs a frame of whole seconds from 60 (1 minute) to 31,622,400 (366 days), e.g. 5 minutes or 1 hours',
      'metric descriptor "collectedConnections"\'s source.entityKey "did" is an ip key; a device id (did) needs an integer or string key',
      'metric descriptor "collectedConnections" has keys "dst" that /metricdata cannot fill (it gives only the device id, source.entityKey)',
      'metric descriptor "collectedConnections" has values "bytes" that /metricdata cannot fill; collected values must be named "value", "size", "in", "out"',
    ]);
    expect(collectionProblems(asDescriptor({ timeFrameSize: 30, timeFrameSizeUnit: 'seconds' }))[0]).toContain('30 seconds, which is not a Darktrace interval');
  });

  it('a point → keys {entityKey: did}, values by name (value and size both take size); a missing in stays missing', () => {
    const point = { timestamp: '', timems: 300_000, value: 7, in: 3, out: 4 };
    expect(toRecord(asDescriptor(), 5, point)).toEqual({ timestamp: 300_000, keys: { did: 5 }, values: { value: 7, in: 3, out: 4 } });
    const d = asDescriptor({ keys: [{ name: 'device', type: 'string' }], values: [{ name: 'size' }, { name: 'in' }], source: { darktraceMetric: 'connections', entityKey: 'device' } });
    expect(toRecord(d, 5, { ...point, in: null })).toEqual({ timestamp: 300_000, keys: { device: '5' }, values: { size: 7 } });
  });

  it('readable: counts, and a warning when deduplication is none', () => {
    const r: CollectResult = {
      descriptor: { id: 1, shortName: 'c' }, metric: 'connections', interval: 300, start: 0, end: HOUR, devices: [1, 2],
      read: 4, accepted: 4, deduplicated: 0, rejected: 0, rejections: [], deduplicationFunction: 'none',
    };
    expect(collectionReadable(r)).toBe('### Metric data collected into c\nconnections for devices 1, 2, 1970-01-01T00:00:00.000Z to 1970-01-01T01:00:00.000Z, every 300 seconds: ' +
      '4 points read, 4 stored, 0 deduplicated, 0 rejected.\n\n**Deduplication is none: collecting this window again stores its points again.**');
  });
});

describeCommandE2E(command, { scope: 'write', now: () => new Date(NOW), apiKeys: [apiKey(NO_SUBMIT, 'write', ['viewMetric'])] }, (e2e) => {
  beforeEach(async () => { await freshCollected(await e2e.h.store()); });
  const sent = () => e2e.received().filter((r) => r.path === '/metricdata');
  const args = { descriptor: 'collectedConnections', devices: '1,2', start_time: String(START), end_time: String(NOW) };

  /** What Darktrace answers for the same window, through darktrace-get-metric-data: [did, timems, size, in, out]. */
  async function expectedPoints(): Promise<Array<[number, number, number, number, number]>> {
    const res = await e2e.h.call('darktrace-get-metric-data', { metric: 'connections', devices: '1,2', start_time: START, end_time: NOW, interval: 300 });
    expect(res.status).toBe(200);
    return res.body.results[0].outputs.flatMap((s: { did: number; data: Array<{ timems: number; value: number; in: number; out: number }> }) =>
      s.data.map((p) => [s.did, p.timems, p.value, p.in, p.out]));
  }
  /** What the store holds, one row per frame and device (resolution = the frame). */
  async function storedPoints() {
    const store = await e2e.h.store();
    const agg = await store.aggregate('collectedConnections', { startTimestamp: START - HOUR, endTimestamp: NOW, groupBy: ['did'], resolution: { size: 5, unit: 'minutes' } });
    return agg.data.map((row) => [row.keys.did, row.timestamp, row.values.value, row.values.in, row.values.out, row.count])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
  }

  it('one /metricdata request per device at the frame; every bucket stored as a record keyed by did', async () => {
    const r = await e2e.result(args);
    expect(sent()).toEqual([
      metricdata(`metric=connections&did=1&starttime=${START}&endtime=${NOW}&interval=300`),
      metricdata(`metric=connections&did=2&starttime=${START}&endtime=${NOW}&interval=300`),
    ]);
    const expected = await expectedPoints();
    expect(expected.length).toBeGreaterThan(10);
    expect(await storedPoints()).toEqual(expected.map((p) => [...p, 1]));
    expect(r.outputsPrefix).toBe('Darktrace.MetricCollection');
    expect(r.outputs).toEqual({
      descriptor: 'collectedConnections', descriptorId: expect.any(Number), metric: 'connections', interval: 300,
      start: new Date(START).toISOString(), end: new Date(NOW).toISOString(), devices: [1, 2],
      read: expected.length, accepted: expected.length, deduplicated: 0, rejected: 0, rejections: [],
    });
    expect(r.readableOutput).toBe(`### Metric data collected into collectedConnections\nconnections for devices 1, 2, ${r.outputs.start} to ${r.outputs.end}, ` +
      `every 300 seconds: ${expected.length} points read, ${expected.length} stored, 0 deduplicated, 0 rejected.`);
  });

  it('collecting the same window again stores nothing new (dedup last replaces each record with its equal)', async () => {
    const first = await e2e.result(args);
    const before = await storedPoints();
    const again = await e2e.result(args);
    expect(again.outputs).toMatchObject({ read: first.outputs.read, accepted: first.outputs.read, deduplicated: first.outputs.read, rejected: 0 });
    expect(await storedPoints()).toEqual(before);
    expect(await (await e2e.h.store()).countRecords('collectedConnections')).toBe(first.outputs.read);
  });

  it('dedup first keeps what was stored; dedup none stores the points again and says so', async () => {
    const store = await e2e.h.store();
    await freshCollected(store, { deduplicationFunction: 'first' });
    const first = await e2e.result(args);
    expect((await e2e.result(args)).outputs).toMatchObject({ deduplicated: first.outputs.read });
    expect(await store.countRecords('collectedConnections')).toBe(first.outputs.read);

    await freshCollected(store, { deduplicationFunction: 'none' });
    await e2e.result(args);
    const twice = await e2e.result(args);
    expect(twice.outputs).toMatchObject({ deduplicated: 0, accepted: first.outputs.read });
    expect(twice.readableOutput).toContain('**Deduplication is none: collecting this window again stores its points again.**');
    expect(await store.countRecords('collectedConnections')).toBe(2 * first.outputs.read);
  });

  it('a descriptor that cannot be collected: 400 naming it, nothing sent to Darktrace', async () => {
    const store = await e2e.h.store();
    await freshCollected(store, { values: [{ name: 'value' }, { name: 'bytes' }], timeFrameSize: 30, timeFrameSizeUnit: 'seconds' });
    const res = await e2e.run(args);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'descriptor', message: 'descriptor: metric descriptor "collectedConnections" has a time frame of 30 seconds, which is not a Darktrace interval; collection needs a frame of whole seconds from 60 (1 minute) to 31,622,400 (366 days), e.g. 5 minutes or 1 hours' },
      { path: 'descriptor', message: 'descriptor: metric descriptor "collectedConnections" has values "bytes" that /metricdata cannot fill; collected values must be named "value", "size", "in", "out"' },
    ]);
    expect(e2e.received()).toEqual([]);

    await freshCollected(store, { source: { darktraceMetric: 'conections', entityKey: 'did' } });
    const unknown = await e2e.run(args);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'descriptor', message: expect.stringMatching(/^descriptor: metric descriptor "collectedConnections"'s source\.darktraceMetric "conections" is not in this appliance's metric catalogue; closest: connections/) }]);
    expect(sent()).toEqual([]);
  });

  it('bad arguments: 400 naming each, before anything is sent', async () => {
    const noDevices = await e2e.run({ descriptor: 'collectedConnections', devices: '' });
    expect(noDevices.status).toBe(400);
    expect(noDevices.body.errors.map((e: { path: string }) => e.path)).toEqual(['devices']);
    const bad = await e2e.run({ descriptor: 'collectedConnections', devices: '1,x', start_time: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['devices', 'start_time']);
    expect(bad.body.errors.find((e: { path: string }) => e.path === 'devices').message).toBe('devices: "x" is not a device id (did): use whole numbers, e.g. 1,5,12');
    const tooLong = await e2e.run({ ...args, start_time: String(NOW - 40 * 86_400_000) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ path: 'end_time', message: `end_time: ${new Date(NOW - 40 * 86_400_000).toISOString()} – ${new Date(NOW).toISOString()} is 11,520 time frames of 5 minutes (metric descriptor "collectedConnections"), more than the 10,000 one collection reads; shorten the window or collect it in parts` }]);
    expect(e2e.received()).toEqual([]);
  });

  it('read scope: 403 naming write; without submitMetric: 403 naming the function; unknown descriptor: 404 — nothing sent', async () => {
    const read = await e2e.run(args, { scope: 'read' });
    expect(read.status).toBe(403);
    expect(read.body.detail).toBe('This API key has the "read" scope; this request needs "write".');
    const noFn = await e2e.run(args, { key: NO_SUBMIT });
    expect(noFn.status).toBe(403);
    expect(noFn.body).toMatchObject({ code: 'FORBIDDEN', detail: 'This API key lacks the function grant "submitMetric" that this request needs.' });
    expect(e2e.received()).toEqual([]);
    const missing = await e2e.run({ ...args, descriptor: 'nosuch' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', detail: 'No metric descriptor has shortName "nosuch".' });
    expect(e2e.received()).toEqual([]);
    expect(await (await e2e.h.store()).countRecords('collectedConnections')).toBe(0);
  });
});


