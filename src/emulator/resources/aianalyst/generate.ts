// Seeded AI Analyst data: the captured events and groups verbatim (2022–2023, so outside the default 7-day
// window; most are pinned and come back anyway), plus generated incidents inside the last 6 days over the
// seeded devices and breaches, in both `details` formats and with a string groupScore (the guide's example).
import incidentEvents from '../../fixtures/darktrace-extended/aianalyst_incidentevents.json' with { type: 'json' };
import withUrl from '../../fixtures/darktrace-extended/aianalyst_incidentevents_with_url.json' with { type: 'json' };
import saasBlocks from '../../fixtures/darktrace-extended/aianalyst_incidentevents_saas_blocks.json' with { type: 'json' };
import groups from '../../fixtures/darktrace-extended/aianalyst_groups.json' with { type: 'json' };
import comments from '../../fixtures/darktrace-extended/aianalyst_comments.json' with { type: 'json' };
import { clone, envelope } from '../../fixtures.js';
import { int, pick, rngFor, uuidFrom } from '../../prng.js';
import { DAY, HOUR } from '../../time.js';
import type { Json, JsonObject } from '../../types.js';
import type { Device } from '../devices/types.js';

export interface AiaComment { username: string; time: number; incident_id: string; message: string }

export const capturedEvents = (): JsonObject[] => [
  ...envelope<JsonObject[]>(incidentEvents, 'aianalyst_incidentevents.json').response,
  ...envelope<JsonObject[]>(withUrl, 'aianalyst_incidentevents_with_url.json').response,
  ...envelope<JsonObject[]>(saasBlocks, 'aianalyst_incidentevents_saas_blocks.json').response,
].map(clone);
export const capturedGroups = (): JsonObject[] => envelope<JsonObject[]>(groups, 'aianalyst_groups.json').response.map(clone);
export const capturedComments = (): AiaComment[] =>
  (envelope<{ comments: AiaComment[] }>(comments, 'aianalyst_comments.json').response.comments).map(clone);

interface Template {
  summariser: string; title: string; category: 'critical' | 'suspicious' | 'compliance'; tactics: string[]; phases: number[];
  summary: string; modelName: string;
}
const TEMPLATES: readonly Template[] = [
  { summariser: 'BeaconSummary', title: 'Possible SSL Command and Control', category: 'critical', tactics: ['command-and-control'], phases: [3],
    summary: 'The device {host} was observed making repeated SSL connections to a rare external endpoint.\n\nRegular connections to a rare destination can indicate command and control.', modelName: 'Compromise / SSL Beaconing to Rare Destination' },
  { summariser: 'ExternalTransferSummary', title: 'Unusual External Data Transfer', category: 'critical', tactics: ['exfiltration'], phases: [6],
    summary: 'The device {host} was observed uploading an unusual volume of data to a rare external endpoint.\n\nThis can indicate data egress.', modelName: 'Anomalous Connection / Data Sent to Rare Domain' },
  { summariser: 'ScanSummary', title: 'TCP Port Scanning', category: 'suspicious', tactics: ['discovery'], phases: [4],
    summary: 'The device {host} made an unusually large number of internal connection attempts.\n\nScanning is used during reconnaissance.', modelName: 'Device / Attack and Recon Tools' },
  { summariser: 'AdminConnSummary', title: 'Unusual Administrative Connections', category: 'suspicious', tactics: ['lateral-movement'], phases: [5],
    summary: 'The device {host} opened administrative sessions to devices it does not usually administer.', modelName: 'Anomalous Connection / Unusual Admin SMB Session' },
  { summariser: 'SaasHijackSummary', title: 'Possible Hijack of Office365 Account', category: 'compliance', tactics: ['initial-access'], phases: [1],
    summary: 'A SaaS account was used from an unusual location.', modelName: 'SaaS / Access / Unusual External Source for SaaS Credential Use' },
];

