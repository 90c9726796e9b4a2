import { describe, expect, it } from 'vitest';
import fixture from '../../src/emulator/fixtures/advanced_search_analysis.json' with { type: 'json' };
import command, {
  checkRange, queryDocument, requestPath, toOutputs, toReadable, type SearchArgs,
} from '../../commands/darktrace-run-advanced-search-analysis.js';
import { pythonJson } from '../../src/darktrace/resources/advancedsearch.js';
import { Registry } from '../../src/registry/index.js';
import { isCalendarDate } from '../../src/util/calendar.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const NAME = 'darktrace-run-advanced-search-analysis';

// The official pack's unit-test call: @fields.source_ip / score / @type:conn, 2022-12-10 09:00 → 2022-12-11 08:00.
const PACK_ARGS: SearchArgs = {
  initialDate: '2022-12-10', initialTime: '09:00:00', endDate: '2022-12-11', endTime: '08:00:00',
  query: '@type:conn', operation: 'score', metric: '@fields.source_ip', offset: 0,
};
// base64.b64encode(json.dumps(doc).encode()) computed with Python 3, i.e. what the pack sends.
const PACK_B64 =
  'eyJzZWFyY2giOiAiQHR5cGU6Y29ubiIsICJmaWVsZHMiOiBbXSwgIm9mZnNldCI6ICIwIiwgInRpbWVmcmFtZSI6ICJjdXN0b20iLCAiZ3JhcGhtb2RlIjogImNvdW50IiwgInRpbWUiOiB7ImZyb20iOiAiMjAyMi0xMi0xMFQwOTowMDowMFoiLCAidG8iOiAiMjAyMi0xMi0xMVQwODowMDowMFoiLCAidXNlcl9pbnRlcnZhbCI6ICIwIn0sICJtb2RlIjogIiIsICJhbmFseXplX2ZpZWxkIjogIiJ9';

describe('request', () => {
  it('builds the pack document in its key order and encodes it byte for byte like the pack', () => {
    expect(Object.keys(queryDocument(PACK_ARGS))).toEqual(['search', 'fields', 'offset', 'timeframe', 'graphmode', 'time', 'mode', 'analyze_field']);
    expect(queryDocument(PACK_ARGS).time).toEqual({ from: '2022-12-10T09:00:00Z', to: '2022-12-11T08:00:00Z', user_interval: '0' });
    expect(requestPath(PACK_ARGS)).toBe(`/advancedsearch/api/analyze/@fields.source_ip/score/${PACK_B64}`);
  });

  it('serialises like Python json.dumps (spaced separators, escaped quotes, non-ASCII as \\uXXXX)', () => {
    expect(pythonJson({ search: '@fields.server_name:"café.example"', fields: [], offset: '50', n: { a: '' } }))
      .toBe('{"search": "@fields.server_name:\\"caf\\u00e9.example\\"", "fields": [], "offset": "50", "n": {"a": ""}}');
    const b64 = requestPath({ ...PACK_ARGS, query: '@fields.server_name:"café.example" AND @type:ssl', offset: 50 }).split('/').slice(6).join('/');
    expect(b64).toBe(
      'eyJzZWFyY2giOiAiQGZpZWxkcy5zZXJ2ZXJfbmFtZTpcImNhZlx1MDBlOS5leGFtcGxlXCIgQU5EIEB0eXBlOnNzbCIsICJmaWVsZHMiOiBbXSwgIm9mZnNldCI6ICI1MCIsICJ0aW1lZnJhbWUiOiAiY3VzdG9tIiwgImdyYXBobW9kZSI6ICJjb3VudCIsICJ0aW1lIjogeyJmcm9tIjogIjIwMjItMTItMTBUMDk6MDA6MDBaIiwgInRvIjogIjIwMjItMTItMTFUMDg6MDA6MDBaIiwgInVzZXJfaW50ZXJ2YWwiOiAiMCJ9LCAibW9kZSI6ICIiLCAiYW5hbHl6ZV9maWVsZCI6ICIifQ==',
    );
  });
});

