// The model-breach slice: compact breach rows (store.ts) over the model catalogue (models.ts), and the
// changes tests and the control API make (new breaches, acknowledgement).
import type { SliceEnv } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { DevicesSlice } from '../devices/state.js';
import { deviceView } from '../devices/views.js';
import { FIRST_GENERATED_PBID, generateBreaches } from './generate.js';
import { MODELS, modelByName } from './models.js';
import type { BreachStore } from './store.js';

export interface ModelBreachesConfig {
  /** Exact number of breaches including the captured ones (option `breaches`). */
  count: number;
  /** Option `shuffleBreaches`: answer /modelbreaches in a seeded random order. */
  shuffle: boolean;
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

  /** The full JSON of the breach in row `row` (deviceattop=true, minimal=false form). */
  breachJson(row: number): JsonObject {
    return this.store.json(row, this.seed, (did) => {
      const device = this.devices.devices.get(did);
      return device && deviceView(device);
    });
  }
}
