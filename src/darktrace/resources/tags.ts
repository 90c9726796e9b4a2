// /tags/entities: tags on devices (and credentials).
// Quirks: GET answers a different shape per question — `did` gives the device's Tag list (with this
// device's `expiry`, ms, 0 = never); `tag` + `fulldevicedetails=true` gives `{entities, devices}`, where
// entities may name dids that no longer exist and Credential entities, and `entityValue` may be a number;
// POST takes a form body only and answers `{tid}` (captured appliance) or `{response: "SUCCESS"}` (API guide);
// DELETE may apply the change and still answer 5xx, so its caller settles an unclear outcome with a read.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

/** A Tag as /tags/entities?did= returns it; `expiry` is this device's expiry (ms, 0 = never). */
export const Tag = z.looseObject({
  tid: z.number(),
  name: z.string(),
  expiry: z.number().nullish(),
  data: z.looseObject({ description: z.string().nullish() }).nullish(),
});
export const TagList = z.array(Tag);
export type Tag = z.infer<typeof Tag>;

const TagEntity = z.looseObject({
  entityType: z.string(),
  entityValue: z.union([z.string(), z.number()]).transform(String),
});
const Named = z.looseObject({ name: z.string().nullish() });
export const TaggedDevice = z.looseObject({
  did: z.number(),
  hostname: z.string().nullish(),
  devicelabel: z.string().nullish(),
  credentials: z.array(z.looseObject({ credential: z.string().nullish() })).nullish(),
  tags: z.array(Named).nullish(),
});
export type TaggedDevice = z.infer<typeof TaggedDevice>;
/** With fulldevicedetails the appliance answers `{entities, devices}`; a plain entity array is accepted too. */
export const TaggedEntities = z.union([
  z.looseObject({ entities: z.array(TagEntity).nullish(), devices: z.array(TaggedDevice).nullish() }),
  z.array(TagEntity),
]);
export type TaggedEntities = z.infer<typeof TaggedEntities>;

/** The appliance answers `{tid}` (captured) or `{response: "SUCCESS"}` (API guide). */
export const TagAnswer = z.looseObject({ tid: z.number().optional(), response: z.string().optional() });
export type TagAnswer = z.infer<typeof TagAnswer>;
export const UntagAnswer = z.looseObject({ response: z.string().optional() });
export type UntagAnswer = z.infer<typeof UntagAnswer>;

export const tagsOfDevice = defineEndpoint({
  method: 'get',
  path: '/tags/entities',
  query: ['did'],
  response: TagList,
  send: 'retry',
});

export const entitiesWithTag = defineEndpoint({
  method: 'get',
  path: '/tags/entities',
  query: ['tag', ['fulldevicedetails', true]],
  response: TaggedEntities,
  send: 'retry',
});

export const tagDevice = defineEndpoint({
  method: 'post',
  path: '/tags/entities',
  form: ['did', 'tag', 'duration'],
  response: TagAnswer,
  send: 'once',
  confirm: { anyOf: [{ field: 'tid', isNumber: true }, { field: 'response', equals: 'SUCCESS' }] },
});

export const untagDevice = defineEndpoint({
  method: 'delete',
  path: '/tags/entities',
  query: ['did', 'tag'],
  response: UntagAnswer,
  send: 'once',
  confirm: { anyOf: [{ field: 'response', absent: true }, { field: 'response', equals: 'SUCCESS' }] },
});