describe('transform (fixture advanced_search_analysis.json, score)', () => {
  it('rows are the pack output (formatted_advanced_search_analysis = hits.hits), plus the total and the search', () => {
    const out = toOutputs(PACK_ARGS, fixture);
    expect(out).toEqual({
      metric: '@fields.source_ip', operation: 'score', query: '@type:conn',
      from: '2022-12-10T09:00:00.000Z', to: '2022-12-11T08:00:00.000Z', offset: 0, total: 8001,
      rows: fixture.hits.hits,
    });
    expect(out!.rows).toEqual([
      { count: 6314, id: '192.168.0.88' },
      { count: 3594, id: '192.168.1.4' },
      { count: 45, id: 'fe80::5041:ff:fe01:ffb7' },
      { count: 45, id: 'fe80::e4e5:eeff:fef0:6293' },
      { count: 2, id: '192.168.16.5' },
    ]);
  });

  it('readable: a table with the total hit count', () => {
    expect(toReadable(toOutputs(PACK_ARGS, fixture)!)).toBe(
      '### Advanced Search score of @fields.source_ip\n' +
        'Query: `@type:conn`; from 2022-12-10T09:00:00.000Z to 2022-12-11T08:00:00.000Z; total hits: 8001\n' +
        '|id|count|\n|---|---|\n' +
        '| 192.168.0.88 | 6314 |\n| 192.168.1.4 | 3594 |\n| fe80::5041:ff:fe01:ffb7 | 45 |\n| fe80::e4e5:eeff:fef0:6293 | 45 |\n| 192.168.16.5 | 2 |\n',
    );
  });
});

describe('transform (the other operations)', () => {
  it('trend: rows from hits.hits with start and trend', () => {
    const raw = { hits: { total: 20, hits: [{ id: '10.0.0.1', count: 12, start: 3, trend: 4 }] } };
    const out = toOutputs({ ...PACK_ARGS, operation: 'trend' }, raw)!;
    expect(out.rows).toEqual([{ id: '10.0.0.1', count: 12, start: 3, trend: 4 }]);
    expect(toReadable(out)).toContain('|id|count|start|trend|\n|---|---|---|---|\n| 10.0.0.1 | 12 | 3 | 4 |\n');
  });

  it('terms: buckets from aggregations.terms.buckets (doc_count → count)', () => {
    const raw = {
      hits: { total: { value: 900, relation: 'eq' }, hits: [] },
      aggregations: { terms: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: 443, doc_count: 700 }, { key: 53, doc_count: 200 }] } },
    };
    const out = toOutputs({ ...PACK_ARGS, operation: 'terms', metric: '@fields.dest_port' }, raw)!;
    expect(out.total).toBe(900);
    expect(out.buckets).toEqual([{ key: 443, count: 700 }, { key: 53, count: 200 }]);
    expect(out.rows).toBeUndefined();
    expect(toReadable(out)).toContain('total hits: 900\n|key|count|\n|---|---|\n| 443 | 700 |\n| 53 | 200 |\n');
  });

  it('mean: stats from aggregations.stats', () => {
    const raw = { hits: { total: 4, hits: [] }, aggregations: { stats: { count: 4, min: 1, max: 9, avg: 4.5, sum: 18 } } };
    const out = toOutputs({ ...PACK_ARGS, operation: 'mean', metric: '@fields.duration' }, raw)!;
    expect(out.stats).toEqual({ count: 4, min: 1, max: 9, avg: 4.5, sum: 18 });
    expect(toReadable(out)).toContain('|count|min|max|avg|sum|\n|---|---|---|---|---|\n| 4 | 1 | 9 | 4.5 | 18 |\n');
  });

  it('nothing found, and missing optional fields, never crash', () => {
    expect(toOutputs(PACK_ARGS, {})).toBeUndefined();
    expect(toOutputs(PACK_ARGS, { hits: { total: 0, hits: [] } })).toBeUndefined();
    expect(toOutputs({ ...PACK_ARGS, operation: 'terms' }, { hits: { total: 0 } })).toBeUndefined();
    expect(toOutputs({ ...PACK_ARGS, operation: 'mean' }, { aggregations: { stats: { count: 0, min: null, max: null, avg: null, sum: 0 } } })).toBeUndefined();
    const partial = toOutputs(PACK_ARGS, { hits: { hits: [{ id: 'x' }] } })!;
    expect(partial.total).toBeUndefined();
    expect(toReadable(partial)).toContain('|id|\n|---|\n| x |\n');
  });

  it('a probe that did not answer is surfaced', () => {
    const out = toOutputs(PACK_ARGS, { ...fixture, darktraceChildError: 'probe-2' })!;
    expect(out.darktraceChildError).toBe('probe-2');
    expect(toReadable(out)).toContain('**Warning:** Darktrace reported: probe-2');
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  const good = { initialDate: '2022-12-10', endDate: '2022-12-11', query: '@type:conn', operation: 'score', metric: '@fields.source_ip' };
  const errorsOf = (raw: Record<string, unknown>) => {
    const parsed = registry.parseArgs(NAME, raw);
    return parsed.ok ? [] : parsed.errors;
  };

  it('defaults times to 00:00:00 and offset to 0', () => {
    expect(registry.parseArgs(NAME, good)).toEqual({
      ok: true, args: { ...good, initialTime: '00:00:00', endTime: '00:00:00', offset: 0 },
    });
  });

  it('rejects bad dates, non-calendar dates, bad times, an unknown operation and an unsafe metric, naming each', () => {
    const errors = errorsOf({ ...good, initialDate: '10/12/2022', endDate: '2023-02-29', initialTime: '24:00:00', endTime: '9:00', operation: 'sum', metric: '@fields.x/../../status', offset: '-1' });
    expect(errors.map((e) => e.path).sort()).toEqual(['endDate', 'endTime', 'initialDate', 'initialTime', 'metric', 'offset', 'operation']);
    const message = (path: string) => errors.find((e) => e.path === path)?.message;
    expect(message('initialDate')).toContain('YYYY-MM-DD');
    expect(message('endDate')).toContain('is not a real calendar date (got "2023-02-29")');
    expect(message('initialTime')).toContain('HH:MM:SS');
    expect(message('operation')).toContain('score, trend, terms, mean');
  });

  it('requires the required ones; operation defaults to score, as in DarktraceAdmin', () => {
    expect(errorsOf({}).map((e) => e.path).sort()).toEqual(['endDate', 'initialDate', 'metric', 'query']);
    const { operation: _omitted, ...withoutOperation } = good;
    expect(registry.parseArgs(NAME, withoutOperation)).toMatchObject({ ok: true, args: { operation: 'score' } });
  });

  it('calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-04-31')).toBe(false);
    expect(isCalendarDate('2023-13-01')).toBe(false);
  });

  it('the end must be after the start', () => {
    expect(checkRange(PACK_ARGS)).toEqual([]);
    expect(checkRange({ ...PACK_ARGS, endDate: '2022-12-10', endTime: '09:00:00' })).toEqual([
      { path: 'endDate', message: 'must be after the start: 2022-12-10 09:00:00 is not after initialDate/initialTime 2022-12-10 09:00:00' },
    ]);
    expect(checkRange({ ...PACK_ARGS, endDate: '2022-12-09' })).toHaveLength(1);
  });
});

