// GET /similardevices, /endpointdetails, /deviceinfo (reference §2.2.3–2.2.5; fixtures similar_devices.json,
// endpoint_details.json, conn_info.json).
import connInfo from '../../fixtures/conn_info.json' with { type: 'json' };
import { clone } from '../../fixtures.js';
import { cannotGetPage, InputError, type Exchange } from '../../http.js';
import { int, pick, rngFor } from '../../prng.js';
import type { EmulatorEnv, Scope } from '../../resource.js';
import { DAY, HOUR } from '../../time.js';
import type { JsonObject } from '../../types.js';
import { TagsSlice } from '../tags/state.js';
import type { DevicesConfig, DevicesSlice } from './state.js';
import type { Device } from './types.js';
import { deviceView } from './views.js';
import { isObject } from '../../../util/json.js';

type DevicesScope = Scope<DevicesSlice, DevicesConfig>;

/** GET /deviceinfo?did=1&datatype=co&showallgraphdata=false&fulldevicedetails=false */
const capturedConnInfo = connInfo as unknown as { deviceInfo: JsonObject[] };

export function similarDevices(x: Exchange, { self, need }: DevicesScope) {
  const { params } = x;
  const did = params.requiredInt('did');
  const count = params.int('count') ?? 5;
  if (count < 0) throw new InputError('Invalid value for count');
  const full = params.bool('fulldevicedetails', false);
  const list = self.similarDevices(did).slice(0, count).flatMap(({ did: other, score }) => {
    const device = self.devices.get(other);
    if (!device) return [];
    const view = deviceView(device, { score });
    if (full) view.tags = need(TagsSlice).tagsForDevice(other) as unknown as JsonObject[];
    return [view];
  });
  x.ok(list); // unknown did: an empty list
}

/** The SDK's old `/similardevices/<did>` form: the web app's HTML 404, not JSON (reference §1.6). */
export function similarDevicesPathForm(x: Exchange) {
  x.html(404, cannotGetPage(x.req.path));
}

export function endpointDetails(x: Exchange, { self }: DevicesScope) {
  const { params } = x;
  const ip = params.str('ip');
  const hostname = params.str('hostname');
  if ((ip === undefined) === (hostname === undefined)) throw new InputError('Exactly one of ip or hostname is required');
  const flags = {
    additional: params.bool('additionalinfo', false), devices: params.bool('devices', false), score: params.bool('score', false),
  };
  const views = (dids: number[]) => dids.flatMap((did) => { const d = self.devices.get(did); return d ? [deviceView(d)] : []; });
  if (hostname !== undefined) {
    const host = self.hosts.get(hostname.toLowerCase());
    if (!host) return x.ok({}); // never seen: XSOAR reads {} as "no details"
    const body: JsonObject = { hostname: host.hostname, firsttime: host.firsttime };
    if (flags.devices) body.devices = views(host.dids);
    if (flags.additional) {
      body.ips = host.ips.map((address) => ({ ip: address, firsttime: host.firsttime }));
      body.locations = host.ips.flatMap((address) => {
        const geo = self.externalIps.get(address);
        return geo ? [{ latitude: geo.latitude, longitude: geo.longitude, country: geo.country, city: geo.city }] : [];
      });
    }
    if (flags.score) Object.assign(body, { popularity: host.popularity, dgascore: host.dgascore });
    return x.ok(body);
  }
  const external = self.externalIps.get(ip!);
  if (external) {
    const { dids, popularity, ...rest } = external;
    const body: JsonObject = { ...rest };
    if (flags.devices) body.devices = views(dids);
    if (flags.score) body.popularity = popularity;
    return x.ok(body);
  }
  const internal = [...self.devices.values()].find((d) => d.ip === ip);
  if (!internal) return x.ok({});
  const body: JsonObject = {
    subnetlabel: `Subnet ${internal.sid}`, subnetid: String(internal.sid), subnetnetwork: `10.${internal.sid}.0.0/16`,
    country: '', city: '', region: '', name: 'internal_ip', longitude: 0, latitude: 0,
  };
  if (flags.devices) body.devices = [deviceView(internal)];
  x.ok(body);
}

