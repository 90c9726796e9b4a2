// A descriptor the descriptor command tests share: per-device connections to a destination, 1-minute frames.
import type { Store } from '../../src/store/types.js';

export const T0 = Date.UTC(2024, 0, 15, 12);

export const CONNECTIONS = {
  shortName: 'deviceConnections', description: 'Connections per device and destination',
  readFunction: 'viewMetric', writeFunction: 'submitMetric', adminFunction: 'adminMetric',
  keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
  values: [{ name: 'bytes' }, { name: 'latency', defaultAggregationFunction: 'wavg', valueAsWeight: 'bytes' }],
  timeFrameSize: 1, timeFrameSizeUnit: 'minutes', deduplicationFunction: 'last',
};

/** Recreates the descriptor (empty) in the harness's store. */
export async function freshConnections(store: Store) {
  await store.deleteDescriptor(CONNECTIONS.shortName).catch(() => undefined);
  return store.createDescriptor(CONNECTIONS);
}

/** A descriptor collection fills from /metricdata: per-device connections (in, out, total) in 5-minute frames. */
export const COLLECTED = {
  shortName: 'collectedConnections', description: 'Connections per device, collected from Darktrace',
  readFunction: 'viewMetric', writeFunction: 'submitMetric', adminFunction: 'adminMetric',
  keys: [{ name: 'did', type: 'integer' }],
  values: [{ name: 'value' }, { name: 'in' }, { name: 'out', defaultAggregationFunction: 'max' }],
  timeFrameSize: 5, timeFrameSizeUnit: 'minutes', deduplicationFunction: 'last',
  source: { darktraceMetric: 'connections', entityKey: 'did' },
};

/** Recreates COLLECTED (empty), with `changes` applied, in the harness's store. */
export async function freshCollected(store: Store, changes: Record<string, unknown> = {}) {
  await store.deleteDescriptor(COLLECTED.shortName).catch(() => undefined);
  return store.createDescriptor({ ...COLLECTED, ...changes });
}
