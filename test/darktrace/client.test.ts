import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backoffMs, DarktraceClient, describeInstance, type DarktraceInstance } from '../../src/darktrace/client.js';
import { DarktraceError } from '../../src/darktrace/errors.js';
import { signature } from '../../src/darktrace/signing.js';
import {
  closedPort, hang, json, reset, selfSignedCert, startProxy, startServer, text, type Handler, type TestServer,
} from './helpers.js';

// Recognisable, so a leak into any message is easy to spot.
const PRIVATE = 'PRIVATE-d3adb33f-0123456789abcdef';
const PUBLIC = 'examplepub';
const NOW = new Date('2024-01-01T00:00:00Z');
const DATE = '2024-01-01T00:00:00+00:00';

let server: TestServer;
let clients: DarktraceClient[] = [];
let sleeps: number[] = [];

function client(overrides: Partial<DarktraceInstance> = {}): DarktraceClient {
  const instance = { url: `${server.base}/`, publicToken: PUBLIC, privateToken: PRIVATE, ...overrides };
  const made = new DarktraceClient(instance, {
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  clients.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<DarktraceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DarktraceError);
  return error as DarktraceError;
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.respond(json(200, { ok: true }));
  sleeps = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});

describe('requests on the wire', () => {
  it('sends the DTAPI headers with the SPEC signature for a GET', async () => {
    server.respond(json(200, [{ did: 823, score: 99 }]));
    const dt = client({ privateToken: 'examplepri' });
    await expect(dt.get('/similardevices', { did: 1, count: 2 })).resolves.toEqual([{ did: 823, score: 99 }]);
    const [req] = server.requests;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/similardevices?did=1&count=2');
    expect(req.headers['dtapi-token']).toBe('examplepub');
    expect(req.headers['dtapi-date']).toBe(DATE);
    expect(req.headers['dtapi-signature']).toBe('7d69e33222614224666f4b42a75bd663e80f12d6');
    expect(req.headers['content-type']).toBeUndefined();
    expect(req.body).toBe('');
  });

  it('keeps query order, signs unencoded values and sends them encoded', async () => {
    await client().get('/tags/entities', [['tag', 'Active Threat'], ['fulldevicedetails', true], ['skip', undefined], ['did', 7]]);
    const [req] = server.requests;
    expect(req.url).toBe('/tags/entities?tag=Active%20Threat&fulldevicedetails=true&did=7');
    expect(req.headers['dtapi-signature'])
      .toBe(signature(PRIVATE, PUBLIC, '/tags/entities?tag=Active Threat&fulldevicedetails=true&did=7', DATE));
  });

  it('signs the bare path when there is no query', async () => {
    await client().get('/status', {});
    expect(server.requests[0].url).toBe('/status');
    expect(server.requests[0].headers['dtapi-signature']).toBe(signature(PRIVATE, PUBLIC, '/status', DATE));
  });

  it.each([
    ['compact', '20240101T000000'],
    ['spaced', '2024-01-01 00:00:00'],
  ] as const)('uses the %s date format when configured', async (dateFormat, date) => {
    await client({ dateFormat }).get('/status');
    expect(server.requests[0].headers['dtapi-date']).toBe(date);
    expect(server.requests[0].headers['dtapi-signature']).toBe(signature(PRIVATE, PUBLIC, '/status', date));
  });

  it('POSTs a form body without a query string and signs the exact bytes', async () => {
    server.respond(json(200, { tid: 57 }));
    const dt = client({ privateToken: 'examplepri' });
    await expect(dt.postForm('/tags/entities', { did: 2, tag: 'Admin' })).resolves.toEqual({ tid: 57 });
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/tags/entities');
    expect(req.body).toBe('did=2&tag=Admin');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers['dtapi-signature']).toBe('a59c7cc244ac32bd29e16173aeff1181d4b07221');
  });

  it('signs encoded form bytes (spaces as +)', async () => {
    await client().postForm('/tags/entities', { did: 42, tag: 'Active Threat', duration: 3600 });
    const [req] = server.requests;
    expect(req.body).toBe('did=42&tag=Active+Threat&duration=3600');
    expect(req.headers['dtapi-signature'])
      .toBe(signature(PRIVATE, PUBLIC, '/tags/entities?did=42&tag=Active+Threat&duration=3600', DATE));
  });

  it('POSTs JSON and signs the exact body text', async () => {
    const body = { addlist: '8.8.8.8,example.com', description: 'Seen in "phish" campaign' };
    await client().postJson('/intelfeed', body);
    const [req] = server.requests;
    expect(req.url).toBe('/intelfeed');
    expect(req.body).toBe(JSON.stringify(body));
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['dtapi-signature']).toBe(signature(PRIVATE, PUBLIC, `/intelfeed?${JSON.stringify(body)}`, DATE));
  });

  it('DELETE sends and signs its query like a GET, with no body', async () => {
    await client().delete('/tags/entities', { did: 2, tag: 'Admin' });
    const [req] = server.requests;
    expect(req.method).toBe('DELETE');
    expect(req.url).toBe('/tags/entities?did=2&tag=Admin');
    expect(req.body).toBe('');
    expect(req.headers['dtapi-signature']).toBe(signature(PRIVATE, PUBLIC, '/tags/entities?did=2&tag=Admin', DATE));
  });

  it('sends and signs Base64 in the path verbatim (+ / =)', async () => {
    const path = '/advancedsearch/api/analyze/@fields.source_ip/score/eyJzZWFyY2giOiIqIn0+/Ab==';
    await client().get(path);
    expect(server.requests[0].url).toBe(path);
    expect(server.requests[0].headers['dtapi-signature']).toBe(signature(PRIVATE, PUBLIC, path, DATE));
  });

  it('ignores a fragment in the instance URL', async () => {
    await client({ url: `${server.base}/#/dashboard` }).get('/status');
    expect(server.requests[0].url).toBe('/status');
  });

  it('refuses a query string inside the path and a URL with a path prefix', async () => {
    await expect(client().get('/status?format=json')).rejects.toThrow(TypeError);
    await expect(client().get('status')).rejects.toThrow(TypeError);
    expect(() => new DarktraceClient({ url: 'https://dt.example.com/api', publicToken: 'a', privateToken: 'b' }))
      .toThrow(/appliance origin/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('response validation', () => {
  const schema = z.looseObject({ devices: z.array(z.looseObject({ did: z.number(), hostname: z.string().optional() })) });

  it('returns the parsed data and lets unknown keys through', async () => {
    server.respond(json(200, { devices: [{ did: 1, extra: 'kept' }], totalCount: 1 }));
    await expect(client().get('/devicesearch', { query: 'x' }, schema))
      .resolves.toEqual({ devices: [{ did: 1, extra: 'kept' }], totalCount: 1 });
  });

  it('names the failing field instead of crashing', async () => {
    server.respond(json(200, { devices: [{ did: 1 }, { hostname: 'ws-1' }] }));
    const error = await failure(client().get('/devicesearch', { query: 'x' }, schema));
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toBe(
      'Darktrace returned an unexpected response for GET /devicesearch: devices[1].did Invalid input: expected number, received undefined');
    expect(error.retryable).toBe(false);
  });

  it('lists at most five failing fields', async () => {
    server.respond(json(200, { devices: Array.from({ length: 7 }, () => ({ hostname: 1 })) }));
    const error = await failure(client().get('/devicesearch', {}, schema));
    const listed = error.message.split(': ').slice(1).join(': ').split('; ');
    expect(listed).toHaveLength(6); // 7 × did + 7 × hostname = 14 issues: five named, then the rest counted
    expect(listed.slice(0, 3)).toEqual([
      'devices[0].did Invalid input: expected number, received undefined',
      'devices[0].hostname Invalid input: expected string, received number',
      'devices[1].did Invalid input: expected number, received undefined',
    ]);
    expect(listed[5]).toBe('and 9 more');
  });

  it('reports a wrong top-level type at (root)', async () => {
    server.respond(json(200, []));
    const error = await failure(client().get('/devicesearch', {}, schema));
    expect(error.message).toBe('Darktrace returned an unexpected response for GET /devicesearch: (root) Invalid input: expected object, received array');
  });
});

describe('error mapping', () => {
  const cases: Array<[string, Handler, string, string, number | undefined]> = [
    ['400 API SIGNATURE ERROR', json(400, { error: 'API SIGNATURE ERROR' }), 'INVALID_CREDENTIALS',
      'Darktrace rejected the API credentials (API SIGNATURE ERROR): the public or private API token is invalid. Check both tokens configured for ${base}.', 400],
    ['401 API SIGNATURE ERROR under an unknown key', json(401, { message: 'API SIGNATURE ERROR' }), 'INVALID_CREDENTIALS',
      'Darktrace rejected the API credentials (API SIGNATURE ERROR): the public or private API token is invalid. Check both tokens configured for ${base}.', 401],
    ['400 API DATE ERROR', json(400, { error: 'API DATE ERROR' }), 'CLOCK_SKEW',
      "Darktrace rejected the request time (API DATE ERROR): this machine's clock differs from the Darktrace appliance's by more than 30 minutes. Synchronise both clocks (NTP) and retry.", 400],
    ['302 to /login', text(302, 'Found. Redirecting to /login', { location: '/login' }), 'INVALID_ENDPOINT_OR_CREDENTIALS',
      'Darktrace redirected GET /similardevices to its login page: the API endpoint does not exist on this appliance, or the API tokens are invalid. Check the server URL and both tokens.', 302],
    ['302 body-only /login', text(302, 'Found. Redirecting to /login'), 'INVALID_ENDPOINT_OR_CREDENTIALS',
      'Darktrace redirected GET /similardevices to its login page: the API endpoint does not exist on this appliance, or the API tokens are invalid. Check the server URL and both tokens.', 302],
    ['302 to /403', text(302, 'Found. Redirecting to /403', { location: '/403' }), 'PERMISSION_DENIED',
      'The Darktrace API token is not permitted to call GET /similardevices. Grant the token the required permission in Darktrace System Config → API tokens.', 302],
    ['403', text(403, 'Forbidden'), 'PERMISSION_DENIED',
      'The Darktrace API token is not permitted to call GET /similardevices. Grant the token the required permission in Darktrace System Config → API tokens.', 403],
    ['200 HTML login page', text(200, '<html><head><title>Log In | Darktrace</title></head></html>', { 'content-type': 'text/html; charset=utf-8' }),
      'PERMISSION_DENIED',
      'The Darktrace API token is not permitted to call GET /similardevices. Grant the token the required permission in Darktrace System Config → API tokens.', 200],
    ['200 login page served as text/plain', text(200, '<title>Log In | Darktrace</title>'), 'PERMISSION_DENIED',
      'The Darktrace API token is not permitted to call GET /similardevices. Grant the token the required permission in Darktrace System Config → API tokens.', 200],
    ['404 with JSON error', json(404, { error: 'Device not found.' }), 'NOT_FOUND',
      'Darktrace could not find the requested data (GET /similardevices returned 404): Device not found.', 404],
    ['404 without JSON', text(404, '<html>nope</html>', { 'content-type': 'text/html' }), 'NOT_FOUND',
      'Darktrace could not find the requested data (GET /similardevices returned 404).', 404],
    ['400 INPUT ERROR', json(400, { error: 'Parameter hours requires eventtype', response: 'INPUT ERROR' }), 'UPSTREAM_STATUS',
      'Darktrace returned HTTP 400 for GET /similardevices: Parameter hours requires eventtype.', 400],
    ['400 with response text only', json(400, { response: 'INPUT ERROR' }), 'UPSTREAM_STATUS',
      'Darktrace returned HTTP 400 for GET /similardevices: INPUT ERROR.', 400],
    ['500 long error', json(500, { error: 'x'.repeat(400) }), 'UPSTREAM_STATUS',
      `Darktrace returned HTTP 500 for GET /similardevices: ${'x'.repeat(299)}….`, 500],
    ['500 non-JSON', text(500, 'Internal Server Error'), 'UPSTREAM_STATUS',
      'Darktrace returned HTTP 500 for GET /similardevices.', 500],
    ['301 elsewhere', text(301, '', { location: '/elsewhere' }), 'UPSTREAM_STATUS',
      'Darktrace returned HTTP 301 for GET /similardevices.', 301],
    ['truncated JSON', json(200, '{"devices":[{"did":1'), 'UNPARSEABLE_RESPONSE',
      'Darktrace returned a response that is not valid JSON for GET /similardevices (HTTP 200).', 200],
    ['empty 200', text(200, ''), 'UNPARSEABLE_RESPONSE',
      'Darktrace returned a response that is not valid JSON for GET /similardevices (HTTP 200).', 200],
  ];

  it.each(cases)('%s', async (_name, handler, code, message, status) => {
    server.respond(handler);
    const error = await failure(client().get('/similardevices', { did: 1 }));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message.replace('${base}', server.base));
    expect(error.upstreamStatus).toBe(status);
    expect(error.method).toBe('GET');
    expect(error.path).toBe('/similardevices');
    expect(error.retryable).toBe(status === undefined || status >= 500);
    expect(server.requests).toHaveLength(1);
  });

  it('maps 429 to RATE_LIMITED once retries are spent, with the Retry-After it was given', async () => {
    server.respond(json(429, { error: 'slow down' }, { 'retry-after': '1' }));
    const error = await failure(client().get('/modelbreaches', { minscore: 0.5 }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe('Darktrace is rate limiting requests (HTTP 429 on GET /modelbreaches). Retry later. Retry-After: 1 s.');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('never puts the private token in a message, even when Darktrace echoes it', async () => {
    const messages: string[] = [];
    for (const [, handler] of cases) {
      server.respond(handler);
      messages.push((await failure(client().get('/similardevices', { did: 1 }))).message);
    }
    server.respond(json(400, { error: `unknown token ${PRIVATE}` }));
    messages.push((await failure(client().postJson('/intelfeed', { addentry: 'x' }))).message);
    server.respond(hang);
    messages.push((await failure(client({ timeoutMs: 50 }).get('/status'))).message);
    messages.push((await failure(client({ url: `http://127.0.0.1:${await closedPort()}`, retries: 0 }).get('/status'))).message);
    server.respond(json(200, {}));
    messages.push((await failure(client().get('/status', {}, z.object({ x: z.string() })))).message);

    expect(messages).toHaveLength(cases.length + 4);
    for (const message of messages) expect(message).not.toContain(PRIVATE);
    expect(messages[cases.length]).toBe('Darktrace returned HTTP 400 for POST /intelfeed: unknown token [REDACTED].');
  });
});

describe('retries', () => {
  it('retries a GET after 503 and succeeds, re-signing each attempt', async () => {
    server.respond(text(503, 'busy'), json(200, { ok: 1 }));
    await expect(client().get('/status')).resolves.toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].headers['dtapi-signature']).toBe(signature(PRIVATE, PUBLIC, '/status', DATE));
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(125);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
  });

  it('honours Retry-After seconds', async () => {
    server.respond(json(429, {}, { 'retry-after': '7' }), json(502, {}, { 'retry-after': '2' }), json(200, []));
    await expect(client().get('/modelbreaches')).resolves.toEqual([]);
    expect(sleeps).toEqual([7000, 2000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(NOW.getTime() + 12_000).toUTCString();
    server.respond(json(503, {}, { 'retry-after': at }), json(200, []));
    await client().get('/modelbreaches');
    expect(sleeps).toEqual([12_000]);
  });

  it('gives up at once when Retry-After asks for more than 30 s', async () => {
    server.respond(json(429, {}, { 'retry-after': '120' }));
    const error = await failure(client().get('/modelbreaches'));
    expect(error.message).toBe('Darktrace is rate limiting requests (HTTP 429 on GET /modelbreaches). Retry later. Retry-After: 120 s.');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('stops after `retries` attempts with the last status', async () => {
    server.respond(text(504, 'gateway timeout'));
    const error = await failure(client({ retries: 1 }).get('/status'));
    expect(error.code).toBe('UPSTREAM_STATUS');
    expect(error.upstreamStatus).toBe(504);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 500', async () => {
    server.respond(json(500, { error: 'boom' }), json(200, {}));
    await failure(client().get('/devicesummary'));
    expect(server.requests).toHaveLength(1);
  });

  it('never retries a POST or a DELETE', async () => {
    server.respond(json(503, {}), json(200, {}));
    expect((await failure(client().postJson('/intelfeed', { addentry: 'x' }))).upstreamStatus).toBe(503);
    server.respond(json(429, {}, { 'retry-after': '1' }), json(200, {}));
    expect((await failure(client().postForm('/tags/entities', { did: 1, tag: 'x' }))).code).toBe('RATE_LIMITED');
    server.respond(json(502, {}), json(200, {}));
    expect((await failure(client().delete('/tags/entities', { did: 1, tag: 'x' }))).upstreamStatus).toBe(502);
    server.respond(reset, json(200, {}));
    expect((await failure(client().postJson('/intelfeed', { addentry: 'x' }))).code).toBe('CONNECTION');
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'DELETE', 'POST']);
    expect(sleeps).toEqual([]);
  });

  it('retries a GET after a connection reset', async () => {
    server.respond(reset, json(200, { ok: true }));
    await expect(client().get('/status')).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('never follows a redirect', async () => {
    server.respond(text(302, 'Found. Redirecting to /login', { location: '/login' }), json(200, {}));
    await failure(client().get('/nosuchendpoint'));
    expect(server.requests.map((r) => r.url)).toEqual(['/nosuchendpoint']);
  });

  it('backs off exponentially with jitter, capped at 5 s', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2].map((n) => backoffMs(n, () => 0))).toEqual([125, 250, 500]);
    expect(backoffMs(10, () => 1)).toBe(5000);
  });
});

describe('transport failures', () => {
  it('times out a request that gets no answer, without retrying it', async () => {
    server.respond(hang);
    const error = await failure(client({ timeoutMs: 100 }).get('/status'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('Darktrace did not answer GET /status within 100 ms.');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('the timeout also covers a body that stalls after the headers', async () => {
    server.respond((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"devices":[');
    });
    const error = await failure(client({ timeoutMs: 100 }).postJson('/intelfeed', {}));
    expect(error.code).toBe('TIMEOUT');
  });

  it('reports a refused connection with its errno, after retrying a GET', async () => {
    const port = await closedPort();
    const error = await failure(client({ url: `http://127.0.0.1:${port}` }).get('/status'));
    expect(error.code).toBe('CONNECTION');
    expect(error.message).toBe(`Could not connect to Darktrace at http://127.0.0.1:${port}: ECONNREFUSED.`);
    expect(error.retryable).toBe(true);
    expect(error.upstreamStatus).toBeUndefined();
    expect(sleeps).toHaveLength(2);
  });
});

describe('TLS and proxy', () => {
  let tlsServer: TestServer;
  const pair = selfSignedCert();

  beforeAll(async () => {
    tlsServer = await startServer(pair);
    tlsServer.respond(json(200, { secure: true }));
  });
  afterAll(() => tlsServer.close());

  it('generates a parseable self-signed certificate', () => {
    expect(new X509Certificate(pair.cert).subject).toBe('CN=localhost');
  });

  it('verifies certificates by default and does not retry a certificate failure', async () => {
    const dt = new DarktraceClient({ url: tlsServer.base, publicToken: PUBLIC, privateToken: PRIVATE },
      { sleep: async (ms) => void sleeps.push(ms) });
    clients.push(dt);
    const error = await failure(dt.get('/status'));
    expect(error.code).toBe('CONNECTION');
    expect(error.message).toMatch(new RegExp(`^Could not connect to Darktrace at ${tlsServer.base}: .*self-signed certificate.*\\.$`));
    expect(error.retryable).toBe(false);
    expect(sleeps).toEqual([]);
  });

  it('accepts the certificate when insecure', async () => {
    const dt = new DarktraceClient({ url: tlsServer.base, publicToken: PUBLIC, privateToken: PRIVATE, insecure: true });
    clients.push(dt);
    await expect(dt.get('/status')).resolves.toEqual({ secure: true });
  });

  it('tunnels through a proxy, keeping the insecure setting for the appliance', async () => {
    const proxy = await startProxy();
    try {
      const dt = new DarktraceClient({ url: tlsServer.base, publicToken: PUBLIC, privateToken: PRIVATE, insecure: true, proxy: proxy.url });
      clients.push(dt);
      await expect(dt.get('/status')).resolves.toEqual({ secure: true });
      expect(proxy.tunnels).toEqual([tlsServer.base.replace('https://', '')]);
    } finally {
      await proxy.close();
    }
  });
});

describe('describeInstance', () => {
  it('is loggable: no tokens, no proxy credentials', () => {
    const described = describeInstance({
      name: 'prod', url: 'https://dt.example.com/', publicToken: PUBLIC, privateToken: PRIVATE, proxy: 'http://user:pw@proxy:3128',
    });
    expect(described).toEqual({
      name: 'prod', url: 'https://dt.example.com', insecure: false, proxy: 'http://proxy:3128',
      timeoutMs: 30000, dateFormat: 'iso', retries: 2,
    });
    expect(JSON.stringify(described)).not.toMatch(/PRIVATE|examplepub|pw/);
  });
});
