// GET /endpointdetails: what Darktrace knows about an external IP or hostname.
// Quirks: exactly one of `ip` / `hostname` is sent, lowercase (the official pack sent `IP=`, which the
// appliance ignores); `{}` means Darktrace knows nothing about the endpoint; times are epoch ms and may be
// absent; devices carry null for unknown fields.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

export const EndpointDevice = z.looseObject({
  did: z.number().nullish(),
  hostname: z.string().nullish(),
  ip: z.string().nullish(),
  firstSeen: z.number().nullish(),
  lastSeen: z.number().nullish(),
});
export const EndpointDetails = z.looseObject({
  firsttime: z.number().nullish(),
  devices: z.array(EndpointDevice).nullish(),
});
export type EndpointDetails = z.infer<typeof EndpointDetails>;

export const endpointDetails = defineEndpoint({
  method: 'get',
  path: '/endpointdetails',
  query: ['ip', 'hostname', 'additionalinfo', 'devices', 'score'],
  response: EndpointDetails,
  send: 'retry',
});
