// darktrace-soar collect: the SIEM collector loop (SPEC §9). Each cycle runs fetch-events with the saved
// lastRun, writes the events as JSON lines, then saves the state; progress goes to stderr, one line a cycle
// (`cycle 12: 3 slots, 65 events (4 duplicate) in 0.8 s`). SIGTERM/SIGINT let the running cycle finish, then exit 0.
//
// Crash safety (kill -9 at any moment loses and duplicates nothing, with --out FILE):
//   state = { lastRun, offset, cycle } where offset is the output file's length after the last *completed*
//   cycle. A cycle: fetch → write its lines at `offset` → fsync the output → write state.tmp (lastRun after
//   the cycle, offset + bytes written) → fsync → rename over the state file (atomic). On start the output is
//   truncated to the saved offset, so whatever an interrupted cycle wrote past it is removed, and that cycle
//   runs again from the same lastRun — the engine is stateless, so it delivers the same items (plus any that
//   arrived since). Killed before the rename: the old state and the truncation undo the cycle. After it: the
//   cycle is complete on both sides. There is no third moment. The state is written before the first cycle
//   (offset 0), so an output file with data but no state is refused, never silently overwritten.
//   An output shorter than the saved offset (rotated, or truncated by someone) is refused too: the events
//   behind the offset are not there to be kept, and re-collecting them silently would hide the loss.
//   With --out - (stdout) lines cannot be taken back: a crash between printing and saving repeats that cycle.
// The `metrics` source (--sources …,metrics --devices 1,2) stores /metricdata as records instead of printing
// events (src/collection/metrics-source.ts); its per-descriptor progress is `metrics` in the same state file, saved
// by the same rename, and a cycle killed before it re-reads windows its descriptors' deduplication makes harmless.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { collectMetricsCycle, type MetricsCycleStats, type MetricsSourceState } from '../collection/metrics-source.js';
import { DEFAULT_FIRST_FETCH, FirstFetchError, parseFirstFetch } from '../fetch/params.js';
import { CatalogueCache } from '../metrics/catalogue.js';
import { LOCAL_OPERATOR } from '../registry/access.js';
import { storeService } from '../store/service.js';
import { keyValues, options, UsageError } from './args.js';
import { failureMessage } from './failure.js';
import { cliInvoker, environmentClients, registryOf } from './invoker.js';

interface CollectorState {
  version: 1;
  lastRun: Record<string, string>;
  /** Bytes of the output file that belong to completed cycles (0 with --out -). */
  offset: number;
  cycle: number;
  /** The metrics source's progress per descriptor (absent until it first runs). */
  metrics?: MetricsSourceState;
}

interface CycleStats {
  slots: unknown[];
  duplicate: number;
}

function readState(file: string): CollectorState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let state: Partial<CollectorState>;
  try {
    state = JSON.parse(text) as Partial<CollectorState>;
  } catch {
    throw new UsageError(`The state file ${file} is not valid JSON; restore it, or delete it and the output to collect again from first_fetch.`);
  }
  if (state.version !== 1 || typeof state.lastRun !== 'object' || state.lastRun === null || !Number.isSafeInteger(state.offset) || !Number.isSafeInteger(state.cycle)) {
    throw new UsageError(`The state file ${file} is not a collector state (version, lastRun, offset, cycle).`);
  }
  const metrics: unknown = state.metrics;
  if (metrics !== undefined && (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics) ||
    !Object.values(metrics).every((m) => typeof m === 'object' && m !== null && typeof (m as { from?: unknown }).from === 'string' && Number.isSafeInteger((m as { next?: unknown }).next)))) {
    throw new UsageError(`The state file ${file} has a metrics entry that is not {descriptorId: {from, next}}; restore it, or remove "metrics" to collect metric data again from first_fetch.`);
  }
  return state as CollectorState;
}

