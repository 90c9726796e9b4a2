// GET /similardevices: the devices Darktrace considers most similar to one device, most similar first.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

// Darktrace writes null for fields it has no value for; only did is needed.
export const SimilarDevice = z.looseObject({
  did: z.number(),
  score: z.number().nullish(),
  firstSeen: z.number().nullish(),
  lastSeen: z.number().nullish(),
  tags: z.array(z.looseObject({ name: z.string().nullish() })).nullish(),
});
export type SimilarDevice = z.infer<typeof SimilarDevice>;

export const similarDevices = defineEndpoint({
  method: 'get',
  path: '/similardevices',
  query: ['did', 'count', 'fulldevicedetails'],
  response: z.array(SimilarDevice),
  send: 'retry',
});
