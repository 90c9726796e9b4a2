// /aianalyst/*: AI Analyst incident events, incidents (groups), acknowledge / pin, and comments.
// Quirks (reference §6): the window defaults to the last 7 days and pinned events always come back unless
// includeallpinned=false; on incidentevents `uuid` overrides every filter and `groupid` all but uuid, on groups
// the reverse; acknowledge/unacknowledge/pin/unpin take a FORM body only and answer {"aianalyst":"SUCCESS"};
// a comment POST is JSON and 7.0.42 may answer SUCCESS without storing it (SDK #62), so it is read back;
// `groupScore`/`aiaScore` are floats or numeric strings; `details` comes in two unrelated formats.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

/** A score as sent: a number or a numeric string (guide example `"72.9174234"`); anything else is absent. */
export const Score = z.union([z.number(), z.string(), z.null()]).optional().transform((v) => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
});

export const BreachDevice = z.looseObject({
  identifier: z.string().nullish(),
  hostname: z.string().nullish(),
  ip: z.string().nullish(),
  did: z.number().nullish(),
  sid: z.number().nullish(),
});
export const RelatedBreach = z.looseObject({
  modelName: z.string().nullish(),
  pbid: z.number().nullish(),
  threatScore: Score,
  timestamp: z.number().nullish(),
});

