// Seeded devices and external endpoints. The captured devices are always present (SPEC §6); everything else is
// derived from the seed and the creation instant, so the same (seed, devices, now) always yields the same data.
import endpointDetails from '../../fixtures/endpoint_details.json' with { type: 'json' };
import idInfo from '../../fixtures/id_info.json' with { type: 'json' };
import similarDevices from '../../fixtures/similar_devices.json' with { type: 'json' };
import taggedDevices from '../../fixtures/tagged_devices.json' with { type: 'json' };
import { clone } from '../../fixtures.js';
import { chance, int, pick, rngFor, type Rng } from '../../prng.js';
import { DAY, HOUR, dtTime } from '../../time.js';
import type { JsonObject } from '../../types.js';
import type { Device, ExternalHost, ExternalIp } from './types.js';

/** Devices taken verbatim from the captures (1: id_info, 823 and 3: similar_devices, 2520 and 2540: tagged_devices). */
export const FIXTURE_DIDS = [1, 3, 823, 2520, 2540] as const;
/** dids that tag entities reference but that never exist ("devices that no longer exist"). */
export const ABSENT_DIDS = [2528, 24500, 48545, 999999999] as const;

const captured = {
  /** GET /similardevices?did=1&count=2 — devices 823 and 3. */
  similarDevices: similarDevices as unknown as Array<Device & { score: number }>,
  /** GET /devicesearch?query=osSensor — device 1. */
  idInfo: idInfo as unknown as { devices: Device[] },
  /** GET /tags/entities?tag=Admin&fulldevicedetails=true — devices 2520 and 2540. */
  taggedDevices: taggedDevices as unknown as { devices: Device[] },
  /** GET /endpointdetails?hostname=test.com&additionalinfo=true&devices=true&score=true */
  endpointDetails: endpointDetails as unknown as JsonObject,
};

function fixtureDevices(): Device[] {
  const strip = <T extends object>(o: T, ...keys: string[]) => {
    const copy = clone(o) as Record<string, unknown>;
    for (const key of keys) delete copy[key];
    return copy as unknown as Device;
  };
  const [d823, d3] = captured.similarDevices.map((d) => strip(d, 'score'));
  const d1 = strip(captured.idInfo.devices[0], 'tags');
  const [d2520, d2540] = captured.taggedDevices.devices.map((d) => strip(d, 'tags'));
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
export function generateDevices(seed: number, count: number, now: number): Map<number, Device> {
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

// ---------------------------------------------------------------------------------------------- external endpoints

export function generateEndpoints(seed: number, devices: Map<number, Device>) {
  const r = rngFor(seed, 'endpoints');
  const dids = [...devices.keys()];
  const someDevices = () => [...new Set(Array.from({ length: int(r, 0, 3) }, () => pick(r, dids)))].sort((a, b) => a - b);
  const hosts = new Map<string, ExternalHost>();
  hosts.set('test.com', { hostname: 'test.com', firsttime: captured.endpointDetails.firsttime as number, ips: [], dids: [], popularity: 0, dgascore: 0 });
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
