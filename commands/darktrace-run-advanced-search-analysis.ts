// darktrace-run-advanced-search-analysis: an Advanced Search query analysed on one field
// (GET /advancedsearch/api/analyze/<metric>/<operation>/<base64 query document>).
//
// The query document is the official pack's, byte for byte: the same keys in the same order, serialised
// like Python's json.dumps (", " / ": " separators, non-ASCII as \uXXXX), then standard Base64 (+ / =)
// placed verbatim in the path — what real appliances are known to accept. Fixes over the pack: dates,
// times and the range are validated (400 naming the argument), the metric cannot break out of its path
// segment, and all four operations are handled (the pack only read hits.hits) with the total hit count.
//
// Context `Darktrace.AdvancedSearch`, keyed by (metric, operation, query, from, to) so re-running the same
// analysis replaces its entry and a different one is added:
//   {metric, operation, query, from, to, offset, total, rows | buckets | stats}
//   score → rows [{id, count}]; trend → rows [{id, count, start, trend}] (as Darktrace sends them);
//   terms → buckets [{key, count}] (Darktrace's doc_count); mean → stats {count, min, max, avg, sum}.
// from/to are ISO 8601 (`…T09:00:00.000Z`); total is hits.total (a number, or ES7's {value}).
import { analyze, encodeSearch, type Analysis as Response } from '../src/darktrace/resources/advancedsearch.js';
import { arg, ArgumentError, defineCommand, type ArgError } from '../src/registry/index.js';
import { stringEscapeMD, tableToMarkdown } from '../src/markdown/table.js';
import { isCalendarDate } from '../src/util/calendar.js';

export const OPERATIONS = ['score', 'trend', 'terms', 'mean'] as const;
export type Operation = (typeof OPERATIONS)[number];

// ── arguments ─────────────────────────────────────────────────────────────────────────────────────────

/** An arg spec with one more check on the coerced value (runs only when the value passed the spec). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

const calendar = (value: string) => (isCalendarDate(value) ? undefined : `is not a real calendar date (got ${JSON.stringify(value)})`);

const dateArg = (description: string) =>
  arg.string({ description, required: true, pattern: DATE, patternDescription: 'a date YYYY-MM-DD', check: calendar });
const timeArg = (description: string) =>
  arg.string({ description, default: '00:00:00', pattern: TIME, patternDescription: 'a time HH:MM:SS (00:00:00-23:59:59)' });

export interface SearchArgs {
  initialDate: string;
  initialTime: string;
  endDate: string;
  endTime: string;
  query: string;
  operation: Operation;
  metric: string;
  offset: number;
}

/** The cross-argument check: the end must be after the start. */
export function checkRange(a: SearchArgs): ArgError[] {
  const from = Date.parse(`${a.initialDate}T${a.initialTime}Z`);
  const to = Date.parse(`${a.endDate}T${a.endTime}Z`);
  if (!(to > from)) {
    return [{
      path: 'endDate',
      message: `must be after the start: ${a.endDate} ${a.endTime} is not after initialDate/initialTime ${a.initialDate} ${a.initialTime}`,
    }];
  }
  return [];
}

// ── request ───────────────────────────────────────────────────────────────────────────────────────────

/** The query document, in the pack's key order. */
export function queryDocument(a: SearchArgs) {
  return {
    search: a.query,
    fields: [],
    offset: String(a.offset),
    timeframe: 'custom',
    graphmode: 'count',
    time: { from: `${a.initialDate}T${a.initialTime}Z`, to: `${a.endDate}T${a.endTime}Z`, user_interval: '0' },
    mode: '',
    analyze_field: '',
  };
}

/** The analyze call's path parameters: the metric, the operation and the encoded document. */
export const searchArgs = (a: SearchArgs) => ({ field: a.metric, operation: a.operation, query: encodeSearch(queryDocument(a)) });

/** `/advancedsearch/api/analyze/<metric>/<operation>/<standard base64 of the document>`. */
export const requestPath = (a: SearchArgs): string => analyze.pathFor(searchArgs(a));

// ── response ──────────────────────────────────────────────────────────────────────────────────────────

