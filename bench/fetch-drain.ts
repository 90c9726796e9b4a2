// Drains a Darktrace model-breach backlog with the fetch engine (max_fetch 1000) and measures fetch count,
// time and memory. Each configuration runs in a fresh child process, so peak RSS (getrusage maxrss) is that
// run's alone.
//
//   npx tsx bench/fetch-drain.ts                        # http + lazy, 10k and 100k breaches; prints a table
//   npx tsx bench/fetch-drain.ts --write docs/bench-fetch.md
//   npx tsx bench/fetch-drain.ts --modes http --sizes 100000
//
// Modes:
//   http  the emulator (`./bin/darktrace-soar emulator --breaches N`) in its own process; the engine talks to it
//         through modelBreachSource + the real DarktraceClient (signed HTTP). Its breaches span the last 30 days
//         plus the two 2020 fixture breaches; first_fetch 2020-01-01 so all N must be delivered.
//   lazy  an in-process appliance behind the real modelBreachSource that builds full-size breaches (fixture 159's
//         shape) only for the slot asked for: 30 days, ties of 3 per creationTime, plus one burst of 2500 breaches sharing one millisecond
//         (bigger than a slot may hold, so it is taken whole). Measures the engine without HTTP.
//   source  AI Analyst events or RESPOND actions (`--source ai-analyst|respond-actions`): an in-process emulator
//         (startEmulator) whose seeded items are replaced by N items over the last 30 days, reached through the
//         real aiAnalystSource / respondActionSource and DarktraceClient (signed HTTP); first_fetch ten years back.
//         Requests, not memory, are the point of these rows (the emulator shares the process).
// Every run checks exactly-once: each pbid delivered once, N in total.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DarktraceClient } from '../src/darktrace/client.js';
import {
  DEFAULT_FETCH_PARAMS, fetchIncidents, modelBreachSource, type FetchParams, type FetchSource, type ModelBreach, type ModelBreachFilters,
} from '../src/fetch/index.js';
import { breachesCreatedBetween } from '../src/darktrace/resources/modelbreaches.js';
import { aiAnalystSource, respondActionSource, type AnyFetchSource, type FetchTuning } from '../src/fetch/index.js';
import { SPARSE_SLOT_MS } from '../src/fetch/source.js';
import { startEmulator } from '../src/emulator/index.js';
import { AiAnalystSlice } from '../src/emulator/resources/aianalyst/state.js';
import { AntigenaSlice } from '../src/emulator/resources/antigena/state.js';
import { queryPairs, type Query } from '../src/darktrace/signing.js';

type BreachSource = FetchSource<ModelBreach, ModelBreachFilters>;

type Mode = 'http' | 'lazy' | 'oneshot';
/** `classic`: the walk the engine had before probes (direct reads, 6 h slot cap: `probe: false`); `probe`: today's default. */
type Engine = 'classic' | 'probe';
interface RunResult {
  mode: Mode;
  engine: Engine;
  /** Incidents delivered by the first fetch. */
  firstFetchDelivered: number;
  /** Requests sent before the first incident was delivered (crossing the empty years), that fetch's included. */
  requestsToFirstIncident: number;
  /** Probe requests among `requests`, and the most creation times one probe answered. */
  probes: number;
  largestProbe: number;
  /** Children started with --expose-gc force a full GC after each non-empty response to measure live memory. */
  forcedGc: boolean;
  breaches: number;
  delivered: number;
  duplicates: number;
  fetches: number;
  deliveringFetches: number;
  requests: number;
  oversized: number;
  seconds: number;
  maxFetchMs: number;
  largestResponse: number;
  largestLastRunBytes: number;
  baselineRssMb: number;
  peakRssMb: number;
  baselineHeapMb: number;
  peakHeapMb: number;
  /** Largest live heap (after a forced GC) while a slot response and the incidents so far are held. */
  peakLiveHeapMb: number;
}

const MB = 1024 * 1024;
const DAY = 86_400_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

// ------------------------------------------------------------------------------------------------ child

