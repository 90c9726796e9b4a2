// The AI Analyst slice: incident events (captured + generated), the incidents (groups) they form, their
// acknowledged / pinned state and comments. Groups are derived from the events on every read, except that a
// captured group object is served verbatim with its flags brought up to date.
import type { SliceEnv } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { DevicesSlice } from '../devices/state.js';
import { ModelBreachesSlice } from '../modelbreaches/state.js';
import { capturedComments, capturedEvents, capturedGroups, generateEvents, type AiaComment } from './generate.js';

export interface AiAnalystConfig {
  /** Option `aianalystCommentsStored` (default true); false: POSTed comments answer SUCCESS and vanish (SDK #62). */
  commentsStored: boolean;
  /** Option `fqdn`: the host of `incidentEventUrl` and `groupUrl` (null: no FQDN configured, no links). */
  fqdn: string | null;
}

/** The username a comment posted through the API is stored under (the appliance's is unknown). */
export const API_USERNAME = 'api';

/** A score as a number (groupScore may be a numeric string). */
export const scoreOf = (value: unknown): number => (typeof value === 'number' ? value : Number(value));

export class AiAnalystSlice {
  /** uuid → event, in creation order. */
  readonly events = new Map<string, JsonObject>();
  /** Captured group objects by id. */
  private readonly captured = new Map<string, JsonObject>();
  readonly comments = new Map<string, AiaComment[]>();
  readonly config: AiAnalystConfig;
  private readonly now: () => number;

  constructor({ seed, createdAt, now, config, need }: SliceEnv<AiAnalystConfig>) {
    this.config = config;
    this.now = now;
    const breaches = need(ModelBreachesSlice);
    const pbids = Array.from({ length: Math.min(breaches.store.count, 40) }, (_, i) => breaches.store.pbid[breaches.store.count - 1 - i]);
    for (const e of [...capturedEvents(), ...generateEvents(seed, createdAt, need(DevicesSlice).devices, pbids)]) this.events.set(e.id as string, e);
    for (const g of capturedGroups()) this.captured.set(g.id as string, g);
    for (const c of capturedComments()) this.commentsOf(c.incident_id).push(c);
  }

  commentsOf(uuid: string): AiaComment[] {
    let list = this.comments.get(uuid);
    if (!list) this.comments.set(uuid, (list = []));
    return list;
  }

  addComment(uuid: string, message: string): void {
    if (this.config.commentsStored) this.commentsOf(uuid).push({ username: API_USERNAME, time: this.now(), incident_id: uuid, message });
  }

  /** Sets a flag on events; false when one of the uuids is unknown (then nothing changes). */
  set(uuids: string[], flag: 'acknowledged' | 'pinned', value: boolean): boolean {
    if (!uuids.every((u) => this.events.has(u))) return false;
    for (const u of uuids) this.events.get(u)![flag] = value;
    return true;
  }

  /** Every group id: those of the events, then captured groups without a held event. */
  groupIds(): string[] {
    const ids = new Set<string>();
    for (const e of this.events.values()) if (typeof e.currentGroup === 'string') ids.add(e.currentGroup);
    for (const id of this.captured.keys()) ids.add(id);
    return [...ids];
  }

  eventsOf(groupId: string): JsonObject[] {
    return [...this.events.values()].filter((e) => e.currentGroup === groupId);
  }

  /** The group as /aianalyst/groups shows it (undefined: unknown id). */
  group(id: string): JsonObject | undefined {
    const events = this.eventsOf(id);
    const captured = this.captured.get(id);
    if (!captured && events.length === 0) return undefined;
    const acknowledged = events.length > 0 && events.every((e) => e.acknowledged === true);
    const pinned = events.some((e) => e.pinned === true);
    if (captured) return { ...structuredClone(captured), ...(events.length > 0 ? { acknowledged, pinned } : {}) };
    const dids = (e: JsonObject) => ((e.breachDevices as JsonObject[] | undefined) ?? []).map((d) => d.did as number);
    const starts = events.map((e) => (e.periods as JsonObject[])[0].start as number);
    const ends = events.map((e) => (e.periods as JsonObject[]).at(-1)!.end as number);
    return {
      id, active: true, acknowledged, pinned, userTriggered: false, externalTriggered: false, previousIds: [],
      incidentEvents: events.map((e) => ({ uuid: e.id, start: (e.periods as JsonObject[])[0].start, title: e.title, triggerDid: dids(e)[0] ?? null, visible: true })),
      mitreTactics: [...new Set(events.flatMap((e) => (e.mitreTactics as string[] | undefined) ?? []))],
      devices: [...new Set(events.flatMap(dids))], initialDevices: dids(events[0]),
      category: events[0].groupCategory, groupScore: events[0].groupScore, start: Math.min(...starts), end: Math.max(...ends), edges: [],
    };
  }
}
