// Seeded data generator. The fixtures' entities are always present (SPEC §6); everything else is derived from
// the seed and the emulator's clock, so the same (seed, devices, breaches, now) always yields the same data.
import { BreachStore } from './breaches.js';
import { clone, fixtures } from './fixtures.js';
import { MODELS } from './models.js';
import { chance, int, pick, rngFor, type Rng } from './prng.js';
import type { Device, ExternalHost, ExternalIp, IntelEntry, Tag, TagEntity } from './types.js';
import { DAY, HOUR, dtTime } from './views.js';

/** Devices taken verbatim from the captures (1: id_info, 823 and 3: similar_devices, 2520 and 2540: tagged_devices). */
export const FIXTURE_DIDS = [1, 3, 823, 2520, 2540] as const;
/** dids that tag entities reference but that never exist ("devices that no longer exist"). */
export const ABSENT_DIDS = [2528, 24500, 48545, 999999999] as const;
export const FIXTURE_PBIDS = [158, 159] as const;
export const FIRST_GENERATED_PBID = 160;

export interface SeedInput { seed: number; devices: number; breaches: number; now: number }

// ---------------------------------------------------------------------------------------------- devices

function fixtureDevices(): Device[] {
  const strip = <T extends object>(o: T, ...keys: string[]) => {
    const copy = clone(o) as Record<string, unknown>;
    for (const key of keys) delete copy[key];
    return copy as unknown as Device;
  };
  const [d823, d3] = fixtures.similarDevices.map((d) => strip(d, 'score'));
  const d1 = strip(fixtures.idInfo.devices[0], 'tags');
  const [d2520, d2540] = fixtures.taggedDevices.devices.map((d) => strip(d, 'tags'));
  // 2540's captured interface also gives it the usual ip/macaddress fields for the other endpoints.
  const nic = d2540.interfaces![1];
  Object.assign(d2540, {
    macaddress: nic.mac, vendor: nic.vendor, ip: nic.ips[0].ip,
    ips: [{ ip: nic.ips[0].ip, timems: nic.ips[0].time * 1000, time: dtTime(nic.ips[0].time * 1000), sid: nic.ips[0].sid }],
  });
  return [d1, d3, d823, d2520, d2540];
}

const KINDS = [
  { weight: 30, typename: 'desktop', typelabel: 'Desktop', prefix: 'ws', os: ['Windows 10', 'Windows 11', 'Linux 3.11 and newer'] },
  { weight: 24, typename: 'laptop', typelabel: 'Laptop', prefix: 'lt', os: ['Windows 11', 'macOS', 'Mac OS X'] },
  { weight: 20, typename: 'server', typelabel: 'Server', prefix: 'srv', os: ['Linux 3.11 and newer', 'Windows Server 2019', 'Ubuntu 22.04'] },
  { weight: 7, typename: 'mobile', typelabel: 'Mobile', prefix: 'mob', os: ['iOS', 'Android'] },
  { weight: 5, typename: 'printer', typelabel: 'Printer', prefix: 'prn', os: [] },
  { weight: 6, typename: 'saasprovider', typelabel: 'SaaS Provider', prefix: '', os: [] },
  { weight: 8, typename: 'unknown', typelabel: 'Unknown', prefix: 'host', os: [] },
] as const;
const VENDORS = ['Dell Inc.', 'Apple, Inc.', 'Hewlett Packard', 'VMware, Inc.', 'Intel Corporate', ''];
const SUBNETS = [1, 2, 5, 10, 114];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];

function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  let r = rng() * items.reduce((sum, i) => sum + i.weight, 0);
  for (const item of items) if ((r -= item.weight) < 0) return item;
  return items[items.length - 1];
}

