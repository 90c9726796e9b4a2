// The model catalogue generated breaches refer to, and the model / triggered-component JSON built from it.
// Shapes follow fixtures/modelbreaches.json; the catalogue is fixed (independent of the seed) so that
// model names are stable across seeds.
import { pick, rngFor, uuidFrom } from '../../prng.js';
import type { Json, JsonObject } from '../../types.js';

export interface ModelDef {
  name: string;
  pid: number;
  /** Undefined = legacy model without category/compliance fields (like the captured fixture models). */
  category?: 'Informational' | 'Suspicious' | 'Critical' | 'Compliance';
  compliance?: boolean;
  priority: number; // 0-3 informational, 4 suspicious, 5 critical
  description: string;
  metric: { mlid: number; name: string; label: string };
  /** [filterType, comparatorType, argument, trigger values the breach may show] */
  filters: Array<[string, string, string | number, readonly (string | number)[]]>;
  /** The current definition was edited after some breaches: model.now differs from model.then. */
  edited?: boolean;
  tactics?: string[];
}

const HOSTS = ['cheese.com', 'update-check.example.net', 'cdn.fastfiles.io', 'rare-domain.xyz', 'pastebin.com', 'ngrok.io'];
const PORTS = [22, 443, 445, 3389, 4444, 8080];