async function startEmulatorProcess(breaches: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['bin/darktrace-soar', 'emulator', '--port', '0', '--breaches', String(breaches)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

function lazySource(n: number, now: number): { source: BreachSource; firstFetch: string } {
  const template = JSON.parse(readFileSync(new URL('../src/emulator/fixtures/modelbreaches.json', import.meta.url), 'utf8'))[0];
  const burst = 2500;
  const regular = n - burst;
  const start = now - 30 * DAY;
  const groups = Math.ceil(regular / 3);
  const step = Math.floor((30 * DAY - 60_000) / groups);
  const burstAt = start + Math.floor(groups / 2) * step + 1; // between two groups
  // Breach i < regular: creationTime start + floor(i / 3) × step (ties of 3); the burst: burstAt.
  const creation = (i: number) => (i < regular ? start + Math.floor(i / 3) * step : burstAt);
  const firstAtOrAfter = (t: number) => {
    let lo = 0;
    let hi = regular; // first regular index with creation ≥ t
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (creation(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const make = (i: number) => {
    const b = structuredClone(template);
    b.pbid = 1000 + i;
    b.creationTime = creation(i);
    b.time = b.creationTime - 1000;
    b.score = ((i * 37) % 1000) / 1000;
    return b;
  };
  const slot = (query: Query | undefined) => {
    const q = new Map(queryPairs(query).map(([k, v]) => [k, Number(v)]));
    return { starttime: q.get('starttime')!, endtime: q.get('endtime')! };
  };
  const refuse = async (): Promise<never> => {
    throw new Error('GET only');
  };
  const source = modelBreachSource({
    async get<T>(_path: string, query?: Query) {
      const { starttime, endtime } = slot(query);
      // responsedata=creationTime (the probe): only that field, built without the full breach.
      const probe = new Map(queryPairs(query)).get('responsedata') === 'creationTime';
      const build = probe ? (i: number) => ({ creationTime: creation(i) }) : make;
      const out: unknown[] = [];
      for (let i = firstAtOrAfter(starttime); i < regular && creation(i) <= endtime; i++) out.push(build(i));
      if (burstAt >= starttime && burstAt <= endtime) for (let i = regular; i < n; i++) out.push(build(i));
      return out.reverse() as T; // newest first, like the captured responses
    },
    postJson: refuse,
    postForm: refuse,
    delete: refuse,
  });
  return { source, firstFetch: FIRST_FETCH };
}

/** Ten years back: every run first crosses about ten years of empty time. */
const FIRST_FETCH = '3650 days';

async function child(mode: Mode, engine: Engine, n: number): Promise<RunResult> {
  const mem = () => process.memoryUsage();
  const baseline = mem();
  let peakHeap = baseline.heapUsed;
  const sample = () => {
    const h = mem().heapUsed;
    if (h > peakHeap) peakHeap = h;
  };
  const timer = setInterval(sample, 5);
  const gc = (globalThis as { gc?: () => void }).gc;
  let peakLive = 0;

  let source: BreachSource;
  let firstFetch: string;
  let stop = () => {};
  let client: DarktraceClient | undefined;
  const now = Date.now();
  if (mode === 'http') {
    const emu = await startEmulatorProcess(n);
    stop = emu.stop;
    client = new DarktraceClient({ url: emu.url, publicToken: 'demo-public', privateToken: 'demo-private', timeoutMs: 120_000 });
    source = modelBreachSource(client);
    firstFetch = FIRST_FETCH; // the two fixture breaches are from 2020, the rest from the last 30 days
  } else {
    ({ source, firstFetch } = lazySource(n, now));
  }
  let largestResponse = 0;
  let largestProbe = 0;
  const measured: BreachSource = {
    ...source,
    query: (slot, filters) => measure(source.query(slot, filters)),
    probe: async (slot, filters) => {
      const times = await source.probe!(slot, filters);
      largestProbe = Math.max(largestProbe, times.length);
      sample();
      return times;
    },
  };
  async function measure(response: Promise<readonly unknown[]>) {
    const items = await response;
    largestResponse = Math.max(largestResponse, items.length);
    sample(); // the response is alive right now: this is the moment of peak heap
    if (gc && items.length > 0) {
      gc(); // what is really retained: this response plus the incidents collected so far
      peakLive = Math.max(peakLive, mem().heapUsed);
    }
    return items;
  }

  const params: FetchParams = { ...DEFAULT_FETCH_PARAMS, minScore: 0, maxAlerts: 1000, firstFetch, lookBackMinutes: 10 };
  const seen = new Uint8Array(200_000 + n);
  let delivered = 0;
  let duplicates = 0;
  let fetches = 0;
  let deliveringFetches = 0;
  let requests = 0;
  let probes = 0;
  let firstFetchDelivered = 0;
  let requestsToFirstIncident = 0;
  let oversized = 0;
  let maxFetchMs = 0;
  let largestLastRunBytes = 0;
  let lastRun: Record<string, string> = {};
  const t0 = performance.now();
  try {
    for (;;) {
      const f0 = performance.now();
      const r = await fetchIncidents({ source: measured, lastRun, params, now: mode === 'http' ? Date.now() : now, tuning: { probe: engine === 'probe' } });
      maxFetchMs = Math.max(maxFetchMs, performance.now() - f0);
      fetches++;
      if (fetches === 1) firstFetchDelivered = r.incidents.length;
      if (r.incidents.length) deliveringFetches++;
      requests += r.stats.requests;
      probes += r.stats.probes;
      if (deliveringFetches === 0 || (deliveringFetches === 1 && r.incidents.length)) requestsToFirstIncident = requests;
      oversized += r.stats.oversized;
      for (const incident of r.incidents) {
        const id = Number(incident.dbotMirrorId);
        if (seen[id]) duplicates++;
        seen[id] = 1;
        delivered++;
      }
      lastRun = r.lastRun;
      largestLastRunBytes = Math.max(largestLastRunBytes, JSON.stringify(lastRun).length);
      if (r.incidents.length === 0 && !r.stats.truncated) break;
      if (fetches > n) throw new Error('drain did not terminate');
    }
  } finally {
    clearInterval(timer);
    await client?.close();
    stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    mode,
    engine,
    firstFetchDelivered,
    requestsToFirstIncident,
    probes,
    largestProbe,
    forcedGc: gc !== undefined,
    breaches: n,
    delivered,
    duplicates,
    fetches,
    deliveringFetches,
    requests,
    oversized,
    seconds: Math.round(seconds * 100) / 100,
    maxFetchMs: Math.round(maxFetchMs),
    largestResponse,
    largestLastRunBytes,
    baselineRssMb: Math.round(baseline.rss / MB),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineHeapMb: Math.round(baseline.heapUsed / MB),
    peakHeapMb: Math.round(peakHeap / MB),
    peakLiveHeapMb: Math.round(peakLive / MB),
  };
}

/** The contrast: the whole backlog in one request and one response (what the official pack does). */
async function oneshot(n: number): Promise<RunResult> {
  const baseline = process.memoryUsage();
  const emu = await startEmulatorProcess(n);
  const client = new DarktraceClient({ url: emu.url, publicToken: 'demo-public', privateToken: 'demo-private', timeoutMs: 300_000 });
  const t0 = performance.now();
  try {
    const items = await breachesCreatedBetween(client, { starttime: Date.UTC(2020, 0, 1), endtime: Date.now(), minscore: 0 });
    const seconds = (performance.now() - t0) / 1000;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const live = process.memoryUsage().heapUsed;
    return {
      mode: 'oneshot', engine: 'classic', firstFetchDelivered: items.length, requestsToFirstIncident: 1, probes: 0, largestProbe: 0, forcedGc: true, breaches: n, delivered: items.length, duplicates: 0, fetches: 1, deliveringFetches: 1, requests: 1, oversized: 1,
      seconds: Math.round(seconds * 100) / 100, maxFetchMs: Math.round(seconds * 1000), largestResponse: items.length, largestLastRunBytes: 0,
      baselineRssMb: Math.round(baseline.rss / MB), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      baselineHeapMb: Math.round(baseline.heapUsed / MB), peakHeapMb: Math.round(live / MB), peakLiveHeapMb: Math.round(live / MB),
    };
  } finally {
    await client.close();
    emu.stop();
  }
}

// ------------------------------------------------------------------------------------------------ per source

type SourceName = 'ai-analyst' | 'respond-actions';
/** `classic`: what the source did before this change; `new`: today's default. */
type SourceEngine = 'classic' | 'new';
interface SourceRunResult {
  source: SourceName;
  engine: SourceEngine;
  items: number;
  maxAlerts: number;
  firstFetchDelivered: number;
  requestsToFirstIncident: number;
  fetches: number;
  deliveringFetches: number;
  requests: number;
  probes: number;
  delivered: number;
  duplicates: number;
  largestResponse: number;
  largestLastRunBytes: number;
  seconds: number;
}

/** Before: AI Analyst and RESPOND read directly in 7-day slots, 100 requests per fetch, no probe, no galloping. */
const CLASSIC_SOURCE_TUNING: Partial<FetchTuning> = { probe: false, gallop: false, maxSlotMs: SPARSE_SLOT_MS };

async function sourceChild(name: SourceName, engine: SourceEngine, n: number, maxAlerts: number): Promise<SourceRunResult> {
  const running = await startEmulator({ port: 0, breaches: 2, devices: 5, seed: 11 });
  const client = new DarktraceClient({ url: running.url, publicToken: 'demo-public', privateToken: 'demo-private', timeoutMs: 120_000 });
  const now0 = Date.now();
  // N items over the last 30 days (the seeded ones, some from 2020–2023, are removed: ten years must be empty).
  const created = (i: number) => now0 - 30 * DAY + Math.floor((i * 30 * DAY) / n);
  if (name === 'ai-analyst') {
    const events = running.emulator.state.slice(AiAnalystSlice).events;
    const template = [...events.values()][0];
    events.clear();
    for (let i = 0; i < n; i++) {
      const id = `be7c0000-0000-4000-a000-${String(i).padStart(12, '0')}`;
      events.set(id, { ...structuredClone(template), id, createdAt: created(i), acknowledged: false, pinned: false, groupScore: 50 + (i % 50) });
    }
  } else {
    const actions = running.emulator.state.slice(AntigenaSlice).actions;
    const template = [...actions.values()][0];
    actions.clear();
    for (let i = 0; i < n; i++) actions.set(100_000 + i, { ...structuredClone(template), codeid: 100_000 + i, start: created(i), expires: created(i) + 3_600_000 });
  }
  const inner: AnyFetchSource = name === 'ai-analyst' ? aiAnalystSource(client) : respondActionSource(client);
  let largestResponse = 0;
  const source: AnyFetchSource = {
    ...inner,
    query: async (slot, filters) => {
      const items = await inner.query(slot, filters);
      largestResponse = Math.max(largestResponse, items.length);
      return items;
    },
  };
  const tuning = engine === 'classic' ? CLASSIC_SOURCE_TUNING : {};
  const params = { minGroupScore: 0, maxAlerts, firstFetch: FIRST_FETCH, lookBackMinutes: 10 };
  const seen = new Set<string>();
  let delivered = 0;
  let duplicates = 0;
  let fetches = 0;
  let deliveringFetches = 0;
  let requests = 0;
  let probes = 0;
  let firstFetchDelivered = 0;
  let requestsToFirstIncident = 0;
  let largestLastRunBytes = 0;
  let lastRun: Record<string, string> = {};
  const t0 = performance.now();
  try {
    for (;;) {
      const r = await fetchIncidents({ source, lastRun, params, now: Date.now(), tuning });
      fetches++;
      if (fetches === 1) firstFetchDelivered = r.incidents.length;
      if (r.incidents.length) deliveringFetches++;
      requests += r.stats.requests;
      probes += r.stats.probes;
      if (deliveringFetches === 0 || (deliveringFetches === 1 && r.incidents.length)) requestsToFirstIncident = requests;
      for (const incident of r.incidents) {
        if (seen.has(incident.dbotMirrorId)) duplicates++;
        seen.add(incident.dbotMirrorId);
        delivered++;
      }
      lastRun = r.lastRun;
      largestLastRunBytes = Math.max(largestLastRunBytes, JSON.stringify(lastRun).length);
      if (r.incidents.length === 0 && !r.stats.truncated) break;
      if (fetches > n + 1000) throw new Error('drain did not terminate');
    }
  } finally {
    await client.close();
    await running.close();
  }
  return {
    source: name, engine, items: n, maxAlerts, firstFetchDelivered, requestsToFirstIncident, fetches, deliveringFetches, requests, probes,
    delivered, duplicates, largestResponse, largestLastRunBytes, seconds: Math.round((performance.now() - t0) / 10) / 100,
  };
}

function runSourceChild(name: SourceName, engine: SourceEngine, n: number, maxAlerts: number): Promise<SourceRunResult> {
  return runChildProcess(`${name} ${engine} ${n}`, [], ['source', '--source', name, '--engine', engine, '--breaches', String(n), '--max-alerts', String(maxAlerts)]);
}

function sourceTable(results: SourceRunResult[]): string {
  const head = '| source | engine | items | max_fetch | delivered | dupes | first fetch delivered | requests to first incident | fetches (delivering) | requests (probes) | requests per 1,000 | largest response | largest lastRun B | total s |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) =>
    `| ${r.source} | ${r.engine} | ${r.items} | ${r.maxAlerts} | ${r.delivered} | ${r.duplicates} | ${r.firstFetchDelivered} | ${r.requestsToFirstIncident} | ${r.fetches} (${r.deliveringFetches}) | ${r.requests} (${r.probes}) | ${(r.requests / (r.delivered / 1000)).toFixed(2)} | ${r.largestResponse} | ${r.largestLastRunBytes} | ${r.seconds} |`,
  );
  return [head, sep, ...rows].join('\n');
}

// ------------------------------------------------------------------------------------------------ parent

/** This script as a child (`--child …`); its result is the JSON of its last stdout line. */
function runChildProcess<T>(label: string, nodeFlags: string[], childArgs: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const p = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, '--child', ...childArgs], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${label}: child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T);
    });
  });
}