describeCommandE2E(command, (e2e) => {

  it('the pack call: exact path (base64 verbatim), no query, outputs, DT key and readable', async () => {
    const result = await e2e.result({ ...PACK_ARGS });
    expect(e2e.received()).toEqual([{ method: 'GET', path: `/advancedsearch/api/analyze/@fields.source_ip/score/${PACK_B64}`, query: '', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.AdvancedSearch');
    expect(result.outputsKeyField).toEqual(['metric', 'operation', 'query', 'from', 'to']);
    expect(result.outputs).toMatchObject({ metric: '@fields.source_ip', operation: 'score', query: '@type:conn', from: '2022-12-10T09:00:00.000Z', to: '2022-12-11T08:00:00.000Z' });
    expect(Array.isArray(result.outputs.rows)).toBe(true);
    expect(Object.keys(result.entry.EntryContext)).toEqual([
      'Darktrace.AdvancedSearch(val.metric && val.metric == obj.metric && val.operation && val.operation == obj.operation && val.query && val.query == obj.query && val.from && val.from == obj.from && val.to && val.to == obj.to)',
    ]);
    expect(result.readableOutput).toMatch(/^### Advanced Search score of @fields\.source_ip\nQuery: `@type:conn`; from 2022-12-10T09:00:00\.000Z to 2022-12-11T08:00:00\.000Z/);
  });

  it('the captured analysis (2020-02-20 17:00-17:15) comes back as the fixture: rows and total 8001', async () => {
    const result = await e2e.result({
      initialDate: '2020-02-20', initialTime: '17:00:00', endDate: '2020-02-20', endTime: '17:15:00',
      query: '@type:conn', operation: 'score', metric: '@fields.source_ip',
    });
    expect(result.outputs.total).toBe(8001);
    expect(result.outputs.rows).toEqual(fixture.hits.hits);
    expect(result.readableOutput).toContain('total hits: 8001\n|id|count|\n|---|---|\n| 192.168.0.88 | 6314 |\n');
  });

  it('base64 with + / = stays verbatim in the path, and every operation answers', async () => {
    // Python: base64 of the document for this query contains '+', '/' and '='.
    const query = '@type:http AND @fields.method:POST AND @fields.uri:"/login?next=>"';
    const b64 = 'eyJzZWFyY2giOiAiQHR5cGU6aHR0cCBBTkQgQGZpZWxkcy5tZXRob2Q6UE9TVCBBTkQgQGZpZWxkcy51cmk6XCIvbG9naW4/bmV4dD0+XCIiLCAiZmllbGRzIjogW10sICJvZmZzZXQiOiAiMCIsICJ0aW1lZnJhbWUiOiAiY3VzdG9tIiwgImdyYXBobW9kZSI6ICJjb3VudCIsICJ0aW1lIjogeyJmcm9tIjogIjIwMjAtMDItMjBUMTc6MDA6MDBaIiwgInRvIjogIjIwMjAtMDItMjBUMTc6MTU6MDBaIiwgInVzZXJfaW50ZXJ2YWwiOiAiMCJ9LCAibW9kZSI6ICIiLCAiYW5hbHl6ZV9maWVsZCI6ICIifQ==';
    for (const operation of ['score', 'trend', 'terms', 'mean']) {
      const res = await e2e.run({
        initialDate: '2020-02-20', initialTime: '17:00:00', endDate: '2020-02-20', endTime: '17:15:00', query, operation, metric: '@fields.source_ip',
      });
      expect(res.status, operation).toBe(200);
      expect(e2e.received()).toEqual([{ method: 'GET', path: `/advancedsearch/api/analyze/@fields.source_ip/${operation}/${b64}`, query: '', body: '' }]);
      const [result] = res.body.results;
      expect(typeof result.readableOutput).toBe('string');
      if (result.outputs) {
        const expectedKey = { score: 'rows', trend: 'rows', terms: 'buckets', mean: 'stats' }[operation]!;
        expect(result.outputs, operation).toHaveProperty(expectedKey);
      } else {
        expect(result.readableOutput).toMatch(/^### No results for the Advanced Search /);
      }
    }
  });

  it('bad arguments are a 400 naming each argument, and nothing is sent to Darktrace', async () => {
    const res = await e2e.run({ initialDate: '2022-02-30', endDate: '2022-13-01', initialTime: '7am', query: '@type:conn', operation: 'avg', metric: '@fields.source_ip' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['endDate', 'initialDate', 'initialTime', 'operation']);
    expect(e2e.received()).toEqual([]);
  });

  it('an end before the start is a 400 naming endDate, and nothing is sent to Darktrace', async () => {
    const res = await e2e.run({ ...PACK_ARGS, endDate: '2022-12-09' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors).toEqual([{ path: 'endDate', message: expect.stringContaining('must be after') }]);
    expect(res.body.detail).toBe('endDate: must be after the start: 2022-12-09 08:00:00 is not after initialDate/initialTime 2022-12-10 09:00:00');
    expect(e2e.received()).toEqual([]);
  });
});

describe('metric stays one path segment', () => {
  const registry = new Registry([command]);
  const good = { initialDate: '2022-12-10', endDate: '2022-12-11', query: '@type:conn', operation: 'score' };
  it('a metric of only dots (a "." or ".." path segment) is refused, naming metric', () => {
    for (const metric of ['.', '..', '...']) {
      const parsed = registry.parseArgs(NAME, { ...good, metric });
      expect(parsed.ok, metric).toBe(false);
      if (!parsed.ok) expect(parsed.errors).toEqual([{ path: 'metric', message: `metric: must be a field name, not only dots (got ${JSON.stringify(metric)})` }]);
    }
    expect(registry.parseArgs(NAME, { ...good, metric: '@fields.source_ip' }).ok).toBe(true);
    expect(registry.parseArgs(NAME, { ...good, metric: '.x' }).ok).toBe(true);
  });
});