const DATATYPES = ['co', 'sizeout', 'sizein'] as const;

export function deviceInfo(x: Exchange, { self, env }: DevicesScope) {
  const { params } = x;
  const did = params.requiredInt('did');
  const datatype = params.oneOf('datatype', DATATYPES, 'co');
  const intervalHours = params.int('intervalhours') ?? 1;
  if (intervalHours < 1) throw new InputError('Invalid value for intervalhours: must be at least 1');
  const similar = params.int('similardevices') ?? 0;
  if (similar < 0) throw new InputError('Invalid value for similardevices');
  const opts: ConnOptions = {
    datatype, intervalHours,
    showAll: params.bool('showallgraphdata', false),
    odid: params.int('odid'),
    port: params.int('port'),
    domain: params.str('externaldomain'),
  };
  const full = params.bool('fulldevicedetails', false);
  if (!self.devices.has(did)) return x.ok(full ? { deviceInfo: [], devices: [] } : { deviceInfo: [] });
  const entries = [
    connEntry(self, env, did, 100, opts),
    ...self.similarDevices(did).slice(0, similar).map((s) => connEntry(self, env, s.did, s.score, opts)),
  ];
  const body: JsonObject = { deviceInfo: entries };
  if (full) {
    const dids = new Set<number>(entries.map((e) => e.did as number));
    for (const e of entries) for (const p of ((e.info as JsonObject).devicesUsed as JsonObject[])) if (typeof p.did === 'number') dids.add(p.did);
    body.devices = [...dids].sort((a, b) => a - b).flatMap((d) => { const dev = self.devices.get(d); return dev ? [deviceView(dev)] : []; });
  }
  x.ok(body);
}

interface ConnOptions {
  datatype: string; intervalHours: number; showAll: boolean; odid?: number; port?: number; domain?: string;
}

const PORTS: Array<number | string> = [53, 80, 443, 123, 445, 3389, 22, 8080, '5001 - 10000', 67];
const PSEUDO = [0, -3, -4, -5, -6]; // internet and internal-traffic buckets

/** One `deviceInfo` entry. Device 1 / co is the capture itself; everything else is generated per (seed, did, datatype). */
function connEntry(devices: DevicesSlice, env: EmulatorEnv, did: number, similarityScore: number, o: ConnOptions): JsonObject {
  const captured = did === 1 && o.datatype === 'co';
  const entry = captured ? clone(capturedConnInfo.deviceInfo[0]) : generatedConn(devices, env, devices.devices.get(did)!, o.datatype);
  entry.similarityScore = similarityScore;
  let graph = entry.graphData as Array<{ time: number; count: number }>;
  if (o.showAll && captured) graph = fillHours(graph);
  if (!o.showAll && !captured) graph = graph.filter((g) => g.count > 0); // only non-empty buckets unless asked
  if (o.intervalHours > 1) graph = rebucket(graph, o.intervalHours * HOUR);
  entry.graphData = graph;

  const info = entry.info as JsonObject;
  const keepDevice = (d: unknown) => o.odid === undefined || d === o.odid;
  const keepPort = (p: unknown) => o.port === undefined || p === o.port;
  if (o.odid !== undefined || o.port !== undefined) {
    info.devicesAndPorts = (info.devicesAndPorts as JsonObject[]).filter((e) => {
      const dp = e.deviceAndPort;
      return isObject(dp) && keepDevice(dp.device) && keepPort(dp.port);
    });
    for (const key of ['portsUsed', 'portsServed']) info[key] = (info[key] as JsonObject[]).filter((e) => keepPort(e.port));
    for (const key of ['devicesUsed', 'devicesServed']) info[key] = (info[key] as JsonObject[]).filter((e) => keepDevice(e.did));
  }
  if (o.odid === 0) {
    const r = rngFor(env.seed, 'external', did);
    info.externalASNs = [{ asn: 'AS15169 Google LLC', size: int(r, 30, 60) }, { asn: 'AS13335 Cloudflare, Inc.', size: int(r, 10, 30) }];
    info.externalDomains = [...devices.hosts.keys()].slice(0, 3).map((domain, i) => ({ domain, size: 40 - i * 10 }));
  }
  if (o.domain !== undefined) entry.domain = o.domain;
  return entry;
}

