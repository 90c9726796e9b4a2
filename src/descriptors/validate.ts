// Descriptor validation (SPEC §11): every problem in one answer, each with its field path and what is allowed.
// Hand-written rather than a zod schema because most rules cross fields (weights naming other values, names
// unique across keys and values, the source naming a key) and must still be reported when other fields are wrong.
import {
  AGGREGATION_FUNCTIONS, DEDUPLICATION_FUNCTIONS, KEY_TYPES, LIMITS, NAME_PATTERN, NAME_RULE, TIME_UNITS,
  timeFrameMs,
  type Descriptor, type DescriptorKey, type DescriptorSource, type DescriptorSpec, type DescriptorValue,
} from './model.js';
import { joinPath, oneOf, Problems, show } from './errors.js';
import { isObject } from '../util/json.js';

const CREATE_FIELDS = [
  'shortName', 'description', 'readFunction', 'writeFunction', 'adminFunction', 'keys', 'values',
  'timeFrameSize', 'timeFrameSizeUnit', 'deduplicationFunction', 'source',
] as const;
const UPDATE_FIELDS = [
  'id', 'shortName', 'description', 'readFunction', 'writeFunction', 'adminFunction', 'timeFrameSize',
  'timeFrameSizeUnit', 'deduplicationFunction', 'source', 'addKeys', 'removeKeys', 'addValues', 'removeValues',
] as const;
const FUNCTION_FIELDS = ['readFunction', 'writeFunction', 'adminFunction'] as const;

function enumValue<T extends string>(p: Problems, path: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const near = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  p.add(path, `must be ${oneOf(allowed)} (case sensitive${near ? `: did you mean "${near}"?` : ''}); got ${show(value)}`);
  return undefined;
}

function name(p: Problems, path: string, value: unknown, what: string, maxLength: number): string | undefined {
  if (typeof value !== 'string' || value === '') {
    p.add(path, value === undefined ? `required: ${what}` : `must be a non-empty string (${what}); got ${show(value)}`);
    return undefined;
  }
  if (value.length > maxLength) {
    p.add(path, `must be at most ${maxLength} characters; got ${value.length}`);
    return undefined;
  }
  if (!NAME_PATTERN.test(value)) {
    p.add(path, `must be ${NAME_RULE}; got ${show(value)}`);
    return undefined;
  }
  return value;
}

