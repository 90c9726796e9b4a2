// Unauthenticated control API under /__emulator/ for the CLI, demos and out-of-process tests. It is mounted
// before the Darktrace pipeline: its requests are not recorded, not faulted and need no DTAPI headers.
// (`/__emulator` is not a Darktrace path, and Darktrace routes never reach this router.) Resources add their
// own endpoints (`control` in their definition) and counts (`summary`).
import express, { type Request, type Response } from 'express';
import { FAULT_KINDS, type Faults, type FaultSpec } from './faults.js';
import { ctxOf } from './http.js';
import type { RecordedRequest } from './record.js';
import type { ControlSpec, Resource, Scope } from './resource.js';

const CORE_ENDPOINTS = {
  'GET /__emulator': 'this index',
  'GET /__emulator/state': 'seed and entity counts',
  'GET /__emulator/faults': 'pending faults',
  'POST /__emulator/faults': `inject a fault: {kind: ${FAULT_KINDS.join('|')}, times? (-1 = all), match? (path prefix), matchRegex?, method?, status?, retryAfter?, latencyMs?}`,
  'DELETE /__emulator/faults': 'clear all faults',
  'GET /__emulator/requests': 'recorded Darktrace requests',
  'DELETE /__emulator/requests': 'forget recorded requests',
};

/** The GET /__emulator index: the core endpoints, then each resource's, in registration order. */
export function controlIndex(resources: readonly Resource[]): Record<string, string> {
  const index: Record<string, string> = { ...CORE_ENDPOINTS };
  for (const r of resources) for (const c of r.control ?? []) index[`${c.method} /__emulator${c.path}`] = c.description;
  return index;
}

export interface ControlOptions {
  faults: Faults;
  requests: RecordedRequest[];
  clearRequests: () => void;
  /** GET /__emulator/state. */
  summary: () => Record<string, unknown>;
  /** The resources' endpoints with the scope each handler runs in. */
  endpoints: Array<{ spec: ControlSpec; scope: Scope<unknown, unknown> }>;
  index: Record<string, string>;
}

export function controlRouter({ faults, requests, clearRequests, summary, endpoints, index }: ControlOptions) {
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

  router.get('/', (_req, res) => { res.json(index); });
  router.get('/state', (_req, res) => { res.json(summary()); });
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
  for (const { spec, scope } of endpoints) {
    const handler = (req: Request, res: Response) => {
      const input = spec.method === 'POST' ? body(req, res) : {};
      if (!input) return;
      try {
        res.status(spec.method === 'POST' ? 201 : 200).json(spec.handle(input, scope));
      } catch (err) {
        res.status(400).json({ error: (err as Error).message });
      }
    };
    if (spec.method === 'GET') router.get(spec.path, handler);
    else if (spec.method === 'POST') router.post(spec.path, handler);
    else router.delete(spec.path, handler);
  }
  router.use((req, res) => { res.status(404).json({ error: `no control endpoint ${req.method} ${req.originalUrl}`, endpoints: index }); });
  return router;
}
