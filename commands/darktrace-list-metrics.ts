// darktrace-list-metrics: the metrics catalogue (GET /metrics) or one metric (GET /metrics/{mlid}).
import { DarktraceError } from '../src/darktrace/errors.js';
import { metricById, metricList, type MetricInfo } from '../src/darktrace/resources/metrics.js';
import { metricListReadable } from '../src/metrics/readable.js';
import { arg, defineCommand } from '../src/registry/index.js';

export interface MetricRow {
  mlid: number;
  name: string;
  label?: string;
  set?: string;
  /** Darktrace's `units`: "bytes" for volumes, "" for counts. */
  units?: string;
  filtertypes: string[];
  unitsinterval?: number;
  lengthscale?: number;
}

/** Pure transform: catalogue entries → `Darktrace.Metric` rows, keyed by system name, nulls left out. */
export function toOutputs(metrics: readonly MetricInfo[]): MetricRow[] {
  return metrics.map((m) => {
    const row: MetricRow = { mlid: m.mlid, name: m.name, filtertypes: m.filtertypes ?? [] };
    if (typeof m.label === 'string') row.label = m.label;
    if (typeof m.set === 'string') row.set = m.set;
    if (typeof m.units === 'string') row.units = m.units;
    if (typeof m.unitsinterval === 'number') row.unitsinterval = m.unitsinterval;
    if (typeof m.lengthscale === 'number') row.lengthscale = m.lengthscale;
    return row;
  });
}

export default defineCommand({
  name: 'darktrace-list-metrics',
  description: 'Lists the metrics Darktrace records (system name, label, units, filter types), or one metric by its mlid. The system names are what darktrace-get-metric-data takes.',
  access: 'read',
  args: {
    mlid: arg.int({ description: 'Metric ID: only this metric. Without it, every metric (several hundred on a real appliance).', min: 0 }),
  },
  outputs: [
    { contextPath: 'Darktrace.Metric.mlid', type: 'Number', description: 'Metric ID (instance data: it differs between appliances).' },
    { contextPath: 'Darktrace.Metric.name', type: 'String', description: 'System name, as darktrace-get-metric-data and model components take it.' },
    { contextPath: 'Darktrace.Metric.label', type: 'String', description: 'Display name.' },
    { contextPath: 'Darktrace.Metric.set', type: 'String', description: 'A: usable by models; C: visual only.' },
    { contextPath: 'Darktrace.Metric.units', type: 'String', description: '"bytes" for volumes, empty for counts.' },
    { contextPath: 'Darktrace.Metric.filtertypes', type: 'String', description: 'Filter types models can apply to this metric.' },
    { contextPath: 'Darktrace.Metric.unitsinterval', type: 'Number', description: 'Darktrace\'s unit interval for the metric, seconds.' },
    { contextPath: 'Darktrace.Metric.lengthscale', type: 'Number', description: 'Darktrace\'s length scale for the metric.' },
  ],
  async run({ mlid }, { client }) {
    let raw: MetricInfo[];
    if (mlid === undefined) raw = await metricList(client, {});
    else {
      try {
        raw = [await metricById(client, { mlid })];
      } catch (error) {
        if (!(error instanceof DarktraceError && error.code === 'NOT_FOUND')) throw error;
        return `### No Darktrace metric with mlid ${mlid}\ndarktrace-list-metrics without mlid lists them all.`;
      }
    }
    if (raw.length === 0) return '### Darktrace metrics\nThe appliance lists no metrics.';
    const outputs = toOutputs(raw);
    return { outputsPrefix: 'Darktrace.Metric', outputsKeyField: 'name', outputs, readableOutput: metricListReadable(raw), rawResponse: raw };
  },
});
