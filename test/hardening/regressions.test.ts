// One regression test per finding of issue 8, each starting from the reporter's reproducer, over HTTP
// against the emulator (or the CLI as a user runs it).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { memoryStore } from '../helpers/store.js';
import { json, startServer as startFake, type TestServer } from '../darktrace/helpers.js';
import { redact } from '../../src/darktrace/redact.js';
import { tempDir } from '../helpers/temp.js';

const BIN = join(import.meta.dirname, '../../bin/darktrace-soar');

function runCli(args: string[], env: Record<string, string>, timeoutMs = 20_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }>((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, timeoutMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, killed }); });
  });
}

describe('finding 1: a lastRun pbid at 2^53 (or a huge range) no longer hangs the server', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.close(); });

  it('the 55-byte reproducer is a 400 naming lastRun.emitted, nothing reaches Darktrace, /healthz still answers', async () => {
    h.emulator.clearRequests();
    const res = await h.http.post('/v1/fetch-incidents').set('Authorization', 'Bearer test-read-key-0123456789')
      .set('Content-Type', 'application/json').send('{"lastRun":{"time":"1","emitted":"1:9007199254740992"}}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.retryable).toBe(false);
    expect(res.body.errors).toEqual([
      { path: 'lastRun.emitted', message: 'lastRun.emitted is malformed: pbid beyond 9007199254740991 in 9007199254740992' },
    ]);
    expect(h.emulator.requests).toHaveLength(0);
    expect((await h.http.get('/healthz')).status).toBe(200);
  });

  it('a range bigger than the tracked-id limit is refused before it is expanded', async () => {
    const res = await h.fetch({ lastRun: { time: '1', emitted: '1:1-9007199254740991' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'lastRun.emitted', message: 'lastRun.emitted is malformed: range 1-9007199254740991 holds more than 50000 pbids' },
    ]);
  });

  it('the CLI `fetch --state` refuses such a state file and exits 1 instead of hanging', async () => {
    const state = join(tempDir('dt-hard-'), 'state.json');
    writeFileSync(state, JSON.stringify({ time: '1', emitted: '1:9007199254740992' }));
    const env = { DARKTRACE_URL: h.emulatorUrl, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private' };
    const { code, stderr, stdout, killed } = await runCli(['fetch', '--state', state], env);
    expect(killed).toBe(false);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('lastRun.emitted is malformed: pbid beyond 9007199254740991 in 9007199254740992');
  });
});

/** `{"a":{"a":…1…}}` nested `depth` deep, built as text (JSON.stringify would overflow the stack itself). */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('finding 3: deep nesting and lone surrogates are 400s naming the argument, never 500s', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.close(); });

  const post = (path: string, body: string, key = 'test-write-key-0123456789') =>
    h.http.post(path).set('Authorization', `Bearer ${key}`).set('Content-Type', 'application/json').send(body);

  it.each([
    ['/v1/commands/darktrace-get-similar-devices', '{"args":{"did":<8000 deep>}}', 'did'],
    ['/v1/commands/darktrace-get-similar-devices', '{"args":{"did":1,"deviceId":<8000 deep>}} (an alias clash)', 'deviceId'],
    ['/v1/fetch-incidents', '{"lastRun":{"time":<8000 deep>}}', 'lastRun.time'],
    ['/v1/fetch-incidents', '{"params":{"max_alerts":<8000 deep>}}', 'max_alerts'],
    ['/v1/commands/darktrace-get-similar-devices', '{"instance":<8000 deep>}', 'instance.a'],
  ])('%s %s → 400 too deeply nested at %s', async (path, shape, where) => {
    h.emulator.clearRequests();
    const body = shape.replace(/<(\d+) deep>/, (_m, n: string) => nested(Number(n))).replace(/ \(.*\)$/, '');
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors).toEqual([{ path: where, message: `${where}: too deeply nested (more than 32 levels of arrays or objects)` }]);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('/v1/test answers the Test button with ok:false naming the argument (its convention for bad input)', async () => {
    const res = await post('/v1/test', `{"params":{"isFetch":${nested(8000)}}}`, 'test-read-key-0123456789');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false, code: 'INVALID_ARGUMENTS', retryable: false, message: 'isFetch: too deeply nested (more than 32 levels of arrays or objects)',
      errors: [{ path: 'isFetch', message: 'isFetch: too deeply nested (more than 32 levels of arrays or objects)' }],
    });
  });

  it.each([
    ['darktrace-get-tagged-devices', '{"args":{"tagName":"\\ud800"}}', 'tagName', 0],
    ['darktrace-remove-tag-from-device', '{"args":{"deviceId":1,"tagName":"ab\\udc00"}}', 'tagName', 2],
    ['darktrace-post-to-watched-list', '{"args":{"endpointsToWatch":["a.example","\\ud83d"]}}', 'endpointsToWatch[1]', 0],
    ['darktrace-get-similar-devices', '{"args":{"\\ud800x":"1"}}', 'args', 0],
  ])('%s %s → 400 naming %s', async (command, body, where, index) => {
    h.emulator.clearRequests();
    const res = await post(`/v1/commands/${command}`, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    const message = where === 'args'
      ? 'args: an argument name is not well-formed UTF-16 text (a lone surrogate at index 0)'
      : `${where}: not well-formed UTF-16 text (a lone surrogate at index ${index})`;
    expect(res.body.errors).toEqual([{ path: where, message }]);
    expect(h.emulator.requests).toHaveLength(0);
  });
});

