// The emulator (metrics is one of its registered resources) on loopback: the real pipeline — signature check, permissions, faults, recorded requests — plus a count of
// requests in flight, to check the client's concurrency limit.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeEmulator, RESOURCES, type EmulatorOptions } from '../../src/emulator/index.js';
import { received } from '../helpers/received.js';

export async function startMetricsEmulator(options: EmulatorOptions) {
  const emulator = composeEmulator(RESOURCES, options);
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    emulator.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emulator,
    /** The /metricdata query strings received, in arrival order, each checked to be signed correctly. */
    metricdata: () => received(emulator.requests).filter((r) => r.path === '/metricdata').map((r) => r.query),
    get maxInFlight() {
      return maxInFlight;
    },
    reset() {
      emulator.clearRequests();
      maxInFlight = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
