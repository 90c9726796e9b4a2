// JSON Schemas of the descriptor routes' bodies and answers, for the endpoint's OpenAPI (SPEC §11). The enums
// come from src/descriptors/model.ts; the rules they cannot express (uniqueness, valueAsWeight naming another value,
// limits) are enforced by src/descriptors/validate.ts and described in docs/descriptors.md.
import { AGGREGATION_FUNCTIONS, DEDUPLICATION_FUNCTIONS, KEY_TYPES, TIME_UNITS } from '../descriptors/model.js';
import { MATCH_STRATEGIES, SEARCH_FIELDS } from '../descriptors/search.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const name = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]*$' };
const key = { type: 'object', required: ['name', 'type'], additionalProperties: false, properties: { name, type: { enum: [...KEY_TYPES] } } };
const value = {
  type: 'object', required: ['name'], additionalProperties: false,
  properties: { name, defaultAggregationFunction: { enum: [...AGGREGATION_FUNCTIONS], default: 'sum' }, valueAsWeight: { ...name, description: 'Another value\'s name; required for wavg.' } },
};
const source = {
  type: ['object', 'null'], required: ['darktraceMetric', 'entityKey'], additionalProperties: false,
  description: 'Where darktrace-collect-metric-data reads: the /metricdata metric, and the key holding the device id.',
  properties: { darktraceMetric: { type: 'string' }, entityKey: name },
};
const fields = {
  shortName: { ...name, description: 'Unique, case sensitive.' },
  description: { type: 'string' },
  readFunction: { ...name, description: 'Function grant needed to read the descriptor and aggregate its records.' },
  writeFunction: { ...name, description: 'Function grant needed to submit records.' },
  adminFunction: { ...name, description: 'Function grant needed to change or delete the descriptor.' },
  timeFrameSize: { type: 'integer', minimum: 1 },
  timeFrameSizeUnit: { enum: [...TIME_UNITS] },
  deduplicationFunction: { enum: [...DEDUPLICATION_FUNCTIONS], default: 'none' },
  source,
};
const keyValues = { type: 'object', additionalProperties: { type: ['number', 'string'] } };

export const DESCRIPTOR_SCHEMAS = {
  DescriptorInput: {
    type: 'object', additionalProperties: false,
    required: ['shortName', 'readFunction', 'writeFunction', 'adminFunction', 'keys', 'values', 'timeFrameSize', 'timeFrameSizeUnit'],
    properties: { ...fields, keys: { type: 'array', minItems: 1, items: key }, values: { type: 'array', minItems: 1, items: value } },
  },
  DescriptorUpdate: {
    type: 'object', additionalProperties: false,
    properties: {
      ...fields, id: { type: 'integer', description: 'Immutable: only its current value is accepted.' },
      addKeys: { type: 'array', items: key }, removeKeys: { type: 'array', items: { type: 'string' } },
      addValues: { type: 'array', items: value }, removeValues: { type: 'array', items: { type: 'string' } },
    },
  },
  Descriptor: {
    type: 'object',
    required: ['id', 'shortName', 'description', 'readFunction', 'writeFunction', 'adminFunction', 'keys', 'values', 'timeFrameSize', 'timeFrameSizeUnit', 'deduplicationFunction', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'integer' }, ...fields, source: { ...source, type: 'object' },
      keys: { type: 'array', items: { ...key, properties: { ...key.properties, addedAfterCreation: { const: true } } } },
      values: { type: 'array', items: { ...value, properties: { ...value.properties, addedAfterCreation: { const: true } } } },
      createdAt: { type: 'integer', description: 'Epoch ms.' }, updatedAt: { type: 'integer', description: 'Epoch ms.' },
    },
  },
  DescriptorSearch: {
    type: 'object', additionalProperties: false,
    properties: {
      keywords: { type: 'array', items: { type: 'string' }, maxItems: 20 },
      keywordMatchStrategy: { enum: [...MATCH_STRATEGIES], default: 'all' },
      keywordFieldStrategy: { type: 'array', items: { enum: [...SEARCH_FIELDS] } },
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 25 }, offset: { type: 'integer', minimum: 0, default: 0 },
    },
  },
  DescriptorPage: {
    type: 'object', required: ['count', 'offset', 'limit', 'data'],
    properties: { count: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' }, data: { type: 'array', items: ref('Descriptor') } },
  },
  RecordsBody: {
    type: 'object', required: ['records'], additionalProperties: false,
    properties: {
      records: {
        type: 'array', maxItems: 100_000,
        items: { type: 'object', required: ['timestamp', 'keys', 'values'], additionalProperties: false, properties: { timestamp: { type: 'integer', description: 'Epoch ms; snapped to its time frame.' }, keys: keyValues, values: { type: 'object', additionalProperties: { type: 'number' } } } },
      },
      ignoreOnFailed: { type: 'boolean', default: false, description: 'Write the valid records and list the rejected ones (default: one bad record refuses the batch).' },
    },
  },
  SubmitResult: {
    type: 'object', required: ['descriptor', 'accepted', 'rejected', 'deduplicated', 'rejections'],
    properties: {
      descriptor: { type: 'object', properties: { id: { type: 'integer' }, shortName: { type: 'string' } } },
      accepted: { type: 'integer' }, rejected: { type: 'integer' }, deduplicated: { type: 'integer' },
      rejections: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } } } } },
    },
  },
  AggregateQuery: {
    type: 'object', additionalProperties: false,
    properties: {
      startTimestamp: { type: 'integer', description: 'Inclusive epoch ms (default 0).' }, endTimestamp: { type: 'integer', description: 'Exclusive epoch ms (default now).' },
      ranges: { type: 'array', items: { type: 'object', required: ['start', 'end'], properties: { start: { type: 'integer' }, end: { type: 'integer' } } }, description: 'Instead of start/end: half-open ranges.' },
      groupBy: { type: 'array', items: { type: 'string' } },
      resolution: { type: 'object', properties: { size: { type: 'integer', minimum: 0, description: '0 = one bucket.' }, unit: { enum: [...TIME_UNITS] } } },
      functions: { type: 'object', additionalProperties: { enum: [...AGGREGATION_FUNCTIONS] } },
      filters: { type: 'object', additionalProperties: { oneOf: [{ type: ['number', 'string'] }, { type: 'array', items: { type: ['number', 'string'] } }] } },
      values: { type: 'array', items: { type: 'string' }, description: 'Which values to return (default all).' },
    },
  },
  AggregateResult: {
    type: 'object', required: ['descriptor', 'startTimestamp', 'endTimestamp', 'resolution', 'groupBy', 'functions', 'data'],
    properties: {
      descriptor: { type: 'object', properties: { id: { type: 'integer' }, shortName: { type: 'string' } } },
      startTimestamp: { type: 'integer' }, endTimestamp: { type: 'integer' },
      resolution: { type: 'object', properties: { size: { type: 'integer' }, unit: { enum: [...TIME_UNITS] } } },
      groupBy: { type: 'array', items: { type: 'string' } }, functions: { type: 'object', additionalProperties: { enum: [...AGGREGATION_FUNCTIONS] } },
      data: { type: 'array', items: { type: 'object', required: ['timestamp', 'keys', 'values', 'count'], properties: { timestamp: { type: 'integer' }, keys: keyValues, values: { type: 'object', additionalProperties: { type: ['number', 'null'] } }, count: { type: 'integer' } } } },
    },
  },
} as const;
