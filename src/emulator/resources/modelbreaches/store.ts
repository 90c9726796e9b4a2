// Compact model-breach storage: one row per breach in growable typed arrays (≈40 bytes a breach), so 100k
// breaches cost a few MB. The full JSON (model.then/now, triggeredComponents, device) is built only when a
// breach is put into a response.
import { clone } from '../../fixtures.js';
import { MODELS, modelJson, modelUuid, triggeredComponentJson } from './models.js';
import type { JsonObject } from '../../types.js';

export interface BreachRow {
  pbid: number;
  time: number;
  creationTime: number;
  /** 0-1, kept to 3 decimals like the appliance. */
  score: number;
  /** Index into MODELS. */
  model: number;
  /** Device id, or -1 for a breach without a device block. */
  did: number;
  acknowledged: boolean;
  commentCount: number;
}

export interface BreachFilter {
  from: number;
  to: number;
  /** creationtime=true: filter on record creation instead of first activity. */
  byCreation: boolean;
  includeAcknowledged: boolean;
  minScore?: number;
  did?: number;
  pid?: number;
  uuid?: string;
}

export class BreachStore {
  count = 0;
  private capacity = 0;
  pbid = new Int32Array(0);
  time = new Float64Array(0);
  creation = new Float64Array(0);
  score = new Uint16Array(0); // thousandths
  model = new Int16Array(0); // -1 = verbatim capture
  did = new Int32Array(0);
  acked = new Uint8Array(0);
  comments = new Uint8Array(0);
  private readonly index = new Map<number, number>(); // pbid → row
  private readonly verbatim = new Map<number, JsonObject>(); // pbid → captured JSON

  push(row: BreachRow): number {
    if (this.index.has(row.pbid)) throw new Error(`duplicate pbid ${row.pbid}`);
    if (this.count === this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    const i = this.count++;
    this.pbid[i] = row.pbid;
    this.time[i] = row.time;
    this.creation[i] = row.creationTime;
    this.score[i] = Math.round(row.score * 1000);
    this.model[i] = row.model;
    this.did[i] = row.did;
    this.acked[i] = row.acknowledged ? 1 : 0;
    this.comments[i] = Math.min(255, row.commentCount);
    this.index.set(row.pbid, i);
    return i;
  }

  /** A captured breach, served exactly as captured (only `acknowledged` is added if it gets acknowledged). */
  pushVerbatim(breach: JsonObject): number {
    const device = breach.device as JsonObject | undefined;
    const i = this.push({
      pbid: breach.pbid as number, time: breach.time as number, creationTime: breach.creationTime as number,
      score: breach.score as number, model: -1, did: device ? (device.did as number) : -1,
      acknowledged: breach.acknowledged === true, commentCount: breach.commentCount as number,
    });
    this.verbatim.set(breach.pbid as number, breach);
    return i;
  }

  rowOf(pbid: number): number | undefined {
    return this.index.get(pbid);
  }

  get maxPbid(): number {
    let max = 0;
    for (let i = 0; i < this.count; i++) max = Math.max(max, this.pbid[i]);
    return max;
  }

  pidOf(i: number): number {
    const v = this.verbatim.get(this.pbid[i]);
    return v ? ((v.model as JsonObject).then as JsonObject).pid as number : MODELS[this.model[i]].pid;
  }

  uuidOf(i: number): string {
    const v = this.verbatim.get(this.pbid[i]);
    return v ? ((v.model as JsonObject).then as JsonObject).uuid as string : modelUuid(MODELS[this.model[i]]);
  }

  /** Smallest `time` (or `creationTime`) held: "the beginning of memory". */
  earliest(byCreation: boolean): number {
    const t = byCreation ? this.creation : this.time;
    let min = Infinity;
    for (let i = 0; i < this.count; i++) min = Math.min(min, t[i]);
    return min;
  }

  /** Rows matching the filter, in storage order. A linear scan: 100k rows take well under a millisecond or two. */
  query(f: BreachFilter): number[] {
    const t = f.byCreation ? this.creation : this.time;
    const minScore = f.minScore === undefined ? undefined : f.minScore * 1000 - 1e-6;
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if (t[i] < f.from || t[i] > f.to) continue;
      if (!f.includeAcknowledged && this.acked[i]) continue;
      if (minScore !== undefined && this.score[i] < minScore) continue;
      if (f.did !== undefined && this.did[i] !== f.did) continue;
      if (f.pid !== undefined && this.pidOf(i) !== f.pid) continue;
      if (f.uuid !== undefined && this.uuidOf(i) !== f.uuid) continue;
      out.push(i);
    }
    return out;
  }

  /** The full breach JSON (deviceattop=true, minimal=false form). */
  json(i: number, seed: number, deviceJson: (did: number) => JsonObject | undefined): JsonObject {
    const pbid = this.pbid[i];
    const captured = this.verbatim.get(pbid);
    if (captured) {
      const copy = clone(captured);
      if (this.acked[i]) copy.acknowledged = true;
      if (this.comments[i] !== captured.commentCount) copy.commentCount = this.comments[i];
      return copy;
    }
    const m = MODELS[this.model[i]];
    const time = this.time[i];
    const score = this.score[i] / 1000;
    const breach: JsonObject = {
      creationTime: this.creation[i],
      commentCount: this.comments[i],
      pbid,
      time,
      model: { then: modelJson(m, 'then'), now: modelJson(m, 'now') },
      triggeredComponents: [triggeredComponentJson(m, pbid, time, seed)],
      score,
      percentscore: Math.round(score * 100),
      acknowledged: this.acked[i] === 1,
    };
    const device = this.did[i] >= 0 ? deviceJson(this.did[i]) : undefined;
    if (device) breach.device = device;
    return breach;
  }

  private grow(capacity: number) {
    const copy = <T extends { set(a: ArrayLike<number>): void }>(make: (n: number) => T, old: ArrayLike<number>) => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.pbid = copy((n) => new Int32Array(n), this.pbid);
    this.time = copy((n) => new Float64Array(n), this.time);
    this.creation = copy((n) => new Float64Array(n), this.creation);
    this.score = copy((n) => new Uint16Array(n), this.score);
    this.model = copy((n) => new Int16Array(n), this.model);
    this.did = copy((n) => new Int32Array(n), this.did);
    this.acked = copy((n) => new Uint8Array(n), this.acked);
    this.comments = copy((n) => new Uint8Array(n), this.comments);
    this.capacity = capacity;
  }
}
