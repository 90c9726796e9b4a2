// How stored entities appear in responses. Absent fields stay absent (the appliance omits unknown fields).
import type { Device, JsonObject, Tag } from './types.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:MM:SS` UTC, the appliance's string time format. */
export function dtTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function copyDefined(target: JsonObject, source: object, keys: readonly string[]) {
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

/** `/tags/entities?tag=…&fulldevicedetails=true` devices: interfaces instead of ip/ips/macaddress. */
export function taggedDeviceView(d: Device, tags: Tag[]): JsonObject {
  const view = copyDefined({}, d, ['did', 'sid', 'saasmodule', 'hostname', 'aghuuid', 'firstSeen', 'lastSeen', 'os',
    'devicelabel', 'typename', 'typelabel', 'credentials']);
  view.tags = structuredClone(tags) as unknown as JsonObject[];
  if (d.customFields) view.customFields = structuredClone(d.customFields) as JsonObject;
  const interfaces = d.interfaces ?? (d.macaddress !== undefined || d.ip !== undefined
    ? [{
      mac: d.macaddress ?? '', vendor: d.vendor ?? '',
      ips: (d.ips ?? []).map((ip) => ({ ip: ip.ip, sid: ip.sid, ...(d.hostname ? { hostname: d.hostname } : {}), time: Math.floor(ip.timems / 1000) })),
    }]
    : undefined);
  if (interfaces) view.interfaces = structuredClone(interfaces) as unknown as JsonObject[];
  return view;
}