function unknownFields(p: Problems, base: string, value: Record<string, unknown>, allowed: readonly string[], hint?: Record<string, string>): void {
  for (const field of Object.keys(value)) {
    if (allowed.includes(field)) continue;
    const extra = hint?.[field];
    p.add(joinPath(base, field), extra ?? `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

function keyItem(p: Problems, path: string, raw: unknown): DescriptorKey | undefined {
  if (!isObject(raw)) {
    p.add(path, `must be an object {name, type}; got ${show(raw)}`);
    return undefined;
  }
  unknownFields(p, path, raw, ['name', 'type']);
  const keyName = name(p, joinPath(path, 'name'), raw.name, 'the key name', LIMITS.nameLength);
  const type = raw.type === undefined
    ? (p.add(joinPath(path, 'type'), `required: ${oneOf(KEY_TYPES)}`), undefined)
    : enumValue(p, joinPath(path, 'type'), raw.type, KEY_TYPES);
  // With a valid name the item takes part in the cross-field checks even if its type is wrong (that problem is
  // already recorded, so the placeholder never leaves this module).
  return keyName !== undefined ? { name: keyName, type: type ?? 'string' } : undefined;
}

function valueItem(p: Problems, path: string, raw: unknown): DescriptorValue | undefined {
  if (!isObject(raw)) {
    p.add(path, `must be an object {name, defaultAggregationFunction?, valueAsWeight?}; got ${show(raw)}`);
    return undefined;
  }
  unknownFields(p, path, raw, ['name', 'defaultAggregationFunction', 'valueAsWeight']);
  const valueName = name(p, joinPath(path, 'name'), raw.name, 'the value name', LIMITS.nameLength);
  const fn = raw.defaultAggregationFunction === undefined
    ? 'sum'
    : enumValue(p, joinPath(path, 'defaultAggregationFunction'), raw.defaultAggregationFunction, AGGREGATION_FUNCTIONS);
  let weight: string | undefined;
  let weightOk = true;
  if (raw.valueAsWeight !== undefined && raw.valueAsWeight !== null) {
    weight = name(p, joinPath(path, 'valueAsWeight'), raw.valueAsWeight, "another value's name", LIMITS.nameLength);
    weightOk = weight !== undefined;
  }
  if (valueName === undefined) return undefined;
  // As for keys: a named item joins the cross-field checks; a wrong function or weight is already recorded.
  if (fn === undefined || !weightOk) return { name: valueName, defaultAggregationFunction: 'sum' };
  return weight === undefined ? { name: valueName, defaultAggregationFunction: fn } : { name: valueName, defaultAggregationFunction: fn, valueAsWeight: weight };
}

/** Parses each item; an invalid item leaves a hole (undefined) so later checks keep the right positions. */
function list<T>(p: Problems, path: string, raw: unknown, what: string, item: (path: string, raw: unknown) => T | undefined): Array<T | undefined> | undefined {
  if (!Array.isArray(raw)) {
    p.add(path, raw === undefined ? `required: a list of ${what}` : `must be a list of ${what}; got ${show(raw)}`);
    return undefined;
  }
  return raw.map((entry, i) => item(joinPath(path, i), entry));
}

function complete<T>(items: Array<T | undefined>): items is T[] {
  return items.every((i) => i !== undefined);
}

function source(p: Problems, path: string, raw: unknown): DescriptorSource | undefined {
  if (!isObject(raw)) {
    p.add(path, `must be an object {darktraceMetric, entityKey}; got ${show(raw)}`);
    return undefined;
  }
  unknownFields(p, path, raw, ['darktraceMetric', 'entityKey']);
  let metric: string | undefined;
  if (typeof raw.darktraceMetric !== 'string' || raw.darktraceMetric.trim() === '') {
    p.add(joinPath(path, 'darktraceMetric'), raw.darktraceMetric === undefined
      ? 'required: the Darktrace metric name to collect (e.g. "externalconnections")'
      : `must be a non-empty string (a Darktrace metric name); got ${show(raw.darktraceMetric)}`);
  } else if (raw.darktraceMetric.length > LIMITS.metricNameLength || /\s/.test(raw.darktraceMetric)) {
    p.add(joinPath(path, 'darktraceMetric'), `must be a metric name without spaces, at most ${LIMITS.metricNameLength} characters; got ${show(raw.darktraceMetric)}`);
  } else {
    metric = raw.darktraceMetric;
  }
  const entityKey = name(p, joinPath(path, 'entityKey'), raw.entityKey, 'the key that holds the device id', LIMITS.nameLength);
  return metric !== undefined && entityKey !== undefined ? { darktraceMetric: metric, entityKey } : undefined;
}

function frameSize(p: Problems, raw: unknown): number | undefined {
  if (raw === undefined) {
    p.add('timeFrameSize', 'required: a whole number > 0 (the time frame is timeFrameSize × timeFrameSizeUnit)');
    return undefined;
  }
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw <= 0) {
    p.add('timeFrameSize', `must be a whole number > 0; got ${show(raw)}`);
    return undefined;
  }
  return raw;
}

function textField(p: Problems, path: string, raw: unknown, maxLength: number): string | undefined {
  if (typeof raw !== 'string') {
    p.add(path, `must be a string; got ${show(raw)}`);
    return undefined;
  }
  if (raw.length > maxLength) {
    p.add(path, `must be at most ${maxLength} characters; got ${raw.length}`);
    return undefined;
  }
  return raw;
}

/**
 * Rules that involve several fields, checked on a whole (possibly updated) descriptor; items that failed their own
 * checks are holes and are skipped. `where` says which path to blame for a key or value (its place in
 * `keys`/`values` on create, in `addKeys`/`addValues` on update).
 */
function crossChecks(
  p: Problems,
  spec: { keys: Array<DescriptorKey | undefined>; values: Array<DescriptorValue | undefined>; source?: DescriptorSource; timeFrameSize: number; timeFrameSizeUnit: DescriptorSpec['timeFrameSizeUnit'] },
  where: { key(i: number): string; value(i: number): string; keysField: string; valuesField: string; source: string },
  /** Names the update already reported as removed while still in use (no second message for the same mistake). */
  removed: { keys: readonly string[]; values: readonly string[] } = { keys: [], values: [] },
): void {
  if (spec.keys.length === 0) p.add(where.keysField, 'must keep at least one key');
  if (spec.values.length === 0) p.add(where.valuesField, 'must keep at least one value');
  if (spec.keys.length > LIMITS.keys) p.add(where.keysField, `at most ${LIMITS.keys} keys; got ${spec.keys.length}`);
  if (spec.values.length > LIMITS.values) p.add(where.valuesField, `at most ${LIMITS.values} values; got ${spec.values.length}`);

  const seen = new Map<string, string>();
  const claim = (itemName: string, path: string) => {
    const first = seen.get(itemName);
    if (first !== undefined) p.add(joinPath(path, 'name'), `${show(itemName)} is already used by ${first}; key and value names must be unique`);
    else seen.set(itemName, path);
  };
  spec.keys.forEach((k, i) => k && claim(k.name, where.key(i)));
  spec.values.forEach((v, i) => v && claim(v.name, where.value(i)));

  const valueNames = spec.values.flatMap((v) => (v ? [v.name] : []));
  const allValuesValid = complete(spec.values);
  spec.values.forEach((v, i) => {
    if (!v) return;
    const others = valueNames.filter((n) => n !== v.name);
    const choice = others.length ? `one of ${others.map((n) => JSON.stringify(n)).join(', ')}` : 'no other value exists';
    if (v.valueAsWeight === undefined) {
      if (v.defaultAggregationFunction === 'wavg') {
        p.add(joinPath(where.value(i), 'valueAsWeight'), `required when defaultAggregationFunction is "wavg": the name of another value that weighs this one (${choice})`);
      }
    } else if (v.valueAsWeight === v.name) {
      p.add(joinPath(where.value(i), 'valueAsWeight'), `must name another value, not ${show(v.name)} itself (${choice})`);
    } else if (allValuesValid && !valueNames.includes(v.valueAsWeight) && !removed.values.includes(v.valueAsWeight)) {
      p.add(joinPath(where.value(i), 'valueAsWeight'), `must name another value of this descriptor (${choice}); got ${show(v.valueAsWeight)}`);
    }
  });

  const src = spec.source;
  if (src && complete(spec.keys) && !spec.keys.some((k) => k.name === src.entityKey) && !removed.keys.includes(src.entityKey)) {
    p.add(joinPath(where.source, 'entityKey'), `must name one of the keys (${spec.keys.map((k) => JSON.stringify(k.name)).join(', ')}); got ${show(src.entityKey)}`);
  }
  if (Number.isSafeInteger(spec.timeFrameSize) && timeFrameMs(spec) > LIMITS.timeFrameMs) {
    p.add('timeFrameSize', `the time frame must be at most 366 days; ${spec.timeFrameSize} ${spec.timeFrameSizeUnit} is longer`);
  }
}

/** Validates a create body. Throws DescriptorInputError listing every problem. */
export function validateDescriptor(input: unknown): DescriptorSpec {
  const p = new Problems();
  if (!isObject(input)) {
    p.add('', `a metric descriptor must be a JSON object; got ${show(input)}`);
    p.throwIfAny();
  }
  const raw = input as Record<string, unknown>;
  unknownFields(p, '', raw, CREATE_FIELDS, { id: 'assigned by the store; leave it out when creating a descriptor' });

  const shortName = name(p, 'shortName', raw.shortName, 'a unique name for the descriptor', LIMITS.shortNameLength);
  const description = raw.description === undefined || raw.description === null ? '' : textField(p, 'description', raw.description, LIMITS.descriptionLength);
  const functions = FUNCTION_FIELDS.map((f) => name(p, f, raw[f], 'the name of a function a key must be granted (case sensitive)', LIMITS.functionNameLength));
  const keys = list(p, 'keys', raw.keys, 'keys {name, type}', (path, item) => keyItem(p, path, item));
  const values = list(p, 'values', raw.values, 'values {name, defaultAggregationFunction, valueAsWeight}', (path, item) => valueItem(p, path, item));
  const size = frameSize(p, raw.timeFrameSize);
  const unit = raw.timeFrameSizeUnit === undefined
    ? (p.add('timeFrameSizeUnit', `required: ${oneOf(TIME_UNITS)}`), undefined)
    : enumValue(p, 'timeFrameSizeUnit', raw.timeFrameSizeUnit, TIME_UNITS);
  const dedup = raw.deduplicationFunction === undefined ? 'none' : enumValue(p, 'deduplicationFunction', raw.deduplicationFunction, DEDUPLICATION_FUNCTIONS);
  const src = raw.source === undefined || raw.source === null ? undefined : source(p, 'source', raw.source);

  crossChecks(p, { keys: keys ?? [undefined], values: values ?? [undefined], source: src, timeFrameSize: size ?? NaN, timeFrameSizeUnit: unit ?? 'milliseconds' }, {
    key: (i) => `keys[${i}]`, value: (i) => `values[${i}]`, keysField: 'keys', valuesField: 'values', source: 'source',
  });
  p.throwIfAny();
  const [readFunction, writeFunction, adminFunction] = functions as string[];
  const spec: DescriptorSpec = {
    shortName: shortName!, description: description!, readFunction, writeFunction, adminFunction,
    keys: keys as DescriptorKey[], values: values as DescriptorValue[], timeFrameSize: size!, timeFrameSizeUnit: unit!, deduplicationFunction: dedup!,
  };
  if (src) spec.source = src;
  return spec;
}

/** What an update changes, for the store to apply to its tables. */
export interface DescriptorChanges {
  next: DescriptorSpec;
  removedKeys: string[];
  removedValues: string[];
  addedKeys: DescriptorKey[];
  addedValues: DescriptorValue[];
  timeFrameChanged: boolean;
  deduplicationChanged: boolean;
}

function nameList(p: Problems, path: string, raw: unknown, existing: string[], what: string): string[] {
  if (!Array.isArray(raw)) {
    p.add(path, `must be a list of ${what} names; got ${show(raw)}`);
    return [];
  }
  const out: string[] = [];
  raw.forEach((entry, i) => {
    const at = joinPath(path, i);
    if (typeof entry !== 'string') p.add(at, `must be a ${what} name; got ${show(entry)}`);
    else if (!existing.includes(entry)) p.add(at, `no ${what} is named ${show(entry)} (${what}s: ${existing.map((n) => JSON.stringify(n)).join(', ')})`);
    else if (out.includes(entry)) p.add(at, `${show(entry)} is listed twice`);
    else out.push(entry);
  });
  return out;
}

/**
 * Validates an update against the current descriptor: field changes, then removals, then additions (so a key can
 * be removed and added back with another type in one update). `id` may be sent only unchanged.
 */
export function validateUpdate(current: Descriptor, input: unknown): DescriptorChanges {
  const p = new Problems();
  if (!isObject(input)) {
    p.add('', `an update must be a JSON object; got ${show(input)}`);
    p.throwIfAny();
  }
  const raw = input as Record<string, unknown>;
  unknownFields(p, '', raw, UPDATE_FIELDS, {
    keys: 'change keys with addKeys and removeKeys (a list of names)',
    values: 'change values with addValues and removeValues (a list of names)',
    createdAt: 'set by the store',
    updatedAt: 'set by the store',
  });
  if (raw.id !== undefined && raw.id !== current.id && raw.id !== String(current.id)) {
    p.add('id', `is immutable: this descriptor's id is ${current.id}; got ${show(raw.id)}`);
  }

  const next: DescriptorSpec = {
    shortName: current.shortName, description: current.description, readFunction: current.readFunction,
    writeFunction: current.writeFunction, adminFunction: current.adminFunction,
    keys: current.keys.map((k) => ({ ...k })), values: current.values.map((v) => ({ ...v })),
    timeFrameSize: current.timeFrameSize, timeFrameSizeUnit: current.timeFrameSizeUnit,
    deduplicationFunction: current.deduplicationFunction,
  };
  if (current.source) next.source = { ...current.source };

  if (raw.shortName !== undefined) next.shortName = name(p, 'shortName', raw.shortName, 'a unique name for the descriptor', LIMITS.shortNameLength) ?? next.shortName;
  if (raw.description !== undefined) next.description = (raw.description === null ? '' : textField(p, 'description', raw.description, LIMITS.descriptionLength)) ?? next.description;
  for (const f of FUNCTION_FIELDS) {
    if (raw[f] !== undefined) next[f] = name(p, f, raw[f], 'the name of a function a key must be granted (case sensitive)', LIMITS.functionNameLength) ?? next[f];
  }
  if (raw.timeFrameSize !== undefined) next.timeFrameSize = frameSize(p, raw.timeFrameSize) ?? next.timeFrameSize;
  if (raw.timeFrameSizeUnit !== undefined) next.timeFrameSizeUnit = enumValue(p, 'timeFrameSizeUnit', raw.timeFrameSizeUnit, TIME_UNITS) ?? next.timeFrameSizeUnit;
  if (raw.deduplicationFunction !== undefined) {
    next.deduplicationFunction = enumValue(p, 'deduplicationFunction', raw.deduplicationFunction, DEDUPLICATION_FUNCTIONS) ?? next.deduplicationFunction;
  }
  if (raw.source === null) delete next.source;
  else if (raw.source !== undefined) {
    const src = source(p, 'source', raw.source);
    if (src) next.source = src;
  }

  const removedKeys = raw.removeKeys === undefined ? [] : nameList(p, 'removeKeys', raw.removeKeys, current.keys.map((k) => k.name), 'key');
  const removedValues = raw.removeValues === undefined ? [] : nameList(p, 'removeValues', raw.removeValues, current.values.map((v) => v.name), 'value');
  next.keys = next.keys.filter((k) => !removedKeys.includes(k.name));
  next.values = next.values.filter((v) => !removedValues.includes(v.name));
  for (const v of next.values) {
    if (v.valueAsWeight !== undefined && removedValues.includes(v.valueAsWeight)) {
      p.add(`removeValues[${removedValues.indexOf(v.valueAsWeight)}]`, `${show(v.valueAsWeight)} is the valueAsWeight of ${show(v.name)}; remove ${show(v.name)} too`);
    }
  }
  if (next.source && removedKeys.includes(next.source.entityKey) && raw.source === undefined) {
    p.add(`removeKeys[${removedKeys.indexOf(next.source.entityKey)}]`, `${show(next.source.entityKey)} is source.entityKey; change or remove source (source: null) in the same update`);
  }

  const addedKeys = raw.addKeys === undefined ? [] : (list(p, 'addKeys', raw.addKeys, 'keys {name, type}', (path, item) => keyItem(p, path, item)) ?? []);
  const addedValues = raw.addValues === undefined ? [] : (list(p, 'addValues', raw.addValues, 'values {name, defaultAggregationFunction, valueAsWeight}', (path, item) => valueItem(p, path, item)) ?? []);
  const keptKeys = next.keys.length;
  const keptValues = next.values.length;
  const keys = [...next.keys, ...addedKeys.map((k): DescriptorKey | undefined => k && { ...k, addedAfterCreation: true })];
  const values = [...next.values, ...addedValues.map((v): DescriptorValue | undefined => v && { ...v, addedAfterCreation: true })];

  const keyPath = (i: number) => (i < keptKeys ? `keys[${current.keys.findIndex((k) => k.name === keys[i]!.name)}]` : `addKeys[${i - keptKeys}]`);
  const valuePath = (i: number) => (i < keptValues ? `values[${current.values.findIndex((v) => v.name === values[i]!.name)}]` : `addValues[${i - keptValues}]`);
  crossChecks(p, { ...next, keys, values }, {
    key: keyPath,
    value: valuePath,
    keysField: raw.removeKeys !== undefined ? 'removeKeys' : 'addKeys',
    valuesField: raw.removeValues !== undefined ? 'removeValues' : 'addValues',
    source: 'source',
  }, { keys: removedKeys, values: removedValues });
  p.throwIfAny();
  next.keys = keys as DescriptorKey[];
  next.values = values as DescriptorValue[];

  return {
    next,
    removedKeys,
    removedValues,
    addedKeys: next.keys.slice(keptKeys),
    addedValues: next.values.slice(keptValues),
    timeFrameChanged: timeFrameMs(next) !== timeFrameMs(current),
    deduplicationChanged: next.deduplicationFunction !== current.deduplicationFunction,
  };
}
