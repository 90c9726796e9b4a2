// darktrace-aggregate-metric-records: a descriptor's records aggregated in the database over time buckets and
// groupBy keys (read scope and its readFunction). XSOAR-friendly arguments, turned into the REST body of SPEC §11.
import { AGGREGATION_FUNCTIONS, DescriptorInputError, TIME_UNITS, descriptorCheck, type TimeUnit } from '../src/descriptors/index.js';
import { aggregateOutputs, aggregateReadable } from '../src/descriptors/present.js';
import { DESCRIPTOR_ARG } from '../src/descriptors/outputs.js';
import { parseTimeArg, TIME_FORMS } from '../src/metrics/time.js';
import { ArgumentError, arg, defineCommand } from '../src/registry/index.js';

type Problem = { path: string; message: string };

/** The store names its body fields; the command's arguments are named differently. */
const ARG_OF: Record<string, string> = { startTimestamp: 'start_time', endTimestamp: 'end_time', groupBy: 'group_by' };
function renamed(p: Problem): Problem {
  const field = /^[A-Za-z]+/.exec(p.path)?.[0] ?? '';
  const name = ARG_OF[field];
  return name ? { path: name + p.path.slice(field.length), message: name + p.message.slice(field.length) } : p;
}

const UNIT_WORDS: Record<string, TimeUnit> = Object.fromEntries(TIME_UNITS.flatMap((u) => [[u, u], [u.slice(0, -1), u]]));
const RESOLUTION_FORM = `"0" (one bucket) or a size and a unit, e.g. "1 hours", "15 minutes" (units: ${TIME_UNITS.join(', ')})`;

/** `1 hour`, `15 minutes`, `0` → {size, unit}. */
export function parseResolution(text: string): { size: number; unit: TimeUnit } | string {
  const m = /^\s*(\d{1,9})\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return `resolution: must be ${RESOLUTION_FORM}; got ${JSON.stringify(text)}`;
  const size = Number(m[1]);
  const unit = UNIT_WORDS[m[2].toLowerCase()];
  if (size === 0 && !m[2]) return { size: 0, unit: 'milliseconds' };
  if (!unit) return `resolution: must be ${RESOLUTION_FORM}; got ${JSON.stringify(text)}`;
  return { size, unit };
}

/** `name=value` pairs of a list argument: several values of one name are collected. */
function pairs(path: string, items: readonly string[], problems: Problem[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  items.forEach((item, i) => {
    const at = item.indexOf('=');
    if (at <= 0) {
      problems.push({ path, message: `${path}: item ${i + 1} must look like name=value; got ${JSON.stringify(item)}` });
      return;
    }
    const name = item.slice(0, at).trim();
    out.set(name, [...(out.get(name) ?? []), item.slice(at + 1).trim()]);
  });
  return out;
}

export default defineCommand({
  name: 'darktrace-aggregate-metric-records',
  description: 'Aggregates a metric descriptor\'s records (sum, avg, min, max or weighted average per value) over time buckets, grouped by keys and filtered, in the database.',
  access: 'read',
  args: {
    descriptor: DESCRIPTOR_ARG,
    start_time: arg.string({ description: `Start (inclusive): ${TIME_FORMS}. Default: all records.`, aliases: ['starttime', 'from'] }),
    end_time: arg.string({ description: `End (exclusive): ${TIME_FORMS}. Default: now.`, aliases: ['endtime', 'to'] }),
    group_by: arg.list({ description: 'Keys to group by (comma separated).' }),
    resolution: arg.string({ description: `Bucket size: ${RESOLUTION_FORM}. Default 0.`, default: '0' }),
    functions: arg.list({ description: `Per-value function overrides as value=function (${AGGREGATION_FUNCTIONS.join(', ')}), e.g. bytes=max.` }),
    filters: arg.list({ description: 'Only records whose key has one of these values, as key=value; repeat a key for several values (keys are ANDed).' }),
    values: arg.list({ description: 'Which values to return (default all).' }),
  },
  outputs: [
    { contextPath: 'Darktrace.MetricAggregate.descriptor', type: 'String', description: 'The descriptor\'s shortName.' },
    { contextPath: 'Darktrace.MetricAggregate.timestamp', type: 'Date', description: 'The bucket\'s start (ISO 8601).' },
    { contextPath: 'Darktrace.MetricAggregate.timems', type: 'Number', description: 'The bucket\'s start, epoch ms.' },
    { contextPath: 'Darktrace.MetricAggregate.group', type: 'String', description: 'The groupBy keys as key=value,… (empty without group_by).' },
    { contextPath: 'Darktrace.MetricAggregate.keys', type: 'Unknown', description: 'The groupBy keys and their values.' },
    { contextPath: 'Darktrace.MetricAggregate.values', type: 'Unknown', description: 'Each value\'s aggregate (null for wavg when the weights sum to 0).' },
    { contextPath: 'Darktrace.MetricAggregate.count', type: 'Number', description: 'Records in the bucket.' },
  ],
  async run(args, ctx) {
    const problems: Problem[] = [];
    const now = ctx.now().getTime();
    const time = (path: 'start_time' | 'end_time', text: string | undefined) => {
      if (text === undefined) return undefined;
      const r = parseTimeArg(text, now);
      if (!r.ok) problems.push({ path, message: `${path}: ${r.message}` });
      return r.ok ? r.ms : undefined;
    };
    const body: Record<string, unknown> = {
      startTimestamp: time('start_time', args.start_time),
      // The command's clock, not the store's: "now" is the same instant for every part of one invocation.
      endTimestamp: args.end_time === undefined ? now : time('end_time', args.end_time),
      groupBy: args.group_by,
      values: args.values,
    };
    const resolution = parseResolution(args.resolution);
    if (typeof resolution === 'string') problems.push({ path: 'resolution', message: resolution });
    else body.resolution = resolution.size === 0 ? { size: 0 } : resolution;
    if (args.functions) body.functions = Object.fromEntries([...pairs('functions', args.functions, problems)].map(([v, fns]) => [v, fns[fns.length - 1]]));
    const filters = args.filters ? pairs('filters', args.filters, problems) : undefined;
    if (problems.length) throw new ArgumentError(problems);
    const store = await ctx.store.get();
    const check = descriptorCheck(ctx.caller, 'read', 'readFunction');
    if (filters) {
      // XSOAR sends text: integer keys' values become numbers (the store checks types strictly).
      const { keys } = await store.getDescriptor(args.descriptor, check);
      const integer = new Set(keys.filter((k) => k.type === 'integer').map((k) => k.name));
      body.filters = Object.fromEntries([...filters].map(([k, vs]) => [k, vs.map((v) => (integer.has(k) && /^-?\d{1,15}$/.test(v) ? Number(v) : v))]));
    }
    const result = await store.aggregate(args.descriptor, body, check).catch((err: unknown) => {
      throw err instanceof DescriptorInputError ? new ArgumentError(err.errors.map(renamed)) : err;
    });
    return {
      outputsPrefix: 'Darktrace.MetricAggregate',
      outputsKeyField: ['descriptor', 'timems', 'group'],
      outputs: aggregateOutputs(result),
      readableOutput: aggregateReadable(result),
      rawResponse: result,
    };
  },
});
