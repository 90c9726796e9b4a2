// fast-check arbitraries for hostile requests to the action endpoint. Bodies are built as JSON *text*, so they
// can hold what a JS object cannot be serialised to (nesting thousands deep), duplicate keys and `__proto__` keys.
import fc from 'fast-check';
import type { ArgManifest, CommandManifest } from '../../src/registry/registry.js';

/** A JSON value as text: `Json.raw` nodes are spliced in verbatim; objects are ordered entries (duplicates allowed). */
export type Json =
  | { t: 'raw'; text: string }
  | { t: 'obj'; entries: Array<[string, Json]> }
  | { t: 'arr'; items: Json[] }
  | { t: 'val'; value: string | number | boolean | null };

export const raw = (text: string): Json => ({ t: 'raw', text });
export const obj = (entries: Array<[string, Json]>): Json => ({ t: 'obj', entries });
export const val = (value: string | number | boolean | null): Json => ({ t: 'val', value });

/** JSON.stringify escapes a lone surrogate as \udXXX, which the server decodes back into one: exactly the attack. */
export function toText(node: Json): string {
  switch (node.t) {
    case 'raw': return node.text;
    case 'val': return typeof node.value === 'number' && !Number.isFinite(node.value) ? String(node.value) : JSON.stringify(node.value);
    case 'arr': return `[${node.items.map(toText).join(',')}]`;
    case 'obj': return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` `depth` levels deep, as text (no recursion anywhere). */
export const deep = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 20, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 4_000, max: 20_000 }) }),
  fc.boolean(), fc.constantFrom('1', '"x"', 'null', '{}', '[]'),
)
  .map(([depth, arrays, leaf]) => raw(arrays ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`));

const LONE = ['\ud800', '\udbff', '\udc00', '\udfff'];
export const loneSurrogate = fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...LONE), fc.string({ maxLength: 8 }))
  .map(([a, s, b]) => `${a}${s}${b}`);

export const hugeString = fc.tuple(fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 1_000, max: 6_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 300_000 }) }), fc.constantFrom('x', 'é', '😀', ',', ' ', '"', '\\', '%'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

const NUMBERS = [2 ** 53, 2 ** 53 + 1, -(2 ** 53), 2 ** 53 - 1, 1e308, -1e308, 1e-320, -0, 0, -1, 1.5, 2 ** 31, 2 ** 63, 2 ** 64];
const NUMBER_TEXTS = ['9007199254740992', '9007199254740993', '-9007199254740992', '1e400', '-1e400', '0x10', '1_000', 'NaN', 'Infinity', '٣', '１２'];

export const tricky = fc.oneof(
  fc.constantFrom(...NUMBERS).map(val),
  fc.constantFrom(...NUMBER_TEXTS).map(val),
  fc.constantFrom(...NUMBER_TEXTS.slice(0, 5)).map(raw), // as bare JSON numbers, beyond double precision
  fc.constantFrom('', ' ', '\r\n', 'true', 'yes', 'null', 'undefined', '[]', '{}', '[1,2', '["a",{"b":1}]', 'a,b,,c', '%00', '\u0000', '\u202e', '../..', '__proto__', 'constructor').map(val),
  fc.constantFrom(true, false, null).map(val),
  loneSurrogate.map(val),
  fc.string({ maxLength: 40 }).map(val),
  fc.string({ maxLength: 40, unit: 'binary' }).map(val),
  fc.integer().map(val),
  fc.double().map(val),
);

/** Any hostile value: tricky scalars, deep nesting, huge strings, wrong types, prototype-pollution shapes. */
export const hostileValue: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: tricky },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: hugeString.map(val) },
    { weight: 1, arbitrary: fc.array(tie('v'), { maxLength: 4 }).map((items): Json => ({ t: 'arr', items })) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', 'toString'), tie('v')), { maxLength: 3 }).map(obj) },
  ),
})).v;

const HOST_CHAR = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.-');
const TEXT_CHAR = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 @._:-');

/** A plausible value for an argument of this kind, so requests also get past validation and reach Darktrace. */
function plausible(arg: ArgManifest): fc.Arbitrary<Json> {
  if (arg.predefined?.length) return fc.constantFrom(...arg.predefined).map(val);
  switch (arg.type) {
    case 'int': return fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(1, 3, 823, 2540)).map((n) => val(String(n)));
    case 'number': return fc.integer({ min: 0, max: 100 }).map(val);
    case 'bool': return fc.constantFrom('true', 'false', 'yes', 'no').map(val);
    case 'list': return fc.array(fc.string({ unit: HOST_CHAR, minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 }).map((xs) => val(xs.join(',')));
    default: return fc.oneof(fc.string({ unit: TEXT_CHAR, minLength: 1, maxLength: 30 }), fc.constantFrom('Admin', 'test.com', '8.8.8.8', '2020-02-20', '17:00:00', '@fields.source_ip', '@type:conn', '3 days')).map(val);
  }
}