function generatedConn(devices: DevicesSlice, env: EmulatorEnv, device: Device, datatype: string): JsonObject {
  const r = rngFor(env.seed, 'deviceinfo', device.did, datatype);
  const end = Math.floor(env.now() / HOUR) * HOUR;
  const scale = datatype === 'co' ? 400 : 5_000_000; // connections, or bytes for sizein/sizeout
  const graphData = [];
  for (let t = end - 28 * DAY; t <= end; t += HOUR) graphData.push({ time: t, count: r() < 0.35 ? int(r, 1, scale) : 0 });

  const peers = [...PSEUDO, ...[...devices.devices.keys()].filter((d) => d !== device.did).slice(0, 20)];
  const percentages = (n: number) => {
    const weights = Array.from({ length: n }, () => r() ** 2 + 0.01);
    const sum = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => Math.max(1, Math.floor((w / sum) * 98))).sort((a, b) => b - a);
  };
  const firstTime = () => device.firstSeen + int(r, 0, 30) * DAY;
  const serves = device.typename === 'server';
  const pairs = percentages(int(r, 3, 8)).map((size) => ({
    deviceAndPort: { direction: serves && r() < 0.4 ? 'in' : 'out', device: pick(r, peers), port: pick(r, PORTS) }, size,
  }));
  const rollup = <K extends 'did' | 'port'>(key: K, values: Array<number | string>) =>
    percentages(values.length).map((size, i) => ({ [key]: values[i], size, firstTime: firstTime() }));
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const used = uniq(pairs.filter((p) => p.deviceAndPort.direction === 'out').map((p) => p.deviceAndPort));
  const served = uniq(pairs.filter((p) => p.deviceAndPort.direction === 'in').map((p) => p.deviceAndPort));
  const totalUsed = int(r, 50, 5000);
  const totalServed = serves ? int(r, 10, 3000) : 0;
  return {
    did: device.did,
    similarityScore: 100,
    graphData,
    info: {
      totalUsed, totalServed, totalDevicesAndPorts: totalUsed + totalServed,
      devicesAndPorts: [...pairs, { deviceAndPort: 'others', size: 1 }],
      portsUsed: [...rollup('port', uniq(used.map((p) => p.port))), { port: 'others', size: 1 }],
      portsServed: served.length ? [...rollup('port', uniq(served.map((p) => p.port))), { port: 'others', size: 1 }] : [],
      devicesUsed: [...rollup('did', uniq(used.map((p) => p.device))), { did: 'others', size: 1 }],
      devicesServed: served.length ? [...rollup('did', uniq(served.map((p) => p.device))), { did: 'others', size: 1 }] : [],
    },
  };
}

/** showallgraphdata=true on the capture: the hours it skipped, as zeros. */
function fillHours(graph: Array<{ time: number; count: number }>) {
  if (graph.length === 0) return graph;
  const byTime = new Map(graph.map((g) => [g.time, g.count]));
  const out = [];
  for (let t = graph[0].time; t <= graph[graph.length - 1].time; t += HOUR) out.push({ time: t, count: byTime.get(t) ?? 0 });
  return out;
}

function rebucket(graph: Array<{ time: number; count: number }>, size: number) {
  const buckets = new Map<number, number>();
  for (const g of graph) {
    const start = Math.floor(g.time / size) * size;
    buckets.set(start, (buckets.get(start) ?? 0) + g.count);
  }
  return [...buckets].map(([time, count]) => ({ time, count }));
}
