// GET /status: appliance health and version. Needs only the `Status` permission, which makes it the
// connectivity test: it proves the URL, both tokens, the clock and the signing.
import { z } from 'zod';
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
