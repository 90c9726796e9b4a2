// /intelfeed: the watched list (Watched Domains).
// Quirks: GET returns plain names unless `fulldetails=true` (then entry objects; an appliance that
// ignores the flag still sends names); POST takes JSON with only the fields in use (never "None");
// `addlist` is comma-joined; POST answers `{response: "SUCCESS", added?, updated?}`, and any other
// `response` means the change was not made; removing an entry that is in several sources needs `source`.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

export const WatchedEntry = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
  expiry: z.union([z.string(), z.number()]).nullish(),
  strength: z.number().nullish(),
  source: z.string().nullish(),
});
/** fulldetails=true gives objects; an appliance that ignores it gives plain names. */
export const WatchedEntries = z.array(z.union([z.string(), WatchedEntry]));
export type WatchedEntries = z.infer<typeof WatchedEntries>;

export const WatchAnswer = z.looseObject({
  response: z.string().optional(),
  added: z.number().optional(),
  updated: z.number().optional(),
});
export type WatchAnswer = z.infer<typeof WatchAnswer>;

/** A `response` other than SUCCESS is a refusal; an answer without one is taken as done. */
const SUCCESS_IF_SAID = { anyOf: [{ field: 'response', absent: true }, { field: 'response', equals: 'SUCCESS' }] } as const;

export const watchedEntries = defineEndpoint({
  method: 'get',
  path: '/intelfeed',
  query: [['fulldetails', true], 'source'],
  response: WatchedEntries,
  send: 'retry',
});

export const watch = defineEndpoint({
  method: 'post',
  path: '/intelfeed',
  json: ['addlist', 'description', 'source', 'expiry'],
  response: WatchAnswer,
  send: 'once',
  confirm: SUCCESS_IF_SAID,
});

/** One entry per request: the appliance removes one `removeentry` at a time. */
export const unwatch = defineEndpoint({
  method: 'post',
  path: '/intelfeed',
  json: ['removeentry', 'source'],
  response: z.looseObject({ response: z.string().optional() }),
  send: 'once',
  confirm: SUCCESS_IF_SAID,
});
