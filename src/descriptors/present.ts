// Descriptors, submissions and aggregates as the commands present them: context outputs (times as ISO, SPEC
// Part II) and readable tables. Pure.
import { tableToMarkdown } from '../markdown/table.js';
import { msToIso } from '../registry/time.js';
import type { AggregateResult } from './aggregate.js';
import type { Descriptor, DescriptorKey, DescriptorValue } from './model.js';
import type { KeyValue, RecordRejection } from './records.js';

export type DescriptorOutput = Omit<Descriptor, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

export function descriptorOutput(d: Descriptor): DescriptorOutput {
  return { ...d, createdAt: msToIso(d.createdAt)!, updatedAt: msToIso(d.updatedAt)! };
}

const keyText = (k: DescriptorKey) => `${k.name} (${k.type})`;
const valueText = (v: DescriptorValue) =>
  `${v.name} (${v.defaultAggregationFunction}${v.defaultAggregationFunction === 'wavg' ? ` by ${v.valueAsWeight}` : ''})`;

export function descriptorsReadable(title: string, list: readonly Descriptor[]): string {
  return tableToMarkdown(title, list.map((d) => ({
    ID: d.id,
    'Short name': d.shortName,
    Description: d.description,
    Keys: d.keys.map(keyText).join(', '),
    Values: d.values.map(valueText).join(', '),
    'Time frame': `${d.timeFrameSize} ${d.timeFrameSizeUnit}`,
    Deduplication: d.deduplicationFunction,
    Functions: `read ${d.readFunction}, write ${d.writeFunction}, admin ${d.adminFunction}`,
    Source: d.source ? `${d.source.darktraceMetric} (device key ${d.source.entityKey})` : '',
  })), { headers: ['ID', 'Short name', 'Description', 'Keys', 'Values', 'Time frame', 'Deduplication', 'Functions', 'Source'] });
}

export function rejectionsReadable(rejections: readonly RecordRejection[]): string {
  return tableToMarkdown('Rejected records', rejections.map((r) => ({
    Record: r.index,
    Problems: r.errors.map((e) => e.message).join('; '),
  })), { headers: ['Record', 'Problems'] });
}

export interface AggregateRowOutput {
  descriptor: string;
  /** The bucket's start, ISO 8601. */
  timestamp: string;
  timems: number;
  /** The groupBy keys as `k=v,k=v` (empty without groupBy): with descriptor and timestamp, the row's identity. */
  group: string;
  keys: Record<string, KeyValue>;
  values: Record<string, number | null>;
  count: number;
}

export function aggregateOutputs(result: AggregateResult): AggregateRowOutput[] {
  return result.data.map((row) => ({
    descriptor: result.descriptor.shortName,
    timestamp: msToIso(row.timestamp)!,
    timems: row.timestamp,
    group: result.groupBy.map((k) => `${k}=${row.keys[k]}`).join(','),
    keys: row.keys,
    values: row.values,
    count: row.count,
  }));
}

export function aggregateReadable(result: AggregateResult): string {
  const valueNames = Object.keys(result.functions);
  const { size, unit } = result.resolution;
  const title = `${result.descriptor.shortName}: ${valueNames.map((v) => `${result.functions[v]}(${v})`).join(', ')}` +
    `${result.groupBy.length ? ` by ${result.groupBy.join(', ')}` : ''}, ${size === 0 ? 'one bucket' : `every ${size} ${unit}`}` +
    ` from ${msToIso(result.startTimestamp)} to ${msToIso(result.endTimestamp)}`;
  if (result.data.length === 0) return `### ${title}\n**No records in this range.**`;
  const headers = ['Time', ...result.groupBy, ...valueNames, 'Records'];
  return tableToMarkdown(title, result.data.map((row) => {
    const line: Record<string, unknown> = { Time: msToIso(row.timestamp) };
    for (const k of result.groupBy) line[k] = row.keys[k];
    for (const v of valueNames) line[v] = row.values[v] === null ? 'n/a (weights sum to 0)' : row.values[v];
    line.Records = row.count;
    return line;
  }), { headers });
}
