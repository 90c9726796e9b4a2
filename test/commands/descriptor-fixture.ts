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