/** Sectioned `details` (network events). */
function sectioned(device: Device, hostname: string, start: number, end: number, bytes: number): Json {
  return [
    [{ header: 'Activity Details', contents: [
      { key: 'Time', type: 'timestampRange', values: [{ start, end }] },
      { key: 'Source device', type: 'device', values: [{ identifier: device.hostname ?? device.ip ?? null, hostname: device.hostname ?? null, ip: device.ip ?? null, mac: device.macaddress ?? null, subnet: null, did: device.did, sid: device.sid }] },
      { key: 'Uploaded', type: 'dataVolume', values: [bytes] },
    ] }],
    [{ header: 'Endpoint Details', contents: [
      { key: 'Endpoint', type: 'string', values: [hostname] },
      { key: 'Destination port', type: 'integerRange', values: [{ start: '1', end: '65389' }] },
      { key: null, type: 'string', values: ['Destination endpoint is rare for the network'] },
    ] }],
  ];
}

/** Block `details` (the 2022 SaaS format). */
function blocks(device: Device, start: number, end: number): Json {
  return [{ blockType: 'single', blocks: [{ blockHeader: 'SaaS User Details', bulletBlocks: [[
    { detailKey: 'SaaS account', valueType: 'device', detailValues: [{ identifier: device.hostname ?? null, hostname: device.hostname ?? null, ip: null, mac: null, subnet: null, did: device.did, sid: device.sid }] },
    { detailKey: 'Time', valueType: 'timeRange', detailValues: [{ start, end }] },
  ]] }] }];
}

/**
 * Four incidents (2–4 events each) created in the 6 days before `now`: one wholly acknowledged, one with a
 * pinned event, one whose groupScore is served as a numeric string.
 */
export function generateEvents(seed: number, now: number, devices: Map<number, Device>, pbids: number[]): JsonObject[] {
  const r = rngFor(seed, 'aianalyst');
  const network = [...devices.values()].filter((d) => d.sid !== -9);
  const saas = [...devices.values()].filter((d) => d.sid === -9);
  const out: JsonObject[] = [];
  const hosts = ['rare-domain.xyz', 'ngrok.io', 'pastebin.com', 'cdn.fastfiles.io'];
  for (let g = 0; g < 4; g++) {
    const founder = uuidFrom(r);
    const groupId = `g${founder}`;
    const size = int(r, 2, 4);
    const groupScore: number | string = g === 2 ? '72.9174234' : Math.round(r() * 90_000 + 5_000) / 1000;
    const base = now - (g * 36 + int(r, 1, 20)) * HOUR;
    const groupCategory = g === 0 ? 'critical' : g === 1 ? 'suspicious' : pick(r, ['critical', 'suspicious'] as const);
    for (let k = 0; k < size; k++) {
      const t = TEMPLATES[(g + k) % TEMPLATES.length];
      const device = t.summariser === 'SaasHijackSummary' && saas.length > 0 ? pick(r, saas) : pick(r, network);
      const id = k === 0 ? founder : uuidFrom(r);
      const start = base + k * 20 * 60_000;
      const end = start + int(r, 1, 900) * 1000;
      const pbid = pick(r, pbids);
      const host = device.hostname ?? device.ip ?? `device ${device.did}`;
      out.push({
        summariser: t.summariser, acknowledged: g === 3, pinned: g === 1 && k === 0, createdAt: end + int(r, 60, 600) * 1000,
        attackPhases: t.phases, mitreTactics: t.tactics, title: t.title, id, children: [id], category: t.category,
        currentGroup: groupId, groupCategory, groupScore, groupPreviousGroups: [], activityId: 'da39a3ee',
        groupingIds: [uuidFrom(r).slice(0, 8)], groupByActivity: false, userTriggered: false, externalTriggered: false,
        aiaScore: Math.round(r() * 5000 + 5000) / 100, summary: t.summary.replace('{host}', host), periods: [{ start, end }],
        breachDevices: [{ identifier: device.hostname ?? null, hostname: device.hostname ?? null, ip: device.ip ?? null, mac: device.macaddress ?? null, subnet: null, did: device.did, sid: device.sid }],
        relatedBreaches: [{ modelName: t.modelName, pbid, threatScore: int(r, 30, 99), timestamp: start }],
        details: t.summariser === 'SaasHijackSummary' ? blocks(device, start, end) : sectioned(device, pick(r, hosts), start, end, int(r, 1e6, 2e9)),
      });
    }
  }
  return out;
}

export const WEEK = 7 * DAY;
