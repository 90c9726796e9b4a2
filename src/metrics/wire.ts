// The /metricdata answer as the appliance sends it (reference §metricdata 2.3): an array with one
// `{metric, data:[{time, timems, size, in, out}]}` per requested metric and, with breachtimes=true, a leading
// `{breachtimes:[{pid, pbid, score (0-1), name, time (ms)}]}` element. Series are looked up by `metric`,
// never by position: the order is undocumented.
import type { BreachTimesWire, BreachTimeWire, MetricDataResponse, MetricSeriesWire } from '../darktrace/resources/metrics.js';

// The schemas belong to the Darktrace resource (src/darktrace/resources/metrics.ts); re-exported for the metric code.
export {
  BreachTimeSchema, BreachTimesSchema, MetricDataResponseSchema, MetricPointSchema, MetricSeriesSchema,
  type BreachTimesWire, type BreachTimeWire, type MetricDataResponse, type MetricPointWire, type MetricSeriesWire,
} from '../darktrace/resources/metrics.js';

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
