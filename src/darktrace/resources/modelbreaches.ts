// GET /modelbreaches: model breaches, here by record creation time (for fetching incidents).
// Quirks: `creationtime=true` makes starttime/endtime filter on when the breach record was created, which
// can be much later than its activity (`time`); acknowledged breaches are hidden unless asked for;
// `minscore` is 0-1 (the SOAR parameters are 0-100); the order of the answer is not guaranteed.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * A list; its items are left unchecked on purpose: the fetch engine skips (and counts) a breach without an
 * integer pbid or a numeric creationTime rather than failing the whole fetch.
 */
export const BreachList = z.array(z.unknown());

/**
 * Every breach created in [starttime, endtime] (epoch ms) with score ≥ minscore, acknowledged ones included,
 * each with its UI link `breachUrl` (includebreachurl works only with minimal=false, which is sent).
 */
export const breachesCreatedBetween = defineEndpoint({
  method: 'get',
  path: '/modelbreaches',
  query: [
    ['creationtime', true], 'starttime', 'endtime', 'minscore',
    ['includeacknowledged', true], ['minimal', false], ['deviceattop', true], ['includebreachurl', true],
  ],
  response: BreachList,
  send: 'retry',
});

/**
 * The creation times alone of the breaches breachesCreatedBetween would return (same filters), via
 * `responsedata=creationTime`: about 30 bytes a breach instead of several kilobytes. The fetch engine's probe.
 */
export const breachTimesCreatedBetween = defineEndpoint({
  method: 'get',
  path: '/modelbreaches',
  query: [
    ['creationtime', true], 'starttime', 'endtime', 'minscore',
    ['includeacknowledged', true], ['minimal', false], ['deviceattop', true], ['includebreachurl', true], ['responsedata', 'creationTime'],
  ],
  response: BreachList,
  send: 'retry',
});

// ---- one breach, its acknowledgement and comments (the model-breach commands) ----------------------------
// Quirks: /modelbreaches/{pbid} answers whether or not the breach is acknowledged (unlike the list); a
// captured breach carries `acknowledged` only once it has been acknowledged; the (un)acknowledge and comment
// answers differ between versions ({response:"SUCCESS"}, a Unified View replicate list, the comment list),
// so the commands verify their effect by reading the breach back rather than trusting the body.

const Named = z.looseObject({ name: z.string().nullish() });
export const BreachModel = z.looseObject({
  name: z.string().nullish(),
  pid: z.number().nullish(),
  uuid: z.string().nullish(),
  priority: z.number().nullish(),
  category: z.string().nullish(),
  description: z.string().nullish(),
  tags: z.array(z.unknown()).nullish(),
});
export const Breach = z.looseObject({
  pbid: z.number(),
  time: z.number().nullish(),
  creationTime: z.number().nullish(),
  commentCount: z.number().nullish(),
  score: z.number().nullish(),
  acknowledged: z.boolean().nullish(),
  model: z.looseObject({ then: BreachModel.nullish(), now: BreachModel.nullish() }).nullish(),
  triggeredComponents: z.array(z.looseObject({ cid: z.number().nullish(), metric: Named.nullish() })).nullish(),
  device: z.looseObject({
    did: z.number().nullish(), ip: z.string().nullish(), hostname: z.string().nullish(),
    macaddress: z.string().nullish(), vendor: z.string().nullish(), devicelabel: z.string().nullish(), typename: z.string().nullish(),
  }).nullish(),
});
export type Breach = z.infer<typeof Breach>;

export const BreachComment = z.looseObject({
  message: z.string(),
  username: z.string().nullish(),
  time: z.number().nullish(),
  pid: z.number().nullish(),
  commentid: z.number().nullish(),
});
export const BreachCommentList = z.array(BreachComment);
export type BreachComment = z.infer<typeof BreachComment>;

/** Any JSON: the write answers are not uniform, so the commands read back instead of parsing them. */
export const WriteAnswer = z.unknown();

export const breach = defineEndpoint({
  method: 'get',
  path: '/modelbreaches/{pbid}',
  response: Breach,
  send: 'retry',
});

const said = (answer: unknown, word: string) => JSON.stringify(answer ?? null).toUpperCase().includes(word);
/** A 2xx answer confirms a breach write when it says SUCCESS anywhere (reference §6.4) or replicates (Unified View). */
export const breachWriteConfirmed = (answer: unknown): boolean =>
  (said(answer, 'SUCCESS') || said(answer, '"REPLICATE":TRUE')) && !said(answer, 'ERROR');

export const acknowledgeBreach = defineEndpoint({
  method: 'post',
  path: '/modelbreaches/{pbid}/acknowledge',
  json: [['acknowledge', true]],
  response: WriteAnswer,
  send: 'once',
});

export const unacknowledgeBreach = defineEndpoint({
  method: 'post',
  path: '/modelbreaches/{pbid}/unacknowledge',
  json: [['unacknowledge', true]],
  response: WriteAnswer,
  send: 'once',
});

export const breachComments = defineEndpoint({
  method: 'get',
  path: '/modelbreaches/{pbid}/comments',
  response: BreachCommentList,
  send: 'retry',
});

export const commentOnBreach = defineEndpoint({
  method: 'post',
  path: '/modelbreaches/{pbid}/comments',
  json: ['message'],
  response: WriteAnswer,
  send: 'once',
});
