// Drains a Darktrace model-breach backlog with the fetch engine (max_alerts 1000) and measures fetch count,
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
// Every run checks exactly-once: each pbid delivered once, N in total.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DarktraceClient } from '../src/darktrace/client.js';
import {
  fetchIncidents, modelBreachSource, type FetchParams, type FetchSource, type ModelBreach, type ModelBreachFilters,
} from '../src/fetch/index.js';
import { breachesCreatedBetween } from '../src/darktrace/resources/modelbreaches.js';
import { queryPairs, type Query } from '../src/darktrace/signing.js';

type BreachSource = FetchSource<ModelBreach, ModelBreachFilters>;

type Mode = 'http' | 'lazy' | 'oneshot';
interface RunResult {
  mode: Mode;
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
      const out: unknown[] = [];
      for (let i = firstAtOrAfter(starttime); i < regular && creation(i) <= endtime; i++) out.push(make(i));
      if (burstAt >= starttime && burstAt <= endtime) for (let i = regular; i < n; i++) out.push(make(i));
      return out.reverse() as T; // newest first, like the captured responses
    },
    postJson: refuse,
    postForm: refuse,
    delete: refuse,
  });
  return { source, firstFetch: String(start) };
}

async function child(mode: Mode, n: number): Promise<RunResult> {
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
    firstFetch = '2020-01-01'; // the two fixture breaches are from 2020: all N must come out
  } else {
    ({ source, firstFetch } = lazySource(n, now));
  }
  let largestResponse = 0;
  const measured: BreachSource = {
    ...source,
    query: (slot, filters) => measure(source.query(slot, filters)),
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

  const params: FetchParams = { minScore: 0, maxAlerts: 1000, firstFetch, lookBackMinutes: 10 };
  const seen = new Uint8Array(200_000 + n);
  let delivered = 0;
  let duplicates = 0;
  let fetches = 0;
  let deliveringFetches = 0;
  let requests = 0;
  let oversized = 0;
  let maxFetchMs = 0;
  let largestLastRunBytes = 0;
  let lastRun: Record<string, string> = {};
  const t0 = performance.now();
  try {
    for (;;) {
      const f0 = performance.now();
      const r = await fetchIncidents({ source: measured, lastRun, params, now: mode === 'http' ? Date.now() : now });
      maxFetchMs = Math.max(maxFetchMs, performance.now() - f0);
      fetches++;
      if (r.incidents.length) deliveringFetches++;
      requests += r.stats.requests;
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
      mode: 'oneshot', forcedGc: true, breaches: n, delivered: items.length, duplicates: 0, fetches: 1, deliveringFetches: 1, requests: 1, oversized: 1,
      seconds: Math.round(seconds * 100) / 100, maxFetchMs: Math.round(seconds * 1000), largestResponse: items.length, largestLastRunBytes: 0,
      baselineRssMb: Math.round(baseline.rss / MB), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      baselineHeapMb: Math.round(baseline.heapUsed / MB), peakHeapMb: Math.round(live / MB), peakLiveHeapMb: Math.round(live / MB),
    };
  } finally {
    await client.close();
    emu.stop();
  }
}

// ------------------------------------------------------------------------------------------------ parent

function runChild(mode: Mode, n: number, forceGc: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const flags = forceGc ? ['--expose-gc'] : [];
    const p = spawn(process.execPath, [...flags, '--import', 'tsx', script, '--child', mode, '--breaches', String(n)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${mode} ${n}: child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RunResult);
    });
  });
}

function table(results: RunResult[]): string {
  const head = '| mode | GC | breaches | delivered | dupes | fetches (delivering) | requests | oversized responses | total s | max fetch ms | largest response | largest lastRun B | RSS base → peak MB | heap base → peak MB | peak live heap MB |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) =>
    `| ${r.mode} | ${r.forcedGc ? 'forced' : 'natural'} | ${r.breaches} | ${r.delivered} | ${r.duplicates} | ${r.fetches} (${r.deliveringFetches}) | ${r.requests} | ${r.oversized} | ${r.seconds} | ${r.maxFetchMs} | ${r.largestResponse} | ${r.largestLastRunBytes} | ${r.baselineRssMb} → ${r.peakRssMb} | ${r.baselineHeapMb} → ${r.peakHeapMb} | ${r.forcedGc ? r.peakLiveHeapMb : '–'} |`,
  );
  return [head, sep, ...rows].join('\n');
}

