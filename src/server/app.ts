// The HTTP action endpoint (SPEC §5). It knows the registry, never individual commands.
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from '../registry/registry.js';
import { normaliseResults, toEntry } from '../registry/entry.js';
import type { CommandDefinition } from '../registry/command.js';
import { allows, authenticate } from './auth.js';
import type { ApiKey, Scope } from './auth.js';
import type { InstanceResolver } from './instances.js';
import { checkRequestJson } from './edge.js';
import { idempotency, type IdempotencyStore } from './idempotency.js';
import { createMetrics } from './metrics.js';
import { buildOpenApi } from './openapi.js';
import { Problem, sendProblem, toProblemInit } from './problem.js';
import type { ProblemInit } from './problem.js';

export interface AppOptions {
  registry: Registry;
  instances: InstanceResolver;
  apiKeys: readonly ApiKey[];
  logger: Logger;
  /** Maximum JSON request body, express/bytes syntax. */
  bodyLimit?: string;
  /** Where Idempotency-Key outcomes are kept (default: in memory, 24 h, 10 000 keys). */
  idempotencyStore?: IdempotencyStore;
  now?: () => Date;
}

interface Locals {
  requestId: string;
  scope?: Scope;
  command?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TEST_COMMAND = 'test-module';
const FETCH_COMMAND = 'fetch-incidents';

export function createApp(options: AppOptions) {
  const { registry, instances, apiKeys, logger } = options;
  const now = options.now ?? (() => new Date());
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

  const requireScope = (needed: Scope) => (req: Request, res: Response, next: NextFunction) => {
    const scope = authenticate(apiKeys, req.get('authorization'));
    if (!scope) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return fail(res, { code: 'UNAUTHENTICATED', detail: 'Missing or invalid API key: send "Authorization: Bearer <key>" with a key from DARKTRACE_SOAR_API_KEYS.' });
    }
    ctxOf(res).scope = scope;
    if (!allows(scope, needed)) {
      return fail(res, { code: 'FORBIDDEN', detail: `This API key has the "${scope}" scope; this request needs "${needed}".` });
    }
    next();
  };

  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.get('/readyz', (_req, res) => {
    const ready = instances.isReady() && registry.list().length > 0;
    res.status(ready ? 200 : 503).json({ ok: ready, commands: registry.list().length, instances: instances.names().length, inlineInstances: instances.allowInline });
  });

