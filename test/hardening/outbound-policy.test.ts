// Finding 2 (server-side request forgery through inline instances): the outbound policy, over HTTP against the
// emulator, and its address table. Host names are resolved by a scripted resolver (tests stay offline).
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundPolicy, parseCidr } from '../../src/darktrace/outbound-policy.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { closedPort, json, startProxy, startServer as startFake, type TestServer } from '../darktrace/helpers.js';

const ADVICE = 'This server connects inline instances only to public addresses; an operator can allow private ranges with DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS (cloud metadata addresses are never allowed).';
const TOKENS = { publicToken: 'demo-public', privateToken: 'demo-private' };

/** A resolver answering from a table; each name's list of answers is used in turn (the last one repeats). */
function scriptedResolver(table: Record<string, string[][]>) {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    return next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

describe('outbound policy for inline instances, default (nothing private allowed)', () => {
  let h: Harness;
  const dns = scriptedResolver({
    'metadata.example': [['169.254.169.254']],
    'mixed.example': [['93.184.216.34', '10.1.2.3']],
    'internal.example': [['fd00:ec2::254']],
  });
  beforeAll(async () => { h = await startHarness({ outbound: new OutboundPolicy({ resolve: dns.resolve }) }); });
  afterAll(async () => { await h.close(); });

  const inline = (url: string, extra: Record<string, unknown> = {}) =>
    h.call('darktrace-get-watched-list', {}, { instance: { url, ...TOKENS, ...extra } });

  it('the configured instance on loopback is unaffected', async () => {
    const res = await h.call('darktrace-get-watched-list');
    expect(res.status).toBe(200);
  });

  it.each([
    ['the emulator on loopback', (h: Harness) => h.emulatorUrl, 'the Darktrace host 127.0.0.1 is a loopback address'],
    ['IPv6 loopback', () => 'http://[::1]:9', 'the Darktrace host ::1 is a loopback address'],
    ['0.0.0.0', () => 'http://0.0.0.0:9', 'the Darktrace host 0.0.0.0 is an unspecified address'],
    ['link-local metadata', () => 'http://169.254.169.254', 'the Darktrace host 169.254.169.254 is a cloud metadata address'],
    ['IPv6 metadata', () => 'http://[fd00:ec2::254]', 'the Darktrace host fd00:ec2::254 is a cloud metadata address'],
    ['IPv4-mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]:9', 'the Darktrace host ::ffff:7f00:1 is a loopback address'],
    ['a private range', () => 'https://10.20.30.40', 'the Darktrace host 10.20.30.40 is a private address'],
    ['the GCP metadata name', () => 'http://metadata.google.internal', 'the Darktrace host metadata.google.internal is a cloud metadata host name'],
    ['a name resolving to 169.254.169.254', () => 'http://metadata.example', 'the Darktrace host metadata.example resolves to a cloud metadata address'],
    ['a name with one private address among public ones', () => 'http://mixed.example', 'the Darktrace host mixed.example resolves to a private address'],
    ['a name resolving to fd00:ec2::254', () => 'http://internal.example', 'the Darktrace host internal.example resolves to a cloud metadata address'],
  ])('%s → 403, refused before connecting', async (_label, url, reason) => {
    h.emulator.clearRequests();
    const res = await inline(url(h));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', retryable: false });
    expect(res.body.detail).toBe(`Refused to connect for GET /intelfeed: ${reason}. ${ADVICE}`);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('an open and a closed port answer alike (no port scanning)', async () => {
    const open = await inline(h.emulatorUrl);
    const closed = await inline(`http://127.0.0.1:${await closedPort()}`);
    expect(open.status).toBe(403);
    expect(closed.status).toBe(403);
    expect(closed.body.detail).toBe(open.body.detail);
  });

  it('a proxy URL in the request is refused unless the operator enables it; proxy: true (the server\'s own) is not', async () => {
    const res = await inline('https://dt.example.com', { proxy: 'http://127.0.0.1:3128' });
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([{ path: 'instance.proxy', message: res.body.detail }]);
    expect(res.body.detail).toBe("instance.proxy: this server does not accept a proxy URL in the request; send proxy: true to use the server's own proxy (HTTPS_PROXY), or ask the operator to set DARKTRACE_SOAR_ALLOW_INLINE_PROXY=true.");
  });
});

describe('outbound policy with private targets allowed (DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS=127.0.0.1/32)', () => {
  let h: Harness;
  let fake: TestServer;
  const dns = scriptedResolver({ 'dt.lab.example': [['127.0.0.1'], ['127.0.0.2']], 'dt2.lab.example': [['127.0.0.1']] });
  beforeAll(async () => {
    h = await startHarness({ outbound: new OutboundPolicy({ allowPrivateTargets: ['127.0.0.1/32'], allowInlineProxy: true, resolve: dns.resolve }) });
    fake = await startFake();
  });
  afterAll(async () => { await Promise.all([h.close(), fake.close()]); });

  it('a name resolving into the allowed range works; when it rebinds outside it, the next connection is refused', async () => {
    const port = new URL(h.emulatorUrl).port;
    const first = await h.call('darktrace-get-watched-list', {}, { instance: { url: `http://dt.lab.example:${port}`, ...TOKENS } });
    expect(first.status).toBe(200);
    const second = await h.call('darktrace-get-watched-list', {}, { instance: { url: `http://dt.lab.example:${port}`, ...TOKENS } });
    expect(second.status).toBe(403);
    expect(second.body.detail).toBe(`Refused to connect for GET /intelfeed: the Darktrace host dt.lab.example resolves to a loopback address. ${ADVICE}`);
  });

  it('a redirect to the metadata service is not followed', async () => {
    fake.respond((_req, res) => res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end());
    const res = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, ...TOKENS } });
    expect(res.status).toBe(502);
    expect(res.body.detail).toBe('Darktrace returned HTTP 302 for GET /intelfeed.');
    expect(fake.requests).toHaveLength(1);
  });

  it('an enabled per-request proxy is itself checked, and so is the target behind it', async () => {
    const proxy = await startProxy();
    try {
      const port = new URL(proxy.url).port;
      const loopbackProxy = await h.call('darktrace-get-watched-list', {}, { instance: { url: 'http://dt2.lab.example', ...TOKENS, proxy: `http://127.0.0.2:${port}` } });
      expect(loopbackProxy.status).toBe(403);
      expect(loopbackProxy.body.detail).toBe(`Refused to connect for GET /intelfeed: the proxy host 127.0.0.2 is a loopback address. ${ADVICE}`);
      const metadataTarget = await h.call('darktrace-get-watched-list', {}, { instance: { url: 'http://169.254.169.254', ...TOKENS, proxy: proxy.url } });
      expect(metadataTarget.status).toBe(403);
      expect(metadataTarget.body.detail).toBe(`Refused to connect for GET /intelfeed: the Darktrace host 169.254.169.254 is a cloud metadata address. ${ADVICE}`);
      expect(proxy.tunnels).toEqual([]);
      const allowed = await h.call('darktrace-get-watched-list', {}, { instance: { url: h.emulatorUrl, ...TOKENS, proxy: proxy.url } });
      expect(allowed.status).toBe(200);
      expect(proxy.tunnels).toEqual([h.emulatorUrl.replace('http://', '')]);
    } finally {
      await proxy.close();
    }
  });

  it('a foreign service\'s answer is reduced to a short, sanitised reason: no HTML, no control characters, ≤ 300 characters', async () => {
    fake.respond((_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>internal admin console</body></html>'));
    const html = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, ...TOKENS } });
    expect(html.body.detail).toBe('Darktrace returned HTTP 500 for GET /intelfeed.');
    fake.respond(json(500, { error: 'line one\r\n2024-01-01 INFO forged log line\u001b[31m red\u2028' }));
    const controls = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, ...TOKENS } });
    expect(controls.body.detail).toBe('Darktrace returned HTTP 500 for GET /intelfeed: line one 2024-01-01 INFO forged log line [31m red.');
    fake.respond(json(500, { error: 'internal detail '.repeat(40) }));
    const long = await h.call('darktrace-get-watched-list', {}, { instance: { url: fake.base, ...TOKENS } });
    expect(long.body.detail).toBe(`Darktrace returned HTTP 500 for GET /intelfeed: ${'internal detail '.repeat(40).slice(0, 299)}….`);
  });
});

