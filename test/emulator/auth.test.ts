import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDtDate, formBody, signature, signedQuery, wireQuery } from '../../src/darktrace/signing.js';
import { signingTargets } from '../../src/emulator/auth.js';
import { NOW, start, type Started } from './helpers.js';

let em: Started;
beforeAll(async () => {
  em = await start({
    tokens: [
      { publicToken: 'read-only', privateToken: 'read-only-secret', permissions: ['Visualizer'] },
      { publicToken: 'status-only', privateToken: 'status-secret', permissions: ['Status'] },
    ],
  });
});
afterAll(() => em.close());

describe('missing credentials', () => {
  for (const header of ['DTAPI-Token', 'DTAPI-Date', 'DTAPI-Signature']) {
    it(`without ${header}: 302 to /login with the web app's body`, async () => {
      const res = await em.call('/status', { omit: [header] });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login');
      expect(res.text).toBe('Found. Redirecting to /login');
    });
  }
});

describe('DTAPI-Date', () => {
  it.each(['iso', 'compact', 'spaced'] as const)('accepts the %s format', async (format) => {
    expect((await em.call('/status', { dateFormat: format })).status).toBe(200);
  });

  it('accepts ISO with microseconds and an offset (what XSOAR sends)', async () => {
    const date = '2024-01-15T13:00:00.123456+01:00'; // = NOW
    expect((await em.call('/status', { date })).status).toBe(200);
  });

  it('rejects a 2 h skew, either way, with API DATE ERROR', async () => {
    for (const offset of [2, -2]) {
      const date = formatDtDate(new Date(NOW + offset * 3_600_000), 'spaced');
      const res = await em.call('/status', { date });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({ error: 'API DATE ERROR' });
    }
  });

  it('accepts 29 minutes of skew', async () => {
    expect((await em.call('/status', { date: formatDtDate(new Date(NOW - 29 * 60_000), 'iso') })).status).toBe(200);
  });

  it('dateFormats: [\'spaced\'] mimics a fresh 7.1 appliance that refuses the compact format', async () => {
    const picky = await start({ dateFormats: ['spaced'] });
    try {
      expect((await picky.call('/status', { dateFormat: 'compact' })).json()).toEqual({ error: 'API DATE ERROR' });
      expect((await picky.call('/status', { dateFormat: 'spaced' })).status).toBe(200);
    } finally {
      await picky.close();
    }
  });

  it('rejects an unparseable date with API DATE ERROR', async () => {
    const res = await em.call('/status', { date: 'Mon, 15 Jan 2024 12:00:00 GMT' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'API DATE ERROR' });
  });
});