describe('finding 7: every secret is redacted from upstream text, by exact token, never inside words', () => {
  let h: Harness;
  let fake: TestServer;
  beforeAll(async () => {
    h = await startHarness();
    fake = await startFake();
  });
  afterAll(async () => { await Promise.all([h.close(), fake.close()]); });

  const PUBLIC = 'pub-0123456789abcdef';
  const PRIVATE = 'priv-fedcba9876543210';
  const echoHeaders = (status: number) => (req: { headers: Record<string, string | string[] | undefined> }, res: import('node:http').ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    const h = req.headers;
    res.end(JSON.stringify(status === 200
      ? [`token ${h['dtapi-token']}`, `signature ${h['dtapi-signature']}`, `private ${PRIVATE}`]
      : { error: `bad request: DTAPI-Token=${h['dtapi-token']} DTAPI-Signature=${h['dtapi-signature']} key ${PRIVATE}` }));
  };

  it('an appliance echoing the request headers in an error reflects neither token nor the signature', async () => {
    fake.respond(echoHeaders(500));
    const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, publicToken: PUBLIC, privateToken: PRIVATE } });
    expect(res.status).toBe(502);
    const sent = fake.requests.at(-1)!.headers['dtapi-signature'] as string;
    expect(sent).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.detail).toBe('Darktrace returned HTTP 500 for GET /intelfeed: bad request: DTAPI-Token=[REDACTED] DTAPI-Signature=[REDACTED] key [REDACTED].');
    expect(JSON.stringify(res.body)).not.toContain(sent);
  });

  it('nor in a successful answer that ends up in the outputs', async () => {
    fake.respond(echoHeaders(200));
    const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, publicToken: PUBLIC, privateToken: PRIVATE } });
    expect(res.status).toBe(200);
    expect(res.body.results[0].outputs.map((r: { name: string }) => r.name)).toEqual(['token [REDACTED]', 'signature [REDACTED]', 'private [REDACTED]']);
    const text = JSON.stringify(res.body);
    for (const secret of [PUBLIC, PRIVATE, fake.requests.at(-1)!.headers['dtapi-signature'] as string]) expect(text).not.toContain(secret);
  });

  it.each([' ', 'b', 'pub'])('a short private token (%j) leaves messages intact', async (privateToken) => {
    fake.respond(json(400, { error: 'public token is not bad but blue' }));
    const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, publicToken: 'public', privateToken } });
    expect(res.body.detail).toBe('Darktrace returned HTTP 400 for GET /intelfeed: public token is not bad but blue.');
  });

  it('matches whole tokens only', () => {
    const secret = 'abcdef123456';
    expect(redact(`x ${secret}, "${secret}" ${secret}.`, [secret])).toBe('x [REDACTED], "[REDACTED]" [REDACTED].');
    expect(redact(`x${secret} ${secret}9`, [secret])).toBe(`x${secret} ${secret}9`);
    expect(redact('a.b*c(d) a.b*c(d)', ['a.b*c(d)'])).toBe('[REDACTED] [REDACTED]');
    expect(redact('short', ['short', undefined, ''])).toBe('short');
    expect(redact('k=abcdefgh12345678', ['abcdefgh', 'abcdefgh12345678'])).toBe('k=[REDACTED]');
  });
});