/** `args` for a command: each argument plausible, hostile or absent, under its name or an alias; plus extras. */
export function argsFor(command: CommandManifest): fc.Arbitrary<Json> {
  const perArg = command.args.map((arg) => fc.tuple(
    fc.constantFrom(arg.name, ...arg.aliases),
    fc.oneof({ weight: 4, arbitrary: plausible(arg).map((v) => [v] as Json[]) }, { weight: 2, arbitrary: hostileValue.map((v) => [v]) }, { weight: 1, arbitrary: fc.constant([] as Json[]) }),
  ).map(([name, values]) => values.map((v) => [name, v] as [string, Json])));
  const extras = fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), loneSurrogate, fc.constantFrom('__proto__', 'using', 'raw-response', 'x'.repeat(5000))), hostileValue), { maxLength: 2 });
  return fc.tuple(fc.tuple(...perArg), extras).map(([args, more]) => obj([...args.flat(), ...more]));
}

/** A loopback instance the test's outbound policy allows, with distinctive inline secrets; or a hostile one. */
export function instanceArb(emulatorUrl: string, secrets: { publicToken: string; privateToken: string }): fc.Arbitrary<Json | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('test', 'prod', '', '\ud800').map(val) },
    { weight: 2, arbitrary: fc.constant(obj([['url', val(emulatorUrl)], ['publicToken', val('demo-public')], ['privateToken', val('demo-private')]])) },
    { weight: 2, arbitrary: fc.tuple(
      fc.constantFrom('http://169.254.169.254', 'http://[fd00:ec2::254]', 'http://metadata.google.internal', 'http://10.0.0.1:8080', 'http://[::1]:1', 'http://0.0.0.0:1',
        'http://[fe80::1]:80', 'http://100.64.0.1', 'ftp://x', 'not a url', 'http://user:pw@127.0.0.1:1', `${emulatorUrl}/path`, 'http://0xa9.0xfe.169.254'),
      fc.constantFrom(undefined, true, false, 'http://127.0.0.1:3128', 'socks5://x', 'yes'),
      fc.constantFrom(undefined, true, 'maybe'),
    ).map(([url, proxy, insecure]) => obj([
      ['url', val(url)], ['publicToken', val(secrets.publicToken)], ['privateToken', val(secrets.privateToken)],
      ...(proxy === undefined ? [] : [['proxy', val(proxy)] as [string, Json]]),
      ...(insecure === undefined ? [] : [['insecure', val(insecure)] as [string, Json]]),
    ])) },
    { weight: 1, arbitrary: hostileValue },
  );
}

export interface HostileRequest {
  method: 'POST' | 'GET' | 'PUT' | 'DELETE';
  path: string;
  scope: 'read' | 'write' | 'admin' | 'none' | 'bad';
  headers: Record<string, string>;
  body: string;
}

/** POST /v1/commands/<name> with hostile args and instance. */
export function commandRequest(commands: CommandManifest[], emulatorUrl: string, secrets: { publicToken: string; privateToken: string }): fc.Arbitrary<HostileRequest> {
  return fc.constantFrom(...commands).chain((command) => fc.record({
    args: fc.oneof({ weight: 8, arbitrary: argsFor(command) }, { weight: 1, arbitrary: hostileValue }),
    instance: instanceArb(emulatorUrl, secrets),
    scope: fc.constantFrom('read', 'write', 'write', 'admin'),
    idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.constantFrom('k1', 'has space', 'x'.repeat(300))), { nil: undefined }),
  }).map(({ args, instance, scope, idempotencyKey }): HostileRequest => ({
    method: 'POST',
    path: `/v1/commands/${command.name}`,
    scope: scope as HostileRequest['scope'],
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: toText(obj([['args', args], ...(instance === undefined ? [] : [['instance', instance] as [string, Json]])])),
  })));
}

const EMITTED = fc.oneof(
  fc.constantFrom('1:9007199254740992', '1:1-9007199254740991', '9007199254740992:1', '1:5-2', '1:1-50001', '1:1-50000', '', ';;;', '1:', ':1', '1:1,1,1,1', '1:01', '1:-1'),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 53 + 2 }), fc.integer({ min: 0, max: 2 ** 53 + 2 }), fc.integer({ min: 0, max: 60_000 })), { maxLength: 6 })
    .map((groups) => groups.map(([c, a, n]) => `${c}:${a}-${a + n}`).join(';')),
  fc.integer({ min: 1, max: 3000 }).map((n) => `1:${Array.from({ length: n }, () => '1-60').join(',')}`),
).map(val);