export const MODELS: readonly ModelDef[] = [
  {
    name: 'Anomalous Connection::Data Sent to Rare Domain', pid: 201, category: 'Suspicious', compliance: false, priority: 4,
    description: 'A device sent an unusually large volume of data to a rare external endpoint.',
    metric: { mlid: 3, name: 'externalclientdatatransfer', label: 'External Data Transfer' },
    filters: [['Connection hostname', 'matches regular expression', '.+', HOSTS], ['Rare external endpoint', '>', 90, [95, 98, 100]]],
    tactics: ['exfiltration'],
  },
  {
    name: 'Compromise::Beaconing Activity To External Rare', pid: 202, category: 'Critical', compliance: false, priority: 5,
    description: 'A device is making regular connections to a rare external location.',
    metric: { mlid: 12, name: 'beaconingscore', label: 'Beaconing Score' },
    filters: [['Beaconing score', '>', 60, [71, 84, 97]], ['Connection hostname', 'matches regular expression', '.+', HOSTS]],
    edited: true, tactics: ['command-and-control'],
  },
  {
    name: 'Device::New User Agent', pid: 203, category: 'Informational', compliance: false, priority: 1,
    description: 'A device is using a user agent that has not been seen on the network before.',
    metric: { mlid: 31, name: 'httprequests', label: 'HTTP Requests' },
    filters: [['User agent', 'is not', '', ['curl/7.88.1', 'python-requests/2.31', 'Go-http-client/1.1']]],
  },
  {
    name: 'Compliance::Remote Desktop Protocol (RDP) to External', pid: 204, category: 'Compliance', compliance: true, priority: 2,
    description: 'A device is using RDP to connect to an external endpoint.',
    metric: { mlid: 16, name: 'connections', label: 'Connections' },
    filters: [['Destination port', '=', 3389, [3389]], ['Connection direction', 'is', 'out', ['out']]],
  },
  {
    name: 'Compliance::SMB Drive Write', pid: 205, category: 'Informational', compliance: true, priority: 1,
    description: 'A device wrote to a network share over SMB (compliance flag overrides the category).',
    metric: { mlid: 40, name: 'smbwrite', label: 'SMB Write' },
    filters: [['SMB path', 'contains', 'C$', ['\\\\FS01\\C$', '\\\\FS02\\ADMIN$']]],
  },
  {
    name: 'Anomalous File::Internal::Unusual SMB Script Write', pid: 206, category: 'Suspicious', compliance: false, priority: 4,
    description: 'A device wrote a script file to another device over SMB.',
    metric: { mlid: 40, name: 'smbwrite', label: 'SMB Write' },
    filters: [['File name', 'matches regular expression', '\\.(ps1|bat|vbs)$', ['run.ps1', 'setup.bat', 'x.vbs']]],
    edited: true, tactics: ['lateral-movement'],
  },
  {
    name: 'Compromise::Ransomware::Suspicious SMB Activity', pid: 207, category: 'Critical', compliance: false, priority: 5,
    description: 'A device is reading and writing many files on network shares, a pattern seen in ransomware.',
    metric: { mlid: 41, name: 'smbreadwrite', label: 'SMB Read and Write' },
    filters: [['Unique files', '>', 100, [240, 512, 1377]]],
    tactics: ['impact'],
  },
  {
    name: 'Device::Suspicious Domain', pid: 208, category: 'Suspicious', compliance: false, priority: 4,
    description: 'A device connected to a domain with a suspicious TLD.',
    metric: { mlid: 11, name: 'dnsrequests', label: 'DNS Requests' },
    filters: [['DNS host lookup', 'contains', '.xyz', ['rare-domain.xyz', 'login-update.xyz']]],
  },
  {
    name: 'Unusual Activity::Unusual Activity from Re-Activated Device', pid: 209, category: 'Informational', compliance: false, priority: 2,
    description: 'A device that had been inactive for some time is active again.',
    metric: { mlid: 16, name: 'connections', label: 'Connections' },
    filters: [['Days since last seen', '>', 14, [15, 30, 61]]],
  },
  {
    name: 'Antigena::Network::External Threat::Antigena Suspicious Activity Block', pid: 210, category: 'Critical', compliance: false, priority: 5,
    description: 'Autonomous Response blocked suspicious outbound activity.',
    metric: { mlid: 237, name: 'dtmodelbreach', label: 'Model' },
    filters: [['Strength', '>', 50, ['73', '88', '100']]],
  },
  {
    name: 'SaaS::Access::Unusual External Source for SaaS Credential Use', pid: 211, category: 'Suspicious', compliance: false, priority: 4,
    description: 'A SaaS credential was used from an unusual external location.',
    metric: { mlid: 90, name: 'saaslogins', label: 'SaaS Logins' },
    filters: [['ASN', 'is not', '', ['AS15169 Google LLC', 'AS14061 DigitalOcean']]],
    tactics: ['initial-access'],
  },
  {
    name: 'Anomalous Server Activity::Outgoing from Server', pid: 212, category: 'Informational', compliance: false, priority: 3,
    description: 'A server made an outgoing connection it does not usually make.',
    metric: { mlid: 16, name: 'connections', label: 'Connections' },
    filters: [['Destination port', '=', 0, PORTS]],
  },
  {
    name: 'Compliance::Possible Tor Usage', pid: 213, category: 'Compliance', compliance: true, priority: 3,
    description: 'A device connected to a known Tor entry node.',
    metric: { mlid: 16, name: 'connections', label: 'Connections' },
    filters: [['Destination port', '=', 9001, [9001, 9030]]],
  },
  {
    name: 'Compromise::SSL Beaconing to Rare Destination', pid: 214, category: 'Critical', compliance: false, priority: 5,
    description: 'Regular SSL connections to a rare external destination.',
    metric: { mlid: 12, name: 'beaconingscore', label: 'Beaconing Score' },
    filters: [['JA3 hash', 'is not', '', ['72a589da586844d7f0818ce684948eea', 'a0e9f5d64349fb13191bc781f81f42e1']]],
    tactics: ['command-and-control'],
  },
  {
    name: 'Device::Attack and Recon Tools', pid: 215, category: 'Critical', compliance: false, priority: 5,
    description: 'A device used a user agent associated with attack or reconnaissance tools.',
    metric: { mlid: 31, name: 'httprequests', label: 'HTTP Requests' },
    filters: [['User agent', 'contains', 'nmap', ['Nmap Scripting Engine', 'sqlmap/1.7']]],
    tactics: ['discovery'],
  },
  {
    name: 'Anomalous Connection::Unusual Admin SMB Session', pid: 216, category: 'Suspicious', compliance: false, priority: 4,
    description: 'A device opened an administrative SMB session it does not usually open.',
    metric: { mlid: 42, name: 'smbsessions', label: 'SMB Sessions' },
    filters: [['Destination port', '=', 445, [445]]],
  },
  {
    name: 'Testing::Legacy DNS Watch', pid: 217, priority: 3,
    description: 'An old user model without category fields, like the captured test models.',
    metric: { mlid: 11, name: 'dnsrequests', label: 'DNS Requests' },
    filters: [['DNS host lookup', 'contains', 'test.com', ['test.com']]],
  },
];

