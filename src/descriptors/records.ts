// Record normalisation (SPEC §11): a submitted batch → records in the descriptor's key/value order with the
// timestamp snapped to its time frame, plus the reasons each rejected record was refused. Pure and allocation-light:
// it runs for every one of a million records.
import { isIP } from 'node:net';
import { KEY_DEFAULTS, LIMITS, snapToFrame, timeFrameMs, type DeduplicationFunction, type Descriptor, type KeyType } from './model.js';
import { joinPath, Problems, show, type FieldProblem } from './errors.js';
import { isObject } from '../util/json.js';

export type KeyValue = number | string;

/** A valid record: `keys`/`values` follow the order of `descriptor.keys`/`descriptor.values`. */
export interface NormalRecord {
  /** The start of the record's time frame (epoch ms). */
  timestamp: number;
  keys: KeyValue[];
  values: number[];
}

export interface RecordRejection {
  /** Position in the submitted `records` list. */
  index: number;
  errors: FieldProblem[];
}

export interface NormalisedBatch {
  records: NormalRecord[];
  rejections: RecordRejection[];
}

const RECORD_FIELDS = ['timestamp', 'keys', 'values'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The canonical text of an IP address (IPv6 lower-case and compressed), or undefined when it is not one. */
export function canonicalIp(text: string): string | undefined {
  const version = isIP(text);
  if (version === 4) return text;
  if (version !== 6 || text.includes('%')) return undefined;
  // The WHATWG URL parser writes IPv6 hosts in RFC 5952 form: lower case, longest zero run compressed.
  return new URL(`http://[${text}]`).hostname.slice(1, -1);
}

/** Checks one key value against its type; returns the stored form or a message. */
export function checkKeyValue(type: KeyType, raw: unknown): { value: KeyValue } | { message: string } {
  switch (type) {
    case 'integer':
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return { value: raw };
      return { message: `must be a whole number (an integer key); got ${show(raw)}` };
    case 'ip': {
      const ip = typeof raw === 'string' ? canonicalIp(raw) : undefined;
      if (ip !== undefined) return { value: ip };
      return { message: `must be an IPv4 or IPv6 address (an ip key, no zone or port); got ${show(raw)}` };
    }
    case 'string':
      if (typeof raw !== 'string') return { message: `must be a string (a string key); got ${show(raw)}` };
      if (raw.length > LIMITS.stringKeyLength) return { message: `must be at most ${LIMITS.stringKeyLength} characters; got ${raw.length}` };
      // PostgreSQL text cannot hold NUL or lone surrogates; refusing them keeps both stores identical.
      if (raw.includes('\u0000') || LONE_SURROGATE.test(raw)) return { message: 'must be valid Unicode text without NUL characters' };
      return { value: raw };
  }
}

function typeLabel(type: KeyType): string {
  return type === 'integer' ? 'a whole number' : type === 'ip' ? 'an IPv4 or IPv6 address' : 'a string';
}

/**
 * Validates and normalises a submit body `{records:[{timestamp, keys, values}], ignoreOnFailed?}`. Throws
 * DescriptorInputError for a malformed body, or — unless ignoreOnFailed — when any record is invalid (listing
 * every problem of every record). With ignoreOnFailed the invalid records come back as rejections.
 */
export function normaliseBatch(descriptor: Descriptor, body: unknown): NormalisedBatch & { ignoreOnFailed: boolean } {
  const top = new Problems();
  if (!isObject(body)) {
    top.add('', `must be a JSON object {records: [...], ignoreOnFailed?}; got ${show(body)}`);
    top.throwIfAny();
  }
  const raw = body as Record<string, unknown>;
  for (const field of Object.keys(raw)) {
    if (field !== 'records' && field !== 'ignoreOnFailed') top.add(field, 'unknown field (allowed: records, ignoreOnFailed)');
  }
  if (raw.ignoreOnFailed !== undefined && typeof raw.ignoreOnFailed !== 'boolean') {
    top.add('ignoreOnFailed', `must be true or false; got ${show(raw.ignoreOnFailed)}`);
  }
  if (!Array.isArray(raw.records)) {
    top.add('records', raw.records === undefined ? 'required: a list of records {timestamp, keys, values}' : `must be a list of records {timestamp, keys, values}; got ${show(raw.records)}`);
  } else if (raw.records.length > LIMITS.recordsPerBatch) {
    top.add('records', `at most ${LIMITS.recordsPerBatch} records per batch; got ${raw.records.length} (split the batch)`);
  }
  top.throwIfAny();

  const ignoreOnFailed = raw.ignoreOnFailed === true;
  const result = normaliseRecords(descriptor, raw.records as unknown[]);
  if (!ignoreOnFailed && result.rejections.length > 0) {
    const all = new Problems();
    for (const r of result.rejections) for (const e of r.errors) all.push(e);
    all.throwIfAny();
  }
  return { ...result, ignoreOnFailed };
}

/** Normalises a list of raw records; invalid ones become rejections with every reason. */
export function normaliseRecords(descriptor: Descriptor, list: readonly unknown[]): NormalisedBatch {
  const frameMs = timeFrameMs(descriptor);
  const keys = descriptor.keys;
  const values = descriptor.values;
  const records: NormalRecord[] = [];
  const rejections: RecordRejection[] = [];
  // One closure for the whole list, not one per record.
  let errors: FieldProblem[] | undefined;
  const fail = (path: string, message: string) => (errors ??= []).push({ path, message: `${path}: ${message}` });

  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    const base = `records[${index}]`;
    errors = undefined;

    if (!isObject(item)) {
      fail(base, `must be an object {timestamp, keys, values}; got ${show(item)}`);
      rejections.push({ index, errors: errors! });
      continue;
    }
    for (const field in item) {
      if (!RECORD_FIELDS.includes(field)) fail(joinPath(base, field), 'unknown field (allowed: timestamp, keys, values)');
    }
    const ts = item.timestamp;
    if (ts === undefined) fail(`${base}.timestamp`, 'required: epoch milliseconds');
    else if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0 || ts > LIMITS.maxTimestamp) {
      fail(`${base}.timestamp`, `must be epoch milliseconds, a whole number from 0 to ${LIMITS.maxTimestamp} (year 9999); got ${show(ts)}`);
    }

    const keyObj = item.keys === undefined ? {} : item.keys;
    const keyOut: KeyValue[] = new Array(keys.length);
    if (!isObject(keyObj)) fail(`${base}.keys`, `must be an object {keyName: value}; got ${show(item.keys)}`);
    else {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        const rawValue = keyObj[key.name];
        if (rawValue === undefined) {
          if (key.addedAfterCreation) keyOut[k] = KEY_DEFAULTS[key.type];
          else fail(joinPath(`${base}.keys`, key.name), `required: ${typeLabel(key.type)} (${key.type} key)`);
          continue;
        }
        const checked = checkKeyValue(key.type, rawValue);
        if ('value' in checked) keyOut[k] = checked.value;
        else fail(joinPath(`${base}.keys`, key.name), checked.message);
      }
    }

    const valueObj = item.values === undefined ? {} : item.values;
    const valueOut: number[] = new Array(values.length);
    if (!isObject(valueObj)) fail(`${base}.values`, `must be an object {valueName: number}; got ${show(item.values)}`);
    else {
      for (let v = 0; v < values.length; v++) {
        const value = values[v];
        const rawValue = valueObj[value.name];
        if (rawValue === undefined) {
          if (value.addedAfterCreation) valueOut[v] = 0;
          else fail(joinPath(`${base}.values`, value.name), 'required: a number');
        } else if (isStorableNumber(rawValue)) {
          valueOut[v] = rawValue;
        } else {
          fail(joinPath(`${base}.values`, value.name), `must be 0 or a number of magnitude 1e-100 to 1e100; got ${show(rawValue)}`);
        }
      }
    }

    if (errors) rejections.push({ index, errors });
    else records.push({ timestamp: snapToFrame(ts as number, frameMs), keys: keyOut, values: valueOut });
  }
  return { records, rejections };
}

