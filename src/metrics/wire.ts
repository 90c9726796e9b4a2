// The /metricdata answer as the appliance sends it (reference §metricdata 2.3): an array with one
// `{metric, data:[{time, timems, size, in, out}]}` per requested metric and, with breachtimes=true, a leading
// `{breachtimes:[{pid, pbid, score (0-1), name, time (ms)}]}` element. Series are looked up by `metric`,
// never by position: the order is undocumented.
import { z } from 'zod';

/** Numbers may arrive as numeric strings (Darktrace does this for scores elsewhere); null is "no value". */
const Num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

export const MetricPointSchema = z.looseObject({
  time: z.string().nullish(),
  timems: Num,
  size: Num.nullish(),
  in: Num.nullish(),
  out: Num.nullish(),
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
  time: Num,
});
export const BreachTimesSchema = z.looseObject({ breachtimes: z.array(BreachTimeSchema).nullish() });

export const MetricDataResponseSchema = z.array(z.union([MetricSeriesSchema, BreachTimesSchema]));

export type MetricPointWire = z.infer<typeof MetricPointSchema>;
export type MetricSeriesWire = z.infer<typeof MetricSeriesSchema>;
export type BreachTimeWire = z.infer<typeof BreachTimeSchema>;
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
    if (typeof element.metric === 'string') {
      const s = element as MetricSeriesWire;
      if (!series.has(s.metric)) series.set(s.metric, s);
    } else if (Array.isArray(element.breachtimes)) {
      breachtimes.push(...(element.breachtimes as BreachTimeWire[]));
    }
  }
  return { series, breachtimes };
}
