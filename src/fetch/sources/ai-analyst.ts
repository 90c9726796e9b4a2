// AI Analyst incident events as a fetch source (SPEC §9): GET /aianalyst/incidentevents by event creation
// (`createdAt`), acknowledged events included and pinned ones only inside the window (includeallpinned=false:
// the official pack's fetch left it at its default, true, and got every pinned event back on every fetch),
// at or above `min_group_score`, each with its UI link `incidentEventUrl` (includeincidenteventurl=true; the
// appliance adds it only when its FQDN is configured, so the link may be absent). One incident per event; `currentGroup` (the AI Analyst incident it belongs
// to) is kept in the details and the raw JSON so a SOAR can group them.
//
// Incident: name `Darktrace AI Analyst Event: <title>` (`… <uuid>` without a title), type
// `Darktrace AI Analyst Event`, occurred = the first activity period's start (createdAt without one),
// severity from the group's category (critical 4, suspicious 3, compliance 2, informational 1), else from the
// group score 0–100 with the model-breach bands (≥ 90 → 4, ≥ 75 → 3, ≥ 45 → 2, else 1), else 0 (unknown);
// dbotMirrorId `aia:<uuid>` so it never collides with a pbid.
//
// Crossing and splitting time (engine.ts header, "Galloping"): /aianalyst/incidentevents documents no
// `responsedata` (nor any count or lighter listing by creation time: /aianalyst/groups selects whole incidents
// and reports activity starts, not event creation), so the source has no probe. A long window is crossed by
// reads that widen over empty time (an empty answer is a few bytes) and never span more than half of what
// remains; `maxSlotMs` (7 days) caps a read once events are being met (tens a day: a slot still holds hundreds).
import { incidentEvents } from '../../darktrace/resources/aianalyst.js';
import type { DarktraceApi } from '../../darktrace/resources/endpoint.js';
import { msToIso } from '../../registry/time.js';
import { isObject } from '../../util/json.js';
import type { FetchParamSpec } from '../params.js';
import { SPARSE_SLOT_MS } from '../source.js';
import type { FetchSource, Incident, ItemKey } from '../source.js';

export type AiAnalystEvent = Record<string, unknown>;

export interface AiAnalystFilters {
  /** Minimum score of the event's AI Analyst incident (group), 0–100 (`mingroupscore`). */
  minGroupScore: number;
}

export const AI_ANALYST_SOURCE = 'ai-analyst';
export const AI_ANALYST_INCIDENT_TYPE = 'Darktrace AI Analyst Event';
export const AI_ANALYST_PATH = incidentEvents.path;

export const AI_ANALYST_PARAMS: readonly FetchParamSpec[] = Object.freeze<FetchParamSpec[]>([
  {
    name: 'min_group_score', key: 'minGroupScore', aliases: [], kind: 'int', min: 0, max: 100, default: 0,
    description: 'AI Analyst events: minimum score of their AI Analyst incident (group), 0-100.',
    integration: { display: 'Minimum AI Analyst incident score for fetched AI Analyst events (0-100)', type: 0, required: false },
  },
]);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** A score as sent: a number or a numeric string (groupScore `"72.9"`). */
function scoreOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function aiAnalystKey(event: AiAnalystEvent): ItemKey | undefined {
  const id = event.id;
  const time = event.createdAt;
  if (typeof id !== 'string' || id === '' || typeof time !== 'number' || !Number.isSafeInteger(time)) return undefined;
  return { id, time };
}

const CATEGORY_SEVERITY: Record<string, number> = { informational: 1, compliance: 2, suspicious: 3, critical: 4 };

export function aiAnalystSeverity(event: AiAnalystEvent): number {
  const category = str(event.groupCategory)?.trim().toLowerCase();
  const byCategory = category ? CATEGORY_SEVERITY[category] : undefined;
  if (byCategory !== undefined) return byCategory;
  const score = scoreOf(event.groupScore);
  if (score === undefined) return 0;
  if (score >= 90) return 4;
  if (score >= 75) return 3;
  if (score >= 45) return 2;
  return 1;
}

function devicesText(event: AiAnalystEvent): string | undefined {
  const devices = Array.isArray(event.breachDevices) ? event.breachDevices.filter(isObject) : [];
  const names = devices.map((d) => {
    const label = str(d.hostname) ?? str(d.identifier);
    const ip = str(d.ip);
    return label && ip ? `${label} (${ip})` : (label ?? ip ?? (typeof d.did === 'number' ? `did ${d.did}` : undefined));
  }).filter((n): n is string => n !== undefined);
  return names.length ? names.join(', ') : undefined;
}

export function aiAnalystDetails(event: AiAnalystEvent): string {
  const lines: string[] = [];
  const title = str(event.title);
  if (title) lines.push(`Event: ${title}`);
  const group = str(event.currentGroup);
  if (group) {
    const category = str(event.groupCategory);
    const score = scoreOf(event.groupScore);
    const about = [category, score === undefined ? undefined : `score ${Math.round(score)}`].filter(Boolean).join(', ');
    lines.push(`AI Analyst incident: ${group}${about ? ` (${about})` : ''}`);
  }
  const devices = devicesText(event);
  if (devices) lines.push(`Devices: ${devices}`);
  const summary = str(event.summary);
  if (summary) lines.push(`Summary: ${summary.replace(/\s+/g, ' ').trim()}`);
  return lines.join('\n');
}

export function aiAnalystToIncident(event: AiAnalystEvent, uuid: string | number = String(event.id)): Incident {
  const title = str(event.title);
  const periods = Array.isArray(event.periods) ? event.periods : [];
  const first = isObject(periods[0]) ? periods[0].start : undefined;
  return {
    name: title ? `${AI_ANALYST_INCIDENT_TYPE}: ${title}` : `${AI_ANALYST_INCIDENT_TYPE} ${uuid}`,
    type: AI_ANALYST_INCIDENT_TYPE,
    occurred: msToIso(first) ?? msToIso(event.createdAt) ?? '',
    severity: aiAnalystSeverity(event),
    dbotMirrorId: `aia:${uuid}`,
    details: aiAnalystDetails(event),
    rawJSON: JSON.stringify(event),
  };
}

export function aiAnalystSource(client: DarktraceApi): FetchSource<AiAnalystEvent, AiAnalystFilters> {
  return {
    name: AI_ANALYST_SOURCE,
    endpoint: AI_ANALYST_PATH,
    ids: 'string',
    names: { id: 'id', time: 'createdAt' },
    maxSlotMs: SPARSE_SLOT_MS,
    lastRunPrefix: `${AI_ANALYST_SOURCE}.`,
    params: AI_ANALYST_PARAMS,
    query: (slot, filters) => incidentEvents(client, {
      starttime: slot.starttime, endtime: slot.endtime, includeacknowledged: true, includeallpinned: false, mingroupscore: filters.minGroupScore,
      includeincidenteventurl: true,
    }),
    parse: (raw) => (isObject(raw) ? raw : undefined),
    key: aiAnalystKey,
    toIncident: (event, id) => aiAnalystToIncident(event, id),
  };
}
