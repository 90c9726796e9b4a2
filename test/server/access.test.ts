// Access levels over HTTP (SPEC §7): one rule for commands, /v1/test, /v1/fetch-incidents, the manifest,
// /v1/instances and /metrics; refusals before the body is read; the caller's grants reach the command.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createServices } from '../../src/cli/runtime.js';
import { memoryStore } from '../helpers/store.js';
import { Registry, defineCommand, type Caller } from '../../src/registry/index.js';
import { parseApiKeys } from '../../src/server/auth.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { InstanceResolver } from '../../src/server/instances.js';

const READ = 'read-key-0123456789';
const WRITE = 'write-key-0123456789';
const ADMIN = 'admin-key-0123456789';

let lastCaller: Caller | undefined;
const adminProbe = defineCommand({
  name: 'probe-admin', description: 'An admin command (as descriptor administration will be).', access: 'admin', args: {},
  async run(_args, ctx) {
    lastCaller = ctx.caller;
    return 'administered';
  },
});
const readProbe = defineCommand({
  name: 'probe-read', description: 'Shows the caller its grants.', access: 'read', args: {},
  async run(_args, ctx) {
    lastCaller = ctx.caller;
    return { outputsPrefix: 'Probe', outputs: { scope: ctx.caller.scope, functions: [...ctx.caller.functions].sort() } };
  },
});

describe('access levels over HTTP', () => {
  let server: RunningServer;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    server = await startServer({
      registry: new Registry([...commands, adminProbe, readProbe]),
      // Never contacted: the probes do not call Darktrace, and refused requests must not lease anything.
      instances: new InstanceResolver(new Map([['x', { name: 'x', url: 'http://127.0.0.1:9', publicToken: 'p', privateToken: 'q' }]]), { allowInline: false }),
      apiKeys: parseApiKeys(`${READ}:read:viewMetric,${WRITE}:write:viewMetric+submitMetric,${ADMIN}:admin`),
      services: createServices({ logger: pino({ level: 'silent' }), store: memoryStore() }),
    });
    http = request(server.url);
  });
  afterAll(async () => { await server.close(); });

  const post = (path: string, key: string, body: unknown = {}) => http.post(path).set('Authorization', `Bearer ${key}`).send(body as object);

  it('a command needs a key whose scope admits its level', async () => {
    for (const key of [READ, WRITE]) {
      const res = await post('/v1/commands/probe-admin', key);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.detail).toBe(`This API key has the "${key === READ ? 'read' : 'write'}" scope; this request needs "admin".`);
      expect(res.body.entry.Contents).toBe(`Failed to execute probe-admin command.\nError:\n${res.body.detail}`);
      expect(JSON.stringify(res.body)).not.toContain(key);
    }
    const ok = await post('/v1/commands/probe-admin', ADMIN);
    expect(ok.status).toBe(200);
    expect(ok.body.results[0].readableOutput).toBe('administered');
  });

  it('the caller\'s scope and function grants reach the command (never the key)', async () => {
    const read = await post('/v1/commands/probe-read', READ);
    expect(read.body.results[0].outputs).toEqual({ scope: 'read', functions: ['viewMetric'] });
    const write = await post('/v1/commands/probe-read', WRITE);
    expect(write.body.results[0].outputs).toEqual({ scope: 'write', functions: ['submitMetric', 'viewMetric'] });
    expect(JSON.stringify(lastCaller, (_k, v) => (v instanceof Set ? [...v] : v))).toBe('{"scope":"write","functions":["viewMetric","submitMetric"]}');
  });

  it('a refusal comes before the body is read: an oversized body from a read key is a 403, not a 413', async () => {
    const res = await http.post('/v1/commands/darktrace-post-tag-to-device').set('Authorization', `Bearer ${READ}`)
      .set('Content-Type', 'application/json').send(JSON.stringify({ args: { tagName: 'x'.repeat(2_000_000) } }));
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('This API key has the "read" scope; this request needs "write".');
  });

  it('routes that are not commands use the same rule', async () => {
    const instances = await http.get('/v1/instances').set('Authorization', `Bearer ${WRITE}`);
    expect(instances.status).toBe(403);
    expect(instances.body.detail).toBe('This API key has the "write" scope; this request needs "admin".');
    expect((await http.get('/v1/instances').set('Authorization', `Bearer ${ADMIN}`)).status).toBe(200);
    expect((await http.get('/metrics').set('Authorization', `Bearer ${READ}`)).status).toBe(403);
    expect((await http.get('/v1/commands').set('Authorization', `Bearer ${READ}`)).status).toBe(200);
  });

  it('the manifest states each command\'s access level', async () => {
    const res = await http.get('/v1/commands').set('Authorization', `Bearer ${READ}`);
    const access = Object.fromEntries(res.body.commands.map((c: { name: string; access: string }) => [c.name, c.access]));
    expect(access).toMatchObject({
      'test-module': 'read', 'fetch-incidents': 'read', 'darktrace-get-similar-devices': 'read',
      'darktrace-post-tag-to-device': 'write', 'darktrace-remove-tag-from-device': 'write',
      'darktrace-post-to-watched-list': 'write', 'darktrace-remove-from-watched-list': 'write', 'probe-admin': 'admin',
    });
    expect(res.body.commands.every((c: object) => !('execution' in c))).toBe(true);
  });

  it('problem bodies carry the request id as requestId only, not as RFC 9457 instance', async () => {
    const res = await http.post('/v1/commands/probe-admin').set('Authorization', `Bearer ${READ}`).set('X-Request-Id', 'req-42').send({});
    expect(res.body.requestId).toBe('req-42');
    expect(res.body).not.toHaveProperty('instance');
    expect(res.body).toMatchObject({ type: 'urn:darktrace-soar:problem:forbidden', title: 'Forbidden', status: 403, command: 'probe-admin', retryable: false });
  });
});
