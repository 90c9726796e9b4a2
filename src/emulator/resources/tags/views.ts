// The device object of `/tags/entities?tag=…&fulldevicedetails=true` (shape of tagged_devices.json).
import type { JsonObject } from '../../types.js';
import type { Device } from '../devices/types.js';
import { copyDefined } from '../devices/views.js';
import type { Tag } from './types.js';

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
