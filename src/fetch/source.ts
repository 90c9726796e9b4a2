// Where breaches come from: the engine asks a BreachSource for one time slot at a time.

import { FetchUpstreamError } from './errors.js';

/** One slot query. Times are epoch ms of record creation; `minscore` is Darktrace's 0–1 scale. */
export interface SlotQuery {
  starttime: number;
  endtime: number;
  minscore: number;
}

/**
 * Returns every breach visible on the appliance with `starttime ≤ creationTime ≤ endtime` (endtime may be
 * exclusive: the engine does not rely on it) and `score ≥ minscore`, acknowledged ones included, in any
 * order. Any error it throws fails the whole fetch.
 */
export type BreachSource = (q: SlotQuery) => Promise<unknown[]>;

/** The subset of DarktraceClient the adapter needs (so this folder does not depend on the client). */
export interface ModelBreachClient {
  get(path: string, query: Array<[string, string | number | boolean]>): Promise<unknown>;
}

export const MODEL_BREACH_PATH = '/modelbreaches';

/** Query parameter names in the exact order they are sent (and signed). */
export const MODEL_BREACH_QUERY_ORDER = [
  'creationtime',
  'starttime',
  'endtime',
  'minscore',
  'includeacknowledged',
  'minimal',
  'deviceattop',
] as const;

/** The exact query pairs of one slot request, e.g. `creationtime=true&starttime=…&endtime=…&minscore=0.5&…`. */
export function modelBreachQuery(q: SlotQuery): Array<[string, string]> {
  return [
    ['creationtime', 'true'],
    ['starttime', String(q.starttime)],
    ['endtime', String(q.endtime)],
    ['minscore', String(q.minscore)],
    ['includeacknowledged', 'true'],
    ['minimal', 'false'],
    ['deviceattop', 'true'],
  ];
}

/** GET /modelbreaches for a slot; a 2xx body that is not an array is an error (the fetch fails). */
export function modelBreachSource(client: ModelBreachClient): BreachSource {
  return async (q) => {
    const body = await client.get(MODEL_BREACH_PATH, modelBreachQuery(q));
    if (!Array.isArray(body)) {
      const what = body === null ? 'null' : typeof body === 'object' ? 'a JSON object' : `a JSON ${typeof body}`;
      throw new FetchUpstreamError(`${what} where a list of model breaches was expected (GET ${MODEL_BREACH_PATH})`);
    }
    return body;
  };
}