function generatedDevice(seed: number, did: number, now: number): Device {
  const r = rngFor(seed, 'device', did);
  const kind = weighted(r, KINDS);
  const lastSeen = Math.floor((now - int(r, 0, 48 * 3600) * 1000) / 1000) * 1000;
  const firstSeen = lastSeen - int(r, 1, 400) * DAY - int(r, 0, 86_399) * 1000;
  if (kind.typename === 'saasprovider') {
    const module = pick(r, ['Office365', 'Salesforce', 'Box']);
    const user = `${pick(r, USERS)}.${did}@corp.example`;
    return {
      did, sid: -9, hostname: `SaaS::${module}: ${user}`, saasmodule: module, firstSeen, lastSeen,
      typename: kind.typename, typelabel: kind.typelabel, credentials: [{ credential: user, lastSeen }],
    };
  }
  const sid = pick(r, SUBNETS);
  const ip = `10.${sid}.${int(r, 0, 255)}.${int(r, 1, 254)}`;
  const hourOfLastSeen = Math.floor(lastSeen / HOUR) * HOUR;
  const device: Device = { did, sid, firstSeen, lastSeen, typename: kind.typename, typelabel: kind.typelabel };
  if (!chance(r, 0.1)) {
    device.macaddress = Array.from({ length: 6 }, () => int(r, 0, 255).toString(16).padStart(2, '0')).join(':');
    device.vendor = pick(r, VENDORS);
  }
  device.ip = ip;
  device.ips = [{ ip, timems: hourOfLastSeen, time: dtTime(hourOfLastSeen), sid }];
  if (!chance(r, 0.15)) device.hostname = `${kind.prefix}-${String(did).padStart(4, '0')}${kind.typename === 'server' ? '.corp.local' : ''}`;
  if (kind.os.length > 0 && !chance(r, 0.3)) device.os = pick(r, kind.os);
  if (chance(r, 0.08)) device.devicelabel = pick(r, ['Finance', 'Build Agent', 'Kiosk', 'Lab']);
  if (chance(r, 0.1)) device.priority = pick(r, [-2, 1, 2, 3]); // priority 0 is omitted, as on the appliance
  return device;
}

/** Exactly `count` devices: the five fixture devices plus generated ones with dids 2, 4, 5, … */
export function generateDevices({ seed, devices: count, now }: SeedInput): Map<number, Device> {
  if (!Number.isInteger(count) || count < FIXTURE_DIDS.length) {
    throw new RangeError(`devices (--devices) must be a whole number of at least ${FIXTURE_DIDS.length}, got ${count}: `
      + `the fixture devices ${FIXTURE_DIDS.join(', ')} always exist`);
  }
  const skip = new Set<number>([...FIXTURE_DIDS, ...ABSENT_DIDS]);
  const devices = new Map<number, Device>();
  for (const d of fixtureDevices()) devices.set(d.did, d);
  for (let did = 2; devices.size < count; did++) {
    if (!skip.has(did)) devices.set(did, generatedDevice(seed, did, now));
  }
  return new Map([...devices].sort((a, b) => a[0] - b[0]));
}

// ---------------------------------------------------------------------------------------------- tags

const EXTRA_TAGS: Array<[number, string, number, string]> = [
  [150, 'Active Threat', 0, 'Device under investigation'],
  [151, 'Re-Activated Device', 30, ''],
  [152, 'Security Device', 250, ''],
  [153, 'DHCP Server', 120, ''],
  [154, 'Location::London', 90, 'Scoped tag: one Location per device'],
  [155, 'Location::Paris', 95, 'Scoped tag: one Location per device'],
];