const lastRunField = fc.oneof(
  fc.constantFrom('1', '0', '1598937620000', '9007199254740991', '9007199254740992', '-5', '1.5', ' 7 ', '99999999999999999').map(val),
  tricky,
  hostileValue,
);

/** POST /v1/fetch-incidents with hostile lastRun and params. */
export const fetchRequest: fc.Arbitrary<HostileRequest> = fc.record({
  lastRun: fc.oneof(
    { weight: 5, arbitrary: fc.record({ time: lastRunField, min_time: lastRunField, scanned: lastRunField, emitted: fc.oneof(EMITTED, hostileValue), version: fc.constantFrom('1', '2', '') .map(val) }, { requiredKeys: [] })
      .map((r) => obj(Object.entries(r))) },
    { weight: 1, arbitrary: fc.record({ last_fetch: lastRunField }).map((r) => obj(Object.entries(r))) },
    { weight: 1, arbitrary: hostileValue },
  ),
  params: fc.oneof(
    fc.record({
      first_fetch: fc.oneof(fc.constantFrom('3 days', '1 hour', '2020-01-01', '9999999999999', '0', 'soon').map(val), hostileValue),
      max_alerts: fc.oneof(fc.constantFrom('1', '5', '1000', '1001', '0').map(val), hostileValue),
      min_score: fc.oneof(fc.constantFrom('0', '50', '101').map(val), hostileValue),
      look_back: fc.oneof(fc.constantFrom('0', '10', '1441').map(val), hostileValue),
      max_fetch: fc.oneof(fc.constantFrom('3').map(val), hostileValue),
    }, { requiredKeys: [] }).map((r) => obj(Object.entries(r))),
    hostileValue,
  ),
}).map(({ lastRun, params }) => ({
  method: 'POST', path: '/v1/fetch-incidents', scope: 'read', headers: { 'content-type': 'application/json' },
  body: toText(obj([['lastRun', lastRun], ['params', params]])),
}));

/** POST /v1/test with hostile params. */
export const testRequest: fc.Arbitrary<HostileRequest> = fc.record({
  params: fc.oneof(
    fc.record({ isFetch: fc.oneof(fc.constantFrom('true', 'false').map(val), hostileValue), max_alerts: hostileValue, first_fetch: hostileValue }, { requiredKeys: [] }).map((r) => obj(Object.entries(r))),
    hostileValue,
  ),
}).map(({ params }) => ({ method: 'POST', path: '/v1/test', scope: 'read', headers: { 'content-type': 'application/json' }, body: toText(obj([['params', params]])) }));

const ROUTES = ['/v1/commands/darktrace-get-similar-devices', '/v1/commands/darktrace-post-tag-to-device', '/v1/fetch-incidents', '/v1/test',
  '/v1/commands', '/v1/instances', '/metrics', '/openapi.json', '/healthz', '/readyz', '/v1/commands/%E0%A4%A', '/v1/commands/..%2F..%2Fetc', '/v1/commands/x'.padEnd(3000, 'y'), '/'];

/** Raw bodies, methods, paths and headers: not JSON, not an object, wrong content types, bad credentials. */
export const rawRequest: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constantFrom('POST', 'POST', 'GET', 'PUT', 'DELETE'),
  path: fc.constantFrom(...ROUTES),
  scope: fc.constantFrom('read', 'write', 'admin', 'none', 'bad'),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
  body: fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc.constantFrom('', '{', '{"args":', 'null', '[]', '[1,2]', '"text"', '42', 'true', '{"args":[]}', '{"args":"x"}', '{"args":null,"instance":null}',
      '{"__proto__":{"polluted":true},"args":{}}', '{"args":{"__proto__":{"did":1}}}', '{"args":{"did":1,"did":"x"}}', '\ufeff{"args":{}}', '{"args":{"did":"\\ud800"}}'),
    deep.map((node) => toText(obj([['args', obj([['did', node]])]]))),
    hostileValue.map(toText),
  ),
  requestId: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('x'.repeat(500), 'a\r\nb', 'ok-id-1')), { nil: undefined }),
}).map(({ method, path, scope, contentType, body, requestId }) => ({
  method: method as HostileRequest['method'], path, scope: scope as HostileRequest['scope'],
  headers: {
    ...(contentType ? { 'content-type': contentType } : {}),
    // Node refuses header values with CR/LF itself; the server sees only what a client can send.
    ...(requestId !== undefined && !/[\r\n\u0000-\u001f\u007f-\uffff]/.test(requestId) ? { 'x-request-id': requestId } : {}),
  },
  body: method === 'GET' ? '' : body,
}));
