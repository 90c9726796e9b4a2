// The devices slice: every device, the external endpoints the appliance has seen, and device similarity.
import { hash } from '../../prng.js';
import type { SliceEnv } from '../../resource.js';
import { generateDevices, generateEndpoints } from './generate.js';
import type { Device, ExternalHost, ExternalIp } from './types.js';

export interface DevicesConfig {
  /** Exact number of devices (option `devices`). */
  count: number;
}

export class DevicesSlice {
  readonly devices: Map<number, Device>;
  readonly hosts: Map<string, ExternalHost>;
  readonly externalIps: Map<string, ExternalIp>;
  private readonly seed: number;
  private readonly similarCache = new Map<number, Array<{ did: number; score: number }>>();

  constructor({ seed, createdAt, config }: SliceEnv<DevicesConfig>) {
    this.seed = seed;
    this.devices = generateDevices(seed, config.count, createdAt);
    ({ hosts: this.hosts, ips: this.externalIps } = generateEndpoints(seed, this.devices));
  }

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
}
