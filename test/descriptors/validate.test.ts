import { describe, expect, it } from 'vitest';
import { DescriptorInputError, validateDescriptor, validateUpdate, type Descriptor } from '../../src/descriptors/index.js';

export const CONNECTIONS = {
  shortName: 'deviceConnections',
  description: 'External connections per device and destination',
  readFunction: 'viewMetric',
  writeFunction: 'submitMetric',
  adminFunction: 'adminMetric',
  keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
  values: [
    { name: 'bytes', defaultAggregationFunction: 'sum' },
    { name: 'latency', defaultAggregationFunction: 'wavg', valueAsWeight: 'bytes' },
  ],
  timeFrameSize: 5,
  timeFrameSizeUnit: 'minutes',
  deduplicationFunction: 'last',
};

function problems(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorInputError);
    expect((error as DescriptorInputError).code).toBe('INVALID_ARGUMENTS');
    return (error as DescriptorInputError).errors;
  }
  throw new Error('expected a DescriptorInputError');
}

describe('validateDescriptor', () => {
  it('accepts a full descriptor and fills the defaults', () => {
    expect(validateDescriptor(CONNECTIONS)).toEqual(CONNECTIONS);
    const minimal = validateDescriptor({
      shortName: 'm', readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
      keys: [{ name: 'k', type: 'string' }], values: [{ name: 'v' }], timeFrameSize: 1, timeFrameSizeUnit: 'days',
    });
    expect(minimal).toEqual({
      shortName: 'm', description: '', readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
      keys: [{ name: 'k', type: 'string' }], values: [{ name: 'v', defaultAggregationFunction: 'sum' }],
      timeFrameSize: 1, timeFrameSizeUnit: 'days', deduplicationFunction: 'none',
    });
  });

  it('lists every missing required field in one error', () => {
    expect(problems(() => validateDescriptor({}))).toEqual([
      { path: 'shortName', message: 'shortName: required: a unique name for the descriptor' },
      { path: 'readFunction', message: 'readFunction: required: the name of a function a key must be granted (case sensitive)' },
      { path: 'writeFunction', message: 'writeFunction: required: the name of a function a key must be granted (case sensitive)' },
      { path: 'adminFunction', message: 'adminFunction: required: the name of a function a key must be granted (case sensitive)' },
      { path: 'keys', message: 'keys: required: a list of keys {name, type}' },
      { path: 'values', message: 'values: required: a list of values {name, defaultAggregationFunction, valueAsWeight}' },
      { path: 'timeFrameSize', message: 'timeFrameSize: required: a whole number > 0 (the time frame is timeFrameSize × timeFrameSizeUnit)' },
      { path: 'timeFrameSizeUnit', message: 'timeFrameSizeUnit: required: one of "milliseconds", "seconds", "minutes", "hours", "days"' },
    ]);
  });

  it('names the field path of each problem, with what is allowed, all at once', () => {
    const input = {
      ...CONNECTIONS,
      id: 4,
      colour: 'red',
      keys: [{ name: 'did', type: 'Integer' }, { name: 'did', type: 'ip' }, { name: '9lives', type: 'string' }],
      values: [
        { name: 'bytes', defaultAggregationFunction: 'SUM' },
        { name: 'latency', defaultAggregationFunction: 'wavg' },
        { name: 'jitter', defaultAggregationFunction: 'wavg', valueAsWeight: 'jitter' },
        { name: 'loss', defaultAggregationFunction: 'avg', valueAsWeight: 'packets' },
        { name: 'did' },
      ],
      timeFrameSize: 0,
      timeFrameSizeUnit: 'weeks',
      deduplicationFunction: 'Last',
    };
    expect(problems(() => validateDescriptor(input)).map((p) => p.message)).toEqual([
      'id: assigned by the store; leave it out when creating a descriptor',
      'colour: unknown field (allowed: shortName, description, readFunction, writeFunction, adminFunction, keys, values, timeFrameSize, timeFrameSizeUnit, deduplicationFunction, source)',
      'keys[0].type: must be one of "ip", "integer", "string" (case sensitive: did you mean "integer"?); got "Integer"',
      'keys[2].name: must be a letter followed by letters, digits, "_", "." or "-"; got "9lives"',
      'values[0].defaultAggregationFunction: must be one of "sum", "avg", "min", "max", "wavg" (case sensitive: did you mean "sum"?); got "SUM"',
      'timeFrameSize: must be a whole number > 0; got 0',
      'timeFrameSizeUnit: must be one of "milliseconds", "seconds", "minutes", "hours", "days" (case sensitive); got "weeks"',
      'deduplicationFunction: must be one of "first", "last", "none" (case sensitive: did you mean "last"?); got "Last"',
      // Items with a valid name take part in the cross-field checks even when another of their fields is wrong.
      'keys[1].name: "did" is already used by keys[0]; key and value names must be unique',
      'values[4].name: "did" is already used by keys[0]; key and value names must be unique',
      'values[1].valueAsWeight: required when defaultAggregationFunction is "wavg": the name of another value that weighs this one (one of "bytes", "jitter", "loss", "did")',
      'values[2].valueAsWeight: must name another value, not "jitter" itself (one of "bytes", "latency", "loss", "did")',
      'values[3].valueAsWeight: must name another value of this descriptor (one of "bytes", "latency", "jitter", "did"); got "packets"',
    ]);
  });

  it('checks the rules that cross fields: unique names, weights naming another value, the source key', () => {
    const input = {
      ...CONNECTIONS,
      keys: [{ name: 'did', type: 'integer' }, { name: 'did', type: 'ip' }],
      values: [
        { name: 'bytes' },
        { name: 'latency', defaultAggregationFunction: 'wavg' },
        { name: 'jitter', defaultAggregationFunction: 'wavg', valueAsWeight: 'jitter' },
        { name: 'loss', valueAsWeight: 'packets' },
        { name: 'did' },
      ],
      source: { darktraceMetric: 'externalconnections', entityKey: 'device' },
    };
    expect(problems(() => validateDescriptor(input))).toEqual([
      { path: 'keys[1].name', message: 'keys[1].name: "did" is already used by keys[0]; key and value names must be unique' },
      { path: 'values[4].name', message: 'values[4].name: "did" is already used by keys[0]; key and value names must be unique' },
      {
        path: 'values[1].valueAsWeight',
        message: 'values[1].valueAsWeight: required when defaultAggregationFunction is "wavg": the name of another value that weighs this one (one of "bytes", "jitter", "loss", "did")',
      },
      { path: 'values[2].valueAsWeight', message: 'values[2].valueAsWeight: must name another value, not "jitter" itself (one of "bytes", "latency", "loss", "did")' },
      { path: 'values[3].valueAsWeight', message: 'values[3].valueAsWeight: must name another value of this descriptor (one of "bytes", "latency", "jitter", "did"); got "packets"' },
      { path: 'source.entityKey', message: 'source.entityKey: must name one of the keys ("did", "did"); got "device"' },
    ]);
  });

  it('requires at least one key and one value, and bounds the time frame', () => {
    expect(problems(() => validateDescriptor({ ...CONNECTIONS, keys: [], values: [], timeFrameSize: 367, timeFrameSizeUnit: 'days' })).map((p) => p.message)).toEqual([
      'keys: must keep at least one key',
      'values: must keep at least one value',
      'timeFrameSize: the time frame must be at most 366 days; 367 days is longer',
    ]);
    expect(problems(() => validateDescriptor({ ...CONNECTIONS, timeFrameSize: 1.5 })).map((p) => p.message)).toEqual(['timeFrameSize: must be a whole number > 0; got 1.5']);
    expect(problems(() => validateDescriptor({ ...CONNECTIONS, timeFrameSize: '5' })).map((p) => p.message)).toEqual(['timeFrameSize: must be a whole number > 0; got "5"']);
  });

  it('keeps function names case sensitive and refuses names that could not be granted', () => {
    expect(validateDescriptor({ ...CONNECTIONS, readFunction: 'ViewMetric' }).readFunction).toBe('ViewMetric');
    expect(problems(() => validateDescriptor({ ...CONNECTIONS, readFunction: 'view+metric', writeFunction: '', adminFunction: 7 })).map((p) => p.message)).toEqual([
      'readFunction: must be a letter followed by letters, digits, "_", "." or "-"; got "view+metric"',
      'writeFunction: must be a non-empty string (the name of a function a key must be granted (case sensitive)); got ""',
      'adminFunction: must be a non-empty string (the name of a function a key must be granted (case sensitive)); got 7',
    ]);
  });

  it('refuses a shortName that could be read as an id, and a body that is not an object', () => {
    expect(problems(() => validateDescriptor({ ...CONNECTIONS, shortName: '42' })).map((p) => p.message)).toEqual([
      'shortName: must be a letter followed by letters, digits, "_", "." or "-"; got "42"',
    ]);
    expect(problems(() => validateDescriptor([1]))).toEqual([{ path: '', message: 'a metric descriptor must be a JSON object; got [1]' }]);
  });

  it('checks source fields', () => {
    expect(validateDescriptor({ ...CONNECTIONS, source: { darktraceMetric: 'externalconnections', entityKey: 'did' } }).source)
      .toEqual({ darktraceMetric: 'externalconnections', entityKey: 'did' });
    expect(problems(() => validateDescriptor({ ...CONNECTIONS, source: { darktraceMetric: 'a b', entityKey: 'did', extra: 1 } })).map((p) => p.message)).toEqual([
      'source.extra: unknown field (allowed: darktraceMetric, entityKey)',
      'source.darktraceMetric: must be a metric name without spaces, at most 200 characters; got "a b"',
    ]);
  });
});

