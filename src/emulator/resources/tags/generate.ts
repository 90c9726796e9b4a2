// Seeded tags and tag entities: every captured tag and entity, six extra tags on generated devices, and a
// Credential entity (reference §2.2.7).
import deviceTags from '../../fixtures/device_tags.json' with { type: 'json' };
import idInfo from '../../fixtures/id_info.json' with { type: 'json' };
import taggedDevices from '../../fixtures/tagged_devices.json' with { type: 'json' };
import { clone } from '../../fixtures.js';
import { int, pick, rngFor } from '../../prng.js';
import { FIXTURE_DIDS } from '../devices/generate.js';
import type { Credential, Device } from '../devices/types.js';
import type { Tag, TagEntity } from './types.js';

const captured = {
  /** GET /tags/entities?did=1 */
  deviceTags: deviceTags as unknown as Tag[],
  /** GET /tags/entities?tag=Admin&fulldevicedetails=true */
  taggedDevices: taggedDevices as unknown as { entities: TagEntity[]; devices: Array<{ tags: Tag[]; credentials?: Credential[] }> },
  /** GET /devicesearch?query=osSensor — device 1 with its tags. */
  idInfo: idInfo as unknown as { devices: Array<{ tags: Tag[] }> },
};

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
  captured.deviceTags.forEach(add); // Admin 9, TEST 117, Katherine Test 90
  captured.taggedDevices.devices.forEach((d) => d.tags.forEach(add));
  add(captured.idInfo.devices[0].tags[0]); // Internet Facing System 54 (its "Test" 90 clashes with "Katherine Test")
  for (const [tid, name, color, description] of EXTRA_TAGS) {
    add({ tid, expiry: 0, thid: tid, name, restricted: false, data: { auto: false, color, description, visibility: 'Public' }, isReferenced: false });
  }

  const entities: TagEntity[] = clone(captured.taggedDevices.entities); // Admin: 2540, 48545, 999999999, 2520, 2528, 1, 24500
  let teid = 2881;
  const entity = (tid: number, did: number): TagEntity =>
    ({ teid, tehid: teid, tid, thid: 0, entityType: 'Device', entityValue: String(did), valid: true });
  for (const name of ['TEST', 'Katherine Test']) { teid++; entities.push(entity(tags.get(name)!.tid, 1)); } // device_tags.json
  teid = 4140;
  for (const t of captured.taggedDevices.devices[1].tags.slice(1)) { teid++; entities.push(entity(t.tid, 2540)); }
  // A Credential entity (reference §2.2.7): device 2540's captured credential holds Active Threat. Not on Admin,
  // whose entities must stay exactly the capture; it is not a Device, so no device's tag list changes.
  const [{ credential }] = captured.taggedDevices.devices[1].credentials!;
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
