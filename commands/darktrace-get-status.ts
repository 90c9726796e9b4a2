// darktrace-get-status: the appliance's health (GET /status): one summary row, then one row per probe and
// Unified View instance. On the wire probes and instances are objects keyed by id; here they are lists.
import { statusReport, type Instance, type Probe, type StatusReport } from '../src/darktrace/resources/status.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand } from '../src/registry/index.js';

export interface ProbeRow {
  id: number;
  label?: string;
  hostname?: string;
  configuredServer?: string;
  ipAddress?: string;
  version?: string;
  type?: string;
  time?: string;
  cpu?: number;
  memoryUsed?: number;
  load?: number;
  /** True for a probe the master cannot reach (it then carries only lastContact and its address). */
  error: boolean;
  lastContact?: string;
}
export interface InstanceRow extends ProbeRow { probes: ProbeRow[] }
export interface StatusRow extends Omit<InstanceRow, 'id' | 'error' | 'lastContact'> {
  uuid?: string;
  installed?: string;
  uptime?: string;
  systemUptime?: string;
  license?: string;
  excessTraffic?: boolean;
  antigenaNetworkEnabled?: boolean;
  antigenaNetworkRunning?: boolean;
  modelsBreached?: number;
  devicesModeled?: number;
  bandwidthCurrent?: string;
  instances: InstanceRow[];
  erroredProbes: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
/** Counts may be strings on some versions ("377634"). */
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function probeRow(key: string, p: Probe): ProbeRow {
  return defined({
    id: num(p.id) ?? Number(key),
    label: str(p.label), hostname: str(p.hostname), configuredServer: str(p.configuredServer), ipAddress: str(p.ipAddress),
    version: str(p.version), type: str(p.type), time: str(p.time),
    cpu: num(p.cpu), memoryUsed: num(p.memoryUsed), load: num(p.load),
    error: p.error === true,
    lastContact: str(p.lastContact),
  });
}

const probesOf = (probes: Record<string, Probe> | null | undefined): ProbeRow[] =>
  Object.entries(probes ?? {}).map(([key, p]) => probeRow(key, p)).sort((a, b) => a.id - b.id);

/** Pure transform: the health object → one row; probes and instances (keyed by id on the wire) become lists. */
export function toOutputs(raw: StatusReport): StatusRow {
  const instances: InstanceRow[] = Object.entries(raw.instances ?? {})
    .map(([key, i]: [string, Instance]) => ({ ...probeRow(key, i), probes: probesOf(i.probes) }))
    .sort((a, b) => a.id - b.id);
  const probes = probesOf(raw.probes);
  const all = [...probes, ...instances.flatMap((i) => i.probes)];
  return defined({
    hostname: str(raw.hostname), label: str(raw.label), uuid: str(raw.uuid), ipAddress: str(raw.ipAddress),
    version: str(raw.version), type: str(raw.type), time: str(raw.time), installed: str(raw.installed),
    cpu: num(raw.cpu), memoryUsed: num(raw.memoryUsed), load: num(raw.load),
    uptime: str(raw.uptime), systemUptime: str(raw.systemUptime) ?? str(raw.systemuptime),
    license: str(raw.license),
    excessTraffic: raw.excessTraffic ?? undefined,
    antigenaNetworkEnabled: raw.antigenaNetworkEnabled ?? undefined,
    antigenaNetworkRunning: raw.antigenaNetworkRunning ?? undefined,
    modelsBreached: num(raw.modelsBreached), devicesModeled: num(raw.devicesModeled),
    bandwidthCurrent: str(raw.bandwidthCurrentString),
    probes,
    instances,
    erroredProbes: all.filter((p) => p.error).length,
  });
}

const pct = (v?: number) => (v === undefined ? '' : `${v}%`);

export function toReadable(row: StatusRow): string {
  const summary = tableToMarkdown(`Darktrace appliance ${row.hostname ?? row.label ?? ''}`.trim(), [{
    Hostname: row.hostname ?? '', Label: row.label ?? '', Version: row.version ?? '', Type: row.type ?? '', Time: row.time ?? '',
    CPU: pct(row.cpu), Memory: pct(row.memoryUsed), Load: pct(row.load), Uptime: row.uptime ?? '',
    'RESPOND running': row.antigenaNetworkRunning ?? '', Instances: row.instances.length,
    Probes: row.probes.length + row.instances.reduce((n, i) => n + i.probes.length, 0), 'Errored probes': row.erroredProbes,
  }], { headers: ['Hostname', 'Label', 'Version', 'Type', 'Time', 'CPU', 'Memory', 'Load', 'Uptime', 'RESPOND running', 'Instances', 'Probes', 'Errored probes'] });
  const line = (kind: string, p: ProbeRow, parent = '') => ({
    Kind: kind, ID: p.id, Instance: parent, Name: p.label ?? p.hostname ?? '', Address: p.configuredServer ?? p.ipAddress ?? '',
    Version: p.version ?? '', CPU: pct(p.cpu), Memory: pct(p.memoryUsed),
    Status: p.error ? `ERROR: unreachable since ${p.lastContact ?? 'unknown'}` : 'ok',
  });
  const rows = [
    ...row.probes.map((p) => line('probe', p)),
    ...row.instances.flatMap((i) => [line('instance', i), ...i.probes.map((p) => line('probe', p, String(i.id)))]),
  ];
  if (rows.length === 0) return summary;
  return summary + tableToMarkdown('Instances and probes', rows, { headers: ['Kind', 'ID', 'Instance', 'Name', 'Address', 'Version', 'CPU', 'Memory', 'Status'] });
}

const P = 'Darktrace.Status';
const probeOutputs = (path: string, what: string) => [
  { contextPath: `${path}.id`, type: 'Number' as const, description: `${what}: ID.` },
  { contextPath: `${path}.label`, type: 'String' as const, description: `${what}: label.` },
  { contextPath: `${path}.hostname`, type: 'String' as const, description: `${what}: hostname.` },
  { contextPath: `${path}.configuredServer`, type: 'String' as const, description: `${what}: the address the master is configured with.` },
  { contextPath: `${path}.ipAddress`, type: 'String' as const, description: `${what}: IP address.` },
  { contextPath: `${path}.version`, type: 'String' as const, description: `${what}: software version.` },
  { contextPath: `${path}.type`, type: 'String' as const, description: `${what}: type (e.g. vSensor, master).` },
  { contextPath: `${path}.time`, type: 'String' as const, description: `${what}: its clock (YYYY-MM-DD HH:MM, UTC).` },
  { contextPath: `${path}.cpu`, type: 'Number' as const, description: `${what}: CPU use (%).` },
  { contextPath: `${path}.memoryUsed`, type: 'Number' as const, description: `${what}: memory use (%).` },
  { contextPath: `${path}.load`, type: 'Number' as const, description: `${what}: load (%).` },
  { contextPath: `${path}.error`, type: 'Boolean' as const, description: `${what}: true when it cannot be reached.` },
  { contextPath: `${path}.lastContact`, type: 'String' as const, description: `${what}: last contact, when it cannot be reached.` },
];

export default defineCommand({
  name: 'darktrace-get-status',
  description: 'Returns the Darktrace appliance\'s health: version, load, licence, RESPOND status, and each probe and Unified View instance (errored probes flagged).',
  access: 'read',
  args: {
    include_children: arg.bool({ description: 'Include probes (and Unified View instances\' probes).', default: true, aliases: ['includeChildren'] }),
    fast: arg.bool({ description: 'Skip the live subnet query (faster; subnet figures may be missing).', default: false }),
  },
  outputs: [
    { contextPath: `${P}.hostname`, type: 'String', description: 'Hostname of the appliance.' },
    { contextPath: `${P}.label`, type: 'String', description: 'Label of the appliance.' },
    { contextPath: `${P}.uuid`, type: 'String', description: 'UUID of the appliance.' },
    { contextPath: `${P}.ipAddress`, type: 'String', description: 'IP address.' },
    { contextPath: `${P}.version`, type: 'String', description: 'Software version ("0.0.0" on Darktrace-hosted cloud masters).' },
    { contextPath: `${P}.type`, type: 'String', description: 'Appliance type (master, …).' },
    { contextPath: `${P}.time`, type: 'String', description: 'Appliance clock (UTC).' },
    { contextPath: `${P}.installed`, type: 'String', description: 'Installation date.' },
    { contextPath: `${P}.cpu`, type: 'Number', description: 'CPU use (%).' },
    { contextPath: `${P}.memoryUsed`, type: 'Number', description: 'Memory use (%).' },
    { contextPath: `${P}.load`, type: 'Number', description: 'Load (%).' },
    { contextPath: `${P}.uptime`, type: 'String', description: 'Darktrace uptime.' },
    { contextPath: `${P}.systemUptime`, type: 'String', description: 'System uptime (systemUptime or systemuptime on the wire).' },
    { contextPath: `${P}.license`, type: 'String', description: 'Licence expiry (absent when Darktrace sends "").' },
    { contextPath: `${P}.excessTraffic`, type: 'Boolean', description: 'Traffic beyond what the appliance can process.' },
    { contextPath: `${P}.antigenaNetworkEnabled`, type: 'Boolean', description: 'RESPOND/Network enabled.' },
    { contextPath: `${P}.antigenaNetworkRunning`, type: 'Boolean', description: 'RESPOND/Network running.' },
    { contextPath: `${P}.modelsBreached`, type: 'Number', description: 'Model breaches.' },
    { contextPath: `${P}.devicesModeled`, type: 'Number', description: 'Devices modelled.' },
    { contextPath: `${P}.bandwidthCurrent`, type: 'String', description: 'Current bandwidth, e.g. "298.43 Mbps".' },
    { contextPath: `${P}.erroredProbes`, type: 'Number', description: 'Probes that cannot be reached (all instances).' },
    ...probeOutputs(`${P}.probes`, 'Probe'),
    ...probeOutputs(`${P}.instances`, 'Unified View instance'),
    ...probeOutputs(`${P}.instances.probes`, 'Probe of an instance'),
  ],
  async run(args, { client }) {
    const raw = await statusReport(client, { includechildren: args.include_children, fast: args.fast });
    const outputs = toOutputs(raw);
    return { outputsPrefix: P, outputsKeyField: 'hostname', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
