// darktrace-get-summary-statistics: appliance-wide counts and bandwidth, or one of its variants (GET
// /summarystatistics): hourly event counts (event_type), cSensor bandwidth (csensor) or MITRE tactics
// (mitre_tactics). The three are mutually exclusive, an end needs event_type, and `hours` is refused: 7.x
// appliances answer 400 to any request carrying it (reference §4.3).
import { EVENT_TYPES, summaryStatistics, type SummaryStatistics } from '../src/darktrace/resources/summarystatistics.js';
import { sparkline } from '../src/markdown/sparkline.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { instantCheck, parseInstant } from '../src/registry/instant.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { msToIso } from '../src/registry/time.js';

export type StatisticsKind = 'summary' | 'events' | 'csensorBandwidth' | 'mitreTactics';

export interface SummaryStatisticsRow {
  kind: StatisticsKind;
  eventType?: string;
  usercredentialcount?: number;
  subnets?: number;
  patterns?: number;
  antigenaDevices?: number;
  antigenaActions?: number;
  devicecount?: Record<string, unknown>;
  bandwidth?: Array<{ time: string; kb: number }>;
  events?: Array<{ time: string; events: number }>;
  mitreTactics?: Array<{ tactic: string; name?: string; totalCount?: number; scoreCount?: number; modelEstimate?: number; modelCount?: number }>;
  modelCount?: number;
  totalCount?: number;
  startTime?: string;
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** Pure transform: whichever shape came back → one row saying which it is, times in ISO 8601. */
export function toOutputs(raw: SummaryStatistics, eventType?: string): SummaryStatisticsRow {
  const bandwidth = raw.bandwidth?.map((p) => ({ time: msToIso(p.timems)!, kb: p.kb }));
  if (raw.events === true || raw.data) {
    return { kind: 'events', eventType, events: (raw.data ?? []).map((p) => ({ time: msToIso(p.timems)!, events: p.events })) };
  }
  if (raw.mitreTactics) {
    return defined({
      kind: 'mitreTactics' as const,
      mitreTactics: raw.mitreTactics.map((t) => defined({ tactic: t.tactic, name: t.name ?? undefined, totalCount: t.totalCount ?? undefined,
        scoreCount: t.scoreCount ?? undefined, modelEstimate: t.modelEstimate ?? undefined, modelCount: t.modelCount ?? undefined })),
      modelCount: raw.modelCount ?? undefined, totalCount: raw.totalCount ?? undefined, startTime: msToIso(raw.startTime),
    });
  }
  if (raw.csensor === true) return { kind: 'csensorBandwidth', bandwidth: bandwidth ?? [] };
  return defined({
    kind: 'summary' as const,
    usercredentialcount: raw.usercredentialcount ?? undefined, subnets: raw.subnets ?? undefined, patterns: raw.patterns ?? undefined,
    antigenaDevices: raw.antigenaDevices ?? undefined, antigenaActions: raw.antigenaActions ?? undefined,
    devicecount: raw.devicecount ?? undefined, bandwidth,
  });
}

const series = (title: string, points: Array<{ time: string; value: number }>, unit: string) => {
  if (points.length === 0) return `### ${title}\n**No entries.**\n`;
  const values = points.map((p) => p.value);
  const peak = points.reduce((a, b) => (b.value > a.value ? b : a));
  return tableToMarkdown(title, [{
    From: points[0].time, To: points[points.length - 1].time, Points: points.length,
    Total: values.reduce((a, b) => a + b, 0), [`Peak ${unit}`]: `${peak.value} at ${peak.time}`, Trend: sparkline(values),
  }], { headers: ['From', 'To', 'Points', 'Total', `Peak ${unit}`, 'Trend'] });
};

export function toReadable(row: SummaryStatisticsRow): string {
  switch (row.kind) {
    case 'events':
      return series(`Darktrace ${row.eventType ?? ''} events per hour`.replace('  ', ' '), (row.events ?? []).map((p) => ({ time: p.time, value: p.events })), 'events');
    case 'csensorBandwidth':
      return series('Darktrace cSensor bandwidth per day', (row.bandwidth ?? []).map((p) => ({ time: p.time, value: p.kb })), 'kb');
    case 'mitreTactics':
      return tableToMarkdown(`Darktrace MITRE ATT&CK tactics since ${row.startTime ?? 'the start'} (${row.modelCount ?? '?'} models)`,
        (row.mitreTactics ?? []).map((t) => ({ Tactic: t.name ?? t.tactic, Events: t.totalCount ?? '', Scored: t.scoreCount ?? '', Models: t.modelCount ?? '', 'Model estimate': t.modelEstimate ?? '' })),
        { headers: ['Tactic', 'Events', 'Scored', 'Models', 'Model estimate'] });
    default: {
      const dc = row.devicecount ?? {};
      const counts = tableToMarkdown('Darktrace summary statistics', [{
        Devices: dc.total ?? '', Clients: dc.totalClient ?? '', Servers: dc.totalServer ?? '', 'Licensed IPs': dc.licenseIPCount ?? '',
        Credentials: row.usercredentialcount ?? '', Subnets: row.subnets ?? '', Patterns: row.patterns ?? '',
        'RESPOND devices (7 d)': row.antigenaDevices ?? '', 'RESPOND actions (7 d)': row.antigenaActions ?? '',
      }], { headers: ['Devices', 'Clients', 'Servers', 'Licensed IPs', 'Credentials', 'Subnets', 'Patterns', 'RESPOND devices (7 d)', 'RESPOND actions (7 d)'] });
      return counts + series('Bandwidth per day', (row.bandwidth ?? []).map((p) => ({ time: p.time, value: p.kb })), 'kb');
    }
  }
}

const P = 'Darktrace.SummaryStatistics';
const HOURS_REFUSED = 'is not supported: Darktrace 7.x appliances answer HTTP 400 (INPUT ERROR) to any summary statistics request with hours. '
  + 'Give event_type with end_time or to instead (28 days of hourly counts before that end).';

export default defineCommand({
  name: 'darktrace-get-summary-statistics',
  description: 'Returns appliance-wide statistics: device counts and daily bandwidth over 28 days by default; or hourly event counts (event_type), '
    + 'cSensor bandwidth (csensor) or a MITRE ATT&CK tactic breakdown (mitre_tactics) — one of the three at most.',
  access: 'read',
  args: {
    event_type: arg.enum(EVENT_TYPES as [string, ...string[]], {
      description: 'Hourly event counts of: saas, csensor, network, loginput, notices, devicedetails, modelevents, or category+type such as networkdevicedetails.',
      aliases: ['eventType'],
    }),
    csensor: arg.bool({ description: 'true: cSensor (Darktrace/Endpoint) bandwidth only; false: network bandwidth (the default shape).' }),
    mitre_tactics: arg.bool({ description: 'true: MITRE ATT&CK tactic breakdown (no device counts).', aliases: ['mitreTactics'] }),
    end_time: arg.string({ description: 'With event_type: the end of the 28-day window (epoch ms or ISO 8601).', check: instantCheck, aliases: ['endTime'] }),
    to: arg.string({ description: 'With event_type: the end of the window as Darktrace writes it, YYYY-MM-DD HH:MM:SS (UTC).', pattern: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/, patternDescription: 'YYYY-MM-DD HH:MM:SS' }),
    hours: arg.int({ description: 'Not supported (7.x appliances answer 400 to it); use end_time or to.', check: () => HOURS_REFUSED }),
  },
  outputs: [
    { contextPath: `${P}.kind`, type: 'String', description: 'summary, events, csensorBandwidth or mitreTactics.' },
    { contextPath: `${P}.eventType`, type: 'String', description: 'The event type counted (events).' },
    { contextPath: `${P}.usercredentialcount`, type: 'Number', description: 'User credentials seen in 28 days (summary).' },
    { contextPath: `${P}.subnets`, type: 'Number', description: 'Subnets (summary).' },
    { contextPath: `${P}.patterns`, type: 'Number', description: 'Patterns over 12 weeks (summary).' },
    { contextPath: `${P}.antigenaDevices`, type: 'Number', description: 'Devices with RESPOND actions in 7 days (summary).' },
    { contextPath: `${P}.antigenaActions`, type: 'Number', description: 'RESPOND actions in 7 days (summary).' },
    { contextPath: `${P}.devicecount`, type: 'Unknown', description: 'Device counts by type over 7 days, with saas per service and totals (summary).' },
    { contextPath: `${P}.bandwidth.time`, type: 'Date', description: 'Bandwidth bucket (24 h) start.' },
    { contextPath: `${P}.bandwidth.kb`, type: 'Number', description: 'Bandwidth in the bucket (kb).' },
    { contextPath: `${P}.events.time`, type: 'Date', description: 'Event bucket (1 h) start.' },
    { contextPath: `${P}.events.events`, type: 'Number', description: 'Events in the bucket.' },
    { contextPath: `${P}.mitreTactics.tactic`, type: 'String', description: 'MITRE tactic id, e.g. lateral-movement.' },
    { contextPath: `${P}.mitreTactics.name`, type: 'String', description: 'MITRE tactic name.' },
    { contextPath: `${P}.mitreTactics.totalCount`, type: 'Number', description: 'Events of the tactic.' },
    { contextPath: `${P}.mitreTactics.scoreCount`, type: 'Number', description: 'Scored events of the tactic.' },
    { contextPath: `${P}.mitreTactics.modelEstimate`, type: 'Number', description: 'Model estimate.' },
    { contextPath: `${P}.mitreTactics.modelCount`, type: 'Number', description: 'Models of the tactic.' },
    { contextPath: `${P}.modelCount`, type: 'Number', description: 'Models (mitreTactics).' },
    { contextPath: `${P}.totalCount`, type: 'Number', description: 'Events (mitreTactics).' },
    { contextPath: `${P}.startTime`, type: 'Date', description: 'Start of the MITRE window.' },
  ],
  async run(args, { client }) {
    const modifiers = (['event_type', 'csensor', 'mitre_tactics'] as const).filter((k) => args[k] !== undefined);
    if (modifiers.length > 1) {
      throw new ArgumentError(modifiers.slice(1).map((path) => ({
        path, message: `cannot be combined with ${modifiers[0]}: Darktrace takes only one of event_type, csensor and mitre_tactics`,
      })));
    }
    const ends = (['end_time', 'to'] as const).filter((k) => args[k] !== undefined);
    if (ends.length > 1) throw new ArgumentError([{ path: 'to', message: 'cannot be combined with end_time: give one end' }]);
    if (ends.length === 1 && args.event_type === undefined) {
      throw new ArgumentError([{ path: ends[0], message: 'needs event_type (Darktrace ignores an end without it)' }]);
    }
    const raw = await summaryStatistics(client, {
      eventtype: args.event_type,
      csensor: args.csensor,
      mitreTactics: args.mitre_tactics,
      endtime: args.end_time === undefined ? undefined : parseInstant(args.end_time),
      to: args.to?.replace('T', ' '),
    });
    const outputs = toOutputs(raw, args.event_type);
    return { outputsPrefix: P, outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
