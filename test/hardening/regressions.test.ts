// One regression test per finding of issue 8, each starting from the reporter's reproducer, over HTTP
// against the emulator (or the CLI as a user runs it).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { json, startServer as startFake, type TestServer } from '../darktrace/helpers.js';
import { redact } from '../../src/darktrace/redact.js';

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
    const state = join(mkdtempSync(join(tmpdir(), 'dt-hard-')), 'state.json');
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
      ok: false, code: 'INVALID_ARGUMENTS', message: 'isFetch: too deeply nested (more than 32 levels of arrays or objects)',
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
