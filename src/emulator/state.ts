// The emulated appliance's state: the registered resources' slices, reached with `slice(SliceClass)`.
// The named members below are the state API tests used before resources had slices; they are kept as they
// were and do not grow: a new resource's state is reached with `slice()`.
import type { Need } from './resource.js';
import { DevicesSlice } from './resources/devices/state.js';
import type { Device, ExternalHost, ExternalIp } from './resources/devices/types.js';
import type { IntelEntry } from './resources/intelfeed/state.js';
import { WatchedListSlice } from './resources/intelfeed/state.js';
import { ModelBreachesSlice, type NewBreach } from './resources/modelbreaches/state.js';
import type { BreachStore } from './resources/modelbreaches/store.js';
import { TagsSlice } from './resources/tags/state.js';
import type { Tag, TagEntity } from './resources/tags/types.js';
import type { JsonObject } from './types.js';
import type { Rng } from './prng.js';

export class EmulatorState {
  constructor(
    readonly seed: number,
    /** The appliance clock (ms). */
    readonly now: () => number,
    private readonly need: Need,
    private readonly rng: (...parts: Array<string | number>) => Rng,
  ) {}

  /** A resource's slice by its class, e.g. `state.slice(TagsSlice)`; throws if no registered resource has it. */
  slice<S>(cls: abstract new (...args: never[]) => S): S {
    return this.need(cls);
  }

  /** A deterministic PRNG for response-level randomness (e.g. shuffled breach order). */
  responseRng(counter: number): Rng {
    return this.rng('response', counter);
  }

  // ---------------------------------------------------------------------------------------- devices
  get devices(): Map<number, Device> { return this.slice(DevicesSlice).devices; }
  get hosts(): Map<string, ExternalHost> { return this.slice(DevicesSlice).hosts; }
  get externalIps(): Map<string, ExternalIp> { return this.slice(DevicesSlice).externalIps; }
  similarDevices(did: number) { return this.slice(DevicesSlice).similarDevices(did); }

  // ---------------------------------------------------------------------------------------- model breaches
  get breaches(): BreachStore { return this.slice(ModelBreachesSlice).store; }
  get breachCount(): number { return this.slice(ModelBreachesSlice).count; }
  addBreach(partial: NewBreach = {}): JsonObject { return this.slice(ModelBreachesSlice).addBreach(partial); }
  setAcknowledged(pbid: number, acknowledged: boolean): boolean { return this.slice(ModelBreachesSlice).setAcknowledged(pbid, acknowledged); }
  breachJson(row: number): JsonObject { return this.slice(ModelBreachesSlice).breachJson(row); }

  // ---------------------------------------------------------------------------------------- tags
  get tags(): Map<string, Tag> { return this.slice(TagsSlice).tags; }
  get entities(): TagEntity[] { return this.slice(TagsSlice).entities; }
  set entities(value: TagEntity[]) { this.slice(TagsSlice).entities = value; }
  liveEntities(): TagEntity[] { return this.slice(TagsSlice).liveEntities(); }
  tagById(tid: number): Tag | undefined { return this.slice(TagsSlice).tagById(tid); }
  tagsForDevice(did: number): Tag[] { return this.slice(TagsSlice).tagsForDevice(did); }
  entitiesForTag(name: string): TagEntity[] { return this.slice(TagsSlice).entitiesForTag(name); }
  tagDevice(did: number, name: string, durationSeconds?: number): Tag { return this.slice(TagsSlice).tagDevice(did, name, durationSeconds); }
  untagDevice(did: number, name: string): boolean { return this.slice(TagsSlice).untagDevice(did, name); }

  // ---------------------------------------------------------------------------------------- watched list
  get intel(): IntelEntry[] { return this.slice(WatchedListSlice).intel; }
  set intel(value: IntelEntry[]) { this.slice(WatchedListSlice).intel = value; }
  liveIntel(): IntelEntry[] { return this.slice(WatchedListSlice).liveIntel(); }
}
