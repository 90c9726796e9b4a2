// GET /advancedsearch/api/analyze/{field}/{operation}/{query}: an Advanced Search query analysed on one field.
// Quirks: the query document travels in the path as standard Base64 (+ / =) of the JSON text exactly as
// Python's json.dumps writes it — what the official pack sends and real appliances are known to accept —
// and the path is sent and signed verbatim (never percent-encoded); `hits.total` is a number, or ES7's
// `{value}`; `darktraceChildError` names a probe that did not answer (the results may be incomplete).
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

const Num = z.number().nullish();
export const Analysis = z.looseObject({
  hits: z.looseObject({
    total: z.union([z.number(), z.looseObject({ value: z.number() })]).nullish(),
    hits: z.array(z.looseObject({ id: z.unknown(), count: Num })).nullish(),
  }).nullish(),
  aggregations: z.looseObject({
    terms: z.looseObject({ buckets: z.array(z.looseObject({ key: z.unknown(), doc_count: Num })).nullish() }).nullish(),
    stats: z.looseObject({ count: Num, min: Num, max: Num, avg: Num, sum: Num }).nullish(),
  }).nullish(),
  darktraceChildError: z.string().nullish(),
});
export type Analysis = z.infer<typeof Analysis>;

/** Python's json.dumps with default settings: `, ` and `: ` separators, non-ASCII escaped as \uXXXX. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The `query` path parameter for a query document: standard Base64 of its Python-style JSON. */
export const encodeSearch = (document: object): string => Buffer.from(pythonJson(document), 'utf8').toString('base64');

export const analyze = defineEndpoint({
  method: 'get',
  path: '/advancedsearch/api/analyze/{field}/{operation}/{query}',
  response: Analysis,
  send: 'retry',
});
