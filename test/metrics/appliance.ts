// A stand-in appliance for the metric endpoints until the emulator routes are wired: real HTTP on loopback,
// DTAPI signatures checked, every request recorded, answers from the emulator's pure metric modules over a
// seeded emulator state (its devices and breaches).
import express from 'express';
import type { AddressInfo } from 'node:net';
import { signature, signaturesEqual } from '../../src/darktrace/signing.js';
import { createEmulator } from '../../src/emulator/index.js';
import { metricDataResponse, metricsResponse, metricsWorld } from '../../src/emulator/resources/metrics/index.js';

export interface Recorded {
  path: string;
  rawQuery: string;
  at: number;
}

export async function startMetricsAppliance(options: { now: number; seed?: number; latencyMs?: number }) {
  const { state } = createEmulator({ seed: options.seed ?? 1, now: () => options.now });
  const world = metricsWorld(state);
  const requests: Recorded[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const app = express();
  app.use(async (req, res) => {
    const [path, rawQuery = ''] = req.originalUrl.split(/\?(.*)/s);
    const date = req.get('DTAPI-Date') ?? '';
    const signed = [rawQuery, decodeURIComponent(rawQuery.replace(/\+/g, ' '))]
      .some((q) => signaturesEqual(signature('demo-private', 'demo-public', q ? `${path}?${q}` : path, date), req.get('DTAPI-Signature') ?? ''));
    if (req.get('DTAPI-Token') !== 'demo-public' || !signed) return res.status(400).json({ error: 'API SIGNATURE ERROR' });
    requests.push({ path, rawQuery, at: Date.now() });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const mlid = /^\/metrics\/([^/]+)$/.exec(path)?.[1];
      const answer = path === '/metricdata' ? metricDataResponse(new URLSearchParams(rawQuery), world)
        : path === '/metrics' || mlid !== undefined ? metricsResponse(mlid, world)
          : { status: 302, body: null };
      if (answer.status === 302) return res.status(302).set('Location', '/login').type('text/plain').send('Found. Redirecting to /login');
      res.status(answer.status).json(answer.body);
    } finally {
      inFlight--;
    }
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    reset() {
      requests.length = 0;
      maxInFlight = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
