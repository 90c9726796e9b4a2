// The emulated appliance's mutable state: devices, tags and tag entities, the watched list, external endpoints
// and model breaches. Time-dependent behaviour (expiry) always reads the injected clock.
import { BreachStore } from './breaches.js';
import { FIRST_GENERATED_PBID, generateBreaches, generateDevices, generateEndpoints, generateIntel, generateTags } from './data.js';
import { MODELS, modelByName } from './models.js';
import { hash, mulberry32 } from './prng.js';
import type { Device, ExternalHost, ExternalIp, IntelEntry, JsonObject, Tag, TagEntity } from './types.js';
import { deviceView } from './views.js';

export interface NewBreach {
  pbid?: number;
  /** First activity (ms). Default: creationTime − 1 s. */
  time?: number;
  /** Record creation (ms). Default: now. */
  creationTime?: number;
  /** 0-1. Default 0.5. */
  score?: number;
  /** A model name from the catalogue (models.ts). Default: the first one. */
  model?: string;
  /** Device id, or null for a breach without a device block. Default: device 1. */
  did?: number | null;
  acknowledged?: boolean;
  commentCount?: number;
}

export interface StateOptions { seed: number; devices: number; breaches: number; now: () => number }

export class EmulatorState {
  readonly seed: number;
  readonly now: () => number;
  readonly devices: Map<number, Device>;
  /** Tags by name, in creation order. */
  readonly tags: Map<string, Tag>;
  /** Tag entities in creation order (GET responses keep this order). */
  entities: TagEntity[];
  intel: IntelEntry[];
  readonly hosts: Map<string, ExternalHost>;
  readonly externalIps: Map<string, ExternalIp>;
  readonly breaches: BreachStore;
  private nextTeid: number;
  private similarCache = new Map<number, Array<{ did: number; score: number }>>();

  constructor(options: StateOptions) {
    this.seed = options.seed;
    this.now = options.now;
    const input = { seed: options.seed, devices: options.devices, breaches: options.breaches, now: options.now() };
    this.devices = generateDevices(input);
    ({ tags: this.tags, entities: this.entities } = generateTags(input.seed, this.devices));
    this.intel = generateIntel(input.now);
    ({ hosts: this.hosts, ips: this.externalIps } = generateEndpoints(input.seed, this.devices));
    this.breaches = generateBreaches(input, this.devices);
    this.nextTeid = Math.max(...this.entities.map((e) => e.teid)) + 1;
  }

  // ------------------------------------------------------------------------------------------ breaches

  get breachCount(): number {
    return this.breaches.count;
  }

  /** Makes a new breach appear (e.g. between two fetches). Returns its JSON. */
  addBreach(partial: NewBreach = {}): JsonObject {
    const creationTime = partial.creationTime ?? this.now();
    const model = partial.model === undefined ? 0 : modelByName(partial.model);
    if (model < 0) throw new Error(`unknown model ${partial.model}; known: ${MODELS.map((m) => m.name).join(', ')}`);
    const row = this.breaches.push({
      pbid: partial.pbid ?? Math.max(FIRST_GENERATED_PBID - 1, this.breaches.maxPbid) + 1,
      time: partial.time ?? creationTime - 1000,
      creationTime,
      score: partial.score ?? 0.5,
      model,
      did: partial.did === null ? -1 : partial.did ?? 1,
      acknowledged: partial.acknowledged ?? false,
      commentCount: partial.commentCount ?? 0,
    });
    return this.breachJson(row);
  }

  setAcknowledged(pbid: number, acknowledged: boolean): boolean {
    const row = this.breaches.rowOf(pbid);
    if (row === undefined) return false;
    this.breaches.acked[row] = acknowledged ? 1 : 0;
    return true;
  }

  breachJson(row: number): JsonObject {
    return this.breaches.json(row, this.seed, (did) => {
      const device = this.devices.get(did);
      return device && deviceView(device);
    });
  }

  // ------------------------------------------------------------------------------------------ devices