export function generateTags(seed: number, devices: Map<number, Device>): { tags: Map<string, Tag>; entities: TagEntity[] } {
  const tags = new Map<string, Tag>();
  const add = (t: Tag) => { if (!tags.has(t.name)) tags.set(t.name, clone(t)); };
  fixtures.deviceTags.forEach(add); // Admin 9, TEST 117, Katherine Test 90
  fixtures.taggedDevices.devices.forEach((d) => d.tags.forEach(add));
  add(fixtures.idInfo.devices[0].tags[0]); // Internet Facing System 54 (its "Test" 90 clashes with "Katherine Test")
  for (const [tid, name, color, description] of EXTRA_TAGS) {
    add({ tid, expiry: 0, thid: tid, name, restricted: false, data: { auto: false, color, description, visibility: 'Public' }, isReferenced: false });
  }

  const entities: TagEntity[] = clone(fixtures.taggedDevices.entities); // Admin: 2540, 48545, 999999999, 2520, 2528, 1, 24500
  let teid = 2881;
  const entity = (tid: number, did: number): TagEntity =>
    ({ teid, tehid: teid, tid, thid: 0, entityType: 'Device', entityValue: String(did), valid: true });
  for (const name of ['TEST', 'Katherine Test']) { teid++; entities.push(entity(tags.get(name)!.tid, 1)); } // device_tags.json
  teid = 4140;
  for (const t of fixtures.taggedDevices.devices[1].tags.slice(1)) { teid++; entities.push(entity(t.tid, 2540)); }
  // A Credential entity (reference §2.2.7): device 2540's captured credential holds Active Threat. Not on Admin,
  // whose entities must stay exactly the capture; it is not a Device, so no device's tag list changes.
  const [{ credential }] = fixtures.taggedDevices.devices[1].credentials!;
  entities.push({ teid: 4400, tehid: 4400, tid: tags.get('Active Threat')!.tid, thid: 0, entityType: 'Credential', entityValue: credential, valid: true });

  const r = rngFor(seed, 'tags');
  const generated = [...devices.keys()].filter((did) => !(FIXTURE_DIDS as readonly number[]).includes(did));
  teid = 5000;
  const located = new Set<number>(); // scoped tags (a::b) are exclusive per device
  for (const [tid, name] of EXTRA_TAGS) {
    const chosen = new Set<number>();
    for (let n = int(r, 1, 4); n > 0 && generated.length > 0; n--) chosen.add(pick(r, generated));
    for (const did of chosen) {
      if (name.includes('::')) {
        if (located.has(did)) continue;
        located.add(did);
      }
      teid++;
      entities.push(entity(tid, did));
    }
  }
  return { tags, entities };
}

// ---------------------------------------------------------------------------------------------- watched list

export function generateIntel(now: number): IntelEntry[] {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const entry = (name: string, source: string, description: string, extra: Partial<IntelEntry> = {}): IntelEntry =>
    ({ name, description, strength: 100, iagn: false, source, hostname: false, ...extra });
  return [
    entry('example1.com', 'default', 'Seeded watched domain'),
    entry('1.2.3.4', 'default', 'Seeded watched IP'),
    entry('bad-actor.example.net', 'ThreatFeed', 'From the threat feed', { strength: 80, expiry: iso(now + 30 * DAY) }),
    entry('c2.example.org', 'ThreatFeed', 'Known C2', { iagn: true }),
    entry('login.phish.example', 'default', 'Phishing landing page', { hostname: true }),
  ];
}

// ---------------------------------------------------------------------------------------------- external endpoints

export function generateEndpoints(seed: number, devices: Map<number, Device>) {
  const r = rngFor(seed, 'endpoints');
  const dids = [...devices.keys()];
  const someDevices = () => [...new Set(Array.from({ length: int(r, 0, 3) }, () => pick(r, dids)))].sort((a, b) => a - b);
  const hosts = new Map<string, ExternalHost>();
  const captured = fixtures.endpointDetails;
  hosts.set('test.com', { hostname: 'test.com', firsttime: captured.firsttime as number, ips: [], dids: [], popularity: 0, dgascore: 0 });
  for (const hostname of ['cheese.com', 'update-check.example.net', 'cdn.fastfiles.io', 'rare-domain.xyz', 'pastebin.com', 'ngrok.io', 'login-update.xyz']) {
    const ips = [`203.0.113.${int(r, 1, 254)}`];
    hosts.set(hostname, {
      hostname, firsttime: 1_650_000_000_000 + int(r, 0, 3_000_000) * 10_000, ips, dids: someDevices(),
      popularity: int(r, 0, 100), dgascore: hostname.endsWith('.xyz') ? int(r, 40, 95) : int(r, 0, 10),
    });
  }
  const geo: Array<[string, string, string, string, string, number, number]> = [
    ['8.8.8.8', 'United States', 'AS15169 Google LLC', 'Mountain View', 'California', -122.0775, 37.4056],
    ['1.1.1.1', 'Australia', 'AS13335 Cloudflare, Inc.', 'Sydney', 'New South Wales', 151.2073, -33.8678],
    ['203.0.113.10', 'Netherlands', 'AS14061 DigitalOcean, LLC', 'Amsterdam', 'North Holland', 4.8897, 52.374],
    ['198.51.100.23', 'Germany', 'AS24940 Hetzner Online GmbH', 'Falkenstein', 'Saxony', 12.3724, 50.4779],
  ];
  const ips = new Map<string, ExternalIp>();
  for (const [ip, country, asn, city, region, longitude, latitude] of geo) {
    ips.set(ip, {
      ip, firsttime: 1_600_000_000_000 + int(r, 0, 9_000_000) * 10_000, country, asn, city, region,
      name: asn.split(' ').slice(1).join(' '), longitude, latitude, dids: someDevices(), popularity: int(r, 0, 100),
    });
  }
  return { hosts, ips };
}

