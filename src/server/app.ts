// The HTTP action endpoint (SPEC §5). It knows the registry and the invoke pipeline, never individual
// commands: every command route is authenticate → admit → read the body → invoke → write the answer.
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Registry } from '../registry/registry.js';
import type { Access, Caller, Requirement } from '../registry/access.js';
import type { Services } from '../registry/command.js';
import { authorize, createInvoker, findCommand } from '../pipeline/invoke.js';
import type { InvokeOutcome, InvokeRequest } from '../pipeline/invoke.js';
import { toProblemInit } from '../pipeline/problem.js';
import { isObject } from '../util/json.js';
import type { ProblemInit } from '../pipeline/problem.js';
import { authenticate } from './auth.js';
import type { ApiKey } from './auth.js';
import type { InstanceResolver } from './instances.js';
import { requestJsonProblem } from './edge.js';
import { idempotency, type IdempotencyStore } from './idempotency.js';
import { createMetrics } from './metrics.js';
import { buildOpenApi } from './openapi.js';
import { descriptorRouter } from './descriptors.js';
import { sendProblem } from './problem.js';
import { parseView, serialiseResult } from './views.js';

export interface AppOptions {
  registry: Registry;
  instances: InstanceResolver;
  apiKeys: readonly ApiKey[];
  /** What every command receives (clock, logger, …); the server also logs its requests with `services.logger`. */
  services: Services;
  /** Maximum JSON request body, express/bytes syntax. */
  bodyLimit?: string;
  /** Where Idempotency-Key outcomes are kept: in memory (24 h, 10 000 keys) unless given, e.g. KeyValueIdempotencyStore over the store. */
  idempotencyStore?: IdempotencyStore;
}