/**
 * Values are 0 or within [1e-100, 1e100] in magnitude: then no product (wavg) or sum of up to 10^15 of them can
 * overflow or underflow a double, which PostgreSQL reports as an error where SQLite silently gives Infinity or 0.
 */
export function isStorableNumber(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= LIMITS.minMagnitude && magnitude <= LIMITS.maxMagnitude);
}

/** Identity of a record for deduplication: its time frame and key tuple (text keys quoted, so never ambiguous). */
export function dedupIdentity(record: NormalRecord): string {
  let id = String(record.timestamp);
  for (const key of record.keys) id += typeof key === 'number' ? `|${key}` : `|${JSON.stringify(key)}`;
  return id;
}

/**
 * Deduplicates within one batch: `first` keeps the earliest of records sharing a frame and key tuple, `last`
 * keeps the latest (at the earliest one's position), `none` keeps all. Returns the survivors and how many went.
 */
export function dedupBatch(records: NormalRecord[], fn: DeduplicationFunction): { records: NormalRecord[]; dropped: number } {
  if (fn === 'none' || records.length < 2) return { records, dropped: 0 };
  const at = new Map<string, number>();
  const out: NormalRecord[] = [];
  for (const record of records) {
    const id = dedupIdentity(record);
    const seen = at.get(id);
    if (seen === undefined) {
      at.set(id, out.length);
      out.push(record);
    } else if (fn === 'last') {
      out[seen] = record;
    }
  }
  return { records: out, dropped: records.length - out.length };
}
