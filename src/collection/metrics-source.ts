// The collector's `metrics` source (SPEC §9, §11: "the collector can run darktrace-collect-metric-data on a
// schedule"): each cycle, every descriptor with a `source` gets the frames completed since the last cycle read
// from /metricdata (collectDescriptorMetrics) and stored as records. It emits no SIEM events — its output is the
// store — and its progress is one `next` timestamp per descriptor, kept in the collector's state file.
//
// Exactly once, across crashes: a cycle reads [next, the last complete frame) per descriptor, stores it, and only
// then does the collector save the state with the new `next` (atomically, with the other sources' lastRun). Killed
// before that save, the restarted cycle reads the same window again, and the descriptor's deduplication (`first`
// keeps the stored record, `last` replaces it with its equal) makes the second write add nothing. A descriptor
// with deduplication `none` would store the window twice, so this source skips it and says why. Only complete
// frames are read (the current one is still filling), so `first` never keeps a partial bucket.
//
// Window per descriptor and cycle: from `next` (or first_fetch floored to the frame, on the first cycle and
// whenever first_fetch changes — the same "start time changed, persistence reset" as the fetch sources) to the
// start of the current frame, at most MAX_BUCKETS frames (a backlog is crossed over several cycles). Devices are
// the collector's `--devices`, MAX_DEVICES per /metricdata batch of requests.
import { timeFrameMs, type Descriptor } from '../descriptors/model.js';
import { parseFirstFetch } from '../fetch/params.js';
import { MAX_BUCKETS, MAX_DEVICES } from '../metrics/index.js';
import { ArgumentError } from '../registry/command.js';
import { collectDescriptorMetrics, collectionProblems, type CollectDeps } from './collect.js';

/** Per descriptor id: the first_fetch it was started from, and where its next window starts (epoch ms). */
export type MetricsSourceState = Record<string, { from: string; next: number }>;

export interface MetricsDescriptorStats {
  id: number;
  shortName: string;
  /** collected: a window was read; idle: no complete frame since the last one; skipped: cannot be collected
   * (see `reason`, asked again every cycle); failed: Darktrace or the store failed, the window is read again. */
  outcome: 'collected' | 'idle' | 'skipped' | 'failed';
  reason?: string;
  /** The window read, epoch ms [start, end). */
  start?: number;
  end?: number;
  requests: number;
  read: number;
  stored: number;
  duplicate: number;
  rejected: number;
  /** More complete frames remain after `end` (a backlog larger than one collection). */
  behind?: boolean;
}

export interface MetricsCycleStats {
  source: 'metrics';
  kind: 'metrics';
  descriptors: MetricsDescriptorStats[];
  requests: number;
  read: number;
  stored: number;
  duplicate: number;
  rejected: number;
}

export interface MetricsCycleOptions {
  state: MetricsSourceState;
  /** first_fetch as the user wrote it (default the fetch default, 3 days). */
  firstFetch: string;
  devices: readonly number[];
}

const PAGE = 1000;

async function descriptorsWithSource(deps: CollectDeps): Promise<Descriptor[]> {
  const out: Descriptor[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.store.searchDescriptors({ limit: PAGE, offset });
    out.push(...page.data.filter((d) => d.source));
    if (offset + page.data.length >= page.count || page.data.length === 0) return out;
  }
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

/**
 * One cycle of the metrics source. Returns the state to save after the cycle (descriptors that failed keep
 * theirs; deleted descriptors are dropped) and what it did. Throws only when the descriptors cannot be listed
 * (the store is down) or first_fetch is invalid (a FirstFetchError).
 */
export async function collectMetricsCycle(deps: CollectDeps, options: MetricsCycleOptions): Promise<{ state: MetricsSourceState; stats: MetricsCycleStats }> {
  const now = deps.now().getTime();
  const firstFetch = parseFirstFetch(options.firstFetch, now);
  const descriptors = await descriptorsWithSource(deps);
  const state: MetricsSourceState = {};
  const stats: MetricsCycleStats = { source: 'metrics', kind: 'metrics', descriptors: [], requests: 0, read: 0, stored: 0, duplicate: 0, rejected: 0 };
  for (const d of descriptors) {
    const kept = options.state[String(d.id)];
    if (kept) state[String(d.id)] = kept;
    const row: MetricsDescriptorStats = { id: d.id, shortName: d.shortName, outcome: 'idle', requests: 0, read: 0, stored: 0, duplicate: 0, rejected: 0 };
    stats.descriptors.push(row);
    const problems = collectionProblems(d);
    if (d.deduplicationFunction === 'none') {
      problems.push(`metric descriptor ${JSON.stringify(d.shortName)} has deduplicationFunction none: a window read again after a crash would be stored twice; the metrics source collects descriptors with first or last`);
    }
    if (problems.length) {
      row.outcome = 'skipped';
      row.reason = problems.join('; ');
      continue;
    }
    const frame = timeFrameMs(d);
    const start = kept && kept.from === options.firstFetch ? floorTo(kept.next, frame) : floorTo(firstFetch, frame);
    const complete = floorTo(now, frame);
    if (start >= complete) {
      state[String(d.id)] = { from: options.firstFetch, next: kept && kept.from === options.firstFetch ? kept.next : start };
      continue;
    }
    const end = Math.min(complete, start + MAX_BUCKETS * frame);
    Object.assign(row, { start, end, behind: end < complete });
    try {
      for (let i = 0; i < options.devices.length; i += MAX_DEVICES) {
        const devices = options.devices.slice(i, i + MAX_DEVICES);
        const r = await collectDescriptorMetrics(deps, d.id, { start, end, devices });
        row.requests += r.devices.length;
        row.read += r.read;
        row.stored += r.accepted;
        row.duplicate += r.deduplicated;
        row.rejected += r.rejected;
      }
      row.outcome = 'collected';
      state[String(d.id)] = { from: options.firstFetch, next: end };
    } catch (err) {
      // A descriptor the appliance cannot serve (its metric left the catalogue) is skipped like an unfit one;
      // anything else (Darktrace, the store) is a failure: its window is read again next cycle.
      row.outcome = err instanceof ArgumentError ? 'skipped' : 'failed';
      row.reason = err instanceof ArgumentError ? err.errors.map((e) => e.message).join('; ') : (err as Error).message;
    }
    stats.requests += row.requests;
    stats.read += row.read;
    stats.stored += row.stored;
    stats.duplicate += row.duplicate;
    stats.rejected += row.rejected;
  }
  return { state, stats };
}