function runChild(mode: Mode, engine: Engine, n: number, forceGc: boolean): Promise<RunResult> {
  return runChildProcess(`${mode} ${engine} ${n}`, forceGc ? ['--expose-gc'] : [], [mode, '--engine', engine, '--breaches', String(n)]);
}

function table(results: RunResult[]): string {
  const head = '| mode | engine | GC | breaches | delivered | dupes | first fetch delivered | requests to first incident | fetches (delivering) | requests (probes) | requests per 1,000 | oversized responses | total s | max fetch ms | largest response | largest probe | largest lastRun B | RSS base → peak MB | heap base → peak MB | peak live heap MB |';
  const sep = '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) =>
    `| ${r.mode} | ${r.engine} | ${r.forcedGc ? 'forced' : 'natural'} | ${r.breaches} | ${r.delivered} | ${r.duplicates} | ${r.firstFetchDelivered} | ${r.requestsToFirstIncident} | ${r.fetches} (${r.deliveringFetches}) | ${r.requests} (${r.probes}) | ${(r.requests / (r.delivered / 1000)).toFixed(2)} | ${r.oversized} | ${r.seconds} | ${r.maxFetchMs} | ${r.largestResponse} | ${r.largestProbe} | ${r.largestLastRunBytes} | ${r.baselineRssMb} → ${r.peakRssMb} | ${r.baselineHeapMb} → ${r.peakHeapMb} | ${r.forcedGc ? r.peakLiveHeapMb : '–'} |`,
  );
  return [head, sep, ...rows].join('\n');
}

