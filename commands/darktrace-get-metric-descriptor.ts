// darktrace-get-metric-descriptor: one metric descriptor by id or shortName (read scope and its readFunction).
import { descriptorCheck } from '../src/descriptors/index.js';
import { descriptorOutput, descriptorsReadable } from '../src/descriptors/present.js';
import { DESCRIPTOR_ARG, DESCRIPTOR_OUTPUTS } from '../src/descriptors/outputs.js';
import { defineCommand } from '../src/registry/index.js';

export default defineCommand({
  name: 'darktrace-get-metric-descriptor',
  description: 'Returns one metric descriptor from the plugin\'s store: its keys, values and aggregation functions, time frame, deduplication, functions and source.',
  access: 'read',
  args: { descriptor: DESCRIPTOR_ARG },
  outputs: DESCRIPTOR_OUTPUTS,
  async run(args, ctx) {
    const store = await ctx.store.get();
    const d = await store.getDescriptor(args.descriptor, descriptorCheck(ctx.caller, 'read', 'readFunction'));
    return {
      outputsPrefix: 'Darktrace.MetricDescriptor',
      outputsKeyField: 'id',
      outputs: descriptorOutput(d),
      readableOutput: descriptorsReadable(`Metric descriptor ${d.shortName}`, [d]),
      rawResponse: d,
    };
  },
});
