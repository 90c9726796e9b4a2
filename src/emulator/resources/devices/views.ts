// How a stored device appears in responses. Absent fields stay absent (the appliance omits unknown fields).
import type { JsonObject } from '../../types.js';
import type { Device } from './types.js';

/** Copies the defined `keys` of `source` onto `target`, deep, in `keys` order. */
export function copyDefined(target: JsonObject, source: object, keys: readonly string[]) {
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined) target[key] = structuredClone(value) as JsonObject[string];
  }
  return target;
}

const STANDARD_KEYS = [
  'did', 'macaddress', 'vendor', 'ip', 'ips', 'sid', 'hostname', 'saasmodule', 'firstSeen', 'lastSeen', 'os',
  'devicelabel', 'typename', 'typelabel', 'credentials', 'priority',
] as const;

/** The device object of /similardevices, /modelbreaches, /endpointdetails… (key order as captured). */
export function deviceView(d: Device, extra: JsonObject = {}): JsonObject {
  const view = copyDefined({ did: d.did }, { ...d, ...extra }, [...Object.keys(extra), ...STANDARD_KEYS]);
  return view;
}
