// GET /status: appliance health and version. Needs only the `Status` permission, which makes it the
// connectivity test: it proves the URL, both tokens, the clock and the signing.
// Quirks (reference §3): `probes` and a Unified View's `instances` are objects keyed by numeric-id strings,
// not lists; an errored probe carries only {configuredServer, ipAddress, label, error, lastContact}; a UV
// instance holds its own `probes`; the system uptime is `systemUptime` (capture) or `systemuptime` (guide);
// `version` may be "0.0.0" (cloud master) and licence dates may be ""; counts may be strings. Booleans must
// be sent in lowercase (an appliance does not read Python's `False`).
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

/** Any JSON object: the fields vary by version and nothing reads them. */
export const Status = z.looseObject({});

export const status = defineEndpoint({
  method: 'get',
  path: '/status',
  query: [],
  response: Status,
  send: 'retry',
});

const text = z.union([z.string(), z.number()]).nullish();
const num = z.union([z.number(), z.string()]).nullish();

export const Probe = z.looseObject({
  id: z.number().nullish(),
  label: z.string().nullish(),
  hostname: z.string().nullish(),
  configuredServer: z.string().nullish(),
  ipAddress: z.string().nullish(),
  version: text,
  type: z.string().nullish(),
  time: z.string().nullish(),
  cpu: num,
  memoryUsed: num,
  load: num,
  error: z.boolean().nullish(),
  lastContact: z.string().nullish(),
});
export type Probe = z.infer<typeof Probe>;
const ProbeMap = z.record(z.string(), Probe);

export const Instance = Probe.extend({ probes: ProbeMap.nullish() });
export type Instance = z.infer<typeof Instance>;

/** The health object as `darktrace-get-status` reads it; every other key passes through untouched. */
export const StatusReport = Instance.extend({
  uuid: z.string().nullish(),
  installed: z.string().nullish(),
  uptime: z.string().nullish(),
  systemUptime: z.string().nullish(),
  systemuptime: z.string().nullish(),
  license: z.string().nullish(),
  excessTraffic: z.boolean().nullish(),
  antigenaNetworkEnabled: z.boolean().nullish(),
  antigenaNetworkRunning: z.boolean().nullish(),
  modelsBreached: num,
  devicesModeled: num,
  bandwidthCurrentString: z.string().nullish(),
  instances: z.record(z.string(), Instance).nullish(),
});
export type StatusReport = z.infer<typeof StatusReport>;

/** The full health object: probes (and a Unified View's instances) unless includechildren=false. */
export const statusReport = defineEndpoint({
  method: 'get',
  path: '/status',
  query: ['includechildren', 'fast'],
  response: StatusReport,
  send: 'retry',
});
