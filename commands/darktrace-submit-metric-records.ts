// darktrace-submit-metric-records: a playbook records its own measurements into a descriptor (write scope and its
// writeFunction). Timestamps may be ISO as well as epoch ms (the store takes epoch ms: converted here).
import { descriptorCheck } from '../src/descriptors/index.js';
import { rejectionsReadable } from '../src/descriptors/present.js';
import { DESCRIPTOR_ARG } from '../src/descriptors/outputs.js';
import { ArgumentError, arg, defineCommand } from '../src/registry/index.js';
import { parseInstant } from '../src/registry/instant.js';
import { isObject } from '../src/util/json.js';

const RECORDS_FORM = 'a JSON array of {"timestamp": epoch ms or ISO 8601, "keys": {…}, "values": {…}}';

/** The `records` argument as a list, ISO timestamps turned into epoch ms; anything else is left for the store to name. */
export function parseRecordsArg(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ArgumentError([{ path: 'records', message: `records: must be ${RECORDS_FORM}; it is not valid JSON` }]);
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? [parsed] : undefined;
  if (!list) throw new ArgumentError([{ path: 'records', message: `records: must be ${RECORDS_FORM}` }]);
  return list.map((r) => {
    if (!isObject(r) || typeof r.timestamp !== 'string') return r;
    const ms = parseInstant(r.timestamp);
    return ms === undefined ? r : { ...r, timestamp: ms };
  });
}

export default defineCommand({
  name: 'darktrace-submit-metric-records',
  description: 'Stores records in a metric descriptor: each is snapped to its time frame and deduplicated as the descriptor says. Without ignore_on_failed one invalid record refuses the whole batch (nothing is written).',
  access: 'write',
  args: {
    descriptor: DESCRIPTOR_ARG,
    records: arg.string({ description: `The records: ${RECORDS_FORM}. Every key and value of the descriptor must be given; other names are ignored.`, required: true }),
    ignore_on_failed: arg.bool({ description: 'Store the valid records and report the invalid ones, instead of refusing the batch.', default: false }),
  },
  outputs: [
    { contextPath: 'Darktrace.MetricRecordSubmission.descriptor', type: 'String', description: 'The descriptor\'s shortName.' },
    { contextPath: 'Darktrace.MetricRecordSubmission.descriptorId', type: 'Number', description: 'The descriptor\'s id.' },
    { contextPath: 'Darktrace.MetricRecordSubmission.accepted', type: 'Number', description: 'Valid records taken in (including deduplicated ones).' },
    { contextPath: 'Darktrace.MetricRecordSubmission.rejected', type: 'Number', description: 'Invalid records skipped (ignore_on_failed only).' },
    { contextPath: 'Darktrace.MetricRecordSubmission.deduplicated', type: 'Number', description: 'Accepted records that met one with the same time frame and keys (first: dropped; last: replaced it).' },
    { contextPath: 'Darktrace.MetricRecordSubmission.rejections.index', type: 'Number', description: 'Position of a rejected record in the list.' },
    { contextPath: 'Darktrace.MetricRecordSubmission.rejections.errors', type: 'Unknown', description: 'Why it was rejected: [{path, message}].' },
  ],
  async run(args, ctx) {
    const records = parseRecordsArg(args.records);
    const store = await ctx.store.get();
    const result = await store.submitRecords(args.descriptor, { records, ignoreOnFailed: args.ignore_on_failed }, descriptorCheck(ctx.caller, 'write', 'writeFunction'));
    const outputs = {
      descriptor: result.descriptor.shortName, descriptorId: result.descriptor.id,
      accepted: result.accepted, rejected: result.rejected, deduplicated: result.deduplicated, rejections: result.rejections,
    };
    const summary = `### Records submitted to ${result.descriptor.shortName}\n${result.accepted} accepted, ${result.rejected} rejected, ${result.deduplicated} deduplicated.`;
    return {
      outputsPrefix: 'Darktrace.MetricRecordSubmission',
      outputs,
      readableOutput: result.rejections.length ? `${summary}\n\n${rejectionsReadable(result.rejections)}` : summary,
      rawResponse: result,
    };
  },
});