function doc(md: string, env: string, sourceMd: string): string {
  return `# Fetch drain benchmark

Generated by \`npm run bench:fetch\` (\`npx tsx bench/fetch-drain.ts --write docs/bench-fetch.md\`; ${env}).
Each row drains a backlog with \`max_fetch=1000\`, \`look_back=10\` and \`first_fetch\` **3650 days** (ten years
back), calling \`fetchIncidents\` until a fetch is empty and complete, and checks that every breach was
delivered exactly once. Each row is a fresh process; both engines run in the same invocation, on the same machine.

- **engine classic**: the walk the engine had before probes (direct reads in slots of at most 6 h, at most 100
  requests per fetch past the point reached), still what it does for windows under 6 h and sources without a
  probe (\`tuning.probe = false\`). **engine probe**: today's default: windows over 6 h are probed first with
  \`responsedata=creationTime\` (7 days, then ×16 over empty time), and reads are placed on the probed times.
- **http**: the emulator runs as a separate process (\`./bin/darktrace-soar emulator --breaches N\`); the engine
  reaches it through \`modelBreachSource\` and the real \`DarktraceClient\` (signed HTTP). N breaches: the two
  2020 fixture breaches plus N − 2 over the last 30 days (with the emulator's ties and late creations).
- **lazy**: an in-process source that builds full-size breaches (the shape of fixture 159) only for the slot
  requested: 30 days, ties of 3 per creationTime, and one burst of 2500 breaches sharing a single millisecond
  (more than a slot may hold, and impossible to split, so it is taken whole: the worst case for one response).
- **oneshot** (contrast, not the engine): the same 100k backlog fetched in one request and held, the way the
  official XSOAR pack fetches (one unbounded GET per run).

Columns: *first fetch delivered* = incidents returned by the very first fetch; *requests to first incident* =
Darktrace requests sent until the first incident came back (crossing the empty years); *requests (probes)* =
all Darktrace requests (probes among them); *requests per 1,000* = requests ÷ delivered × 1000; *oversized
responses* = read responses over the slot target (max(2 × max_fetch, 500) = 2000 breaches); *largest
response* = most breaches in one read; *largest probe* = most creation times in one probe answer (~30 bytes
each); *largest lastRun* = JSON size of the state handed back; *RSS* = the process's maximum resident set size
(getrusage); *heap* = largest V8 \`heapUsed\` sampled (every 5 ms and right after each response is parsed). GC
*natural* rows show what V8 actually reaches (garbage included); *forced* rows run with \`--expose-gc\` and force
a full GC after each non-empty read, while it is still held: *peak live heap* is then what the fetch really
retains (that response plus the incidents collected so far).

${md}

Reading it (the targets of issue 13):
- **First fetch delivers**: with probes the first fetch from ten years back delivers max_fetch (classic: 0,
  for about 146 fetches, while it walks 6 h slots over the empty years).
- **Crossing ten years of empty time**: 5 requests to the first incident with probes (target ≤ 20); the classic
  walk needs about 14,600.
- **Draining 100,000 from ten years back**: about 2 requests per 1,000 delivered (target ≤ 3): one probe and
  one read per fetch. Peak live heap well under 64 MB. No read over 4 × the 2000 target: the lazy rows' largest
  read is the 2500-breach single-millisecond burst with its neighbours (the only allowed exception); the
  largest probe holds the whole backlog's creation times once (the probe that first meets the dense 30 days
  after empty years), a few MB.
- **lastRun** stays around 1 KB (target < 64 KB).

## AI Analyst events and RESPOND actions

Same run, same machine. Each row: a fresh process with an in-process emulator whose AI Analyst events (or RESPOND
actions) are replaced by N items spread evenly over the last 30 days — nothing in the ten years before — reached
through the real source (\`aiAnalystSource\`, \`respondActionSource\`) and \`DarktraceClient\` over signed HTTP;
\`first_fetch\` 3650 days, \`look_back\` 10, drained until a fetch is empty and complete, exactly once checked.

- **engine classic**: what these sources did before: direct reads in slots of at most 7 days, at most 100 requests
  per fetch, no probe (\`tuning = { probe: false, gallop: false, maxSlotMs: 7 days }\`).
- **engine new**: today's default. RESPOND actions: a probe, \`/antigena\` with \`responsedata=start\`
  (documented there), 7 days then ×16 over empty time, and reads placed on the probed times, as for model breaches.
  AI Analyst events: \`responsedata\` is not documented for \`/aianalyst/incidentevents\`, so no probe: windows
  over 7 days are crossed by *galloping reads* — ×16 after an empty read, never more than half of what remains
  (engine.ts header); inside the backlog, slots are sized by the density seen, at most 7 days.

${sourceMd}

Reading it: the first fetch from ten years back delivers max_fetch for both sources (classic: 0, for 6 fetches);
the decade is crossed in 11–12 AI Analyst reads or 5 RESPOND requests (target ≤ 20; classic: ~540). The AI
Analyst read that first meets the backlog spans half of what remained (27 days, holding its first 3 days); the
largest AI Analyst response stays under 4 × the slot target (max(2 × max_fetch, 500)). Requests per 1,000 are
above the model-breach figure for AI Analyst, which has no light query: each fetch walks from its cursor in
density-sized reads (1 h, then ×4) instead of one probe and one read. lastRun stays well under 64 KB.
`;
}