/** Write + fsync + rename: the state file is always either the old or the new state, never half of one. */
function saveState(file: string, state: CollectorState): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(state)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** --devices: device ids (did), whole numbers, at least one, none twice. */
function deviceIds(value: string): number[] {
  const items = value.split(',').map((d) => d.trim()).filter((d) => d !== '');
  const bad = items.filter((d) => !/^\d{1,15}$/.test(d));
  if (items.length === 0 || bad.length) throw new UsageError(`--devices must be device ids (did) separated by commas, e.g. --devices 1,7,12 (got "${value}").`);
  const ids = items.map(Number);
  if (new Set(ids).size !== ids.length) throw new UsageError(`--devices lists a device twice (got "${value}").`);
  return ids;
}

function seconds(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new UsageError(`${flag} must be seconds from 0 to 86400 (got "${value}").`);
  return n;
}

/** The metrics source's part of a progress line: `2 descriptors read, 48 metric records (0 duplicate, 0 rejected)`. */
function metricsProgress(stats: MetricsCycleStats): string {
  const read = stats.descriptors.filter((d) => d.outcome === 'collected').length;
  return `${read} descriptor${read === 1 ? '' : 's'} read, ${stats.stored} metric records (${stats.duplicate} duplicate, ${stats.rejected} rejected)`;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv, {
    state: { type: 'string' }, every: { type: 'string' }, sources: { type: 'string' }, out: { type: 'string' }, cycles: { type: 'string' },
    devices: { type: 'string' },
  });
  if (!values.state) throw new UsageError('collect needs --state FILE (where the collector keeps its lastRun and output offset).');
  const stateFile = values.state;
  const everyMs = seconds(values.every, 60, '--every') * 1000;
  const maxCycles = values.cycles === undefined ? Infinity : Number(values.cycles);
  if (!Number.isInteger(maxCycles) && maxCycles !== Infinity) throw new UsageError(`--cycles must be a whole number (got "${values.cycles}").`);
  // `metrics` is the collector's own source (it writes to the store); the others are fetch-events' event_sources.
  const chosen = values.sources?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const metricsOn = chosen?.includes('metrics') ?? false;
  const eventSources = chosen?.filter((s) => s !== 'metrics');
  const eventsOn = eventSources === undefined || eventSources.length > 0;
  const given = keyValues(positionals);
  const args: Record<string, string> = { ...given, ...(eventSources?.length ? { event_sources: eventSources.join(',') } : {}) };
  if (metricsOn && !values.devices) throw new UsageError('--sources metrics needs --devices DID,… : the devices whose metric data is collected (every record is keyed by its device).');
  if (!metricsOn && values.devices) throw new UsageError('--devices is for the metrics source: add metrics to --sources.');
  const devices = values.devices ? deviceIds(values.devices) : [];
  const firstFetch = given.first_fetch ?? DEFAULT_FIRST_FETCH;
  if (metricsOn) {
    try {
      parseFirstFetch(firstFetch, Date.now());
    } catch (err) {
      if (err instanceof FirstFetchError) throw new UsageError(err.message);
      throw err;
    }
  }
  const outPath = values.out ?? '-';

  let state = readState(stateFile);
  let fd: number | undefined;
  if (outPath !== '-') {
    fd = openSync(outPath, existsSync(outPath) ? 'r+' : 'w+');
    const size = fstatSync(fd).size;
    if (!state && size > 0) {
      throw new UsageError(`${outPath} already holds ${size} bytes but there is no state file ${stateFile}: restore the state, or move the output away to collect from first_fetch.`);
    }
    if (state && size < state.offset) {
      throw new UsageError(`${outPath} is shorter (${size} bytes) than the collector wrote (${state.offset}): it was truncated or replaced; restore it, or delete it and ${stateFile} to collect again.`);
    }
    if (state && size > state.offset) {
      ftruncateSync(fd, state.offset); // an interrupted cycle's lines: that cycle runs again
      fsyncSync(fd);
      console.error(`removed ${size - state.offset} bytes an interrupted cycle wrote to ${outPath}; collecting that cycle again`);
    }
  }
  if (!state) {
    state = { version: 1, lastRun: {}, offset: 0, cycle: 0 };
    saveState(stateFile, state);
  }

  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const clients = environmentClients();
  const store = storeService();
  const invoker = cliInvoker(clients, await registryOf(['fetch-events']), store);
  const catalogues = new CatalogueCache({ now: () => Date.now() });
  const toldSkipped = new Map<number, string>();
  try {
    for (let run = 0; run < maxCycles && !stopping; run++) {
      const started = process.hrtime.bigint();
      const cycle: number = state.cycle + 1;
      const parts: string[] = [];
      let next: CollectorState | undefined;
      if (eventsOn) {
        const outcome = await invoker.invoke({ command: 'fetch-events', args, lastRun: state.lastRun, caller: LOCAL_OPERATOR });
        if (!outcome.ok) {
          if (outcome.stage === 'arguments' || outcome.stage === 'command') {
            console.error(failureMessage(outcome, 'collect', 'Invalid collector parameters:'));
            return 1;
          }
          console.error(`cycle ${cycle} failed: ${outcome.problem.detail}; state kept, trying again in ${everyMs / 1000} s`);
        } else {
          const { events, lastRun, stats } = outcome.results[0].rawResponse as { events: unknown[]; lastRun: Record<string, string>; stats: Record<string, CycleStats> };
          const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
          const bytes = Buffer.byteLength(text);
          if (fd !== undefined) {
            if (bytes > 0) writeSync(fd, text, state.offset);
            fsyncSync(fd); // the lines are on disk before the state says they are
          } else if (bytes > 0) {
            await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
          }
          next = { ...state, lastRun, offset: fd === undefined ? 0 : state.offset + bytes, cycle };
          const slots = Object.values(stats).reduce((n, s) => n + (s.slots?.length ?? 0) + ((s as { kind?: string; due?: boolean }).kind === 'snapshot' && (s as { due?: boolean }).due ? 1 : 0), 0);
          const duplicate = Object.values(stats).reduce((n, s) => n + (s.duplicate ?? 0), 0);
          parts.push(`${slots} slots, ${events.length} events (${duplicate} duplicate)`);
        }
      }
      if (metricsOn) {
        try {
          const lease = clients.lease(undefined);
          const { state: metrics, stats } = await collectMetricsCycle(
            { client: lease.client, store: await store.get(), now: () => new Date(), metricCatalogues: catalogues },
            { state: state.metrics ?? {}, firstFetch, devices },
          );
          next = { ...(next ?? { ...state, cycle }), metrics };
          parts.push(metricsProgress(stats));
          for (const d of stats.descriptors) {
            if (d.outcome === 'skipped' && toldSkipped.get(d.id) !== d.reason) console.error(`metrics: skipping descriptor ${JSON.stringify(d.shortName)} (id ${d.id}): ${d.reason}`);
            if (d.outcome === 'failed') console.error(`cycle ${cycle}: metrics descriptor ${JSON.stringify(d.shortName)} failed: ${d.reason}; its window is read again next cycle`);
            if (d.outcome === 'skipped') toldSkipped.set(d.id, d.reason!);
            else toldSkipped.delete(d.id);
          }
        } catch (err) {
          const detail = (err as { detail?: unknown }).detail ?? (err as Error).message;
          console.error(`cycle ${cycle}: the metrics source failed: ${String(detail)}; its state kept, trying again in ${everyMs / 1000} s`);
        }
      }
      if (next) {
        state = next;
        saveState(stateFile, state);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        console.error(`cycle ${cycle}: ${parts.join(', ')} in ${elapsed.toFixed(1)} s`);
      }
      if (stopping || run + 1 >= maxCycles) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, everyMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
    await clients.close();
    await store.close();
  }
}
