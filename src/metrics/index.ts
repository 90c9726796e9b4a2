// Metric data (SPEC §10): arguments → exact /metricdata requests → friendly outputs and analysis → readable.
// `getMetricData` is the whole flow for a command: plan (all checks, 400 on bad input), at most 4 requests
// in flight, transform.
import { ArgumentError } from '../registry/command.js';
import type { MetricCatalogue } from './catalogue.js';
import { fetchMetricData } from './execute.js';
import { planMetricQueries, type MetricDataArgs, type MetricQuery, type WireQuery } from './plan.js';
import { toMetricData, type MetricDataResult } from './transform.js';
import type { MetricDataResponse } from './wire.js';

export * from './catalogue.js';
export * from './execute.js';
export * from './intervals.js';
export * from './plan.js';
export * from './readable.js';
export * from './suggest.js';
export * from './time.js';
export * from './transform.js';
export * from './wire.js';

export interface MetricDataDeps {
  /** Sends one /metricdata request and resolves to the validated answer (MetricDataResponseSchema). */
  get(query: WireQuery, request: MetricQuery): Promise<MetricDataResponse>;
  /** The caller's clock, epoch ms. */
  now: number;
  /** Checks names and supplies unit/label; without it names are sent unchecked. */
  catalogue?: MetricCatalogue;
  concurrency?: number;
}

/** Throws ArgumentError (→ 400, every problem listed) before any request when the arguments are wrong. */
export async function getMetricData(args: MetricDataArgs, deps: MetricDataDeps): Promise<MetricDataResult> {
  const planned = planMetricQueries(args, { now: deps.now, catalogue: deps.catalogue });
  if (!planned.ok) throw new ArgumentError(planned.errors);
  const answers = await fetchMetricData(planned.plan, deps.get, { concurrency: deps.concurrency });
  return toMetricData(planned.plan, answers, { now: deps.now, catalogue: deps.catalogue });
}
