// /metrics and /metricdata: the metrics catalogue and the time series (reference §metrics, §metricdata).
// Quirks: `/metrics/{mlid}` answers one object, `/metrics` an array (several hundred entries on a real appliance;
// mlids are instance data). /metricdata takes one metric as `metric=` and several as `metric1=…&metric2=…` —
// `metric=a,b` got unrelated data from a live appliance — `interval` in whole seconds, times in ms, and has no
// `devices` parameter (one request per device). It answers an array with one `{metric, data}` per metric, in an
// undocumented order (match by `metric`), after an optional leading `{breachtimes}`; buckets are floored to the
// interval and hold its maximum, so the first can start before `starttime`.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

const Num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

/** One /metrics entry. Unknown keys are kept (the appliance adds fields across versions). */
export const MetricInfoSchema = z.looseObject({
  mlid: Num,
  name: z.string(),
  label: z.string().nullish(),
  set: z.string().nullish(),
  units: z.string().nullish(),
  filtertypes: z.array(z.string()).nullish(),
  unitsinterval: Num.nullish(),
  lengthscale: Num.nullish(),
});
export type MetricInfo = z.infer<typeof MetricInfoSchema>;

/** GET /metrics answers an array; GET /metrics/{mlid} one object. */
export const MetricListSchema = z.array(MetricInfoSchema);
/** Either answer, as a list (for darktrace-list-metrics: Darktrace.Metric, keyed by name). */
export const MetricListOrOneSchema = z.union([MetricListSchema, MetricInfoSchema.transform((m) => [m])]);

/** Epoch ms that make a real date (years 1970–9999): anything else is not a bucket time. */
const EpochMs = z.number().int().min(0).max(253_402_300_799_999);

/**
 * Points are numbers, as every source shows them. Plain z.number() (not the string-tolerant union) and a
 * plain object (unknown keys dropped: the outputs do not carry them) keep 100,000 points cheap to validate
 * (bench/metrics-scaling.ts): the union made validation about seven times slower.
 */
export const MetricPointSchema = z.object({
  time: z.string().nullish(),
  timems: EpochMs,
  size: z.number().nullish(),
  in: z.number().nullish(),
  out: z.number().nullish(),
});
export const MetricSeriesSchema = z.looseObject({
  metric: z.string(),
  data: z.array(MetricPointSchema).nullish(),
});
export const BreachTimeSchema = z.looseObject({
  pid: Num.nullish(),
  pbid: Num,
  score: Num.nullish(),
  name: z.string().nullish(),
  time: Num.pipe(EpochMs),
});
export const BreachTimesSchema = z.looseObject({ breachtimes: z.array(BreachTimeSchema) });

export type MetricPointWire = z.infer<typeof MetricPointSchema>;
export type MetricSeriesWire = z.infer<typeof MetricSeriesSchema>;
export type BreachTimeWire = z.infer<typeof BreachTimeSchema>;
export type BreachTimesWire = z.infer<typeof BreachTimesSchema>;

/**
 * Every element is a series (it has `metric`) or the breach markers; anything else, a bad series included, is an
 * invalid answer. Chosen by key rather than z.union, so an issue names its field (`[0].data[3].timems`).
 */
const ElementSchema = z.unknown().transform((value, ctx): MetricSeriesWire | BreachTimesWire => {
  const schema: z.ZodType<MetricSeriesWire | BreachTimesWire> =
    value !== null && typeof value === 'object' && 'metric' in value ? MetricSeriesSchema : BreachTimesSchema;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});
export const MetricDataResponseSchema = z.array(ElementSchema);
export type MetricDataResponse = z.infer<typeof MetricDataResponseSchema>;

export const metricList = defineEndpoint({
  method: 'get',
  path: '/metrics',
  response: MetricListSchema,
  send: 'retry',
});

export const metricById = defineEndpoint({
  method: 'get',
  path: '/metrics/{mlid}',
  response: MetricInfoSchema,
  send: 'retry',
});

/** The names a metric-data request may carry, in the order they are sent (src/metrics/plan.ts builds them). */
export const metricData = defineEndpoint({
  method: 'get',
  path: '/metricdata',
  query: [
    'metric', 'metric1', 'metric2', 'metric3', 'metric4', 'metric5', 'metric6', 'metric7', 'metric8', 'metric9', 'metric10',
    'did', 'ddid', 'odid', 'port', 'sourceport', 'destinationport', 'protocol', 'applicationprotocol',
    'starttime', 'endtime', 'interval', 'breachtimes', 'fulldevicedetails',
  ],
  response: MetricDataResponseSchema,
  send: 'retry',
});
export type MetricDataParams = Parameters<typeof metricData>[1];

/**
 * Sends a planned request given as name/value pairs. The endpoint sends its declared names in its own order,
 * which is the plan's (metrics, device and filters, window, interval, flags), and refuses any other name.
 */
export function metricDataFor(client: Parameters<typeof metricData>[0], pairs: ReadonlyArray<readonly [string, string | number | boolean]>) {
  return metricData(client, Object.fromEntries(pairs) as MetricDataParams);
}
