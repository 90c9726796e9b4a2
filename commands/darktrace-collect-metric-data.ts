// darktrace-collect-metric-data: reads /metricdata for a descriptor with a source, at its time frame, and stores the
// buckets as records (write scope and the descriptor's writeFunction), so baselines outlive the appliance's retention.
import { collectDescriptorMetrics, COLLECTED_VALUES, type CollectResult } from '../src/collection/collect.js';
import { descriptorCheck } from '../src/descriptors/index.js';
import { rejectionsReadable } from '../src/descriptors/present.js';
import { DESCRIPTOR_ARG } from '../src/descriptors/outputs.js';
import { MAX_DEVICES, TIME_FORMS } from '../src/metrics/index.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { msToIso } from '../src/registry/time.js';

const P = 'Darktrace.MetricCollection';
const TIME = `Any of ${TIME_FORMS}.`;

/** Pure: the result → context outputs (times as ISO). */
export function collectionOutputs(r: CollectResult) {
  return {
    descriptor: r.descriptor.shortName, descriptorId: r.descriptor.id, metric: r.metric, interval: r.interval,
    start: msToIso(r.start)!, end: msToIso(r.end)!, devices: r.devices,
    read: r.read, accepted: r.accepted, deduplicated: r.deduplicated, rejected: r.rejected, rejections: r.rejections,
  };
}

/** Pure: the readable summary; with dedup `none` it says that collecting the window again stores it again. */
export function collectionReadable(r: CollectResult): string {
  const devices = r.devices.length === 1 ? `device ${r.devices[0]}` : `devices ${r.devices.join(', ')}`;
  const lines = [
    `### Metric data collected into ${r.descriptor.shortName}`,
    `${r.metric} for ${devices}, ${msToIso(r.start)} to ${msToIso(r.end)}, every ${r.interval} seconds: ` +
      `${r.read} points read, ${r.accepted} stored, ${r.deduplicated} deduplicated, ${r.rejected} rejected.`,
  ];
  if (r.deduplicationFunction === 'none') {
    lines.push('', '**Deduplication is none: collecting this window again stores its points again.**');
  }
  if (r.rejections.length) lines.push('', rejectionsReadable(r.rejections));
  return lines.join('\n');
}

export default defineCommand({
  name: 'darktrace-collect-metric-data',
  description: 'Reads Darktrace metric data (GET /metricdata) for a metric descriptor with a source — its darktraceMetric, at its time frame, ' +
    'one request per device — and stores each bucket as a record keyed by the device. Repeating a window is idempotent through the ' +
    `descriptor's deduplication (last or first). The descriptor's values must be named ${Object.keys(COLLECTED_VALUES).join(', ')}.`,
  access: 'write',
  args: {
    descriptor: DESCRIPTOR_ARG,
    start_time: arg.string({ description: `Window start. ${TIME} Default: an hour before end_time.`, aliases: ['starttime', 'from'], maxLength: 100 }),
    end_time: arg.string({ description: `Window end. ${TIME} Default: now.`, aliases: ['endtime', 'to'], maxLength: 100 }),
    devices: arg.list({ description: `Device IDs (did) to collect, at most ${MAX_DEVICES}: one request each.`, required: true }),
  },
  outputs: [
    { contextPath: `${P}.descriptor`, type: 'String', description: 'The descriptor\'s shortName.' },
    { contextPath: `${P}.descriptorId`, type: 'Number', description: 'The descriptor\'s id.' },
    { contextPath: `${P}.metric`, type: 'String', description: 'The Darktrace metric read (source.darktraceMetric).' },
    { contextPath: `${P}.interval`, type: 'Number', description: 'Bucket width, seconds (the descriptor\'s time frame).' },
    { contextPath: `${P}.start`, type: 'Date', description: 'Window start (ISO 8601).' },
    { contextPath: `${P}.end`, type: 'Date', description: 'Window end (ISO 8601).' },
    { contextPath: `${P}.devices`, type: 'Number', description: 'The device ids read.' },
    { contextPath: `${P}.read`, type: 'Number', description: 'Buckets with a value Darktrace answered.' },
    { contextPath: `${P}.accepted`, type: 'Number', description: 'Points stored (including deduplicated ones).' },
    { contextPath: `${P}.deduplicated`, type: 'Number', description: 'Points that met a stored record of the same frame and device (last: replaced it; first: dropped).' },
    { contextPath: `${P}.rejected`, type: 'Number', description: 'Points the store refused.' },
    { contextPath: `${P}.rejections.index`, type: 'Number', description: 'Position of a refused point among those read.' },
    { contextPath: `${P}.rejections.errors`, type: 'Unknown', description: 'Why it was refused: [{path, message}].' },
  ],
  async run(args, ctx) {
    const store = await ctx.store.get();
    const result = await collectDescriptorMetrics(
      { client: ctx.client, store, now: ctx.now, metricCatalogues: ctx.metricCatalogues, access: descriptorCheck(ctx.caller, 'write', 'writeFunction') },
      args.descriptor,
      { start: args.start_time, end: args.end_time, devices: args.devices },
    );
    return { outputsPrefix: P, outputs: collectionOutputs(result), readableOutput: collectionReadable(result), rawResponse: result };
  },
});
