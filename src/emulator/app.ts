// The emulated appliance as an express app, composed from the registered resources (resources/index.ts).
// Pipeline: raw body capture → control API (/__emulator) → request recording → faults → DTAPI
// authentication → resource routes (each behind its permission) → 302 /login.
import express, { type NextFunction, type Request, type Response } from 'express';
import { authenticate } from './auth.js';
import { controlIndex, controlRouter } from './control.js';
import { Faults } from './faults.js';
import { inputError, redirect, sendJson, type TokenInfo } from './http.js';
import type { EmulatorOptions } from './options.js';
import { captureRequest, recorder, type RecordedRequest } from './record.js';
import { compose, mountRoutes, type Resource } from './resource.js';
import { RESOURCES } from './resources/index.js';
import { EmulatorState } from './state.js';
import { ALL_PERMISSIONS, type Permission } from './types.js';

export type { EmulatorOptions } from './options.js';
export type { RecordedRequest } from './record.js';

/** GET /__emulator: every control endpoint with a one-line description. */
export const CONTROL_ENDPOINTS = controlIndex(RESOURCES);

export function createEmulator(options: EmulatorOptions = {}) {
  return composeEmulator(RESOURCES, options);
}

/** createEmulator over an explicit resource list (tests compose extra resources with this). */
export function composeEmulator(resources: readonly Resource[], options: EmulatorOptions = {}) {
  const { env, mounted, need } = compose(resources, options);
  const state = new EmulatorState(env.seed, env.now, need, env.rng);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const clearRequests = () => { requests.length = 0; }; // in place: callers may hold the array

  const tokens = new Map<string, TokenInfo>();
  const addToken = (publicToken: string, privateToken: string, permissions: readonly Permission[]) =>
    tokens.set(publicToken, { publicToken, privateToken, permissions: new Set(permissions) });
  addToken(options.publicToken ?? 'demo-public', options.privateToken ?? 'demo-private', ALL_PERMISSIONS);
  for (const t of options.tokens ?? []) addToken(t.publicToken, t.privateToken, t.permissions);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('query parser', false); // handlers read the raw query through Params

  app.use(captureRequest);
  if (options.controlApi ?? true) {
    app.use('/__emulator', controlRouter({
      faults, requests, clearRequests,
      summary: () => Object.assign({ seed: env.seed }, ...mounted.map(({ resource, scope }) => resource.summary?.(scope.self) ?? {})),
      endpoints: mounted.flatMap(({ resource, scope }) => (resource.control ?? []).map((spec) => ({ spec, scope }))),
      index: controlIndex(resources),
    }));
  }
  app.use(recorder(requests, options.maxRecordedRequests ?? 10_000));
  app.use(faults.middleware());
  app.use(authenticate({ tokens, now: env.now, maxSkewMinutes: options.maxSkewMinutes ?? 30, dateFormats: options.dateFormats }));

  const router = express.Router({ caseSensitive: true, strict: true });
  for (const { resource, scope } of mounted) mountRoutes(router, resource, scope);
  app.use(router);

  app.use((_req: Request, res: Response) => redirect(res, '/login')); // unknown endpoint (with valid auth)
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return res.destroy(err);
    if (err.status && err.status >= 400 && err.status < 500) return inputError(res, err.message); // e.g. a malformed %-escape
    sendJson(res, 500, { error: 'Internal Server Error' });
  });

  return { app, state, faults, requests, clearRequests };
}

export type Emulator = ReturnType<typeof createEmulator>;
