// GET /deviceinfo: a device's connection (or data volume) graph over a fixed four-week window, with its
// top ports and peers.
// Quirks: the destination device is `odid` (the official pack sent `oid`, which the appliance ignores);
// 0 is the outside world and negative dids are pseudo-devices; `size` values are percentages and
// `others` folds the small items; an unknown device answers an absent or empty `deviceInfo`; the
// appliance's own default for `showallgraphdata` may be true, so callers send it explicitly.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

const Num = z.number().nullish();
const Point = z.looseObject({ time: Num, count: Num });
const Share = z.looseObject({ size: Num, firstTime: Num });
export const PortShare = Share.extend({ port: z.union([z.number(), z.string()]).nullish() });
export const DeviceShare = Share.extend({ did: z.union([z.number(), z.string()]).nullish() });
const DeviceAndPort = Share.extend({
  deviceAndPort: z.union([
    z.string(),
    z.looseObject({ direction: z.string().nullish(), device: z.union([z.number(), z.string()]).nullish(), port: z.union([z.number(), z.string()]).nullish() }),
  ]).nullish(),
});
export const ConnectionSummary = z.looseObject({
  totalUsed: Num,
  totalServed: Num,
  totalDevicesAndPorts: Num,
  devicesAndPorts: z.array(DeviceAndPort).nullish(),
  portsUsed: z.array(PortShare).nullish(),
  portsServed: z.array(PortShare).nullish(),
  devicesUsed: z.array(DeviceShare).nullish(),
  devicesServed: z.array(DeviceShare).nullish(),
  externalDomains: z.array(Share.extend({ domain: z.string().nullish() })).nullish(),
  externalASNs: z.array(Share.extend({ asn: z.unknown() })).nullish(),
});
export const DeviceInfoEntry = z.looseObject({
  did: z.number(),
  similarityScore: Num,
  graphData: z.array(Point).nullish(),
  info: ConnectionSummary.nullish(),
});
const FullDevice = z.looseObject({ did: z.number().nullish(), hostname: z.string().nullish(), ip: z.string().nullish() });
export const DeviceInfo = z.looseObject({
  deviceInfo: z.array(DeviceInfoEntry).nullish(),
  devices: z.array(FullDevice).nullish(),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;
export type DeviceInfoEntry = z.infer<typeof DeviceInfoEntry>;
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;
export type PortShare = z.infer<typeof PortShare>;
export type DeviceShare = z.infer<typeof DeviceShare>;

export const deviceInfo = defineEndpoint({
  method: 'get',
  path: '/deviceinfo',
  query: ['did', 'datatype', 'externaldomain', 'odid', 'port', 'intervalhours', 'showallgraphdata', 'fulldevicedetails', 'similardevices'],
  response: DeviceInfo,
  send: 'retry',
});
