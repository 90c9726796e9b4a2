// /models and /components: model definitions and their components.
// Quirks: the full lists exceed 2 MiB (MCP-LAB), so models are asked for by uuid (`/models?uuid=`, still an
// array) or pid (`/models/{pid}`, one object) and components by cid (`/components/{cid}`); an unknown uuid is
// an empty array, an unknown pid or cid a 404.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

export const Model = z.looseObject({
  name: z.string(),
  pid: z.number(),
  phid: z.number().nullish(),
  uuid: z.string().nullish(),
  priority: z.number().nullish(),
  category: z.string().nullish(),
  compliance: z.boolean().nullish(),
  description: z.string().nullish(),
  active: z.boolean().nullish(),
  modified: z.string().nullish(),
  version: z.number().nullish(),
  tags: z.array(z.unknown()).nullish(),
  logic: z.looseObject({ data: z.unknown(), type: z.string().nullish() }).nullish(),
  mitre: z.looseObject({ tactics: z.array(z.string()).nullish() }).nullish(),
  actions: z.looseObject({}).nullish(),
});
export type Model = z.infer<typeof Model>;

export const ComponentFilter = z.looseObject({
  id: z.string().nullish(),
  cfid: z.number().nullish(),
  filtertype: z.string().nullish(),
  comparator: z.string().nullish(),
  arguments: z.looseObject({ value: z.unknown().optional() }).nullish(),
});
export const Component = z.looseObject({
  cid: z.number(),
  chid: z.number().nullish(),
  mlid: z.number().nullish(),
  threshold: z.number().nullish(),
  interval: z.number().nullish(),
  logic: z.unknown().optional(),
  filters: z.array(ComponentFilter).nullish(),
  active: z.boolean().nullish(),
});
export type Component = z.infer<typeof Component>;

export const modelsWithUuid = defineEndpoint({
  method: 'get',
  path: '/models',
  query: ['uuid'],
  response: z.array(Model),
  send: 'retry',
});

export const model = defineEndpoint({
  method: 'get',
  path: '/models/{pid}',
  response: Model,
  send: 'retry',
});

export const component = defineEndpoint({
  method: 'get',
  path: '/components/{cid}',
  response: Component,
  send: 'retry',
});