function doc(md: string, env: string): string {
  return `# Fetch drain benchmark

Generated by \`npx tsx bench/fetch-drain.ts --write docs/bench-fetch.md\` (${env}).
Each row drains a backlog with \`max_alerts=1000\`, \`look_back=10\` and the engine's default tuning, calling
\`fetchIncidents\` until a fetch is empty and complete, and checks that every breach was delivered exactly once.
Each row is a fresh process.

- **http**: the emulator runs as a separate process (\`./bin/darktrace-soar emulator --breaches N\`); the engine
  reaches it through \`modelBreachSource\` and the real \`DarktraceClient\` (signed HTTP). N breaches: the two
  2020 fixture breaches plus N − 2 over the last 30 days (with the emulator's ties and late creations).
  \`first_fetch\` is 2020-01-01 so that all N must come out.
- **lazy**: an in-process source that builds full-size breaches (the shape of fixture 159) only for the slot
  requested: 30 days, ties of 3 per creationTime, and one burst of 2500 breaches sharing a single millisecond
  (more than a slot may hold, and impossible to split, so it is taken whole: the worst case for one response).
- **oneshot** (contrast, not the engine): the same 100k backlog fetched in one request and held, the way the
  official XSOAR pack fetches (one unbounded GET per run).

Columns: *fetches (delivering)* = all fetch calls (those that returned incidents); *oversized responses* =
slot responses over the slot target (max(2 × max_alerts, 500) = 2000 breaches), used as they are, with the
following slots made smaller; *largest lastRun* = JSON size of the state handed back; *RSS* = the process's
maximum resident set size (getrusage); *heap* = largest V8 \`heapUsed\` sampled (every 5 ms and right after
each slot response is parsed). GC *natural* rows show what V8 actually reaches (garbage included); *forced*
rows run with \`--expose-gc\` and force a full GC after each non-empty response, while it is still held: the
*peak live heap* column is then what the fetch really retains (that response plus the incidents collected so
far). Forced GC also keeps the sampled peaks down, which is why the two kinds of row differ.

${md}

Reading it:
- **Bounded memory**: the live heap is flat from 10k to 100k breaches (only one slot response and at most
  \`max_alerts\` incidents are alive at a time), and far below holding the backlog in one response (oneshot).
  The natural peaks grow a little with the amount of data pushed through, because V8 collects lazily.
- **Largest response** stays below the slot target, except the lazy mode's single-millisecond burst of 2500
  (a one-millisecond slot cannot be split). The http rows' small responses come from the 6 h slot cap:
  30 days of N − 2 breaches is about N/120 per slot.
- **The cost of the 6 h slot cap**: walking from 2020-01-01 over six empty years to the emulator's last 30
  days takes about 10 000 empty requests. With at most 100 requests per fetch past the point already reached,
  the first ~100 fetches only move \`scanned\` forward (each returns in milliseconds here, and on a real
  appliance in seconds) before breaches start flowing. That is the price of never letting a slot that grew
  over empty time swallow a dense region: with a realistic \`first_fetch\` (days, not years) it is a handful
  of requests.
`;
}

async function parent() {
  const modes = (arg('modes') ?? 'http,lazy,oneshot').split(',') as Mode[];
  const sizes = (arg('sizes') ?? '10000,100000').split(',').map(Number);
  const results: RunResult[] = [];
  for (const mode of modes) {
    for (const n of mode === 'oneshot' ? [Math.max(...sizes)] : sizes) {
      for (const forceGc of mode === 'oneshot' ? [true] : [false, true]) {
        const r = await runChild(mode, n, forceGc);
        console.error(`${mode} ${n} (${forceGc ? 'forced GC' : 'natural'}): ${r.fetches} fetches, ${r.seconds}s, peak RSS ${r.peakRssMb} MB, peak heap ${r.peakHeapMb} MB, live ${r.peakLiveHeapMb} MB`);
        if (r.delivered !== n || r.duplicates !== 0) throw new Error(`${mode} ${n}: delivered ${r.delivered} with ${r.duplicates} duplicates`);
        results.push(r);
      }
    }
  }
  const md = table(results);
  console.log(md);
  const out = arg('write');
  if (out) {
    const env = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}`;
    writeFileSync(out, doc(md, env));
    console.error(`wrote ${out}`);
  }
}

if (process.argv.includes('--child')) {
  const mode = arg('child') as Mode;
  const n = Number(arg('breaches'));
  (mode === 'oneshot' ? oneshot(n) : child(mode, n)).then(
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
