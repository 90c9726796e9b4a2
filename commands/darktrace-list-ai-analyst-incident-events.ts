// darktrace-list-ai-analyst-incident-events: AI Analyst incident events (GET /aianalyst/incidentevents).
// `details` comes in two unrelated formats: kept raw in context, summarised line by line in the table.
// includeincidenteventurl=true is always sent, so each event carries its Threat Visualizer link (`incidentEventUrl`;
// Darktrace builds it from the FQDN configured on the appliance), as fetched incidents do.
import { incidentEvents, summariseDetails, type IncidentEvent } from '../src/darktrace/resources/aianalyst.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { FILTER_ARGS, filterQuery } from '../src/aianalyst/filters.js';
import { defineCommand, msToIso } from '../src/registry/index.js';

export interface EventRow {
  uuid: string;
  title?: string;
  summariser?: string;
  summary?: string;
  category?: string;
  acknowledged: boolean;
  pinned: boolean;
  createdAt?: string;
  groupId?: string;
  groupCategory?: string;
  groupScore?: number;
  aiaScore?: number;
  attackPhases: number[];
  mitreTactics: string[];
  periods: Array<{ start?: string; end?: string }>;
  breachDevices: Array<{ did?: number; hostname?: string; ip?: string; identifier?: string; sid?: number }>;
  relatedBreaches: Array<{ pbid?: number; modelName?: string; threatScore?: number; time?: string }>;
  incidentEventUrl?: string;
  /** Darktrace's `details`, as received (two formats exist). */
  details?: unknown;
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** Pure transform: an event → its `Darktrace.AIAnalyst.Event` row (times ISO, scores numbers). */
export function toEventRow(e: IncidentEvent): EventRow {
  return defined({
    uuid: e.id, title: e.title ?? undefined, summariser: e.summariser ?? undefined, summary: e.summary ?? undefined,
    category: e.category ?? undefined, acknowledged: e.acknowledged === true, pinned: e.pinned === true, createdAt: msToIso(e.createdAt),
    groupId: e.currentGroup ?? undefined, groupCategory: e.groupCategory ?? undefined, groupScore: e.groupScore, aiaScore: e.aiaScore,
    attackPhases: e.attackPhases ?? [], mitreTactics: e.mitreTactics ?? [],
    periods: (e.periods ?? []).map((p) => defined({ start: msToIso(p.start), end: msToIso(p.end) })),
    breachDevices: (e.breachDevices ?? []).map((d) => defined({ did: d.did ?? undefined, hostname: d.hostname ?? undefined, ip: d.ip ?? undefined, identifier: d.identifier ?? undefined, sid: d.sid ?? undefined })),
    relatedBreaches: (e.relatedBreaches ?? []).map((b) => defined({ pbid: b.pbid ?? undefined, modelName: b.modelName ?? undefined, threatScore: b.threatScore, time: msToIso(b.timestamp) })),
    incidentEventUrl: e.incidentEventUrl ?? undefined,
    details: e.details,
  });
}

const round = (n: number | undefined) => (n === undefined ? '' : Math.round(n * 10) / 10);

export function toReadable(rows: EventRow[]): string {
  return tableToMarkdown('AI Analyst incident events', rows.map((r) => ({
    UUID: r.uuid, Title: r.title ?? '', Category: r.category ?? '', Incident: r.groupId ?? '', 'Incident score': round(r.groupScore),
    'Event score': round(r.aiaScore), Devices: r.breachDevices.map((d) => d.hostname ?? d.ip ?? d.identifier ?? `did ${d.did}`).join(', '),
    Created: r.createdAt ?? '', Acknowledged: r.acknowledged, Pinned: r.pinned,
    Details: summariseDetails(r.details).slice(0, 4).join('; ').slice(0, 300),
  })), { headers: ['UUID', 'Title', 'Category', 'Incident', 'Incident score', 'Event score', 'Devices', 'Created', 'Acknowledged', 'Pinned', 'Details'] });
}

const P = 'Darktrace.AIAnalyst.Event';
export default defineCommand({
  name: 'darktrace-list-ai-analyst-incident-events',
  description: 'Lists AI Analyst incident events (by default the last 7 days, unacknowledged, without old pinned ones), newest first; uuid or group_id pick one event or incident.',
  access: 'read',
  args: { ...FILTER_ARGS },
  outputs: [
    { contextPath: `${P}.uuid`, type: 'String', description: 'Event UUID.' },
    { contextPath: `${P}.title`, type: 'String', description: 'Title.' },
    { contextPath: `${P}.summariser`, type: 'String', description: 'The AI Analyst summariser that wrote it.' },
    { contextPath: `${P}.summary`, type: 'String', description: 'Summary text.' },
    { contextPath: `${P}.category`, type: 'String', description: 'critical, suspicious or compliance.' },
    { contextPath: `${P}.acknowledged`, type: 'Boolean', description: 'Acknowledged.' },
    { contextPath: `${P}.pinned`, type: 'Boolean', description: 'Pinned.' },
    { contextPath: `${P}.createdAt`, type: 'Date', description: 'Created (ISO 8601).' },
    { contextPath: `${P}.groupId`, type: 'String', description: 'Incident (group) ID.' },
    { contextPath: `${P}.groupCategory`, type: 'String', description: 'Incident category.' },
    { contextPath: `${P}.groupScore`, type: 'Number', description: 'Incident score, 0-100.' },
    { contextPath: `${P}.aiaScore`, type: 'Number', description: 'Event score, 0-100.' },
    { contextPath: `${P}.attackPhases`, type: 'Number', description: 'Attack phases.' },
    { contextPath: `${P}.mitreTactics`, type: 'String', description: 'MITRE ATT&CK tactics.' },
    { contextPath: `${P}.periods`, type: 'Unknown', description: 'Activity periods {start, end} (ISO 8601).' },
    { contextPath: `${P}.breachDevices`, type: 'Unknown', description: 'Devices involved {did, hostname, ip, identifier, sid}.' },
    { contextPath: `${P}.relatedBreaches`, type: 'Unknown', description: 'Related model breaches {pbid, modelName, threatScore, time}.' },
    { contextPath: `${P}.incidentEventUrl`, type: 'String', description: 'Link to the event in the Threat Visualizer (when Darktrace gives it).' },
    { contextPath: `${P}.details`, type: 'Unknown', description: 'Darktrace\'s details, as received (two formats exist).' },
  ],
  async run(args, { client, now }) {
    const raw = await incidentEvents(client, { ...filterQuery(args, now().getTime()), mingroupscore: args.min_group_score, includeincidenteventurl: true });
    if (raw.length === 0) return { readableOutput: '### No AI Analyst incident events match', rawResponse: raw };
    const outputs = raw.map(toEventRow);
    return { outputsPrefix: P, outputsKeyField: 'uuid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
