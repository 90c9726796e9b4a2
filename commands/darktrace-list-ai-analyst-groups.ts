// darktrace-list-ai-analyst-groups: AI Analyst incidents, i.e. groups of events (GET /aianalyst/groups).
// On this endpoint group_id overrides every filter and uuid all but group_id (the reverse of incidentevents).
import { FILTER_ARGS, filterQuery } from '../src/aianalyst/filters.js';
import { incidentGroups, type IncidentGroup } from '../src/darktrace/resources/aianalyst.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { defineCommand, msToIso } from '../src/registry/index.js';

export interface GroupRow {
  id: string;
  active?: boolean;
  acknowledged: boolean;
  pinned: boolean;
  category?: string;
  groupScore?: number;
  start?: string;
  end?: string;
  devices: number[];
  initialDevices: number[];
  mitreTactics: string[];
  previousIds: string[];
  events: Array<{ uuid: string; title?: string; start?: string; triggerDid?: number }>;
  groupUrl?: string;
}

/** Pure transform: a group → its `Darktrace.AIAnalyst.Group` row (times ISO, score a number). */
export function toGroupRow(g: IncidentGroup): GroupRow {
  const row: GroupRow = {
    id: g.id, acknowledged: g.acknowledged === true, pinned: g.pinned === true, devices: g.devices ?? [], initialDevices: g.initialDevices ?? [],
    mitreTactics: g.mitreTactics ?? [], previousIds: g.previousIds ?? [],
    events: (g.incidentEvents ?? []).map((e) => {
      const ev: GroupRow['events'][number] = { uuid: e.uuid };
      if (e.title) ev.title = e.title;
      const start = msToIso(e.start);
      if (start) ev.start = start;
      if (typeof e.triggerDid === 'number') ev.triggerDid = e.triggerDid;
      return ev;
    }),
  };
  if (typeof g.active === 'boolean') row.active = g.active;
  if (g.category) row.category = g.category;
  if (g.groupScore !== undefined) row.groupScore = g.groupScore;
  const start = msToIso(g.start);
  if (start) row.start = start;
  const end = msToIso(g.end);
  if (end) row.end = end;
  if (g.groupUrl) row.groupUrl = g.groupUrl;
  return row;
}

export function toReadable(rows: GroupRow[]): string {
  return tableToMarkdown('AI Analyst incidents', rows.map((r) => ({
    ID: r.id, Category: r.category ?? '', Score: r.groupScore === undefined ? '' : Math.round(r.groupScore * 10) / 10,
    Events: r.events.map((e) => e.title ?? e.uuid).join('; '), Devices: r.devices.join(', '), Start: r.start ?? '', End: r.end ?? '',
    Acknowledged: r.acknowledged, Pinned: r.pinned,
  })), { headers: ['ID', 'Category', 'Score', 'Events', 'Devices', 'Start', 'End', 'Acknowledged', 'Pinned'] });
}

const P = 'Darktrace.AIAnalyst.Group';
export default defineCommand({
  name: 'darktrace-list-ai-analyst-groups',
  description: 'Lists AI Analyst incidents (groups of incident events) with the same filters as the event list; group_id or uuid pick one incident.',
  access: 'read',
  args: { ...FILTER_ARGS },
  outputs: [
    { contextPath: `${P}.id`, type: 'String', description: 'Incident (group) ID.' },
    { contextPath: `${P}.active`, type: 'Boolean', description: 'Whether the incident is still active.' },
    { contextPath: `${P}.acknowledged`, type: 'Boolean', description: 'Acknowledged.' },
    { contextPath: `${P}.pinned`, type: 'Boolean', description: 'Pinned.' },
    { contextPath: `${P}.category`, type: 'String', description: 'critical, suspicious or compliance.' },
    { contextPath: `${P}.groupScore`, type: 'Number', description: 'Incident score, 0-100.' },
    { contextPath: `${P}.start`, type: 'Date', description: 'First activity (ISO 8601).' },
    { contextPath: `${P}.end`, type: 'Date', description: 'Last activity (ISO 8601).' },
    { contextPath: `${P}.devices`, type: 'Number', description: 'Device IDs involved.' },
    { contextPath: `${P}.initialDevices`, type: 'Number', description: 'Device IDs the incident started from.' },
    { contextPath: `${P}.mitreTactics`, type: 'String', description: 'MITRE ATT&CK tactics.' },
    { contextPath: `${P}.previousIds`, type: 'String', description: 'IDs of incidents merged into this one.' },
    { contextPath: `${P}.events.uuid`, type: 'String', description: 'Event UUID.' },
    { contextPath: `${P}.events.title`, type: 'String', description: 'Event title.' },
    { contextPath: `${P}.events.start`, type: 'Date', description: 'Event start (ISO 8601).' },
    { contextPath: `${P}.events.triggerDid`, type: 'Number', description: 'Device that triggered the event.' },
    { contextPath: `${P}.groupUrl`, type: 'String', description: 'Link to the incident (when Darktrace gives it).' },
  ],
  async run(args, { client, now }) {
    const raw = await incidentGroups(client, { ...filterQuery(args, now().getTime()), minscore: args.min_group_score });
    if (raw.length === 0) return { readableOutput: '### No AI Analyst incidents match', rawResponse: raw };
    const outputs = raw.map(toGroupRow);
    return { outputsPrefix: P, outputsKeyField: 'id', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
