// /antigena: RESPOND (Antigena) actions — list, summary, state changes and manual actions.
// Quirks (reference §5): GET answers a plain array, or an object `{actions, connections?, devices?}` once
// fulldevicedetails or includeconnections is set; `active` stays true after an action expires and `cleared` is
// true only after a manual clear, so the state is derived from the flags *and* `expires` (`respondState`);
// `triggerer` is null for automatic actions but one guide example writes the string "null"; device
// first/last seen come as `firstseen` or `firstSeen`; `updated` is epoch ms as a string. POSTs are JSON only
// and their reply bodies are unverified: success is the status code, then a re-read shows the new state.
// POST /antigena/manual answers `{code}` (guide example) or `{codeid}` (guide prose): read `code ?? codeid`.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

export const RESPOND_ACTIONS = ['connection', 'pol', 'gpol', 'quarantine', 'quarantineOutgoing', 'quarantineIncoming'] as const;
export type RespondActionType = (typeof RESPOND_ACTIONS)[number];

/** What each action does, as the /antigena/manual mapping names the inhibitors. */
export const RESPOND_ACTION_LABELS: Record<RespondActionType, string> = {
  connection: 'Block matching connections',
  pol: 'Enforce pattern of life',
  gpol: 'Enforce group pattern of life',
  quarantine: 'Quarantine device',
  quarantineOutgoing: 'Block all outgoing traffic',
  quarantineIncoming: 'Block all incoming traffic',
};

const HistoryEntry = z.looseObject({
  family: z.string().nullish(),
  username: z.string().nullish(),
  action: z.string(),
  reason: z.string().nullish(),
  time: z.number(),
});
export type RespondHistoryEntry = z.infer<typeof HistoryEntry>;

const Triggerer = z.union([
  z.looseObject({ username: z.string().nullish(), reason: z.string().nullish() }),
  z.string().transform(() => null), // "null" in one guide example
]).nullish();

export const RespondAction = z.looseObject({
  codeid: z.number().int(),
  did: z.number().int(),
  ip: z.string().nullish(),
  action: z.string(),
  manual: z.boolean().nullish(),
  triggerer: Triggerer,
  label: z.string().nullish(),
  detail: z.string().nullish(),
  score: z.number().nullish(),
  pbid: z.number().int().nullish(),
  model: z.string().nullish(),
  modeluuid: z.string().nullish(),
  start: z.number(),
  expires: z.number(),
  blocked: z.boolean().nullish(),
  updated: z.union([z.string(), z.number()]).nullish(),
  agemail: z.boolean().nullish(),
  aghost: z.boolean().nullish(),
  active: z.boolean(),
  cleared: z.boolean(),
  history: z.array(HistoryEntry).nullish(),
});
export type RespondAction = z.infer<typeof RespondAction>;

export const RespondConnection = z.looseObject({
  action: z.string().nullish(),
  label: z.string().nullish(),
  did: z.number().int(),
  direction: z.string().nullish(),
  ip: z.string().nullish(),
  port: z.number().nullish(),
  timems: z.number().nullish(),
  time: z.string().nullish(),
});
export type RespondConnection = z.infer<typeof RespondConnection>;

export const RespondDevice = z.looseObject({
  did: z.number().int(),
  ip: z.string().nullish(),
  hostname: z.string().nullish(),
  typelabel: z.string().nullish(),
  os: z.string().nullish(),
  macaddress: z.string().nullish(),
  quarantine: z.number().nullish(),
});
export type RespondDevice = z.infer<typeof RespondDevice>;

/** The array, or the object fulldevicedetails / includeconnections turn it into. */
export const RespondActionList = z.union([
  z.array(RespondAction),
  z.looseObject({
    actions: z.array(RespondAction),
    connections: z.array(RespondConnection).nullish(),
    devices: z.array(RespondDevice).nullish(),
  }),
]);
export type RespondActionList = z.infer<typeof RespondActionList>;