  // The registry never changes while the server runs: build both documents once, not per request.
  const openApi = buildOpenApi(registry);
  const manifest = { commands: registry.manifest() };
  app.get('/openapi.json', (_req, res) => res.json(openApi));
  app.get('/v1/commands', requireScope('read'), (_req, res) => res.json(manifest));
  app.get('/v1/instances', requireScope('admin'), (_req, res) => res.json({ instances: instances.describe(), inlineInstances: instances.allowInline }));
  app.get('/metrics', requireScope('admin'), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  // Bodies are parsed only after the key is checked, so unauthenticated callers cannot make us parse anything.
  const json = express.json({ limit: options.bodyLimit ?? '1mb', type: () => true });

  /** Parses the body, leases the instance's client and runs `work`; the client is always released. */
  async function withClient<T>(req: Request, work: (lease: ReturnType<InstanceResolver['lease']>, body: Record<string, unknown>) => Promise<T>): Promise<T> {
    const body = bodyObject(req);
    const lease = instances.lease(body.instance);
    try {
      return await work(lease, body);
    } finally {
      await lease.release();
    }
  }

  async function execute(command: CommandDefinition, rawArgs: unknown, lease: ReturnType<InstanceResolver['lease']>, requestId: string, lastRun?: unknown) {
    const parsed = registry.parseArgs(command, rawArgs ?? {});
    if (!parsed.ok) {
      throw new Problem({ code: 'INVALID_ARGUMENTS', detail: parsed.errors.map((e) => e.message).join('; '), errors: parsed.errors });
    }
    const returned = await command.run(parsed.args, { client: lease.client, requestId, now, lastRun });
    return normaliseResults(returned);
  }

  app.post('/v1/commands/:command', (req, res, next) => {
    const name = req.params.command;
    const command = registry.get(name);
    ctxOf(res).command = name;
    if (!command) {
      const suggestion = registry.suggest(name);
      return fail(res, { code: 'UNKNOWN_COMMAND', detail: `Unknown command "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} GET /v1/commands lists every command.`, suggestion });
    }
    requireScope(command.execution ? 'write' : 'read')(req, res, next);
  }, json, idempotency((res) => {
    const name = ctxOf(res).command;
    return name !== undefined && registry.get(name)?.execution === true ? name : undefined;
  }, { store: options.idempotencyStore, fail }), async (req, res) => {
    const ctx = ctxOf(res);
    const command = registry.get(ctx.command!)!;
    const started = Date.now();
    const timer = metrics.duration.startTimer({ command: command.name });
    try {
      const results = await withClient(req, (lease, body) => execute(command, body.args, lease, ctx.requestId));
      metrics.commands.inc({ command: command.name, code: 'OK' });
      res.json({
        ok: true,
        command: command.name,
        requestId: ctx.requestId,
        results: results.map((r) => ({
          outputsPrefix: r.outputsPrefix ?? null,
          outputsKeyField: r.outputsKeyField ?? null,
          outputs: r.outputs ?? null,
          readableOutput: r.readableOutput ?? null,
          rawResponse: r.rawResponse ?? r.outputs ?? null,
          entry: toEntry(r),
        })),
        durationMs: Date.now() - started,
      });
    } catch (err) {
      const init = toProblemInit(err, { writes: command.execution === true });
      metrics.commands.inc({ command: command.name, code: init.code });
      if (init.code === 'INTERNAL') logger.error({ requestId: ctx.requestId, command: command.name, err }, 'command failed');
      fail(res, init);
    } finally {
      timer();
    }
  });

  app.post('/v1/test', requireScope('read'), json, async (req, res) => {
    const ctx = ctxOf(res);
    ctx.command = TEST_COMMAND;
    const command = registry.get(TEST_COMMAND);
    try {
      if (!command) throw new Error('test-module is not registered');
      const results = await withClient(req, (lease, body) => execute(command, body.params ?? body.args ?? {}, lease, ctx.requestId));
      const message = results.map((r) => r.readableOutput ?? '').join('\n') || 'ok';
      res.json({ ok: message === 'ok', message });
    } catch (err) {
      const init = toProblemInit(err);
      if (init.code === 'INTERNAL') logger.error({ requestId: ctx.requestId, command: TEST_COMMAND, err }, 'test failed');
      // The Test button wants an answer, not an HTTP failure: report Darktrace and argument faults as ok:false.
      if (init.code === 'INTERNAL' || init.code === 'FORBIDDEN') return fail(res, init);
      res.json({ ok: false, message: init.detail, code: init.code, errors: init.errors });
    }
  });

  app.post('/v1/fetch-incidents', requireScope('read'), json, async (req, res) => {
    const ctx = ctxOf(res);
    ctx.command = FETCH_COMMAND;
    try {
      const command = registry.get(FETCH_COMMAND);
      if (!command) throw new Error('fetch-incidents is not registered');
      // The fetch command returns {incidents, lastRun} as its raw response; it is sent as is (SPEC §4).
      const results = await withClient(req, (lease, body) => execute(command, body.params ?? {}, lease, ctx.requestId, body.lastRun ?? {}));
      res.json(results[0].rawResponse);
    } catch (err) {
      const init = toProblemInit(err);
      if (init.code === 'INTERNAL') logger.error({ requestId: ctx.requestId, err }, 'fetch failed');
      fail(res, init);
    }
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

function bodyObject(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  checkRequestJson(body);
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new Problem({ code: 'INVALID_ARGUMENTS', detail: 'The request body must be a JSON object like {"args": {...}}.', errors: [{ path: 'body', message: 'must be a JSON object' }] });
  }
  return body as Record<string, unknown>;
}
