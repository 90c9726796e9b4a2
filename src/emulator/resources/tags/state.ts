// The tags slice: tags by name and tag entities (which devices or credentials hold which tag, with expiry).
// Expiry always reads the appliance clock.
import { hash } from '../../prng.js';
import type { SliceEnv } from '../../resource.js';
import { DevicesSlice } from '../devices/state.js';
import { generateTags } from './generate.js';
import type { Tag, TagEntity, TagPostResponse } from './types.js';

export interface TagsConfig {
  /** Option `tagPostResponse`. */
  postResponse: TagPostResponse;
}

export class TagsSlice {
  /** Tags by name, in creation order. */
  readonly tags: Map<string, Tag>;
  /** Tag entities in creation order (GET responses keep this order). */
  entities: TagEntity[];
  private readonly now: () => number;
  private nextTeid: number;

  constructor({ seed, now, need }: SliceEnv<TagsConfig>) {
    this.now = now;
    ({ tags: this.tags, entities: this.entities } = generateTags(seed, need(DevicesSlice).devices));
    this.nextTeid = Math.max(...this.entities.map((e) => e.teid)) + 1;
  }

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
}