  /**
   * Devices similar to `did`, most similar first, scores 0-100. Device 1 starts with the captured 823 and 3
   * (score 99); all other scores are below 99 and stable per (seed, pair).
   */
  similarDevices(did: number): Array<{ did: number; score: number }> {
    const cached = this.similarCache.get(did);
    if (cached) return cached;
    const self = this.devices.get(did);
    if (!self) return [];
    const pinned = did === 1 ? [823, 3] : [];
    const others = [...this.devices.values()]
      .filter((d) => d.did !== did && !pinned.includes(d.did))
      .map((d) => ({ did: d.did, score: Math.min(98, 30 + (hash(this.seed, 'similar', did, d.did) % 50) + (d.typename === self.typename ? 20 : 0)) }))
      .sort((a, b) => b.score - a.score || a.did - b.did);
    const list = [...pinned.map((p) => ({ did: p, score: 99 })), ...others];
    this.similarCache.set(did, list);
    return list;
  }

  // ------------------------------------------------------------------------------------------ tags

  /** Entities still valid now; expired ones (POST duration) are dropped for good. */
  liveEntities(): TagEntity[] {
    const now = this.now();
    this.entities = this.entities.filter((e) => e.expiry === undefined || e.expiry > now);
    return this.entities;
  }

  tagById(tid: number): Tag | undefined {
    for (const tag of this.tags.values()) if (tag.tid === tid) return tag;
    return undefined;
  }

  /** `/tags/entities?did=` — the device's tags, each with this device's expiry (0 = none). */
  tagsForDevice(did: number): Tag[] {
    return this.liveEntities()
      .filter((e) => e.entityType === 'Device' && e.entityValue === String(did))
      .flatMap((e) => {
        const tag = this.tagById(e.tid);
        return tag ? [{ ...structuredClone(tag), expiry: e.expiry ?? 0 }] : [];
      });
  }

  entitiesForTag(name: string): TagEntity[] {
    const tag = this.tags.get(name);
    return tag ? this.liveEntities().filter((e) => e.tid === tag.tid) : [];
  }

  /**
   * Tags a device; an unknown tag name is created (as the UI does when typing a new tag). A scoped tag
   * `scope::value` replaces any other tag of the same scope on the device. Re-tagging updates the expiry.
   */
  tagDevice(did: number, name: string, durationSeconds?: number): Tag {
    let tag = this.tags.get(name);
    if (!tag) {
      const tid = Math.max(...[...this.tags.values()].map((t) => t.tid)) + 1;
      tag = { tid, expiry: 0, thid: tid, name, restricted: false, data: { auto: false, color: hash(name) % 360, description: '', visibility: 'Public' }, isReferenced: false };
      this.tags.set(name, tag);
    }
    const value = String(did);
    const expiry = durationSeconds === undefined ? undefined : this.now() + durationSeconds * 1000;
    const scope = name.includes('::') ? name.slice(0, name.indexOf('::') + 2) : undefined;
    const tid = tag.tid;
    this.entities = this.liveEntities().filter((e) => {
      if (e.entityValue !== value || e.entityType !== 'Device' || e.tid === tid || !scope) return true;
      return !this.tagById(e.tid)?.name.startsWith(scope);
    });
    const existing = this.entities.find((e) => e.tid === tid && e.entityType === 'Device' && e.entityValue === value);
    if (existing) {
      if (expiry === undefined) delete existing.expiry;
      else existing.expiry = expiry;
    } else {
      const teid = this.nextTeid++;
      this.entities.push({ teid, tehid: teid, tid, thid: 0, entityType: 'Device', entityValue: value, valid: true, ...(expiry === undefined ? {} : { expiry }) });
    }
    return tag;
  }

  /** Removes a tag from a device; false when the device did not have it. */
  untagDevice(did: number, name: string): boolean {
    const tag = this.tags.get(name);
    if (!tag) return false;
    const before = this.liveEntities().length;
    this.entities = this.entities.filter((e) => !(e.tid === tag.tid && e.entityType === 'Device' && e.entityValue === String(did)));
    return this.entities.length < before;
  }

  // ------------------------------------------------------------------------------------------ watched list

  /** Watched-list entries that have not expired (expired ones are dropped for good). */
  liveIntel(): IntelEntry[] {
    const now = this.now();
    this.intel = this.intel.filter((e) => e.expiry === undefined || Date.parse(`${e.expiry}Z`) > now);
    return this.intel;
  }

  /** A deterministic PRNG for response-level randomness (e.g. shuffled breach order). */
  responseRng(counter: number) {
    return mulberry32(hash(this.seed, 'response', counter));
  }
}