interface Locals {
  requestId: string;
  caller?: Caller;
  command?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TEST_COMMAND = 'test-module';
const FETCH_COMMAND = 'fetch-incidents';
const FETCH_EVENTS_COMMAND = 'fetch-events';

export function createApp(options: AppOptions) {
  const { registry, instances, apiKeys, services } = options;
  const { logger } = services;
  const invoker = createInvoker({ registry, instances, services });
  const metrics = createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const locals: Locals = { requestId: incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID() };
    res.locals.ctx = locals;
    res.setHeader('X-Request-Id', locals.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Only method, route, status and ids: bodies may carry inline credentials.
      logger.info({ requestId: locals.requestId, method: req.method, path: req.path, status: res.statusCode, command: locals.command,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    next();
  });

  const ctxOf = (res: Response) => res.locals.ctx as Locals;
  const fail = (res: Response, init: ProblemInit) => {
    const ctx = ctxOf(res);
    sendProblem(res, init, { requestId: ctx.requestId, command: ctx.command });
  };

  /** 401 without a valid key; 403 when the key's caller does not meet `needs` (a route's level or a command's). */
  const admit = (req: Request, res: Response, next: NextFunction, needs: Requirement) => {
    const caller = authenticate(apiKeys, req.get('authorization'));
    if (!caller) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return fail(res, { code: 'UNAUTHENTICATED', detail: 'Missing or invalid API key: send "Authorization: Bearer <key>" with a key from DARKTRACE_SOAR_API_KEYS.' });
    }
    ctxOf(res).caller = caller;
    const denied = authorize(caller, needs);
    if (denied) return fail(res, denied);
    next();
  };
  const requireAccess = (access: Access) => (req: Request, res: Response, next: NextFunction) => admit(req, res, next, { access });
  /** The named command must exist (404 with a suggestion) and the key must admit its access level. */
  const requireCommand = (nameOf: (req: Request) => string) => (req: Request, res: Response, next: NextFunction) => {
    const name = nameOf(req);
    ctxOf(res).command = name;
    const found = findCommand(registry, name);
    if (!found.ok) return fail(res, { ...found.problem, detail: `${found.problem.detail} GET /v1/commands lists every command.` });
    admit(req, res, next, { access: found.command.access });
  };

  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.get('/readyz', async (_req, res) => {
    // The store is part of readiness: a replica whose database is unreachable must not get traffic. Only its
    // dialect is shown (this route is unauthenticated); why it failed goes to the log.
    const store = await services.store.check();
    if (!store.ok) logger.warn({ store: store.detail }, 'readiness: store unavailable');
    const ready = instances.isReady() && registry.list().length > 0 && store.ok;
    res.status(ready ? 200 : 503).json({ ok: ready, commands: registry.list().length, instances: instances.names().length, inlineInstances: instances.allowInline, store: store.ok ? store.dialect : 'unavailable' });
  });

  // The registry never changes while the server runs: each document is built once, on its first request (building
  // the OpenAPI document converts every argument schema; not work to do before the server can answer /healthz).
  let openApi: string | undefined;
  let manifest: string | undefined;
  app.get('/openapi.json', (_req, res) => res.type('application/json').send(openApi ??= JSON.stringify(buildOpenApi(registry))));
  app.get('/v1/commands', requireAccess('read'), (_req, res) => res.type('application/json').send(manifest ??= JSON.stringify({ commands: registry.manifest() })));
  app.get('/v1/instances', requireAccess('admin'), (_req, res) => res.json({ instances: instances.describe(), inlineInstances: instances.allowInline }));
  app.get('/metrics', requireAccess('admin'), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // Bodies are parsed only after the key is checked, so unauthenticated callers cannot make us parse anything.
  const json = express.json({ limit: options.bodyLimit ?? '1mb', type: () => true });

  /** Invokes the route's command with what the request body selects; counts and times it. Never throws. */
  async function invoke(req: Request, res: Response, fromBody: (body: Record<string, unknown>) => Pick<InvokeRequest, 'args' | 'lastRun'>): Promise<InvokeOutcome> {
    const ctx = ctxOf(res);
    const name = ctx.command!;
    const timer = metrics.duration.startTimer({ command: name });
    const read = bodyObject(req);
    const outcome: InvokeOutcome = !read.ok
      ? { ok: false, requestId: ctx.requestId, stage: 'arguments', problem: read.problem, durationMs: 0 }
      : await invoker.invoke({ command: name, caller: ctx.caller!, requestId: ctx.requestId, instance: read.body.instance, ...fromBody(read.body) });
    metrics.commands.inc({ command: name, code: outcome.ok ? 'OK' : outcome.problem.code });
    timer();
    return outcome;
  }

  app.use(descriptorRouter({
    store: services.store,
    now: services.now,
    admit: (needs) => (req, res, next) => admit(req, res, next, needs),
    callerOf: (res) => ctxOf(res).caller!,
    fail,
    logInternal: (res, err) => logger.error({ requestId: ctxOf(res).requestId, err }, 'descriptor route failed'),
    json: (limit) => {
      if (!limit) return json;
      const parse = express.json({ limit, type: () => true });
      return (req, res, next) => parse(req, res, (err?: unknown) => (err as { type?: string } | undefined)?.type === 'entity.too.large'
        ? fail(res, { code: 'PAYLOAD_TOO_LARGE', detail: `The request body exceeds the ${limit} limit; split the records into smaller batches.` })
        : next(err));
    },
  }));

  // Commands that change Darktrace honour Idempotency-Key; reads ignore it.
  const idempotent = idempotency((res) => {
    const name = ctxOf(res).command;
    return name !== undefined && (registry.get(name)?.access ?? 'read') !== 'read' ? name : undefined;
  }, { store: options.idempotencyStore, fail, warn: (err) => logger.error({ err }, 'idempotency store failed') });

  app.post('/v1/commands/:command', requireCommand((req) => String(req.params.command)), json, idempotent, async (req, res) => {
    const ctx = ctxOf(res);
    // The view is checked before anything runs: a bad one must not cost a Darktrace call.
    const chosen = parseView(isObject(req.body) ? req.body.view : undefined);
    if (!chosen.ok) return fail(res, chosen.problem);
    const outcome = await invoke(req, res, (body) => ({ args: body.args }));
    if (!outcome.ok) return fail(res, outcome.problem);
    // One serialisation: the envelope's fields, then each result's text (raw responses spliced in verbatim).
    const head = JSON.stringify({ ok: true, command: outcome.command.name, requestId: ctx.requestId, view: chosen.view });
    const results = outcome.results.map((r) => serialiseResult(chosen.view, r)).join(',');
    res.type('application/json').send(`${head.slice(0, -1)},"results":[${results}],"durationMs":${outcome.durationMs}}`);
  });

  app.post('/v1/test', requireCommand(() => TEST_COMMAND), json, async (req, res) => {
    const outcome = await invoke(req, res, (body) => ({ args: body.params ?? body.args ?? {} }));
    if (outcome.ok) {
      const message = outcome.results.map((r) => r.readableOutput ?? '').join('\n') || 'ok';
      return res.json({ ok: message === 'ok', message });
    }
    const init = outcome.problem;
    // The Test button wants an answer, not an HTTP failure: report Darktrace and argument faults as ok:false.
    if (init.code === 'INTERNAL' || init.code === 'FORBIDDEN') return fail(res, init);
    res.json({ ok: false, message: init.detail, code: init.code, retryable: init.retryable ?? false, errors: init.errors });
  });

  app.post('/v1/fetch-incidents', requireCommand(() => FETCH_COMMAND), json, async (req, res) => {
    const outcome = await invoke(req, res, (body) => ({ args: body.params ?? {}, lastRun: body.lastRun ?? {} }));
    if (!outcome.ok) return fail(res, outcome.problem);
    // The fetch command returns {incidents, lastRun, stats} as its raw response; it is sent as is (SPEC §4, §9).
    res.json(outcome.results[0].rawResponse);
  });

  app.post('/v1/fetch-events', requireCommand(() => FETCH_EVENTS_COMMAND), json, async (req, res) => {
    const outcome = await invoke(req, res, (body) => ({ args: body.params ?? {}, lastRun: body.lastRun ?? {} }));
    if (!outcome.ok) return fail(res, outcome.problem);
    // {events, lastRun, stats}, as the command returns it (SPEC §9 events mode).
    res.json(outcome.results[0].rawResponse);
  });

  app.use((req, res) => fail(res, { code: 'NOT_FOUND', detail: `No route ${req.method} ${req.path}. See GET /openapi.json.` }));

  // Body parser and other framework errors; never leaks internals (nor the body: it may hold inline tokens).
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { type, status, charset, encoding } = err as { type?: string; status?: number; charset?: string; encoding?: string };
    if (type === 'entity.too.large') return fail(res, { code: 'PAYLOAD_TOO_LARGE', detail: `The request body exceeds the ${options.bodyLimit ?? '1mb'} limit.` });
    if (type === 'entity.parse.failed') return fail(res, { code: 'INVALID_ARGUMENTS', detail: 'The request body is not valid JSON.', errors: [{ path: 'body', message: 'invalid JSON' }] });
    // The caller's fault (body-parser's 415s, the router's undecodable %-escapes, corrupt gzip): a 400, not a 500.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail = type === 'charset.unsupported' ? `The request body must be UTF-8 JSON (got charset ${JSON.stringify(charset)}).`
        : type === 'encoding.unsupported' ? `Unsupported Content-Encoding ${JSON.stringify(encoding)}: send the body uncompressed, or gzip, deflate or br.`
          : err instanceof URIError ? 'The request path is not valid percent-encoding.'
            : `The request body could not be read (HTTP ${status}).`;
      return fail(res, { code: 'INVALID_ARGUMENTS', detail, errors: [{ path: err instanceof URIError ? 'path' : 'body', message: detail }] });
    }
    logger.error({ requestId: ctxOf(res)?.requestId, err }, 'unhandled error');
    fail(res, toProblemInit(err));
  });

  return app;
}

/** The request body as an object, or the caller's 400 for anything else (before anything runs). */
function bodyObject(req: Request): { ok: true; body: Record<string, unknown> } | { ok: false; problem: ProblemInit } {
  const body = req.body as unknown;
  // Depth and UTF-16 checks first: everything after this walks the body recursively or signs its text.
  const edge = requestJsonProblem(body);
  if (edge) return { ok: false, problem: { code: 'INVALID_ARGUMENTS', detail: edge.message, errors: [edge] } };
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return { ok: true, body: {} };
  if (!isObject(body)) {
    return { ok: false, problem: { code: 'INVALID_ARGUMENTS', detail: 'The request body must be a JSON object like {"args": {...}}.', errors: [{ path: 'body', message: 'must be a JSON object' }] } };
  }
  return { ok: true, body };
}