describe('finding 4: a write that may have been applied is never retryable: true', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ instance: { timeoutMs: 400 } }); });
  afterAll(async () => { await h.close(); });
  const calls = () => h.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
  const postTag = (deviceId: number, tagName: string) => h.call('darktrace-post-tag-to-device', { deviceId, tagName }, { scope: 'write' });

  it('apply-then-error (the tag was applied): verified with a read and reported as done, not as a retryable 502', async () => {
    h.emulator.clearRequests();
    h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/tags/entities' });
    const res = await postTag(5, 'SentinelOne');
    expect(calls()).toEqual(['POST /tags/entities 502', 'GET /tags/entities 200']);
    expect(res.status).toBe(200);
    const [result] = res.body.results;
    expect(result.outputs).toEqual({ deviceId: 5, tagId: 145, tagName: 'SentinelOne', response: 'Successfully Tagged' });
    expect(result.readableOutput).toBe('### Tagged device 5 with SentinelOne\n'
      + 'Darktrace reported an error (Darktrace returned HTTP 502 for POST /tags/entities.) but a read of the device\'s tags shows SentinelOne is on the device.\n'
      + '|Device ID|Tag ID|Tag name|\n|---|---|---|\n| 5 | 145 | SentinelOne |\n');
    expect(h.emulator.state.tagsForDevice(5).filter((t) => t.name === 'SentinelOne')).toHaveLength(1);
  });

  it('a reset before Darktrace acted: the read shows no tag, so it says so and a retry is safe', async () => {
    h.emulator.clearRequests();
    h.emulator.faults.inject({ kind: 'reset', method: 'POST', match: '/tags/entities' });
    const res = await postTag(5, 'CVE Info');
    expect(calls()).toEqual(['POST /tags/entities 0', 'GET /tags/entities 200']);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(res.body.detail).toMatch(/^Could not connect to Darktrace at http:\/\/127\.0\.0\.1:\d+: .+\. A read of the device's tags shows CVE Info is not on the device: nothing was changed, so it is safe to retry\.$/);
  });

  it('a timeout, and the read fails too: OUTCOME_UNKNOWN, retryable false, telling the caller to read first', async () => {
    h.emulator.clearRequests();
    h.emulator.faults.inject({ kind: 'latency', latencyMs: 1500, method: 'POST', match: '/tags/entities' });
    h.emulator.faults.inject({ kind: 'status', status: 503, method: 'GET', match: '/tags/entities', times: 3 });
    const res = await postTag(5, 'External DNS');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: false, title: 'Outcome unknown' });
    expect(res.body.detail).toBe('Darktrace did not answer POST /tags/entities within 400 ms. The outcome is unknown: reading the device\'s tags to check also failed (Darktrace returned HTTP 503 for GET /tags/entities: Service Unavailable.). '
      + 'Darktrace may or may not have applied this change: read the current state before retrying, or the change may be made twice.');
    expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(1); // never retried
  });

  it('post-to-watched-list: a 5xx after the entries were added is verified and reported as done', async () => {
    h.emulator.clearRequests();
    h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/intelfeed' });
    const res = await h.call('darktrace-post-to-watched-list', { endpointsToWatch: 'evil.example,198.51.100.9' }, { scope: 'write' });
    expect(calls()).toEqual(['POST /intelfeed 502', 'GET /intelfeed 200']);
    expect(res.status).toBe(200);
    expect(res.body.results[0].readableOutput).toContain('Darktrace reported an error (Darktrace returned HTTP 502 for POST /intelfeed.) but a read of the watched list shows every entry on it.');
  });

  it('remove-from-watched-list: a removal applied then answered 502 is verified and counted as removed', async () => {
    h.emulator.clearRequests();
    h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/intelfeed' });
    const res = await h.call('darktrace-remove-from-watched-list', { endpointsToRemove: 'evil.example' }, { scope: 'write' });
    expect(calls()).toEqual(['POST /intelfeed 502', 'GET /intelfeed 200']);
    expect(res.status).toBe(200);
    expect(res.body.results[0].outputs).toEqual([{ endpoint: 'evil.example', Watched: false }]);
  });

  it('reads stay retryable on the same faults', async () => {
    h.emulator.faults.inject({ kind: 'status', status: 502, times: 3, match: '/tags/entities' });
    const res = await h.call('darktrace-get-tags-for-device', { deviceId: 5 });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
  });
});