export function totalHits(raw: Response): number | undefined {
  const total = raw.hits?.total;
  return typeof total === 'number' ? total : (total?.value ?? undefined);
}

export interface AdvancedSearchResult {
  metric: string;
  operation: Operation;
  query: string;
  from: string;
  to: string;
  offset: number;
  total?: number;
  rows?: Array<Record<string, unknown>>;
  buckets?: Array<{ key: unknown; count: number | null | undefined } & Record<string, unknown>>;
  stats?: Record<string, unknown>;
  darktraceChildError?: string;
}

/** Pure transform: the response → `Darktrace.AdvancedSearch`, or undefined when the analysis found nothing. */
export function toOutputs(a: SearchArgs, raw: Response): AdvancedSearchResult | undefined {
  const base: AdvancedSearchResult = {
    metric: a.metric,
    operation: a.operation,
    query: a.query,
    from: `${a.initialDate}T${a.initialTime}.000Z`,
    to: `${a.endDate}T${a.endTime}.000Z`,
    offset: a.offset,
    ...(totalHits(raw) !== undefined ? { total: totalHits(raw) } : {}),
    ...(raw.darktraceChildError ? { darktraceChildError: raw.darktraceChildError } : {}),
  };
  switch (a.operation) {
    case 'score':
    case 'trend': {
      const rows = raw.hits?.hits ?? [];
      return rows.length ? { ...base, rows } : undefined;
    }
    case 'terms': {
      const buckets = raw.aggregations?.terms?.buckets ?? [];
      return buckets.length ? { ...base, buckets: buckets.map(({ key, doc_count, ...rest }) => ({ key, count: doc_count, ...rest })) } : undefined;
    }
    case 'mean': {
      const stats = raw.aggregations?.stats;
      return stats && (stats.count ?? 0) > 0 ? { ...base, stats } : undefined;
    }
  }
}

const COLUMNS: Record<Operation, string[]> = {
  score: ['id', 'count'],
  trend: ['id', 'count', 'start', 'trend'],
  terms: ['key', 'count'],
  mean: ['count', 'min', 'max', 'avg', 'sum'],
};

/** Inline code, so the query's markdown characters (`*`, `_`, …) show as typed. */
const code = (text: string) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.includes('`') ? `\`\` ${flat} \`\`` : `\`${flat}\``;
};

function describe(r: Pick<AdvancedSearchResult, 'query' | 'from' | 'to' | 'total'>): string {
  const total = r.total !== undefined ? `; total hits: ${r.total}` : '';
  return `Query: ${code(r.query)}; from ${r.from} to ${r.to}${total}`;
}

export function toReadable(r: AdvancedSearchResult): string {
  const rows = r.rows ?? r.buckets ?? (r.stats ? [r.stats] : []);
  const warning = r.darktraceChildError ? `\n**Warning:** Darktrace reported: ${stringEscapeMD(r.darktraceChildError, true)}\n` : '';
  return tableToMarkdown(`Advanced Search ${r.operation} of ${r.metric}`, rows, {
    headers: COLUMNS[r.operation], removeNull: true, metadata: describe(r),
  }) + warning;
}

