// darktrace-get-model-component: one model component (GET /components/{cid}): its metric, threshold and filters.
import { DarktraceError } from '../src/darktrace/errors.js';
import { component, type Component } from '../src/darktrace/resources/models.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand } from '../src/registry/index.js';

export interface FilterRow { id?: string; filterType?: string; comparator?: string; value?: string }
export interface ComponentRow {
  cid: number; chid?: number; metricId?: number; threshold?: number; interval?: number; active?: boolean; logic?: unknown; filters: FilterRow[];
}

/** Pure transform: the component → the `Darktrace.ModelComponent` row (filter arguments as text). */
export function toOutputs(c: Component): ComponentRow {
  const row: ComponentRow = { cid: c.cid, filters: [] };
  const put = <K extends keyof ComponentRow>(k: K, v: ComponentRow[K] | null | undefined) => { if (v !== undefined && v !== null) row[k] = v; };
  put('chid', c.chid);
  put('metricId', c.mlid);
  put('threshold', c.threshold);
  put('interval', c.interval);
  put('active', c.active);
  put('logic', c.logic);
  row.filters = (c.filters ?? []).map((f) => {
    const out: FilterRow = {};
    if (f.id) out.id = f.id;
    if (f.filtertype) out.filterType = f.filtertype;
    if (f.comparator) out.comparator = f.comparator;
    const value = f.arguments?.value;
    if (value !== undefined && value !== null) out.value = String(value);
    return out;
  });
  return row;
}

export function toReadable(r: ComponentRow): string {
  return tableToMarkdown(`Darktrace model component ${r.cid}`, r.filters.map((f) => ({
    Filter: f.id ?? '', Type: f.filterType ?? '', Comparator: f.comparator ?? '', Value: f.value ?? '',
  })), { headers: ['Filter', 'Type', 'Comparator', 'Value'], metadata: `Metric ${r.metricId ?? 'unknown'}, threshold ${r.threshold ?? 'none'}, interval ${r.interval ?? 'none'} s` });
}

export default defineCommand({
  name: 'darktrace-get-model-component',
  description: 'Returns a model component: the metric it watches, its threshold and interval, and its filters.',
  access: 'read',
  args: { cid: arg.int({ description: 'Component ID (cid), e.g. from darktrace-get-model componentIds.', required: true, min: 1 }) },
  outputs: [
    { contextPath: 'Darktrace.ModelComponent.cid', type: 'Number', description: 'Component ID.' },
    { contextPath: 'Darktrace.ModelComponent.chid', type: 'Number', description: 'Component history ID.' },
    { contextPath: 'Darktrace.ModelComponent.metricId', type: 'Number', description: 'Metric ID (mlid).' },
    { contextPath: 'Darktrace.ModelComponent.threshold', type: 'Number', description: 'Threshold.' },
    { contextPath: 'Darktrace.ModelComponent.interval', type: 'Number', description: 'Interval (seconds).' },
    { contextPath: 'Darktrace.ModelComponent.active', type: 'Boolean', description: 'Whether the component is active.' },
    { contextPath: 'Darktrace.ModelComponent.logic', type: 'Unknown', description: 'How the filters combine.' },
    { contextPath: 'Darktrace.ModelComponent.filters.id', type: 'String', description: 'Filter letter.' },
    { contextPath: 'Darktrace.ModelComponent.filters.filterType', type: 'String', description: 'Filter type.' },
    { contextPath: 'Darktrace.ModelComponent.filters.comparator', type: 'String', description: 'Comparator.' },
    { contextPath: 'Darktrace.ModelComponent.filters.value', type: 'String', description: 'Filter argument.' },
  ],
  async run({ cid }, { client }) {
    let raw: Component;
    try {
      raw = await component(client, { cid });
    } catch (error) {
      if (error instanceof DarktraceError && error.code === 'NOT_FOUND') return `### No model component with cid ${cid}`;
      throw error;
    }
    const outputs = toOutputs(raw);
    return { outputsPrefix: 'Darktrace.ModelComponent', outputsKeyField: 'cid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