async function parent() {
  const modes = (arg('modes') ?? 'http,lazy,oneshot').split(',') as Mode[];
  const sizes = (arg('sizes') ?? '10000,100000').split(',').map(Number);
  const results: RunResult[] = [];
  const engines = (arg('engines') ?? 'classic,probe').split(',') as Engine[];
  for (const mode of modes) {
    for (const n of mode === 'oneshot' ? [Math.max(...sizes)] : sizes) {
      for (const engine of mode === 'oneshot' ? (['classic'] as Engine[]) : engines) {
        // The classic walk's memory is the same as before (its figures are in git history); one natural row.
        for (const forceGc of mode === 'oneshot' ? [true] : engine === 'classic' ? [false] : [false, true]) {
          const r = await runChild(mode, engine, n, forceGc);
          console.error(`${mode} ${engine} ${n} (${forceGc ? 'forced GC' : 'natural'}): ${r.fetches} fetches, ${r.requests} requests, ${r.seconds}s, peak RSS ${r.peakRssMb} MB, live ${r.peakLiveHeapMb} MB`);
          if (r.delivered !== n || r.duplicates !== 0) throw new Error(`${mode} ${engine} ${n}: delivered ${r.delivered} with ${r.duplicates} duplicates`);
          results.push(r);
        }
      }
    }
  }
  const md = table(results);
  console.log(md);
  const sourceResults: SourceRunResult[] = [];
  const sourceNames = (arg('sources') ?? 'ai-analyst,respond-actions').split(',').filter(Boolean) as SourceName[];
  for (const name of sourceNames) {
    for (const [n, maxAlerts] of [[300, 25], [10_000, 1000]] as const) {
      for (const engine of ['classic', 'new'] as SourceEngine[]) {
        const r = await runSourceChild(name, engine, n, maxAlerts);
        console.error(`${name} ${engine} ${n}: ${r.fetches} fetches, ${r.requests} requests, first fetch ${r.firstFetchDelivered}`);
        if (r.delivered !== n || r.duplicates !== 0) throw new Error(`${name} ${engine} ${n}: delivered ${r.delivered} with ${r.duplicates} duplicates`);
        sourceResults.push(r);
      }
    }
  }
  const sourceMd = sourceTable(sourceResults);
  console.log(sourceMd);
  const out = arg('write');
  if (out) {
    const env = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}`;
    writeFileSync(out, doc(md, env, sourceMd));
    console.error(`wrote ${out}`);
  }
}

if (process.argv.includes('--child') && arg('child') === 'source') {
  sourceChild(arg('source') as SourceName, (arg('engine') ?? 'new') as SourceEngine, Number(arg('breaches')), Number(arg('max-alerts'))).then(
    (r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else if (process.argv.includes('--child')) {
  const mode = arg('child') as Mode;
  const engine = (arg('engine') ?? 'probe') as Engine;
  const n = Number(arg('breaches'));
  (mode === 'oneshot' ? oneshot(n) : child(mode, engine, n)).then(
    (r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  await parent();
}