describe('finding 5: permanent connection errors are not retryable', () => {
  let h: Harness;
  let tls: import('node:https').Server;
  let tlsUrl: string;
  beforeAll(async () => {
    h = await startHarness();
    const { selfSignedCert } = await import('../darktrace/helpers.js');
    const https = await import('node:https');
    tls = https.createServer({ ...selfSignedCert(), maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as import('node:net').AddressInfo).port}`;
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => tls.close(resolve));
  });

  it('a TLS version mismatch: 503 retryable false with a one-line reason, for reads and writes alike', async () => {
    for (const [command, args, scope] of [
      ['darktrace-get-watched-list', {}, 'read'], ['darktrace-post-tag-to-device', { deviceId: 1, tagName: 'Admin' }, 'write'],
    ] as const) {
      const res = await h.call(command, args, { scope, instance: { url: tlsUrl, publicToken: 'pub-12345678', privateToken: 'priv-12345678', insecure: true } });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false });
      expect(res.body.detail).toBe(`Could not connect to Darktrace at ${tlsUrl}: TLS handshake failed: tlsv1 alert protocol version (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION).`);
    }
  });

  it('a token that cannot be a header value (UND_ERR_INVALID_ARG) is a 400 naming it, before any connection', async () => {
    const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: h.emulatorUrl, publicToken: 'pub\r\nX-Injected: 1', privateToken: 'demo-private' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'instance.publicToken', message: 'must be printable ASCII without spaces (check for a pasted newline)' }]);
  });

  it('and if undici refuses a header anyway, the problem is not retryable', async () => {
    const { DarktraceClient } = await import('../../src/darktrace/client.js');
    const { toProblemInit } = await import('../../src/pipeline/problem.js');
    const client = new DarktraceClient({ url: h.emulatorUrl, publicToken: 'bad\ntoken', privateToken: 'demo-private', retries: 2 });
    try {
      const error = await client.get('/status').catch((e: unknown) => e);
      expect(toProblemInit(error)).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE', retryable: false,
        detail: `Could not connect to Darktrace at ${h.emulatorUrl}: invalid DTAPI-Token header (UND_ERR_INVALID_ARG).`,
      });
      expect(toProblemInit(error, { writes: true })).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: false });
    } finally {
      await client.close();
    }
  });
});

describe('finding 6: caller errors are 4xx, checked before any request where we can', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.close(); });

  it.each([
    ['a 5,000-character tag name', 'x'.repeat(5000), 'tagName: must be at most 128 characters (got 5000)'],
    ['a 1 MB tag name', 'x'.repeat(1_000_000), 'tagName: must be at most 128 characters (got 1000000)'],
  ])('%s is a 400 naming the argument; nothing is sent', async (_label, tagName, message) => {
    h.emulator.clearRequests();
    const res = await h.call('darktrace-post-tag-to-device', { deviceId: 1, tagName }, { scope: 'write' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'tagName', message }]);
    expect(h.emulator.requests).toHaveLength(0);
    expect(h.emulator.state.tags.has(tagName)).toBe(false);
  });

  it('a generic string argument and a list have bounds too', async () => {
    const long = await h.call('darktrace-get-device-connection-info', { did: 1, data_type: 'co', external_domain: 'x'.repeat(5000) });
    expect(long.body.errors).toEqual([{ path: 'external_domain', message: 'external_domain: must be at most 1024 characters (got 5000)' }]);
    const many = await h.call('darktrace-post-to-watched-list', { endpointsToWatch: Array.from({ length: 1001 }, (_, i) => `h${i}.example`) }, { scope: 'write' });
    expect(many.body.errors).toEqual([{ path: 'endpointsToWatch', message: 'endpointsToWatch: must have at most 1000 items (got 1001)' }]);
  });

  it.each([
    ['"No tag named …"', 'darktrace-remove-tag-from-device', { deviceId: 1, tagName: 'No Such Tag' }, 'Darktrace returned HTTP 400 for DELETE /tags/entities: No tag named No Such Tag.'],
    ['"in several sources; give source"', 'darktrace-remove-from-watched-list', { endpointsToRemove: 'twice.example' }, 'Darktrace returned HTTP 400 for POST /intelfeed: twice.example is in several sources; give source.'],
  ])('Darktrace\'s own input error %s is a 400 with its message', async (_label, command, args, detail) => {
    for (const source of ['A', 'B']) await h.call('darktrace-post-to-watched-list', { endpointsToWatch: 'twice.example', source }, { scope: 'write' });
    const res = await h.call(command, args, { scope: 'write' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', retryable: false, upstreamStatus: 400, detail });
    expect(res.body.errors).toEqual([{ path: 'args', message: detail }]);
  });

  it('a 431 from Darktrace (an argument past its header limit) is a 400 saying to shorten the arguments', async () => {
    const fake = await startFake();
    try {
      fake.respond((_req, res) => res.writeHead(431).end());
      const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, publicToken: 'demo-public', privateToken: 'demo-private' } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', detail: 'Darktrace refused GET /intelfeed as too large (HTTP 431): shorten the arguments.' });
    } finally {
      await fake.close();
    }
  });
});

describe('finding 8: small things', () => {
  it('a 500 on /v1/test is logged with its request id, as its message promises', async () => {
    const { Writable } = await import('node:stream');
    const pino = (await import('pino')).default;
    const { Registry, defineCommand } = await import('../../src/registry/index.js');
    const { startServer } = await import('../../src/server/index.js');
    const { InstanceResolver } = await import('../../src/server/instances.js');
    const { apiKey } = await import('../../src/server/auth.js');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
    const { createServices } = await import('../../src/cli/runtime.js');
    const broken = defineCommand({ name: 'test-module', description: 'Throws.', access: 'read', args: {}, async run() { throw new TypeError('boom in test-module'); } });
    const server = await startServer({
      registry: new Registry([broken]), services: createServices({ logger, store: memoryStore() }), apiKeys: [apiKey('test-read-key-0123456789', 'read')],
      instances: new InstanceResolver(new Map([['x', { url: 'http://127.0.0.1:9', publicToken: 'p', privateToken: 'q' }]]), { allowInline: false }),
    });
    try {
      const res = await fetch(`${server.url}/v1/test`, { method: 'POST', headers: { Authorization: 'Bearer test-read-key-0123456789', 'X-Request-Id': 'req-test-500' } });
      expect(res.status).toBe(500);
      const body = await res.json() as { detail: string; requestId: string };
      expect(body.detail).toBe('Internal error in the Darktrace SOAR plugin; see the server log for this request id.');
      expect(body.requestId).toBe('req-test-500');
      const logged = lines.map((l) => JSON.parse(l) as { requestId?: string; msg: string; err?: { message: string } })
        .filter((l) => l.requestId === 'req-test-500' && l.msg === 'command failed');
      expect(logged).toHaveLength(1);
      expect(logged[0].err?.message).toBe('boom in test-module');
    } finally {
      await server.close();
    }
  });

  it('`serve` on a port in use says so', async () => {
    const net = await import('node:net');
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as import('node:net').AddressInfo;
    try {
      const { code, stderr } = await runCli(['serve', '--port', String(port)], { DARKTRACE_SOAR_API_KEYS: 'serve-port-key-0123456789:read', DARKTRACE_URL: '' });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`Port ${port} on 127.0.0.1 is already in use: stop the other process or choose another --port.`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('a proxy refusing the connection is blamed on the proxy, not on Darktrace', async () => {
    const { closedPort } = await import('../darktrace/helpers.js');
    const { OutboundPolicy } = await import('../../src/darktrace/outbound-policy.js');
    const h = await startHarness({ outbound: new OutboundPolicy({ allowPrivateTargets: ['127.0.0.0/8'], allowInlineProxy: true }) });
    try {
      const proxy = `http://127.0.0.1:${await closedPort()}`;
      const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: 'https://203.0.113.10', publicToken: 'demo-public', privateToken: 'demo-private', proxy } });
      expect(res.status).toBe(503);
      expect(res.body.detail).toBe(`Could not connect to the proxy ${proxy} (for Darktrace at https://203.0.113.10): ECONNREFUSED.`);
    } finally {
      await h.close();
    }
  });
});
