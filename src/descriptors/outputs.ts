// What the descriptor commands declare: the shared `descriptor` argument and the Darktrace.MetricDescriptor outputs.
import { arg } from '../registry/args.js';
import type { OutputSpec } from '../registry/command.js';

export const DESCRIPTOR_ARG = arg.string({ description: 'The metric descriptor\'s id or shortName.', required: true, maxLength: 100, aliases: ['descriptor_id'] });

const P = 'Darktrace.MetricDescriptor';
export const DESCRIPTOR_OUTPUTS: OutputSpec[] = [
  { contextPath: `${P}.id`, type: 'Number', description: 'The descriptor id (immutable).' },
  { contextPath: `${P}.shortName`, type: 'String', description: 'The unique short name.' },
  { contextPath: `${P}.description`, type: 'String', description: 'What the metric means.' },
  { contextPath: `${P}.readFunction`, type: 'String', description: 'Function grant needed to read it and aggregate its records.' },
  { contextPath: `${P}.writeFunction`, type: 'String', description: 'Function grant needed to submit records.' },
  { contextPath: `${P}.adminFunction`, type: 'String', description: 'Function grant needed to change or delete it.' },
  { contextPath: `${P}.keys.name`, type: 'String', description: 'A key that identifies a record.' },
  { contextPath: `${P}.keys.type`, type: 'String', description: 'The key\'s type: ip, integer or string.' },
  { contextPath: `${P}.keys.addedAfterCreation`, type: 'Boolean', description: 'True for keys added by an update (missing ones default to 0, 0.0.0.0 or "").' },
  { contextPath: `${P}.values.name`, type: 'String', description: 'A value a record carries.' },
  { contextPath: `${P}.values.defaultAggregationFunction`, type: 'String', description: 'sum, avg, min, max or wavg.' },
  { contextPath: `${P}.values.valueAsWeight`, type: 'String', description: 'The value weighing this one under wavg.' },
  { contextPath: `${P}.values.addedAfterCreation`, type: 'Boolean', description: 'True for values added by an update (missing ones default to 0).' },
  { contextPath: `${P}.timeFrameSize`, type: 'Number', description: 'Records are snapped to frames of this size.' },
  { contextPath: `${P}.timeFrameSizeUnit`, type: 'String', description: 'milliseconds, seconds, minutes, hours or days.' },
  { contextPath: `${P}.deduplicationFunction`, type: 'String', description: 'first (keep the stored record), last (replace it) or none.' },
  { contextPath: `${P}.source.darktraceMetric`, type: 'String', description: 'The Darktrace metric darktrace-collect-metric-data reads.' },
  { contextPath: `${P}.source.entityKey`, type: 'String', description: 'The key holding the device id (did).' },
  { contextPath: `${P}.createdAt`, type: 'Date', description: 'When it was created (ISO 8601).' },
  { contextPath: `${P}.updatedAt`, type: 'Date', description: 'When it last changed (ISO 8601).' },
];
