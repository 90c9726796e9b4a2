// Runs a plan's requests — one per device — with at most 4 in flight, and hands back each answer with its
// device, in the plan's order. The first failure stops new requests and is thrown (a partial comparison
// would rank devices that were never asked).
import type { MetricPlan, MetricQuery, WireQuery } from './plan.js';
import { splitMetricData, type MetricDataResponse, type ParsedMetricData } from './wire.js';

export const MAX_IN_FLIGHT = 4;

export interface DeviceAnswer {
  did?: number;
  answer: ParsedMetricData;
}

/** Maps `items` through `fn` with at most `limit` calls pending; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/**
 * `get` sends one /metricdata request (e.g. `(q) => client.get('/metricdata', q, MetricDataResponseSchema)`)
 * and resolves to the validated answer.
 */
export async function fetchMetricData(
  plan: MetricPlan,
  get: (query: WireQuery, request: MetricQuery) => Promise<MetricDataResponse>,
  options: { concurrency?: number } = {},
): Promise<DeviceAnswer[]> {
  return mapLimit(plan.queries, options.concurrency ?? MAX_IN_FLIGHT, async (request) => {
    const answer = splitMetricData(await get(request.query, request));
    return request.did === undefined ? { answer } : { did: request.did, answer };
  });
}