export default defineCommand({
  name: 'darktrace-run-advanced-search-analysis',
  description: 'Runs an Advanced Search query over a time range and analyses one field of the matching logs: score (top values by count), trend, terms (buckets) or mean (statistics).',
  access: 'read',
  args: {
    initialDate: dateArg('Start date of the search, YYYY-MM-DD (UTC).'),
    initialTime: timeArg('Start time of the search, HH:MM:SS (UTC).'),
    endDate: dateArg('End date of the search, YYYY-MM-DD (UTC).'),
    endTime: timeArg('End time of the search, HH:MM:SS (UTC).'),
    query: arg.string({ description: 'Advanced Search query, e.g. @type:conn AND @fields.dest_port:443.', required: true, maxLength: 10_000 }),
    // Defaults to score, as DarktraceAdmin.yml does (demisto/content 6085e450): a call without it ran there.
    operation: arg.enum(OPERATIONS, { description: 'Analysis: score, trend, terms or mean (default score).', default: 'score' }),
    metric: arg.string({
      description: 'Field to analyse, e.g. @fields.source_ip.', required: true, maxLength: 200,
      pattern: /^[\w@.-]+$/, patternDescription: 'a field name such as @fields.source_ip (letters, digits, @ . _ -)',
      // `.` and `..` would be resolved as path segments and leave the analyze/<metric> route.
      check: (value) => (/^\.+$/.test(value) ? `must be a field name, not only dots (got ${JSON.stringify(value)})` : undefined),
    }),
    offset: arg.int({ description: 'Offset into the results, for paging.', default: 0, min: 0 }),
  },
  outputs: [
    { contextPath: 'Darktrace.AdvancedSearch.metric', type: 'String', description: 'The field analysed.' },
    { contextPath: 'Darktrace.AdvancedSearch.operation', type: 'String', description: 'The analysis: score, trend, terms or mean.' },
    { contextPath: 'Darktrace.AdvancedSearch.query', type: 'String', description: 'The Advanced Search query.' },
    { contextPath: 'Darktrace.AdvancedSearch.from', type: 'Date', description: 'Start of the searched range (ISO 8601).' },
    { contextPath: 'Darktrace.AdvancedSearch.to', type: 'Date', description: 'End of the searched range (ISO 8601).' },
    { contextPath: 'Darktrace.AdvancedSearch.offset', type: 'Number', description: 'Offset into the results.' },
    { contextPath: 'Darktrace.AdvancedSearch.total', type: 'Number', description: 'Number of log entries matching the query.' },
    { contextPath: 'Darktrace.AdvancedSearch.rows.id', type: 'String', description: 'score/trend: a value of the field.' },
    { contextPath: 'Darktrace.AdvancedSearch.rows.count', type: 'Number', description: 'score/trend: how often the value occurs.' },
    { contextPath: 'Darktrace.AdvancedSearch.rows.start', type: 'Unknown', description: 'trend: start value, as Darktrace sends it.' },
    { contextPath: 'Darktrace.AdvancedSearch.rows.trend', type: 'Number', description: 'trend: the trend of the value.' },
    { contextPath: 'Darktrace.AdvancedSearch.buckets.key', type: 'String', description: 'terms: a value of the field.' },
    { contextPath: 'Darktrace.AdvancedSearch.buckets.count', type: 'Number', description: 'terms: number of log entries with the value.' },
    { contextPath: 'Darktrace.AdvancedSearch.stats.count', type: 'Number', description: 'mean: number of values.' },
    { contextPath: 'Darktrace.AdvancedSearch.stats.min', type: 'Number', description: 'mean: smallest value.' },
    { contextPath: 'Darktrace.AdvancedSearch.stats.max', type: 'Number', description: 'mean: largest value.' },
    { contextPath: 'Darktrace.AdvancedSearch.stats.avg', type: 'Number', description: 'mean: average value.' },
    { contextPath: 'Darktrace.AdvancedSearch.stats.sum', type: 'Number', description: 'mean: sum of the values.' },
    { contextPath: 'Darktrace.AdvancedSearch.darktraceChildError', type: 'String', description: 'Set when a Darktrace probe did not answer: the results may be incomplete.' },
  ],
  async run(args, { client }) {
    const errors = checkRange(args);
    if (errors.length) throw new ArgumentError(errors); // → 400 INVALID_ARGUMENTS, before any request
    const raw = await analyze(client, searchArgs(args));
    const outputs = toOutputs(args, raw);
    if (!outputs) {
      const from = `${args.initialDate}T${args.initialTime}.000Z`;
      const to = `${args.endDate}T${args.endTime}.000Z`;
      return {
        readableOutput: `### No results for the Advanced Search ${args.operation} of ${args.metric}\n${describe({ query: args.query, from, to, total: totalHits(raw) })}\n`,
        rawResponse: raw,
      };
    }
    return {
      outputsPrefix: 'Darktrace.AdvancedSearch',
      outputsKeyField: ['metric', 'operation', 'query', 'from', 'to'],
      outputs,
      readableOutput: toReadable(outputs),
      rawResponse: raw,
    };
  },
});
