// GET /details?pbid=: the breach event, then the connections behind it (reference §2.2.8, the XSOAR sample's
// shape). Connections are derived deterministically from the breach (seed, pbid), so every read agrees.
import { InputError, type Exchange } from '../../http.js';
import { int, pick, rngFor } from '../../prng.js';
import { defineResource, type Scope } from '../../resource.js';
import { dtTime } from '../../time.js';
import type { JsonObject } from '../../types.js';
import { ModelBreachesSlice } from '../modelbreaches/state.js';

const DESTINATIONS: ReadonlyArray<[hostname: string, ip: string]> = [
  ['cheese.com', '203.0.113.10'], ['update-check.example.net', '198.51.100.23'], ['cdn.fastfiles.io', '203.0.113.44'],
  ['rare-domain.xyz', '198.51.100.77'], ['pastebin.com', '104.20.208.21'], ['ngrok.io', '3.125.102.39'],
];
const SERVICES: ReadonlyArray<[port: number, protocol: string, application: string]> = [
  [443, 'TCP', 'SSL'], [80, 'TCP', 'HTTP'], [53, 'UDP', 'DNS'], [22, 'TCP', 'SSH'], [3389, 'TCP', 'RDP'],
];

/** The first element of /details?pbid=: the breach itself as a policybreach event. */
function breachEvent(breach: JsonObject): JsonObject {
  const model = (breach.model as JsonObject).then as JsonObject;
  const components = (breach.triggeredComponents as JsonObject[] | undefined) ?? [];
  const device = breach.device as JsonObject | undefined;
  return {
    time: dtTime(breach.time as number), timems: breach.time, pbid: breach.pbid, pid: model.pid, phid: model.phid,
    eventType: 'policybreach', action: 'policybreach', creationTime: breach.creationTime, creationTimestamp: dtTime(breach.creationTime as number),
    name: model.name, components: components.map((c) => c.cid), didRestrictions: [], didExclusions: [], throttle: model.throttle,
    sharedEndpoints: model.sharedEndpoints, interval: model.interval, sequenced: model.sequenced, active: model.active, retired: false,
    instanceID: 0, acknowledged: breach.acknowledged === true, state: breach.acknowledged === true ? 'Acknowledged' : 'New',
    score: breach.score, commentCount: breach.commentCount, componentBreaches: components.map((c) => c.cbid),
    componentBreachTimes: components.map((c) => c.time), devices: device ? [device.did] : [], deviceLabels: [],
  };
}

/** The breach's connections, newest first: between 3 and 12, in the hour before the breach. */
export function connectionsOf(breach: JsonObject, seed: number): JsonObject[] {
  const device = breach.device as JsonObject | undefined;
  if (!device) return [];
  const r = rngFor(seed, 'details', breach.pbid as number);
  const n = int(r, 3, 12);
  const out: JsonObject[] = [];
  let time = breach.time as number;
  for (let k = 0; k < n; k++) {
    const [hostname, ip] = pick(r, DESTINATIONS);
    const [port, protocol, application] = pick(r, SERVICES);
    const sourcePort = int(r, 49152, 65535);
    const bytesOut = int(r, 200, 5_000_000);
    const bytesIn = int(r, 200, 400_000);
    out.push({
      time: dtTime(time), timems: time, action: 'connection', eventType: 'connection', uid: `C${(breach.pbid as number).toString(36)}${k}x${int(r, 1000, 9999)}`,
      sdid: device.did, port, sourcePort, destinationPort: port, info: `A connection to ${hostname}`, direction: 'out',
      applicationprotocol: application, protocol,
      sourceDevice: { id: device.did, did: device.did, ip: device.ip ?? null, sid: device.sid ?? null, hostname: device.hostname ?? null },
      destinationDevice: { longitude: null, latitude: null, city: '', country: '', countrycode: '', asn: '', region: '', ip, hostname, ippopularity: '0', hostnamepopularity: '0' },
      source: device.hostname ?? device.ip ?? String(device.did), destination: hostname,
      ...(protocol === 'UDP' ? { dns: { hostname, success: true } } : {}),
      recentbytesin: bytesIn, recentbytesout: bytesOut, totalbytesin: bytesIn, totalbytesout: bytesOut,
    });
    time -= int(r, 5, 300) * 1000;
  }
  return out;
}

function details(x: Exchange, { need, env }: Scope<undefined, undefined>) {
  const { params } = x;
  const pbid = params.int('pbid');
  const count = params.int('count');
  const offset = params.int('offset') ?? 0;
  const endtime = params.int('endtime');
  for (const name of ['did', 'msg', 'blockedconnections', 'starttime', 'from', 'to']) {
    if (params.has(name)) throw new InputError(`Parameter ${name} is not supported by this emulator (only pbid, count, offset, endtime)`);
  }
  if (endtime !== undefined && endtime < 0) throw new InputError('Invalid value for endtime: expected epoch milliseconds');
  if (pbid === undefined) throw new InputError('Missing required parameter: one of did, pbid, msg or blockedconnections');
  if (count !== undefined && count < 1) throw new InputError('Invalid value for count: expected a positive integer');
  if (offset < 0) throw new InputError('Invalid value for offset: expected a non-negative integer');
  const breaches = need(ModelBreachesSlice);
  const row = breaches.store.rowOf(pbid);
  if (row === undefined) return x.ok([]);
  const breach = breaches.breachJson(row);
  // endtime leaves out every event after it, the breach event too (the strict reading; see README).
  const events = [breachEvent(breach), ...connectionsOf(breach, env.seed).slice(offset)]
    .filter((e) => endtime === undefined || (e.timems as number) <= endtime);
  x.ok(count === undefined ? events : events.slice(0, count));
}

export default defineResource({
  name: 'details',
  routes: [{ method: 'GET', path: '/details', permission: 'Visualizer', handle: details }],
});
