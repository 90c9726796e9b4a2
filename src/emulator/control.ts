// Unauthenticated control API under /__emulator/ for the CLI, demos and out-of-process tests. It is mounted
// before the Darktrace pipeline: its requests are not recorded, not faulted and need no DTAPI headers.
// (`/__emulator` is not a Darktrace path, and Darktrace routes never reach this router.)
import express, { type Request, type Response } from 'express';
import type { RecordedRequest } from './app.js';
import { FAULT_KINDS, type Faults, type FaultSpec } from './faults.js';
import { ctxOf } from './http.js';
import type { EmulatorState, NewBreach } from './state.js';

export const CONTROL_ENDPOINTS = {
  'GET /__emulator': 'this index',
  'GET /__emulator/state': 'seed and entity counts',
  'GET /__emulator/faults': 'pending faults',
  'POST /__emulator/faults': `inject a fault: {kind: ${FAULT_KINDS.join('|')}, times? (-1 = all), match? (path prefix), matchRegex?, method?, status?, retryAfter?, latencyMs?}`,
  'DELETE /__emulator/faults': 'clear all faults',
  'GET /__emulator/requests': 'recorded Darktrace requests',
  'DELETE /__emulator/requests': 'forget recorded requests',
  'POST /__emulator/breaches': 'add a breach: {time?, creationTime?, score?, model?, did?, acknowledged?, pbid?}',
};

export function controlRouter(state: EmulatorState, faults: Faults, requests: RecordedRequest[], clearRequests: () => void) {
  const router = express.Router({ caseSensitive: true, strict: false });
  const body = (req: Request, res: Response): Record<string, unknown> | undefined => {
    try {
      const parsed: unknown = JSON.parse(ctxOf(res).rawBody || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch { /* fall through */ }
    res.status(400).json({ error: `${req.method} ${req.path}: body must be a JSON object` });
    return undefined;
  };
  const view = (f: FaultSpec & { remaining: number }) => ({
    ...f, match: f.match instanceof RegExp ? String(f.match) : f.match, remaining: Number.isFinite(f.remaining) ? f.remaining : -1,
  });

  router.get('/', (_req, res) => { res.json(CONTROL_ENDPOINTS); });
  router.get('/state', (_req, res) => {
    res.json({
      seed: state.seed, devices: state.devices.size, breaches: state.breachCount, tags: state.tags.size,
      tagEntities: state.liveEntities().length, watchedList: state.liveIntel().length,
    });
  });
  router.get('/faults', (_req, res) => { res.json(faults.pending().map(view)); });
  router.post('/faults', (req, res) => {
    const spec = body(req, res);
    if (!spec) return;
    try {
      const { matchRegex, ...rest } = spec as unknown as FaultSpec & { matchRegex?: string };
      const fault = faults.inject({ ...rest, ...(matchRegex ? { match: new RegExp(matchRegex) } : {}) });
      res.status(201).json(view(fault));
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });
  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.json({ cleared: true });
  });
  router.get('/requests', (_req, res) => { res.json(requests); });
  router.delete('/requests', (_req, res) => {
    clearRequests();
    res.json({ cleared: true });
  });
  router.post('/breaches', (req, res) => {
    const partial = body(req, res);
    if (!partial) return;
    try {
      res.status(201).json(state.addBreach(partial as NewBreach));
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });
  router.use((req, res) => { res.status(404).json({ error: `no control endpoint ${req.method} ${req.originalUrl}`, endpoints: CONTROL_ENDPOINTS }); });
  return router;
}