// ---------------------------------------------------------------------------------------------- model breaches

/**
 * Exactly `breaches` rows: the two captured breaches (2020) plus generated ones created within the 30 days
 * before `now`, with ties (several breaches sharing one creationTime ms), late creations (creationTime hours
 * after time), acknowledged ones and a few without a device. pbids follow creation order, as on the appliance.
 */
export function generateBreaches({ seed, breaches: total, now }: SeedInput, devices: Map<number, Device>): BreachStore {
  if (!Number.isInteger(total) || total < FIXTURE_PBIDS.length) {
    throw new RangeError(`breaches (--breaches) must be a whole number of at least ${FIXTURE_PBIDS.length}, got ${total}: `
      + `the fixture breaches ${FIXTURE_PBIDS.join(', ')} always exist`);
  }
  const store = new BreachStore();
  for (const b of [...fixtures.breaches].reverse()) store.pushVerbatim(b);
  const n = total - FIXTURE_PBIDS.length;
  const r = rngFor(seed, 'breaches');
  const created = new Float64Array(n);
  const start = now - 30 * DAY;
  for (let i = 0; i < n; i++) created[i] = Math.floor((start + r() * (30 * DAY - 60_000)) / 1000) * 1000;
  created.sort();
  const dids = [...devices.keys()];
  const saasDids = dids.filter((did) => devices.get(did)!.sid === -9);
  let previousTime = 0;
  for (let i = 0; i < n; i++) {
    // Deterministic patterns guarantee ties/late/acknowledged/device-less rows even for small counts.
    const tie = i > 0 && (i % 10 === 5 || chance(r, 0.05));
    if (tie) created[i] = created[i - 1]; // still sorted: created[i-1] ≤ created[i]
    const creationTime = created[i];
    const late = i % 20 === 7 || chance(r, 0.02);
    let time: number;
    if (late) time = creationTime - int(r, 2, 36) * HOUR - int(r, 0, 3599) * 1000;
    else if (tie && chance(r, 0.5)) time = previousTime; // the same event breaching several models
    else time = creationTime - int(r, 1, 90) * 1000;
    previousTime = time;
    const model = int(r, 0, MODELS.length - 1);
    const m = MODELS[model];
    const [lo, hi] = m.priority >= 5 ? [600, 1000] : m.priority === 4 ? [300, 900] : [50, 650];
    const noDevice = i % 25 === 13;
    const did = noDevice ? -1 : m.name.startsWith('SaaS::') && saasDids.length > 0 ? pick(r, saasDids) : pick(r, dids);
    const acknowledged = i % 9 === 4 || chance(r, 0.05);
    store.push({
      pbid: FIRST_GENERATED_PBID + i, time, creationTime, score: int(r, lo, hi) / 1000, model, did, acknowledged,
      commentCount: acknowledged ? int(r, 0, 2) : chance(r, 0.1) ? 1 : 0,
    });
  }
  return store;
}
