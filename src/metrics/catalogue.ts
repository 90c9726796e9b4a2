// The metrics catalogue (GET /metrics): parsed with zod, indexed by system name, and cached per
// Darktrace instance for 10 minutes so every metric-data call can check names and add `unit`/`label`
// without a second request. The clock is injectable; a failed load is never cached.
import type { MetricInfo } from '../darktrace/resources/metrics.js';

// The schemas belong to the Darktrace resource (src/darktrace/resources/metrics.ts); re-exported for the metric code.
export { MetricInfoSchema, MetricListOrOneSchema, MetricListSchema, type MetricInfo } from '../darktrace/resources/metrics.js';

export class MetricCatalogue {
  readonly metrics: readonly MetricInfo[];
  readonly #byName: Map<string, MetricInfo>;

  constructor(metrics: readonly MetricInfo[]) {
    this.metrics = metrics;
    this.#byName = new Map(metrics.map((m) => [m.name, m]));
  }

  get(name: string): MetricInfo | undefined {
    return this.#byName.get(name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get size(): number {
    return this.metrics.length;
  }

  /** Darktrace's `units` is "bytes" for volumes and "" for counts. */
  unitOf(name: string): string | undefined {
    const m = this.get(name);
    if (!m) return undefined;
    return m.units ? m.units : 'count';
  }

  labelOf(name: string): string | undefined {
    return this.get(name)?.label ?? undefined;
  }
}

export const CATALOGUE_TTL_MS = 10 * 60_000;

interface Entry {
  catalogue?: MetricCatalogue;
  loadedAt: number;
  pending?: Promise<MetricCatalogue>;
}

/**
 * One catalogue per instance. The key is the instance's pooled client (held weakly, so an inline instance's
 * one-request client takes its entry with it) or a string naming the instance (never a private token).
 * Concurrent callers share one load.
 */
export class CatalogueCache {
  readonly #byObject = new WeakMap<object, Entry>();
  readonly #byName = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? CATALOGUE_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  #read(key: object | string): Entry | undefined {
    return typeof key === 'string' ? this.#byName.get(key) : this.#byObject.get(key);
  }

  #write(key: object | string, entry: Entry | undefined): void {
    if (typeof key === 'string') {
      if (entry) this.#byName.set(key, entry);
      else this.#byName.delete(key);
    } else if (entry) this.#byObject.set(key, entry);
    else this.#byObject.delete(key);
  }

  /** The cached catalogue if younger than the TTL, else `load()`'s (cached on success only). */
  async get(key: object | string, load: () => Promise<readonly MetricInfo[]>): Promise<MetricCatalogue> {
    const entry = this.#read(key);
    if (entry?.catalogue && this.#now() - entry.loadedAt < this.#ttlMs) return entry.catalogue;
    if (entry?.pending) return entry.pending;
    const pending = (async () => new MetricCatalogue(await load()))();
    this.#write(key, { ...entry, loadedAt: entry?.loadedAt ?? 0, pending });
    try {
      const catalogue = await pending;
      this.#write(key, { catalogue, loadedAt: this.#now() });
      return catalogue;
    } catch (err) {
      // Never cache a failure: put back what was there (expired, so the next call tries again) or nothing.
      this.#write(key, entry?.catalogue ? { catalogue: entry.catalogue, loadedAt: entry.loadedAt } : undefined);
      throw err;
    }
  }

  invalidate(key: object | string): void {
    this.#write(key, undefined);
  }
}