describe('validateUpdate', () => {
  const current: Descriptor = { id: 7, ...validateDescriptor(CONNECTIONS), createdAt: 1, updatedAt: 1 };

  it('applies field changes, removals and then additions (marking added items)', () => {
    const changes = validateUpdate(current, {
      id: 7,
      description: 'new',
      readFunction: 'readIt',
      removeKeys: ['dst'],
      addKeys: [{ name: 'dst', type: 'string' }, { name: 'port', type: 'integer' }],
      addValues: [{ name: 'packets', defaultAggregationFunction: 'max' }],
      deduplicationFunction: 'first',
    });
    expect(changes.next.keys).toEqual([
      { name: 'did', type: 'integer' },
      { name: 'dst', type: 'string', addedAfterCreation: true },
      { name: 'port', type: 'integer', addedAfterCreation: true },
    ]);
    expect(changes.next.values.map((v) => v.name)).toEqual(['bytes', 'latency', 'packets']);
    expect(changes.next.values[2]).toEqual({ name: 'packets', defaultAggregationFunction: 'max', addedAfterCreation: true });
    expect(changes).toMatchObject({ removedKeys: ['dst'], removedValues: [], timeFrameChanged: false, deduplicationChanged: true });
    expect(changes.next).toMatchObject({ description: 'new', readFunction: 'readIt', shortName: 'deviceConnections' });
  });

  it('keeps the id immutable and points keys/values edits at add/remove', () => {
    expect(problems(() => validateUpdate(current, { id: 8, keys: [], values: [] })).map((p) => p.message)).toEqual([
      'keys: change keys with addKeys and removeKeys (a list of names)',
      'values: change values with addValues and removeValues (a list of names)',
      "id: is immutable: this descriptor's id is 7; got 8",
    ]);
    expect(validateUpdate(current, { id: '7' }).next.shortName).toBe('deviceConnections');
  });

  it('refuses removals that would break the descriptor', () => {
    expect(problems(() => validateUpdate(current, { removeValues: ['bytes', 'nope', 'bytes'], removeKeys: ['did', 'dst'] })).map((p) => p.message)).toEqual([
      'removeValues[1]: no value is named "nope" (values: "bytes", "latency")',
      'removeValues[2]: "bytes" is listed twice',
      'removeValues[0]: "bytes" is the valueAsWeight of "latency"; remove "latency" too',
      'removeKeys: must keep at least one key',
    ]);
    const withSource: Descriptor = { ...current, source: { darktraceMetric: 'externalconnections', entityKey: 'did' } };
    expect(problems(() => validateUpdate(withSource, { removeKeys: ['did'] })).map((p) => p.message)).toEqual([
      'removeKeys[0]: "did" is source.entityKey; change or remove source (source: null) in the same update',
    ]);
    expect(validateUpdate(withSource, { removeKeys: ['did'], source: null }).next.source).toBeUndefined();
  });

  it('validates added items and checks names against what the descriptor keeps', () => {
    expect(problems(() => validateUpdate(current, {
      addKeys: [{ name: 'did', type: 'integer' }, { name: 'x' }],
      addValues: [{ name: 'avgLatency', defaultAggregationFunction: 'wavg', valueAsWeight: 'latency2' }],
      timeFrameSizeUnit: 'Hours',
    })).map((p) => p.message)).toEqual([
      'timeFrameSizeUnit: must be one of "milliseconds", "seconds", "minutes", "hours", "days" (case sensitive: did you mean "hours"?); got "Hours"',
      'addKeys[1].type: required: one of "ip", "integer", "string"',
      'addKeys[0].name: "did" is already used by keys[0]; key and value names must be unique',
      'addValues[0].valueAsWeight: must name another value of this descriptor (one of "bytes", "latency"); got "latency2"',
    ]);
  });

  it('reports whether the time frame really changes', () => {
    expect(validateUpdate(current, { timeFrameSize: 300, timeFrameSizeUnit: 'seconds' }).timeFrameChanged).toBe(false);
    expect(validateUpdate(current, { timeFrameSize: 10 }).timeFrameChanged).toBe(true);
  });
});
