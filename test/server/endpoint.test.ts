// The foundation's "done means", end to end over HTTP: endpoint → client → emulator.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { KEYS, useHarness, withHarness } from '../helpers/harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;
const DT_KEY = 'Darktrace.SimilarDevices(val.deviceId && val.deviceId == obj.deviceId)';

describe('POST /v1/commands/darktrace-get-similar-devices', () => {
  const h = useHarness();

  it('answers in the result view by default: outputs, the readable table and the raw answer, each once', async () => {
    const args = { did: '1', max_results: '2' };
    const full = (await h.call('darktrace-get-similar-devices', args, { view: 'full' })).body;
    h.emulator.clearRequests();
    const res = await h.call('darktrace-get-similar-devices', args, { view: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['ok', 'command', 'requestId', 'view', 'results', 'durationMs']);
    expect(res.body).toMatchObject({ ok: true, command: 'darktrace-get-similar-devices', view: 'result', requestId: res.headers['x-request-id'] });
    const [result] = res.body.results;
    const [fullResult] = full.results;
    expect(result).toEqual({
      outputsPrefix: 'Darktrace.SimilarDevices',
      outputsKeyField: 'deviceId',
      outputs: fullResult.outputs,
      readableOutput: fullResult.entry.HumanReadable,
      rawResponse: fullResult.rawResponse,
    });
    expect(h.received()).toEqual([{ method: 'GET', path: '/similardevices', query: 'did=1&count=2', body: '' }]);
    // Nothing repeated: the full view carries outputs, raw and readable twice (as the entry's too).
    expect(JSON.stringify(res.body).length).toBeLessThan(JSON.stringify(full).length * 0.6);
    expect((await h.call('darktrace-get-similar-devices', args, { view: 'result' })).body.results).toEqual(res.body.results);
  });

  it('the entry view carries the war-room entries alone, as the full view has them', async () => {
    const args = { did: '1', max_results: '2' };
    const full = (await h.call('darktrace-get-similar-devices', args, { view: 'full' })).body;
    const res = await h.call('darktrace-get-similar-devices', args, { view: 'entry' });
    expect(res.status).toBe(200);
    expect(res.body.view).toBe('entry');
    expect(res.body.results).toEqual([{ entry: full.results[0].entry }]);
    expect(res.body.results[0].entry.EntryContext[DT_KEY].devices).toHaveLength(2);
  });

  it('an unknown view is a 400 naming view and the allowed values, before Darktrace is called', async () => {
    h.emulator.clearRequests();
    for (const view of ['xsoar', 42, '']) {
      const res = await h.call('darktrace-get-similar-devices', { did: '1' }, { view: view as string });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_ARGUMENTS');
      expect(res.body.errors).toEqual([{ path: 'view', message: `must be one of result, entry, full (got ${JSON.stringify(view)})` }]);
      expect(res.body.detail).toBe(`view must be one of result, entry, full (got ${JSON.stringify(view)}).`);
    }
    expect(h.received()).toEqual([]);
  });

  it('returns the war-room entry, outputs and readable table, and signs the exact request', async () => {
    h.emulator.clearRequests();
    const res = await h.call('darktrace-get-similar-devices', { did: '1', max_results: '2' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.body).toMatchObject({ ok: true, command: 'darktrace-get-similar-devices', requestId: res.headers['x-request-id'] });
    const [result] = res.body.results;
    expect(result.outputsPrefix).toBe('Darktrace.SimilarDevices');
    expect(result.outputsKeyField).toBe('deviceId');
    expect(result.outputs.deviceId).toBe(1);
    expect(result.outputs.did).toBe(1);
    expect(result.outputs.devices).toHaveLength(2);
    for (const d of result.outputs.devices) {
      expect(d.firstSeen).toMatch(ISO_MS);
      expect(d.lastSeen).toMatch(ISO_MS);
    }
    const entry = result.entry;
    expect(entry.Type).toBe(1);
    expect(entry.ContentsFormat).toBe('json');
    expect(entry.Contents).toEqual(result.rawResponse);
    expect(Object.keys(entry.EntryContext)).toEqual([DT_KEY]);
    expect(entry.EntryContext[DT_KEY]).toEqual(result.outputs);
    expect(entry.HumanReadable).toBe(result.readableOutput);
    expect(entry.HumanReadable.startsWith('### Similar devices of device 1\n|did|score|hostname|ip|macaddress|vendor|os|typelabel|firstSeen|lastSeen|\n|---|')).toBe(true);
    // Raw response keeps the appliance's epoch ms.
    expect(typeof result.rawResponse[0].firstSeen).toBe('number');

    // Signed with the configured tokens over exactly what was sent (checked by received()).
    expect(h.received().filter((r) => r.path === '/similardevices')).toEqual([{ method: 'GET', path: '/similardevices', query: 'did=1&count=2', body: '' }]);
  });

  it('accepts the official pack aliases and JSON types', async () => {
    const res = await h.call('darktrace-get-similar-devices', { deviceId: 1, maxResults: 1, full_device_details: 'yes' });
    expect(res.status).toBe(200);
    expect(res.body.results[0].outputs.devices).toHaveLength(1);
    expect(h.received().at(-1)).toEqual({ method: 'GET', path: '/similardevices', query: 'did=1&count=1&fulldevicedetails=true', body: '' });
  });

  it('did=abc is a 400 naming did, with the XSOAR error entry', async () => {
    const res = await h.call('darktrace-get-similar-devices', { did: 'abc', max_results: '0', bogus: 1 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.type).toBe('urn:darktrace-soar:problem:invalid-arguments');
    expect(res.body.status).toBe(400);
    expect(res.body.retryable).toBe(false);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['bogus', 'did', 'max_results']);
    expect(res.body.errors.find((e: { path: string }) => e.path === 'did').message).toContain('expected an integer, got "abc"');
    expect(res.body.entry).toEqual({
      Type: 4,
      ContentsFormat: 'text',
      Contents: `Failed to execute darktrace-get-similar-devices command.\nError:\n${res.body.detail}`,
    });
  });

  it('missing required argument is named', async () => {
    const res = await h.call('darktrace-get-similar-devices', {});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'did', message: expect.stringContaining('required') }]);
  });

  it('XSOAR reserved arguments are ignored', async () => {
    const res = await h.call('darktrace-get-similar-devices', { did: '1', using: 'Darktrace_instance_1', 'raw-response': 'true', 'extend-context': 'x=y' });
    expect(res.status).toBe(200);
  });

  it('an unknown command is a 404 with the closest name', async () => {
    const res = await h.call('darktrace-get-similar-device', {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('UNKNOWN_COMMAND');
    expect(res.body.detail).toContain('Did you mean "darktrace-get-similar-devices"?');
    expect(res.body.suggestion).toBe('darktrace-get-similar-devices');
  });

  it('no key → 401, wrong key → 401', async () => {
    const none = await h.http.post('/v1/commands/darktrace-get-similar-devices').send({ args: { did: 1 } });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const wrong = await h.http.post('/v1/commands/darktrace-get-similar-devices').set('Authorization', 'Bearer nope-nope-nope-nope').send({ args: { did: 1 } });
    expect(wrong.status).toBe(401);
    // The key is checked before the body is even parsed.
    const garbage = await h.http.post('/v1/fetch-incidents').set('Content-Type', 'application/json').send('{"lastRun":');
    expect(garbage.status).toBe(401);
  });

  it('a read-scoped key is refused every command that changes Darktrace (generic over the registry)', async () => {
    const writers = createRegistry().list().filter((c) => c.access !== 'read');
    expect(writers.length).toBeGreaterThan(0);
    for (const command of writers) {
      h.emulator.clearRequests();
      const res = await h.call(command.name, {}, { scope: 'read' });
      expect(res.status, command.name).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.detail).toBe(`This API key has the "read" scope; this request needs "${command.access}".`);
      expect(h.received()).toEqual([]);
    }
  });

  it('a request id is echoed when sane and generated otherwise', async () => {
    const res = await h.http.get('/healthz').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const bad = await h.http.get('/healthz').set('X-Request-Id', 'has spaces <script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects oversized and malformed bodies with problems', async () => {
    const big = await h.http.post('/v1/commands/darktrace-get-similar-devices').set('Authorization', `Bearer ${KEYS.read}`)
      .set('Content-Type', 'application/json').send(JSON.stringify({ args: { did: 'x'.repeat(2_000_000) } }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await h.http.post('/v1/commands/darktrace-get-similar-devices').set('Authorization', `Bearer ${KEYS.read}`)
      .set('Content-Type', 'application/json').send('{"args":');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('INVALID_ARGUMENTS');
  });
});

describe('Darktrace faults reach the user as clear problems', () => {
  it('a wrong private token → 502 saying the credentials are invalid, never echoing the token', async () => {
    await withHarness({ instance: { privateToken: 'wrong-private-token-s3cret' } }, async (h) => {
      const res = await h.call('darktrace-get-similar-devices', { did: '1' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('UPSTREAM_ERROR');
      expect(res.body.detail).toMatch(/^Darktrace rejected the API credentials \(API SIGNATURE ERROR\)/);
      expect(JSON.stringify(res.body)).not.toContain('wrong-private-token-s3cret');
      const test = await h.test();
      expect(test.status).toBe(200);
      expect(test.body.ok).toBe(false);
      expect(test.body.message).toMatch(/invalid/);
    });
  });

  it('a clock 2 hours off → the clock-skew message', async () => {
    await withHarness({ emulator: { now: () => Date.now() + 2 * 3_600_000 } }, async (h) => {
      const res = await h.call('darktrace-get-similar-devices', { did: '1' });
      expect(res.status).toBe(502);
      expect(res.body.detail).toBe("Darktrace rejected the request time (API DATE ERROR): this machine's clock differs from the Darktrace appliance's by more than 30 minutes. Synchronise both clocks (NTP) and retry.");
    });
  });

  it('a token lacking the permission → the permission message', async () => {
    await withHarness({
      emulator: { tokens: [{ publicToken: 'status-only', privateToken: 'status-only-private', permissions: ['Status'] }] },
      instance: { publicToken: 'status-only', privateToken: 'status-only-private' },
    }, async (h) => {
      const res = await h.call('darktrace-get-similar-devices', { did: '1' });
      expect(res.status).toBe(502);
      expect(res.body.detail).toBe('The Darktrace API token is not permitted to call GET /similardevices. Grant the token the required permission in Darktrace System Config → API tokens.');
      const test = await h.test();
      expect(test.body).toEqual({ ok: true, message: 'ok' });
    });
  });

  it('an unreachable appliance → 503, retryable', async () => {
    await withHarness({ instance: { url: 'http://127.0.0.1:9', retries: 0 } }, async (h) => {
      const res = await h.call('darktrace-get-similar-devices', { did: '1' });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.body.retryable).toBe(true);
      expect(res.body.detail).toMatch(/^Could not connect to Darktrace at http:\/\/127\.0\.0\.1:9: /);
    });
  });
});

describe('instances, test, manifest, OpenAPI, health and metrics', () => {
  const h = useHarness();

  it('POST /v1/test → ok', async () => {
    const res = await h.test();
    expect(res.body).toEqual({ ok: true, message: 'ok' });
  });

  it('POST /v1/test with fetch enabled reports invalid fetch parameters by name', async () => {
    const res = await h.test({ params: { isFetch: 'true', max_alerts: '5000', first_fetch: 'yesterday-ish' } });
    expect(res.body.ok).toBe(false);
    expect(res.body.message).toContain('max_alerts');
    expect(res.body.message).toContain('first_fetch');
    const off = await h.test({ params: { isFetch: 'false', max_alerts: '5000' } });
    expect(off.body).toEqual({ ok: true, message: 'ok' });
  });

  it('an inline instance is used per request, and its secrets never come back', async () => {
    const res = await h.call('darktrace-get-similar-devices', { did: '1' }, { instance: { url: h.emulatorUrl, publicToken: 'demo-public', privateToken: 'demo-private', insecure: 'false' } });
    expect(res.status).toBe(200);
    const bad = await h.call('darktrace-get-similar-devices', { did: '1' }, { instance: { url: 'not a url', publicToken: '', privateToken: 'top-secret-value' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['instance.publicToken', 'instance.url']);
    expect(JSON.stringify(bad.body)).not.toContain('top-secret-value');
  });

  it('an unknown instance name is a 400 listing the configured ones', async () => {
    const res = await h.call('darktrace-get-similar-devices', { did: '1' }, { instance: 'prod' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Unknown Darktrace instance "prod". Configured: test.');
  });

  it('GET /v1/commands lists every command with its arguments', async () => {
    const res = await h.http.get('/v1/commands').set('Authorization', `Bearer ${KEYS.read}`);
    expect(res.status).toBe(200);
    const similar = res.body.commands.find((c: { name: string }) => c.name === 'darktrace-get-similar-devices');
    expect(similar.args.map((a: { name: string }) => a.name)).toEqual(['did', 'max_results', 'full_device_details']);
    expect(similar.args[0].aliases).toEqual(['deviceId']);
  });

  it('GET /openapi.json has one operation per command', async () => {
    const res = await h.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const command of createRegistry().list()) {
      expect(res.body.paths[`/v1/commands/${command.name}`]?.post?.operationId).toBe(command.name);
    }
    const schema = res.body.paths['/v1/commands/darktrace-get-similar-devices'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.args.required).toEqual(['did']);
    expect(schema.properties.args.properties.max_results).toMatchObject({ type: 'integer', default: 5, minimum: 1 });
  });

  it('health, readiness and admin-only metrics', async () => {
    expect((await h.http.get('/healthz')).body).toEqual({ ok: true });
    expect((await h.http.get('/readyz')).status).toBe(200);
    expect((await h.http.get('/metrics').set('Authorization', `Bearer ${KEYS.read}`)).status).toBe(403);
    const metrics = await h.http.get('/metrics').set('Authorization', `Bearer ${KEYS.admin}`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('darktrace_soar_commands_total');
    const instances = await h.http.get('/v1/instances').set('Authorization', `Bearer ${KEYS.admin}`);
    expect(instances.body.instances).toEqual([{ name: 'test', url: h.emulatorUrl, insecure: false, proxy: false, default: true }]);
    expect(JSON.stringify(instances.body)).not.toContain('demo-private');
  });

  it('unknown routes are problems too', async () => {
    const res = await h.http.get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});

describe('requests the server cannot read are 400 problems, never internal errors', () => {
  const h = useHarness();
  const post = (path: string) => h.http.post(path).set('Authorization', `Bearer ${KEYS.read}`);

  it('a command name that is not valid percent-encoding', async () => {
    const res = await post('/v1/commands/%E0%A4%A').send({});
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.detail).toBe('The request path is not valid percent-encoding.');
  });

  it('a body that is not a JSON object', async () => {
    h.emulator.clearRequests();
    const res = await post('/v1/commands/darktrace-get-similar-devices').set('Content-Type', 'application/json').send('[{"did":1}]');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.detail).toBe('The request body must be a JSON object like {"args": {...}}.');
    expect(res.body.errors).toEqual([{ path: 'body', message: 'must be a JSON object' }]);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('a body whose keys look like a problem is still a request', async () => {
    const res = await post('/v1/commands/darktrace-get-similar-devices').send({ args: { did: 1, max_results: 1 }, code: 'INTERNAL', detail: 'x' });
    expect(res.status).toBe(200);
    expect(res.body.results[0].outputs.devices).toHaveLength(1);
  });

  it('a body in a charset other than UTF-8', async () => {
    const res = await post('/v1/commands/darktrace-get-similar-devices').set('Content-Type', 'application/json; charset=latin1').send('{"args":{"did":1}}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.detail).toBe('The request body must be UTF-8 JSON (got charset "latin1").');
    expect(res.body.command).toBe('darktrace-get-similar-devices');
  });

  it('an unsupported or corrupt Content-Encoding', async () => {
    const unsupported = await post('/v1/commands/darktrace-get-similar-devices').set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress').send('{"args":{"did":1}}');
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.code).toBe('INVALID_ARGUMENTS');
    expect(unsupported.body.detail).toBe('Unsupported Content-Encoding "compress": send the body uncompressed, or gzip, deflate or br.');
    const corrupt = await post('/v1/commands/darktrace-get-similar-devices').set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip').send('{"args":{"did":1}}');
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.code).toBe('INVALID_ARGUMENTS');
    expect(corrupt.body.detail).toBe('The request body could not be read (HTTP 400).');
  });
});

describe('inline instances are checked before use', () => {
  const h = useHarness();

  it('a URL with a user name or password is refused without echoing it (Darktrace uses token signing, not URL credentials)', async () => {
    const url = h.emulatorUrl.replace('http://', 'http://admin:url-pass-s3cret@');
    const res = await h.call('darktrace-get-similar-devices', { did: '1' }, { instance: { url, publicToken: 'demo-public', privateToken: 'demo-private' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'instance.url', message: 'must not contain a user name or password: Darktrace authenticates with the API tokens' }]);
    expect(JSON.stringify(res.body)).not.toContain('url-pass-s3cret');
  });

  it('a proxy that is not http(s) is a 400 naming instance.proxy, not an internal error', async () => {
    const res = await h.call('darktrace-get-similar-devices', { did: '1' }, { instance: { url: h.emulatorUrl, publicToken: 'demo-public', privateToken: 'demo-private', proxy: 'ftp://proxy.example:21' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'instance.proxy', message: 'must be an http(s) proxy URL, e.g. http://proxy.example.com:3128' }]);
  });
});

describe('Darktrace rate limiting', () => {
  it('a 429 with a Retry-After longer than the client waits is passed on as the Retry-After header', async () => {
    await withHarness({}, async (h) => {
      h.emulator.faults.inject({ kind: 'rate-limit', retryAfter: 120, match: '/similardevices' });
      const res = await h.call('darktrace-get-similar-devices', { did: '1' });
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(res.body.retryable).toBe(true);
      expect(res.headers['retry-after']).toBe('120');
    });
  });
});
