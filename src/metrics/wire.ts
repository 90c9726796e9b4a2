// The /metricdata answer as the appliance sends it (reference §metricdata 2.3): an array with one
// `{metric, data:[{time, timems, size, in, out}]}` per requested metric and, with breachtimes=true, a leading
// `{breachtimes:[{pid, pbid, score (0-1), name, time (ms)}]}` element. Series are looked up by `metric`,
// never by position: the order is undocumented.
import { z } from 'zod';

/** Scores may arrive as numeric strings (Darktrace does this elsewhere); null is "no value". */
const Num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

/**
 * Points are numbers, as every source shows them. Plain z.number() (not the string-tolerant union) and a
 * plain object (unknown keys dropped: the outputs do not carry them) keep 100,000 points cheap to validate
 * (bench/metrics-scaling.ts): the union made validation about seven times slower.
 */
/** Epoch ms that make a real date (years 1970–9999): anything else is not a bucket time. */
const EpochMs = z.number().int().min(0).max(253_402_300_799_999);

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

export type MetricPointWire = z.infer<typeof MetricPointSchema>;
export type MetricSeriesWire = z.infer<typeof MetricSeriesSchema>;
export type BreachTimeWire = z.infer<typeof BreachTimeSchema>;
export type BreachTimesWire = z.infer<typeof BreachTimesSchema>;
export type MetricDataResponse = z.infer<typeof MetricDataResponseSchema>;

export interface ParsedMetricData {
  /** Series by metric name. A name answered twice keeps the first. */
  series: Map<string, MetricSeriesWire>;
  /** Breach markers, in the order sent; empty without breachtimes. */
  breachtimes: BreachTimeWire[];
}

/** Splits a validated answer into series (by name) and breach markers, wherever the breach element sits. */
export function splitMetricData(response: MetricDataResponse): ParsedMetricData {
  const series = new Map<string, MetricSeriesWire>();
  const breachtimes: BreachTimeWire[] = [];
  for (const element of response) {
    if ('metric' in element && typeof element.metric === 'string') {
      const s = element as MetricSeriesWire;
      if (!series.has(s.metric)) series.set(s.metric, s);
    } else {
      breachtimes.push(...(element as BreachTimesWire).breachtimes);
    }
  }
  return { series, breachtimes };
}
