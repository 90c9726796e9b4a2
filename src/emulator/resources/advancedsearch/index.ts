// GET /advancedsearch/api/analyze/{field}/{op}/{base64 JSON} (reference §2.2.6, advanced_search_analysis.json).
// The Base64 is standard-alphabet and sits in the path verbatim (`+`, `/`, `=` included), so the raw path
// is parsed here instead of express's decoded params.
import { parseDtDate } from '../../../darktrace/signing.js';
import advancedSearchAnalysis from '../../fixtures/advanced_search_analysis.json' with { type: 'json' };
import { clone } from '../../fixtures.js';
import { InputError, type Exchange } from '../../http.js';
import { int, pick, type Rng } from '../../prng.js';
import { defineResource, type Scope } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { DevicesSlice } from '../devices/state.js';

const PREFIX = '/advancedsearch/api/analyze/';
const OPERATIONS = ['score', 'trend', 'terms', 'mean'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** GET /advancedsearch/api/analyze/@fields.source_ip/score/<b64> (2020-02-20 17:00–17:15). */
const captured = advancedSearchAnalysis as unknown as JsonObject;

export default defineResource({
  name: 'advancedsearch',
  routes: [{ method: 'GET', path: '/advancedsearch/api/analyze/*rest', permission: 'Advanced Search', handle: analyze }],
});

function analyze(x: Exchange, { need, env }: Scope<undefined, undefined>) {
  const [rawField, op, ...rest] = x.ctx.path.slice(PREFIX.length).split('/');
  const b64 = rest.join('/');
  let field: string;
  try {
    field = decodeURIComponent(rawField);
  } catch {
    throw new InputError('Invalid field');
  }
  if (!field || !OPERATIONS.includes(op) || !b64) throw new InputError('Expected /advancedsearch/api/analyze/<field>/<score|trend|terms|mean>/<base64 query>');
  const query = decodeQuery(b64);
  const { from, to } = timeRange(query, env.now());
  const offset = typeof query.offset === 'number' ? query.offset : 0;

  const capturedTime = (captured.kibana as JsonObject).time as JsonObject;
  if (field === '@fields.source_ip' && op === 'score' && from === Date.parse(capturedTime.from as string) && to === Date.parse(capturedTime.to as string)) {
    return x.ok(clone(captured));
  }
  const r = env.rng('analyze', field, op, String(query.search), from, to, offset);
  x.ok(analysis(need(DevicesSlice), r, field, op, from, to));
}

function decodeQuery(b64: string): JsonObject {
  if (!BASE64.test(b64) || b64.length % 4 !== 0) throw new InputError('Query is not valid base64');
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
  } catch {
    throw new InputError('Query is not valid JSON');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError('Query must be a JSON object');
  const query = doc as JsonObject;
  if (typeof query.search !== 'string') throw new InputError('Query needs a "search" string');
  if (!Array.isArray(query.fields)) throw new InputError('Query needs a "fields" array'); // present but ignored
  return query;
}

/** `timeframe`: seconds before now, or "custom" with time.from/time.to (or starttime/endtime, ms). */
function timeRange(query: JsonObject, now: number): { from: number; to: number } {
  const { timeframe } = query;
  if (typeof timeframe === 'string' && /^\d+$/.test(timeframe)) return { from: now - Number(timeframe) * 1000, to: now };
  if (timeframe !== 'custom') throw new InputError('Query needs "timeframe": seconds as a string, or "custom"');
  const time = (query.time ?? {}) as JsonObject;
  const parse = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? (parseDtDate(v)?.getTime() ?? NaN) : NaN);
  const from = parse(time.from ?? query.starttime ?? time.starttime);
  const to = parse(time.to ?? query.endtime ?? time.endtime);
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) throw new InputError('Query has an invalid custom time range');
  return { from, to };
}

function values(devices: DevicesSlice, r: Rng, field: string, n: number): Array<string | number> {
  const out = new Set<string | number>();
  const ips = [...devices.devices.values()].flatMap((d) => (d.ip ? [d.ip] : []));
  for (let i = 0; out.size < n && i < n * 10; i++) {
    if (/port/i.test(field)) out.add(pick(r, [53, 80, 443, 123, 445, 3389, 22, 8080, 8443, 389]));
    else if (/ip|addr/i.test(field)) out.add(r() < 0.8 && ips.length ? pick(r, ips) : `203.0.113.${int(r, 1, 254)}`);
    else if (/host|query|domain|server_name/i.test(field)) out.add(pick(r, [...devices.hosts.keys(), 'www.example.com', 'api.example.org']));
    else out.add(pick(r, ['conn', 'dns', 'ssl', 'http', 'smb', 'kerberos', 'ntlm', 'dhcp']));
  }
  return [...out];
}

function analysis(devices: DevicesSlice, r: Rng, field: string, op: string, from: number, to: number): JsonObject {
  const total = int(r, 100, 20_000);
  const counts = (n: number) => Array.from({ length: n }, () => int(r, 1, total)).sort((a, b) => b - a);
  const body: JsonObject = {
    took: int(r, 0, 40),
    timed_out: false,
    _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
    hits: { total, max_score: 0, hits: [] },
  };
  const hits = body.hits as JsonObject;
  const keys = values(devices, r, field, int(r, 3, 8));
  const cs = counts(keys.length);
  if (op === 'score') {
    hits.hits = keys.map((id, i) => ({ count: cs[i], id: String(id) }));
    body.aggregations = { score: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: pick(r, [53, 443, 80]), doc_count: cs[0] }] } };
  } else if (op === 'trend') {
    hits.hits = keys.map((id, i) => ({ id: String(id), count: cs[i], start: int(r, 0, cs[i]), trend: Math.round(r() * 1000) / 10 }));
    hits.count = keys.length;
  } else if (op === 'terms') {
    body.aggregations = { terms: { doc_count_error_upper_bound: 0, sum_other_doc_count: int(r, 0, 50), buckets: keys.map((key, i) => ({ key, doc_count: cs[i] })) } };
  } else {
    const count = total;
    const min = int(r, 0, 100);
    const max = min + int(r, 100, 100_000);
    const avg = Math.round((min + (max - min) * r() * 0.3) * 1000) / 1000;
    body.aggregations = { stats: { count, min, max, avg, sum: Math.round(avg * count * 1000) / 1000 } };
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  Object.assign(body, {
    darktraceChildError: '',
    kibana: { index: `logstash-darktrace-${iso(from).slice(0, 10).replaceAll('-', '.')}`, per_page: 50, time: { from: iso(from), to: iso(to) } },
  });
  return body;
}
