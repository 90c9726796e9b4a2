// darktrace-list-metric-descriptors: the store's metric descriptors (SPEC §11), by keyword, paged; only those whose
// readFunction the caller's key holds.
import { MATCH_STRATEGIES, readableBy } from '../src/descriptors/index.js';
import { descriptorOutput, descriptorsReadable } from '../src/descriptors/present.js';
import { DESCRIPTOR_OUTPUTS } from '../src/descriptors/outputs.js';
import { arg, defineCommand } from '../src/registry/index.js';

export default defineCommand({
  name: 'darktrace-list-metric-descriptors',
  description: 'Lists the metric descriptors in the plugin\'s store (those whose readFunction your API key holds), optionally by keyword in shortName or description.',
  access: 'read',
  args: {
    keywords: arg.list({ description: 'Words to look for (case insensitive substrings of shortName or description).' }),
    match: arg.enum(MATCH_STRATEGIES, { description: 'all: every keyword must match; any: one is enough.', default: 'all' }),
    limit: arg.int({ description: 'How many descriptors to return.', default: 25, min: 1, max: 1000 }),
    offset: arg.int({ description: 'How many matching descriptors to skip (paging).', default: 0, min: 0 }),
  },
  outputs: DESCRIPTOR_OUTPUTS,
  async run(args, ctx) {
    const store = await ctx.store.get();
    const page = await store.searchDescriptors(
      { keywords: args.keywords ?? [], keywordMatchStrategy: args.match, limit: args.limit, offset: args.offset },
      readableBy(ctx.caller),
    );
    const shown = page.data.length === page.count ? `${page.count}` : `${page.data.length} of ${page.count}, from #${page.offset + 1}`;
    if (page.data.length === 0) return { readableOutput: `### No metric descriptors${args.keywords?.length ? ` match ${args.keywords.join(', ')}` : ''}`, rawResponse: page };
    return {
      outputsPrefix: 'Darktrace.MetricDescriptor',
      outputsKeyField: 'id',
      outputs: page.data.map(descriptorOutput),
      readableOutput: descriptorsReadable(`Metric descriptors (${shown})`, page.data),
      rawResponse: page,
    };
  },
});