/** Either answer as one shape. */
export function actionsOf(answer: RespondActionList): { actions: RespondAction[]; connections: RespondConnection[]; devices: RespondDevice[] } {
  if (Array.isArray(answer)) return { actions: answer, connections: [], devices: [] };
  return { actions: answer.actions, connections: answer.connections ?? [], devices: answer.devices ?? [] };
}

export type RespondState = 'pending' | 'active' | 'expired' | 'cleared';

/**
 * The state a human means. The flags alone are ambiguous (reference §5.2): `active` stays true after expiry and
 * a pending action is `active: false, cleared: false` like nothing else, so `expires` decides between them. A
 * pending action whose expiry passed without approval is expired too: approving it now is a reactivation.
 */
export function respondState(action: Pick<RespondAction, 'active' | 'cleared' | 'expires'>, now: number): RespondState {
  if (action.cleared) return 'cleared';
  if (action.expires <= now) return 'expired';
  return action.active ? 'active' : 'pending';
}

export const RespondSummary = z.looseObject({
  pendingCount: z.number().int(),
  activeCount: z.number().int(),
  pendingActionDevices: z.array(z.number().int()).nullish(),
  activeActionDevices: z.array(z.number().int()).nullish(),
});
export type RespondSummary = z.infer<typeof RespondSummary>;

/** Unverified (reference §5.3): whatever a 2xx carries is accepted; the caller re-reads the action. */
export const StateChangeAnswer = z.unknown();
/** `{code}` or `{codeid}`; either may be absent in an answer we have never seen. */
export const ManualAnswer = z.looseObject({ code: z.number().int().optional(), codeid: z.number().int().optional() });
export type ManualAnswer = z.infer<typeof ManualAnswer>;

export const respondActions = defineEndpoint({
  method: 'get',
  path: '/antigena',
  query: ['fulldevicedetails', 'includecleared', 'includehistory', 'includeconnections', 'needconfirming', 'pbid', 'did', 'starttime', 'endtime'],
  response: RespondActionList,
  send: 'retry',
});

/**
 * The start times alone of the actions a fetch slot reads (includecleared and includehistory as the fetch sends
 * them, so it is the same query), via the documented `responsedata=start`: `[{start}, …]`, a few bytes an action.
 * The fetch engine's probe for RESPOND actions.
 */
export const respondActionStarts = defineEndpoint({
  method: 'get',
  path: '/antigena',
  query: [['includecleared', true], ['includehistory', true], 'starttime', 'endtime', ['responsedata', 'start']],
  response: z.array(z.unknown()),
  send: 'retry',
});

export const respondSummary = defineEndpoint({
  method: 'get',
  path: '/antigena/summary',
  query: ['starttime', 'endtime'],
  response: RespondSummary,
  send: 'retry',
});

/** Activate (or reactivate, with duration) a pending, expired or cleared action. */
export const activateRespondAction = defineEndpoint({
  method: 'post',
  path: '/antigena',
  json: ['codeid', ['activate', true], 'reason', 'duration'],
  response: StateChangeAnswer,
  send: 'once',
});

/** Set an active action's remaining time to `duration` seconds (not an increment). */
export const extendRespondAction = defineEndpoint({
  method: 'post',
  path: '/antigena',
  json: ['codeid', 'duration', 'reason'],
  response: StateChangeAnswer,
  send: 'once',
});

export const clearRespondAction = defineEndpoint({
  method: 'post',
  path: '/antigena',
  json: ['codeid', ['clear', true], 'reason'],
  response: StateChangeAnswer,
  send: 'once',
});

export const createManualRespondAction = defineEndpoint({
  method: 'post',
  path: '/antigena/manual',
  json: ['did', 'action', 'duration', 'reason', 'connections'],
  response: ManualAnswer,
  send: 'once',
  confirm: { anyOf: [{ field: 'code', isNumber: true }, { field: 'codeid', isNumber: true }] },
});