describe('DTAPI-Signature', () => {
  it('rejects a wrong private token with API SIGNATURE ERROR', async () => {
    const res = await em.call('/status', { privateToken: 'wrong' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'API SIGNATURE ERROR' });
  });

  it('treats an unknown public token as a signature error', async () => {
    const res = await em.call('/status', { publicToken: 'nobody', privateToken: 'nothing' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'API SIGNATURE ERROR' });
  });

  it('rejects a query signed in a different order than sent', async () => {
    const res = await em.call('/similardevices?did=1&count=2', { signTarget: '/similardevices?count=2&did=1' });
    expect(res.json()).toEqual({ error: 'API SIGNATURE ERROR' });
  });

  it('accepts the query signed unencoded (what our client does) and signed as sent', async () => {
    const query: Array<[string, string]> = [['hostname', 'a b+c.com'], ['additionalinfo', 'true']];
    const target = `/endpointdetails?${wireQuery(query)}`;
    expect(target).toContain('a%20b%2Bc.com');
    const unencoded = await em.call(target, { signTarget: `/endpointdetails?${signedQuery(query)}` });
    expect(unencoded.status).toBe(200);
    const raw = await em.call(target); // signs the wire form
    expect(raw.status).toBe(200);
    const plus = await em.call('/endpointdetails?hostname=a+b.com', { signTarget: '/endpointdetails?hostname=a b.com' });
    expect(plus.status).toBe(200); // `+` decodes to a space
  });

  it('signs the path verbatim (Base64 + / = untouched)', () => {
    expect(signingTargets('GET', { path: '/advancedsearch/api/analyze/f/score/ab+/c=', rawQuery: undefined, rawBody: '' }))
      .toEqual(['/advancedsearch/api/analyze/f/score/ab+/c=']);
  });

  it('matches the SPEC test vectors', () => {
    const d = '2024-01-01T00:00:00+00:00';
    expect(signature('examplepri', 'examplepub', '/status?format=json', d)).toBe('0f353e0e0463ed04c0dba1d9ca3a557b48073f3f');
  });

  it('POST: signs path?<raw body> (JSON, byte-identical)', async () => {
    const body = '{"addlist": "evil.example", "description": "spaced json"}';
    expect((await em.call('/intelfeed', { body })).status).toBe(200);
    const reserialised = await em.call('/intelfeed', { body, signTarget: `/intelfeed?${JSON.stringify(JSON.parse(body))}` });
    expect(reserialised.json()).toEqual({ error: 'API SIGNATURE ERROR' });
  });

  it('POST: a form body is signed as sent; an unsigned body is rejected', async () => {
    const body = formBody([['did', 5], ['tag', 'Active Threat']]);
    expect(body).toBe('did=5&tag=Active+Threat');
    const ok = await em.call('/tags/entities', { body, contentType: 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(200);
    const unsigned = await em.call('/tags/entities', { body, contentType: 'application/x-www-form-urlencoded', signTarget: '/tags/entities' });
    expect(unsigned.json()).toEqual({ error: 'API SIGNATURE ERROR' });
  });

  it('POST: a query string signed together with the body is rejected (7.1 signs only path?body)', async () => {
    const body = '{"addentry":"x.example"}';
    const res = await em.call('/intelfeed?source=a', { body, signTarget: `/intelfeed?source=a&${body}` });
    expect(res.json()).toEqual({ error: 'API SIGNATURE ERROR' });
  });

  it('POST with both a query string and a body is rejected however it is signed (7.1: do not combine them)', async () => {
    const body = '{"addentry":"x.example"}';
    for (const signTarget of ['/intelfeed?' + body, '/intelfeed?source=a', `/intelfeed?source=a&${body}`, `/intelfeed?${body}&source=a`]) {
      const res = await em.call('/intelfeed?source=a', { body, signTarget });
      expect(res.status, signTarget).toBe(400);
      expect(res.json(), signTarget).toEqual({ error: 'API SIGNATURE ERROR' });
    }
    const form = await em.call('/tags/entities?responsedata=tid', { body: 'did=5&tag=Admin', contentType: 'application/x-www-form-urlencoded' });
    expect(form.json()).toEqual({ error: 'API SIGNATURE ERROR' });
    expect(em.state.tagsForDevice(5).map((t) => t.name)).not.toContain('Admin'); // nothing was applied
    // An empty `?` adds no query: the body alone is signed, as usual.
    expect((await em.call('/intelfeed?', { body, signTarget: `/intelfeed?${body}` })).status).toBe(200);
  });

  it('the signature must be lower-case hex, as documented (an upper-case one is a signature error)', async () => {
    const upper = await em.call('/status', { mapSignature: (s) => s.toUpperCase() });
    expect(upper.status).toBe(400);
    expect(upper.json()).toEqual({ error: 'API SIGNATURE ERROR' });
    expect((await em.call('/status')).status).toBe(200);
  });

  it('DELETE: signed like a GET', async () => {
    const res = await em.call('/tags/entities?did=5&tag=Active Threat'.replace(' ', '%20'), { method: 'DELETE', signTarget: '/tags/entities?did=5&tag=Active Threat' });
    expect(res.status).toBe(200);
  });
});

describe('routing and permissions', () => {
  it('unknown endpoint with valid auth: 302 /login', async () => {
    const res = await em.call('/no/such/endpoint');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
    expect(res.text).toBe('Found. Redirecting to /login');
  });

  it('routes are case-sensitive and strict, like the appliance', async () => {
    expect((await em.call('/Status')).status).toBe(302);
    expect((await em.call('/status/')).status).toBe(302);
  });

  it('a token without the permission: 302 /403', async () => {
    const opts = { publicToken: 'read-only', privateToken: 'read-only-secret' };
    const res = await em.call('/status', opts);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/403');
    expect(res.text).toBe('Found. Redirecting to /403');
    expect((await em.call('/similardevices?did=1', opts)).status).toBe(200);
    const write = await em.call('/tags/entities', { ...opts, body: 'did=5&tag=x', contentType: 'application/x-www-form-urlencoded' });
    expect(write.headers.location).toBe('/403');
    const status = { publicToken: 'status-only', privateToken: 'status-secret' };
    expect((await em.call('/status', status)).status).toBe(200);
    expect((await em.call('/modelbreaches?pbid=158', status)).headers.location).toBe('/403');
    expect((await em.call('/advancedsearch/api/analyze/f/score/e30=', opts)).headers.location).toBe('/403');
  });

  it('wrong path variant /similardevices/<did>: 404 HTML, not JSON', async () => {
    const res = await em.call('/similardevices/1');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it('an unsigned request to a real route also gets the login redirect', async () => {
    const res = await em.call('/modelbreaches', { omit: ['DTAPI-Token', 'DTAPI-Date', 'DTAPI-Signature'] });
    expect(res.status).toBe(302);
  });
});
