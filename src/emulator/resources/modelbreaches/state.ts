// The model-breach slice: compact breach rows (store.ts) over the model catalogue (models.ts), and the
// changes tests and the control API make (new breaches, acknowledgement).
import type { SliceEnv } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { DevicesSlice } from '../devices/state.js';
import { deviceView } from '../devices/views.js';
import { FIRST_GENERATED_PBID, generateBreaches } from './generate.js';
import { MODELS, modelByName } from './models.js';
import type { BreachStore } from './store.js';
import { rngFor, int, pick } from '../../prng.js';
import { HOUR } from '../../time.js';

/** A breach comment as /modelbreaches/{pbid}/comments and /mbcomments return it. */
export interface BreachComment { commentid: number; pbid: number; pid: number; time: number; username: string; message: string }

const ANALYSTS = ['analyst.one', 'soc.lead', 'j.smith'];
const REMARKS = ['Investigating with the device owner.', 'Expected admin activity, closing.', 'Escalated to incident response.', 'Seen before on this host.'];

/** The username a comment posted through the API is stored under (the appliance's is unknown). */
export const API_USERNAME = 'api';

export interface ModelBreachesConfig {
  /** Exact number of breaches including the captured ones (option `breaches`). */
  count: number;
  /** Option `shuffleBreaches`: answer /modelbreaches in a seeded random order. */
  shuffle: boolean;
  /** Option `fqdn`: the host of `breachUrl` (null: no FQDN configured, no link). */
  fqdn: string | null;
}

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

export class ModelBreachesSlice {
  readonly store: BreachStore;
  /** /modelbreaches answers given so far (each shuffled answer draws its own seeded order). */
  responses = 0;
  private readonly seed: number;
  private readonly now: () => number;
  private readonly devices: DevicesSlice;
  /** Comments per pbid, generated from the breach's commentCount the first time they are touched. */
  private readonly commentLists = new Map<number, BreachComment[]>();
  private nextCommentId = 1;

  constructor({ seed, now, createdAt, config, need }: SliceEnv<ModelBreachesConfig>) {
    this.seed = seed;
    this.now = now;
    this.devices = need(DevicesSlice);
    this.store = generateBreaches(seed, config.count, createdAt, this.devices.devices);
  }

  get count(): number {
    return this.store.count;
  }

  /** Makes a new breach appear (e.g. between two fetches). Returns its JSON. */
  addBreach(partial: NewBreach = {}): JsonObject {
    const creationTime = partial.creationTime ?? this.now();
    const model = partial.model === undefined ? 0 : modelByName(partial.model);
    if (model < 0) throw new Error(`unknown model ${partial.model}; known: ${MODELS.map((m) => m.name).join(', ')}`);
    const row = this.store.push({
      pbid: partial.pbid ?? Math.max(FIRST_GENERATED_PBID - 1, this.store.maxPbid) + 1,
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

  /** false when there is no such breach. */
  setAcknowledged(pbid: number, acknowledged: boolean): boolean {
    const row = this.store.rowOf(pbid);
    if (row === undefined) return false;
    this.store.acked[row] = acknowledged ? 1 : 0;
    return true;
  }

  /** The comments on a breach, oldest first (undefined: no such breach). */
  comments(pbid: number): BreachComment[] | undefined {
    const row = this.store.rowOf(pbid);
    if (row === undefined) return undefined;
    let list = this.commentLists.get(pbid);
    if (!list) {
      const r = rngFor(this.seed, 'comments', pbid);
      const first = this.store.creation[row];
      list = Array.from({ length: this.store.comments[row] }, (_, k) => ({
        commentid: this.nextCommentId++, pbid, pid: this.store.pidOf(row), time: first + (k + 1) * int(r, 1, 6) * HOUR,
        username: pick(r, ANALYSTS), message: pick(r, REMARKS),
      }));
      this.commentLists.set(pbid, list);
    }
    return list;
  }

  /** Every comment held (for /mbcomments), generating those of breaches with a commentCount. */
  allComments(): BreachComment[] {
    const out: BreachComment[] = [];
    for (let row = 0; row < this.store.count; row++) {
      if (this.store.comments[row] > 0 || this.commentLists.has(this.store.pbid[row])) out.push(...this.comments(this.store.pbid[row])!);
    }
    return out;
  }

  /** Appends a comment (the breach's commentCount follows); undefined when there is no such breach. */
  addComment(pbid: number, message: string, username = API_USERNAME): BreachComment | undefined {
    const list = this.comments(pbid);
    if (!list) return undefined;
    const row = this.store.rowOf(pbid)!;
    const comment = { commentid: this.nextCommentId++, pbid, pid: this.store.pidOf(row), time: this.now(), username, message };
    list.push(comment);
    this.store.comments[row] = Math.min(255, list.length);
    return comment;
  }

  /** The full JSON of the breach in row `row` (deviceattop=true, minimal=false form). */
  breachJson(row: number): JsonObject {
    return this.store.json(row, this.seed, (did) => {
      const device = this.devices.devices.get(did);
      return device && deviceView(device);
    });
  }
}
