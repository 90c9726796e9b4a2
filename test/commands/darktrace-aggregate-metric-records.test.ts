import { beforeAll, describe, expect, it } from 'vitest';
import command, { parseResolution } from '../../commands/darktrace-aggregate-metric-records.js';
import { apiKey } from '../../src/server/auth.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { T0, freshConnections } from './descriptor-fixture.js';

const NO_VIEW = 'test-read-noview-0123456789';

describe('resolution', () => {
  it('a size and a unit (singular or plural), or 0', () => {
    expect(parseResolution('1 hour')).toEqual({ size: 1, unit: 'hours' });
    expect(parseResolution('15minutes')).toEqual({ size: 15, unit: 'minutes' });
    expect(parseResolution('0')).toEqual({ size: 0, unit: 'milliseconds' });
    expect(parseResolution('1 fortnight')).toBe('resolution: must be "0" (one bucket) or a size and a unit, e.g. "1 hours", "15 minutes" (units: milliseconds, seconds, minutes, hours, days); got "1 fortnight"');
  });
});

describeCommandE2E(command, { apiKeys: [apiKey(NO_VIEW, 'read', ['submitMetric'])], now: () => new Date(T0 + 3_600_000) }, (e2e) => {
  beforeAll(async () => {
    const store = await e2e.h.store();
    await freshConnections(store);
    await store.submitRecords('deviceConnections', { records: [
      { timestamp: T0 + 1_000, keys: { did: 1, dst: '10.0.0.1' }, values: { bytes: 100, latency: 2 } },
      { timestamp: T0 + 61_000, keys: { did: 1, dst: '10.0.0.2' }, values: { bytes: 300, latency: 4 } },
      { timestamp: T0 + 3_599_000, keys: { did: 2, dst: '10.0.0.1' }, values: { bytes: 0, latency: 9 } },
    ] });
  });

  it('hourly by device, wavg weighted by bytes, in context and as a table', async () => {
    const r = await e2e.result({ descriptor: 'deviceConnections', start_time: '2024-01-15T12:00:00Z', group_by: 'did', resolution: '1 hour' });
    expect(r.outputs).toEqual([
      { descriptor: 'deviceConnections', timestamp: '2024-01-15T12:00:00.000Z', timems: T0, group: 'did=1', keys: { did: 1 }, values: { bytes: 400, latency: 3.5 }, count: 2 },
      { descriptor: 'deviceConnections', timestamp: '2024-01-15T12:00:00.000Z', timems: T0, group: 'did=2', keys: { did: 2 }, values: { bytes: 0, latency: null }, count: 1 },
    ]);
    expect(r.outputsKeyField).toEqual(['descriptor', 'timems', 'group']);
    expect(r.readableOutput).toBe([
      '### deviceConnections: sum(bytes), wavg(latency) by did, every 1 hours from 2024-01-15T12:00:00.000Z to 2024-01-15T13:00:00.000Z',
      '|Time|did|bytes|latency|Records|',
      '|---|---|---|---|---|',
      '| 2024-01-15T12:00:00.000Z | 1 | 400 | 3.5 | 2 |',
      '| 2024-01-15T12:00:00.000Z | 2 | 0 | n/a (weights sum to 0) | 1 |',
      '',
    ].join('\n'));
    expect(e2e.received()).toEqual([]);
  });

  it('filters (integer keys typed from the descriptor), overrides, relative times', async () => {
    const r = await e2e.result({ descriptor: 'deviceConnections', start_time: '2 hours ago', filters: 'did=1,dst=10.0.0.2', functions: 'bytes=max', values: 'bytes' });
    expect(r.rawResponse).toMatchObject({ startTimestamp: T0 - 3_600_000, endTimestamp: T0 + 3_600_000, functions: { bytes: 'max' } });
    expect(r.outputs).toEqual([{ descriptor: 'deviceConnections', timestamp: '2024-01-15T11:00:00.000Z', timems: T0 - 3_600_000, group: '', keys: {}, values: { bytes: 300 }, count: 1 }]);
  });

  it('every bad argument in one 400, named as the command names them', async () => {
    const res = await e2e.run({ descriptor: 'deviceConnections', start_time: 'soon', resolution: 'often', filters: 'did' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['start_time', 'resolution', 'filters']);
    const store = await e2e.run({ descriptor: 'deviceConnections', group_by: 'nosuch', end_time: '2024-01-15T11:00:00Z', start_time: '2024-01-15T12:00:00Z' });
    expect(store.status).toBe(400);
    expect(store.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['end_time', 'group_by[0]']);
    expect(store.body.errors.every((e: { path: string; message: string }) => e.message.startsWith(e.path))).toBe(true);
  });

  it('a key without viewMetric: 403 naming it', async () => {
    const res = await e2e.run({ descriptor: 'deviceConnections' }, { key: NO_VIEW });
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('This API key lacks the function grant "viewMetric" that this request needs.');
  });
});
