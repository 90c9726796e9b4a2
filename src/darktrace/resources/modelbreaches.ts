// GET /modelbreaches: model breaches, here by record creation time (for fetching incidents).
// Quirks: `creationtime=true` makes starttime/endtime filter on when the breach record was created, which
// can be much later than its activity (`time`); acknowledged breaches are hidden unless asked for;
// `minscore` is 0-1 (the SOAR parameters are 0-100); the order of the answer is not guaranteed.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * A list; its items are left unchecked on purpose: the fetch engine skips (and counts) a breach without an
 * integer pbid or a numeric creationTime rather than failing the whole fetch.
 */
export const BreachList = z.array(z.unknown());

/** Every breach created in [starttime, endtime] (epoch ms) with score ≥ minscore, acknowledged ones included. */
export const breachesCreatedBetween = defineEndpoint({
  method: 'get',
  path: '/modelbreaches',
  query: [
    ['creationtime', true], 'starttime', 'endtime', 'minscore',
    ['includeacknowledged', true], ['minimal', false], ['deviceattop', true],
  ],
  response: BreachList,
  send: 'retry',
});