export const modelByName = (name: string): number => MODELS.findIndex((m) => m.name === name);

const uuids = new Map<number, string>();
export const modelUuid = (m: ModelDef): string => {
  let uuid = uuids.get(m.pid);
  if (uuid === undefined) {
    uuid = uuidFrom(rngFor('model-uuid', m.pid));
    uuids.set(m.pid, uuid);
  }
  return uuid;
};

const cidOf = (m: ModelDef) => 3000 + m.pid;

/** model.then / model.now objects (the same shape as the capture). */
export function modelJson(m: ModelDef, which: 'then' | 'now'): JsonObject {
  const later = which === 'now' && m.edited;
  const model: JsonObject = {
    name: m.name,
    pid: m.pid,
    phid: m.pid * 7 + (later ? 1 : 0),
    uuid: modelUuid(m),
    logic: { data: [cidOf(m)], type: 'componentList', version: 1 },
    throttle: 3600,
    sharedEndpoints: false,
    actions: { alert: true, antigena: {}, breach: true, model: true, setPriority: false, setTag: false, setType: false },
    tags: [],
    interval: 0,
    delay: 0,
    sequenced: true,
    active: true,
    modified: later ? '2024-03-04 10:12:40' : '2023-11-20 08:00:00',
    activeTimes: { devices: {}, tags: {}, type: 'exclusions', version: 2 },
    priority: m.priority,
  };
  if (m.category !== undefined) model.category = m.category;
  if (m.compliance !== undefined) model.compliance = m.compliance;
  Object.assign(model, {
    autoUpdatable: true,
    autoUpdate: !later,
    autoSuppress: true,
    description: m.description,
    behaviour: 'decreasing',
    defeats: [],
    mitre: { tactics: m.tactics ?? [], techniques: [] },
    created: { by: 'System' },
    edited: later ? { by: 'analyst', userID: 7 } : { by: 'System' },
    version: later ? 6 : 5,
  });
  if (later) model.message = 'Tuned after false positives';
  return model;
}

const chain = (ls: string[]): Json => (ls.length === 1 ? ls[0] : { left: ls[0], operator: 'AND', right: chain(ls.slice(1)) });

/** One triggered component for breach `pbid`, with trigger values chosen deterministically per breach. */
export function triggeredComponentJson(m: ModelDef, pbid: number, time: number, seed: number): JsonObject {
  const r = rngFor(seed, 'component', pbid);
  const letters = m.filters.map((_, i) => String.fromCharCode(65 + i));
  const triggered: JsonObject[] = m.filters.map(([filterType, comparatorType, value, triggers], i) => ({
    cfid: 40000 + m.pid * 10 + i,
    id: letters[i],
    filterType,
    arguments: { value },
    comparatorType,
    trigger: { value: pick(r, triggers) },
  }));
  triggered.push({
    cfid: 40000 + m.pid * 10 + 9, id: 'd1', filterType: 'Message', arguments: {}, comparatorType: 'display',
    trigger: { value: m.name.replaceAll('::', ' / ') },
  });
  return {
    time: time - 1000,
    cbid: pbid + 18, // the capture has cbid = pbid + 18 for both breaches
    cid: cidOf(m),
    chid: cidOf(m) + 1200,
    size: 1 + Math.floor(r() * 5),
    threshold: 0,
    interval: 3600,
    logic: { data: letters.length === 1 ? { left: letters[0] } : chain(letters), version: 'v0.1' },
    metric: m.metric,
    triggeredFilters: triggered,
  };
}