export const IncidentEvent = z.looseObject({
  id: z.string(),
  title: z.string().nullish(),
  summariser: z.string().nullish(),
  summary: z.string().nullish(),
  acknowledged: z.boolean().nullish(),
  pinned: z.boolean().nullish(),
  createdAt: z.number().nullish(),
  category: z.string().nullish(),
  currentGroup: z.string().nullish(),
  groupCategory: z.string().nullish(),
  groupScore: Score,
  aiaScore: Score,
  attackPhases: z.array(z.number()).nullish(),
  mitreTactics: z.array(z.string()).nullish(),
  periods: z.array(z.looseObject({ start: z.number().nullish(), end: z.number().nullish() })).nullish(),
  breachDevices: z.array(BreachDevice).nullish(),
  relatedBreaches: z.array(RelatedBreach).nullish(),
  sender: z.string().nullish(),
  incidentEventUrl: z.string().nullish(),
  details: z.unknown().optional(),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export const IncidentGroup = z.looseObject({
  id: z.string(),
  active: z.boolean().nullish(),
  acknowledged: z.boolean().nullish(),
  pinned: z.boolean().nullish(),
  category: z.string().nullish(),
  groupScore: Score,
  start: z.number().nullish(),
  end: z.number().nullish(),
  devices: z.array(z.number()).nullish(),
  initialDevices: z.array(z.number()).nullish(),
  mitreTactics: z.array(z.string()).nullish(),
  previousIds: z.array(z.string()).nullish(),
  groupUrl: z.string().nullish(),
  incidentEvents: z.array(z.looseObject({
    uuid: z.string(), title: z.string().nullish(), start: z.number().nullish(), triggerDid: z.number().nullish(),
  })).nullish(),
  edges: z.array(z.unknown()).nullish(),
});
export type IncidentGroup = z.infer<typeof IncidentGroup>;

export const AiAnalystComment = z.looseObject({
  message: z.string(),
  username: z.string().nullish(),
  time: z.number().nullish(),
  incident_id: z.string().nullish(),
});
export type AiAnalystComment = z.infer<typeof AiAnalystComment>;
export const AiAnalystComments = z.looseObject({ comments: z.array(AiAnalystComment).nullish() });

/** `{"aianalyst":"SUCCESS"}` (captured) or `{"response":"SUCCESS"}` (DOC). */
export const AiAnalystAnswer = z.looseObject({ aianalyst: z.string().optional(), response: z.string().optional() });
const success = { anyOf: [{ field: 'aianalyst', equals: 'SUCCESS' }, { field: 'response', equals: 'SUCCESS' }] } as const;

const FILTERS = ['starttime', 'endtime', 'includeacknowledged', 'includeallpinned', 'uuid', 'groupid', 'locale'] as const;

export const incidentEvents = defineEndpoint({
  method: 'get',
  path: '/aianalyst/incidentevents',
  query: [...FILTERS, 'mingroupscore', 'includeincidenteventurl'],
  response: z.array(IncidentEvent),
  send: 'retry',
});

export const incidentGroups = defineEndpoint({
  method: 'get',
  path: '/aianalyst/groups',
  query: [...FILTERS, 'minscore'],
  response: z.array(IncidentGroup),
  send: 'retry',
});

export const acknowledgeEvent = defineEndpoint({
  method: 'post', path: '/aianalyst/acknowledge', form: ['uuid'], response: AiAnalystAnswer, send: 'once', confirm: success,
});
export const unacknowledgeEvent = defineEndpoint({
  method: 'post', path: '/aianalyst/unacknowledge', form: ['uuid'], response: AiAnalystAnswer, send: 'once', confirm: success,
});
export const pinEvent = defineEndpoint({
  method: 'post', path: '/aianalyst/pin', form: ['uuid'], response: AiAnalystAnswer, send: 'once', confirm: success,
});
export const unpinEvent = defineEndpoint({
  method: 'post', path: '/aianalyst/unpin', form: ['uuid'], response: AiAnalystAnswer, send: 'once', confirm: success,
});

export const eventComments = defineEndpoint({
  method: 'get',
  path: '/aianalyst/incident/comments',
  query: ['incident_id'],
  response: AiAnalystComments,
  send: 'retry',
});

export const commentOnEvent = defineEndpoint({
  method: 'post',
  path: '/aianalyst/incident/comments',
  json: ['incident_id', 'message'],
  response: AiAnalystAnswer,
  send: 'once',
  confirm: success,
});

// ---- `details`: a tolerant walker over both real formats ------------------------------------------------
// Sectioned (network events): [[{header, contents:[{key|null, type, values}]}], …].
// Block (SaaS, 2022): [{blockType, blocks:[{blockHeader, bulletBlocks:[[{detailKey, valueType, detailValues}]]}]}].
// Anything else (a future format, a hand-edited mock) yields no lines rather than an error.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One value as text: devices by hostname/ip, ranges as `a – b`, timestamps (ms) as ISO. */
export function detailValueText(type: unknown, value: unknown): string {
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  if (isRecord(value)) {
    if ('start' in value || 'end' in value) return `${detailValueText(t.replace('range', ''), value.start)} – ${detailValueText(t.replace('range', ''), value.end)}`;
    const name = value.hostname ?? value.identifier ?? value.ip ?? value.did;
    return name === undefined || name === null ? JSON.stringify(value) : String(name);
  }
  if (t.startsWith('time') && typeof value === 'number') return new Date(value).toISOString().replace('.000Z', 'Z');
  return value === null || value === undefined ? '' : String(value);
}

const line = (header: unknown, key: unknown, type: unknown, values: unknown): string | undefined => {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const text = values.map((v) => detailValueText(type, v)).filter((s) => s !== '').join(', ');
  const label = [header, key].filter((s) => typeof s === 'string' && s !== '').join(' / ');
  return label ? `${label}: ${text}` : text;
};

/** `details` → `Header / Key: value, value` lines, in order, whichever format it is. */
export function summariseDetails(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  const out: string[] = [];
  const push = (s: string | undefined) => { if (s) out.push(s); };
  for (const item of details) {
    if (isRecord(item) && Array.isArray(item.blocks)) {
      for (const block of item.blocks) {
        if (!isRecord(block) || !Array.isArray(block.bulletBlocks)) continue;
        for (const bullets of block.bulletBlocks) {
          for (const d of Array.isArray(bullets) ? bullets : [bullets]) {
            if (isRecord(d)) push(line(block.blockHeader, d.detailKey, d.valueType, d.detailValues));
          }
        }
      }
      continue;
    }
    for (const section of Array.isArray(item) ? item : [item]) {
      if (!isRecord(section) || !Array.isArray(section.contents)) continue;
      for (const c of section.contents) if (isRecord(c)) push(line(section.header, c.key, c.type, c.values));
    }
  }
  return out;
}
