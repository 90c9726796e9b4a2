// GET /details?pbid=: the connections behind a model breach.
// Quirks: the first element is the breach event itself (eventType "policybreach"), then connection events;
// `count` counts that first element too (the official pack asks for count+1 and drops it); `count` may not be
// combined with a start time; `endtime` (epoch ms) leaves out events after it.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

const Side = z.looseObject({ did: z.number().nullish(), ip: z.string().nullish(), hostname: z.string().nullish() });
export const DetailEvent = z.looseObject({
  time: z.string().nullish(),
  timems: z.number().nullish(),
  action: z.string().nullish(),
  eventType: z.string().nullish(),
  uid: z.string().nullish(),
  direction: z.string().nullish(),
  port: z.number().nullish(),
  sourcePort: z.number().nullish(),
  destinationPort: z.number().nullish(),
  protocol: z.string().nullish(),
  applicationprotocol: z.string().nullish(),
  sourceDevice: Side.nullish(),
  destinationDevice: Side.nullish(),
  source: z.string().nullish(),
  destination: z.string().nullish(),
  totalbytesin: z.number().nullish(),
  totalbytesout: z.number().nullish(),
});
export type DetailEvent = z.infer<typeof DetailEvent>;

export const breachConnections = defineEndpoint({
  method: 'get',
  path: '/details',
  query: ['pbid', 'count', 'offset', 'endtime'],
  response: z.array(DetailEvent),
  send: 'retry',
});
