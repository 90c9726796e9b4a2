// RESPOND (Antigena) actions as a fetch source (SPEC §9): GET /antigena by action start, cleared actions and
// history included, so every new action becomes one incident whatever has happened to it since — above all the
// pending ones, which wait for a human to confirm them. An action's `start` never changes (activating, extending
// or clearing it moves `expires` and `updated`), so start is its creation time for the engine; `updated` moves
// and would re-deliver the same action, so it is reported, not windowed on.
//
// Crossing and splitting time (engine.ts header): /antigena documents `responsedata`, so the source has a probe,
// the same query with `responsedata=start` (`[{start}, …]`); long windows are probed, then read where actions are.
// No URL option is documented for /antigena, so the incident carries no link field.
//
// Incident: name `Darktrace RESPOND Action #<codeid>: <label> on <device>`, type `Darktrace RESPOND Action`,
// occurred = start, severity by the state when fetched: pending 3 (high: it awaits confirmation), active 2,
// expired or cleared 1; dbotMirrorId `respond:<codeid>`.
import { actionsOf, respondActionStarts, respondActions, respondState, type RespondActionList } from '../../darktrace/resources/antigena.js';
import type { DarktraceApi } from '../../darktrace/resources/endpoint.js';
import { msToIso } from '../../registry/time.js';
import { isObject } from '../../util/json.js';
import { FetchUpstreamError } from '../errors.js';
import type { FetchSource, Incident, ItemKey } from '../source.js';

export type RespondActionItem = Record<string, unknown>;
/** RESPOND actions have no filter of their own. */
export type RespondActionFilters = Record<never, never>;

export const RESPOND_SOURCE = 'respond-actions';
export const RESPOND_INCIDENT_TYPE = 'Darktrace RESPOND Action';
export const RESPOND_PATH = respondActions.path;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function respondActionKey(action: RespondActionItem): ItemKey | undefined {
  const { codeid, start } = action;
  if (typeof codeid !== 'number' || !Number.isSafeInteger(codeid) || codeid < 0) return undefined;
  if (typeof start !== 'number' || !Number.isSafeInteger(start)) return undefined;
  return { id: codeid, time: start };
}

const SEVERITY = { pending: 3, active: 2, expired: 1, cleared: 1 } as const;

function stateOf(action: RespondActionItem, now: number) {
  const expires = num(action.expires);
  if (expires === undefined || typeof action.active !== 'boolean' || typeof action.cleared !== 'boolean') return undefined;
  return respondState({ active: action.active, cleared: action.cleared, expires }, now);
}

export function respondActionToIncident(action: RespondActionItem, codeid: number | string, now: number): Incident {
  const label = str(action.label) ?? str(action.action) ?? 'RESPOND action';
  const device = str(action.ip) ?? (num(action.did) !== undefined ? `did ${action.did}` : undefined);
  const state = stateOf(action, now);
  const lines = [`Action: ${label}${str(action.action) && label !== action.action ? ` (${action.action})` : ''}`];
  if (device) lines.push(`Device: ${device}${num(action.did) !== undefined && str(action.ip) ? ` (did ${action.did})` : ''}`);
  if (state) lines.push(`State: ${state === 'pending' ? 'pending (awaits confirmation)' : state}`);
  if (str(action.model)) lines.push(`Model: ${action.model}`);
  if (num(action.pbid)) lines.push(`Model breach: ${action.pbid}`);
  const expires = msToIso(action.expires);
  if (expires) lines.push(`Expires: ${expires}`);
  return {
    name: `${RESPOND_INCIDENT_TYPE} #${codeid}: ${label}${device ? ` on ${device}` : ''}`,
    type: RESPOND_INCIDENT_TYPE,
    occurred: msToIso(action.start) ?? '',
    severity: state ? SEVERITY[state] : 0,
    dbotMirrorId: `respond:${codeid}`,
    details: lines.join('\n'),
    rawJSON: JSON.stringify(action),
  };
}

/** `now` decides pending / active / expired for the severity (the fetch's clock). */
export function respondActionSource(client: DarktraceApi, now: () => number = Date.now): FetchSource<RespondActionItem, RespondActionFilters> {
  return {
    name: RESPOND_SOURCE,
    endpoint: RESPOND_PATH,
    ids: 'integer',
    names: { id: 'codeid', time: 'start' },
    lastRunPrefix: `${RESPOND_SOURCE}.`,
    params: [],
    query: async (slot) => {
      const answer: RespondActionList = await respondActions(client, {
        includecleared: true, includehistory: true, starttime: slot.starttime, endtime: slot.endtime,
      });
      // A fake or a future shape must fail cleanly in the engine (not a list), never crash here.
      return Array.isArray(answer) || isObject(answer) ? actionsOf(answer).actions : (answer as unknown as unknown[]);
    },
    probe: async (slot) => {
      const rows = await respondActionStarts(client, { starttime: slot.starttime, endtime: slot.endtime });
      if (!Array.isArray(rows)) throw new FetchUpstreamError(`the ${RESPOND_SOURCE} source returned something other than a list`, RESPOND_PATH);
      return rows.map((row) => (isObject(row) && typeof row.start === 'number' && Number.isSafeInteger(row.start) ? row.start : undefined));
    },
    parse: (raw) => (isObject(raw) ? raw : undefined),
    key: respondActionKey,
    toIncident: (action, id) => respondActionToIncident(action, id, now()),
  };
}