describe('the address table', () => {
  const policy = new OutboundPolicy();
  it.each([
    ['127.0.0.1', 'a loopback address'], ['127.255.0.9', 'a loopback address'], ['::1', 'a loopback address'],
    ['0.0.0.0', 'an unspecified address'], ['::', 'an unspecified address'],
    ['169.254.169.254', 'a cloud metadata address'], ['169.254.170.2', 'a cloud metadata address'], ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'], ['fd00:ec2::254', 'a cloud metadata address'], ['fd12:3456::1', 'a private address'],
    ['10.0.0.1', 'a private address'], ['172.16.0.1', 'a private address'], ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'], ['100.64.0.1', 'a private address'], ['100.100.100.200', 'a cloud metadata address'],
    ['224.0.0.1', 'a multicast or reserved address'], ['255.255.255.255', 'a multicast or reserved address'],
    ['::ffff:10.0.0.1', 'a private address'], ['64:ff9b::a00:1', 'an IPv4-translating (NAT64, 6to4 or IPv4-compatible) address'],
    ['2002:a00:1::', 'an IPv4-translating (NAT64, 6to4 or IPv4-compatible) address'],
    ['8.8.8.8', undefined], ['172.32.0.1', undefined], ['2606:4700::1111', undefined], ['93.184.216.34', undefined],
  ])('%s → %s', (address, expected) => {
    expect(policy.addressDenial(address)).toBe(expected);
  });

  it('an allowed range opens private addresses, never the metadata ones', () => {
    const lab = new OutboundPolicy({ allowPrivateTargets: ['10.0.0.0/8', '169.254.0.0/16', 'fd00::/8'] });
    expect(lab.addressDenial('10.1.2.3')).toBeUndefined();
    expect(lab.addressDenial('169.254.10.10')).toBeUndefined();
    expect(lab.addressDenial('169.254.169.254')).toBe('a cloud metadata address');
    expect(lab.addressDenial('fd00:ec2::254')).toBe('a cloud metadata address');
    expect(lab.addressDenial('192.168.0.1')).toBe('a private address');
  });

  it('reads the environment, and names a malformed CIDR', () => {
    const env = OutboundPolicy.fromEnv({ DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS: ' 10.0.0.0/8, 192.168.5.7 ', DARKTRACE_SOAR_ALLOW_INLINE_PROXY: 'true' });
    expect(env.allowed).toEqual(['10.0.0.0/8', '192.168.5.7']);
    expect(env.allowInlineProxy).toBe(true);
    expect(OutboundPolicy.fromEnv({}).allowInlineProxy).toBe(false);
    expect(() => OutboundPolicy.fromEnv({ DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS: '10.0.0.0/33' }))
      .toThrow('DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS: "10.0.0.0/33" is not a CIDR such as 10.0.0.0/8 or fd00::/8, nor an IP address.');
    expect(() => OutboundPolicy.fromEnv({ DARKTRACE_SOAR_ALLOW_INLINE_PROXY: 'maybe' })).toThrow('DARKTRACE_SOAR_ALLOW_INLINE_PROXY must be true or false.');
    expect(parseCidr('fd00::/8')).toEqual(['fd00::', 8, 'ipv6']);
    expect(parseCidr('example.com/8')).toBeUndefined();
  });
});
