// The watched-list slice (/intelfeed). Expired entries are dropped for good when next read.
import type { SliceEnv } from '../../resource.js';
import { generateIntel } from './generate.js';

export interface IntelEntry {
  name: string;
  description: string;
  /** `YYYY-MM-DDTHH:MM:SS` UTC, absent = never expires. */
  expiry?: string;
  strength: number;
  iagn: boolean;
  source: string;
  hostname: boolean;
}

export class WatchedListSlice {
  intel: IntelEntry[];
  private readonly now: () => number;

  constructor({ now, createdAt }: SliceEnv<unknown>) {
    this.now = now;
    this.intel = generateIntel(createdAt);
  }

  /** Watched-list entries that have not expired. */
  liveIntel(): IntelEntry[] {
    const now = this.now();
    this.intel = this.intel.filter((e) => e.expiry === undefined || Date.parse(`${e.expiry}Z`) > now);
    return this.intel;
  }
}
