// `npm run bench`: every benchmark, one document (docs/PERFORMANCE.md). The production build is measured
// (bin/darktrace-soar → dist/), each service in its own process with its logs going to a file, so the
// harness never reads them while it measures; every comparison is interleaved (A, B, C, A, B, C, …) and
// reported as the median of ROUNDS repetitions, because the machine is shared.
//
//   npm run bench                                  # all of it, writes docs/PERFORMANCE.md
//   npx tsx bench/performance.ts --rounds 3 --seconds 4 --skip-areas   # without the per-area benchmarks
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { build as esbuild } from 'esbuild';
import { Pool } from 'undici';
import { formatDtDate, signature } from '../src/darktrace/signing.js';
import { storeTargetsSection } from './store-summary.js';
import { NODE_BUNDLE } from '../scripts/bundle-options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/darktrace-soar');
const KEY = 'bench-key-0123456789abcdef';
const TOKENS = { publicToken: 'demo-public', privateToken: 'demo-private' };
const { values } = parseArgs({
  options: {
    write: { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' }, requests: { type: 'string' },
    'skip-areas': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(values.rounds ?? 3);
const SECONDS = Number(values.seconds ?? 5);
const C1_REQUESTS = Number(values.requests ?? 1500);
const LOGS = mkdtempSync(join(tmpdir(), 'darktrace-soar-bench-'));
/**
 * How busy the cores are with other work: the share of non-idle CPU time over `ms`, from /proc/stat, while this process
 * waits. The load average would count the build that `npm run bench` runs just before (its 1-minute figure lags).
 */
async function busyShare(ms = 3000): Promise<number | undefined> {
  const sample = () => {
    try {
      const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
      return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
    } catch { return undefined; }
  };
  const a = sample();
  await new Promise((r) => setTimeout(r, ms));
  const b = sample();
  return a && b && b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : undefined;
}
const loadAtStart = loadavg();
const busyAtStart = await busyShare();

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const f = (x: number, d = 2) => x.toFixed(d);
const status = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
    s.once('error', reject);
  });
}

// Every service this script starts dies with it, also when a measurement throws (an autocannon timeout, say):
// a benchmark that fails must not leave an emulator and servers running on the shared machine.
const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });

/** A CLI process whose stdout and stderr go to a log file (never to us). */
function spawnLogged(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const fd = openSync(join(LOGS, `${name}.log`), 'a');
  const child = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  return child;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited ${child.exitCode} (see ${LOGS})`);
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => { if (child.exitCode !== null) return resolve(); child.once('exit', () => resolve()); child.kill('SIGTERM'); });

// ── the services ──────────────────────────────────────────────────────────────────────────────────────
const emulatorPort = await freePort();
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const emulator = spawnLogged('emulator', ['emulator', '--port', String(emulatorPort), '--breaches', '5000'], {});
await waitFor(`${emulatorUrl}/__emulator/state`, emulator);

function serverEnv(level: string) {
  return { DARKTRACE_URL: emulatorUrl, DARKTRACE_PUBLIC_TOKEN: TOKENS.publicToken, DARKTRACE_PRIVATE_TOKEN: TOKENS.privateToken, DARKTRACE_SOAR_API_KEYS: `${KEY}:admin`, LOG_LEVEL: level };
}
async function startServer(level = 'info'): Promise<{ child: ChildProcess; url: string; startMs: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawnLogged(`serve-${level}`, ['serve', '--port', String(port)], serverEnv(level));
  await waitFor(`${url}/healthz`, child);
  return { child, url, startMs: performance.now() - started };
}

// ── requests ──────────────────────────────────────────────────────────────────────────────────────────
const emulatorPool = new Pool(emulatorUrl, { connections: 64 });
/** The signed request the server's client sends, made directly: the floor the endpoint adds to. */
async function direct(target: string): Promise<number> {
  const date = formatDtDate(new Date());
  const res = await emulatorPool.request({
    method: 'GET', path: target,
    headers: { 'DTAPI-Token': TOKENS.publicToken, 'DTAPI-Date': date, 'DTAPI-Signature': signature(TOKENS.privateToken, TOKENS.publicToken, target, date) },
  });
  const body = await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`direct ${target}: ${res.statusCode}`);
  return body.byteLength;
}
const pools = new Map<string, Pool>();
const poolFor = (url: string) => { let p = pools.get(url); if (!p) pools.set(url, p = new Pool(url, { connections: 64 })); return p; };
async function post(url: string, path: string, body: unknown): Promise<number> {
  const res = await poolFor(url).request({ method: 'POST', path, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const bytes = (await res.body.arrayBuffer()).byteLength;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
  return bytes;
}
async function healthz(url: string): Promise<number> {
  const res = await poolFor(url).request({ method: 'GET', path: '/healthz' });
  return (await res.body.arrayBuffer()).byteLength;
}
/** p50 (ms) of `n` sequential requests (c = 1), after a warm-up. */
async function p50(n: number, once: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await once(); times.push(performance.now() - t); }
  return quantile(times, 0.5);
}
async function cannon(opts: { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; connections: number; seconds?: number }): Promise<number> {
  const r = await autocannon({ url: opts.url, method: opts.method ?? 'GET', headers: opts.headers, body: opts.body, connections: opts.connections, duration: opts.seconds ?? SECONDS });
  if (r.non2xx + r.errors + r.timeouts > 0) throw new Error(`${opts.url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return r.requests.average;
}

const COMMANDS = {
  'similar-devices': { name: 'darktrace-get-similar-devices', args: { did: '1', max_results: '5' } },
  'connection-info': { name: 'darktrace-get-device-connection-info', args: { did: '1', data_type: 'co' } },
} as const;
type CommandKey = keyof typeof COMMANDS;

const server = await startServer('info');
/** The exact upstream request the server sends for a command (from the emulator's record), so `direct` sends the same. */
async function upstreamTarget(key: CommandKey): Promise<string> {
  await fetch(`${emulatorUrl}/__emulator/requests`, { method: 'DELETE' });
  await post(server.url, `/v1/commands/${COMMANDS[key].name}`, { args: COMMANDS[key].args });
  const recorded = await (await fetch(`${emulatorUrl}/__emulator/requests`)).json() as { requests?: Array<{ path: string; rawQuery?: string }> } | Array<{ path: string; rawQuery?: string }>;
  const list = Array.isArray(recorded) ? recorded : recorded.requests ?? [];
  const last = list.at(-1)!;
  return last.rawQuery ? `${last.path}?${last.rawQuery}` : last.path;
}
const targets = { 'similar-devices': await upstreamTarget('similar-devices'), 'connection-info': await upstreamTarget('connection-info') };

// ── 1. latency at c = 1, interleaved ─────────────────────────────────────────────────────────────────
const latency: Record<string, number[]> = {};
const push = (k: string, v: number) => (latency[k] ??= []).push(v);
for (let round = 0; round < ROUNDS; round++) {
  push('hop', await p50(C1_REQUESTS, () => healthz(server.url)));
  for (const key of Object.keys(COMMANDS) as CommandKey[]) {
    push(`${key} direct`, await p50(C1_REQUESTS, () => direct(targets[key])));
    push(`${key} server`, await p50(C1_REQUESTS, () => post(server.url, `/v1/commands/${COMMANDS[key].name}`, { args: COMMANDS[key].args })));
  }
  console.error(`latency round ${round + 1}/${ROUNDS} done`);
}
const hop = median(latency.hop);

// ── 2. response bytes ─────────────────────────────────────────────────────────────────────────────────
const bytes: Record<CommandKey, { upstream: number; result: number; entry: number; full: number }> = {} as never;
for (const key of Object.keys(COMMANDS) as CommandKey[]) {
  const path = `/v1/commands/${COMMANDS[key].name}`;
  bytes[key] = {
    upstream: await direct(targets[key]),
    result: await post(server.url, path, { args: COMMANDS[key].args }),
    entry: await post(server.url, path, { args: COMMANDS[key].args, view: 'entry' }),
    full: await post(server.url, path, { args: COMMANDS[key].args, view: 'full' }),
  };
}

// ── 3. throughput at c = 16, interleaved; logging cost (info vs silent); peak RSS at c = 64 ───────────
const quiet = await startServer('silent');
const throughput: Record<string, number[]> = {};
const tpush = (k: string, v: number) => (throughput[k] ??= []).push(v);
const similarBody = JSON.stringify({ args: COMMANDS['similar-devices'].args });
const cmdHeaders = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
for (let round = 0; round < ROUNDS; round++) {
  // The direct run signs once: the emulator accepts a DTAPI-Date for minutes, far longer than a run.
  const date = formatDtDate(new Date());
  const t = targets['similar-devices'];
  tpush('direct', await cannon({ url: `${emulatorUrl}${t}`, headers: { 'DTAPI-Token': TOKENS.publicToken, 'DTAPI-Date': date, 'DTAPI-Signature': signature(TOKENS.privateToken, TOKENS.publicToken, t, date) }, connections: 16 }));
  tpush('server info', await cannon({ url: `${server.url}/v1/commands/${COMMANDS['similar-devices'].name}`, method: 'POST', headers: cmdHeaders, body: similarBody, connections: 16 }));
  tpush('server silent', await cannon({ url: `${quiet.url}/v1/commands/${COMMANDS['similar-devices'].name}`, method: 'POST', headers: cmdHeaders, body: similarBody, connections: 16 }));
  tpush('healthz', await cannon({ url: `${server.url}/healthz`, connections: 16 }));
  console.error(`throughput round ${round + 1}/${ROUNDS} done`);
}
await stop(quiet.child);

// RSS: a fresh server, ready; then its peak under c = 64 on connection-info (the largest answer).
const fresh = await startServer('info');
await new Promise((r) => setTimeout(r, 500));
const rssReady = status(fresh.child.pid!, 'VmRSS');
await cannon({ url: `${fresh.url}/v1/commands/${COMMANDS['connection-info'].name}`, method: 'POST', headers: cmdHeaders, body: JSON.stringify({ args: COMMANDS['connection-info'].args }), connections: 64, seconds: SECONDS * 2 });
const rssPeak = status(fresh.child.pid!, 'VmHWM');
await stop(fresh.child);

// ── 4. start-up: server to /healthz, CLI run, --help, node -e 0 (interleaved) ─────────────────────────
const starts: number[] = [];
const cli: Record<string, number[]> = {};
const cpush = (k: string, v: number) => (cli[k] ??= []).push(v);
const cliEnv = { ...process.env, ...serverEnv('warn') };
const timed = (cmd: string, args: string[]) => {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env: cliEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return performance.now() - t;
};
for (let round = 0; round < Math.max(5, ROUNDS); round++) {
  cpush('node -e 0', timed(process.execPath, ['-e', '0']));
  cpush('--help', timed(BIN, ['--help']));
  cpush('run darktrace-get-similar-devices did=1', timed(BIN, ['run', 'darktrace-get-similar-devices', 'did=1']));
  const s = await startServer('info');
  starts.push(s.startMs);
  await stop(s.child);
}
await stop(server.child);
await stop(emulator);
await Promise.all([emulatorPool.close(), ...[...pools.values()].map((p) => p.close())]);

// ── 5. in-process transforms (child with --expose-gc) ────────────────────────────────────────────────
// Compiled as the production build compiles src/ (esbuild, no tsx: its keepNames wraps every closure the pipeline
// makes per invocation, a cost dist/ does not have). Inside node_modules/.cache, so the external packages resolve.
const TRANSFORMS_JS = join(ROOT, 'node_modules/.cache/darktrace-soar-bench/transforms.mjs');
await esbuild({ ...NODE_BUNDLE, absWorkingDir: ROOT, entryPoints: ['bench/transforms.ts'], outfile: TRANSFORMS_JS });
const transformChild = (extra: string[]) => {
  const r = spawnSync(process.execPath, ['--expose-gc', TRANSFORMS_JS, ...extra], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench/transforms.ts ${extra.join(' ')} failed`);
  return JSON.parse(r.stdout);
};
const transformRuns = Array.from({ length: ROUNDS }, () => transformChild([]) as Record<CommandKey, number>);
const transformUs = (k: CommandKey) => median(transformRuns.map((r) => r[k]));
const SCALING_SIZES = [10, 100, 1_000, 10_000, 100_000];
const scalingRows = (['similar-devices', 'connection-info'] as const).flatMap((name) => SCALING_SIZES.map((n) => {
  const runs = Array.from({ length: ROUNDS }, () => transformChild(['--case', `${name}:${n}`]) as { msTotal: number; retainedMb: number });
  const msTotal = median(runs.map((r) => r.msTotal));
  return { name, n, msTotal, usPerItem: (msTotal * 1000) / n, retainedMb: median(runs.map((r) => r.retainedMb)) };
}));

// ── 6. the per-area benchmarks (their own documents) ──────────────────────────────────────────────────
const areas = [
  { doc: 'docs/bench-fetch.md', script: 'bench/fetch-drain.ts', what: 'fetch drain: 100k breaches through the fetch engine, live heap and fetch count' },
  { doc: 'docs/bench-metrics.md', script: 'bench/metrics-scaling.ts', what: 'metric data engine, 10 → 300,000 points' },
  { doc: 'docs/bench-profile.md', script: 'bench/profile-windows.ts', what: 'profile selectors → windows' },
  { doc: 'docs/bench-store.md', script: 'bench/store-records.ts', what: 'store: submit and aggregate 1M records, SQLite and PostgreSQL (with DARKTRACE_SOAR_TEST_POSTGRES_URL), against the in-memory reference' },
];
const areaResults = values['skip-areas'] ? [] : areas.map((a) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, a.script), '--write', a.doc], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return { ...a, ok: r.status === 0, seconds: (performance.now() - t) / 1000 };
});

// ── the document ──────────────────────────────────────────────────────────────────────────────────────
const lat = (k: string) => median(latency[k]);
const tp = (k: string) => median(throughput[k]);
const verdict = (ok: boolean | string) => (typeof ok === 'string' ? `**${ok}**` : ok ? '**met**' : '**missed**');
const loggingLoss = 1 - tp('server info') / tp('server silent');
/** How far apart the silent server's rounds are, relative to their median: the noise floor of the comparison. */
const roundSpread = (Math.max(...throughput['server silent']) - Math.min(...throughput['server silent'])) / tp('server silent');
const rows = [
  ['p50 c=1 similar-devices: server ÷ (direct + hop)', `${f(lat('similar-devices server'))} ms ÷ (${f(lat('similar-devices direct'))} + ${f(hop)}) = ${f(lat('similar-devices server') / (lat('similar-devices direct') + hop))}`, '≤ 1.15', lat('similar-devices server') / (lat('similar-devices direct') + hop) <= 1.15],
  ['p50 c=1 connection-info: server ÷ (direct + hop)', `${f(lat('connection-info server'))} ms ÷ (${f(lat('connection-info direct'))} + ${f(hop)}) = ${f(lat('connection-info server') / (lat('connection-info direct') + hop))}`, '≤ 1.3', lat('connection-info server') / (lat('connection-info direct') + hop) <= 1.3],
  ['throughput c=16 similar-devices: server ÷ direct', `${f(tp('server info'), 0)} ÷ ${f(tp('direct'), 0)} req/s = ${f(tp('server info') / tp('direct'))}`, '≥ 0.7', tp('server info') / tp('direct') >= 0.7],
  ...(Object.keys(COMMANDS) as CommandKey[]).map((k) => [`response ÷ upstream bytes, ${k} (default view)`, `${bytes[k].result} ÷ ${bytes[k].upstream} = ${f(bytes[k].result / bytes[k].upstream)} (entry ${f(bytes[k].entry / bytes[k].upstream)}, full ${f(bytes[k].full / bytes[k].upstream)})`, '≤ 2.5', bytes[k].result / bytes[k].upstream <= 2.5]),
  ['CLI `run darktrace-get-similar-devices did=1`, wall', `${f(median(cli['run darktrace-get-similar-devices did=1']), 0)} ms (node -e 0: ${f(median(cli['node -e 0']), 0)} ms)`, '≤ 200 ms', median(cli['run darktrace-get-similar-devices did=1']) <= 200],
  ['CLI `--help`, wall', `${f(median(cli['--help']), 0)} ms`, '≤ 100 ms', median(cli['--help']) <= 100],
  ['server start to /healthz', `${f(median(starts), 0)} ms`, '≤ 400 ms', median(starts) <= 400],
  ['server RSS ready / peak under c=64', `${f(rssReady, 0)} / ${f(rssPeak, 0)} MB`, '≤ 70 / ≤ 120 MB', rssReady <= 70 && rssPeak <= 120],
  ['in-process transform, connection-info fixture (args + run + entry)', `${f(transformUs('connection-info'), 1)} µs`, '≤ 18 µs', transformUs('connection-info') <= 18],
  ['in-process transform, similar-devices (2 devices)', `${f(transformUs('similar-devices'), 1)} µs`, '≤ 9 µs', transformUs('similar-devices') <= 9],
  ['logging at info: throughput lost against silent', `${f(100 * loggingLoss, 1)} % (${f(tp('server info'), 0)} vs ${f(tp('server silent'), 0)} req/s; spread between rounds ${f(100 * roundSpread, 0)} %)`, '< 3 %',
    // A loss smaller than the rounds' own spread is not a measurement of logging.
    Math.abs(loggingLoss) < roundSpread ? 'inconclusive' : loggingLoss < 0.03],
] as const;

const loadAtEnd = loadavg();
const busyAtEnd = await busyShare();
const pct = (x: number | undefined) => (x === undefined ? 'unknown' : `${f(x * 100, 0)} %`);
const doc = `# Performance

Generated by \`npm run bench\` (\`tsx bench/performance.ts${values.write ? ` --write ${values.write}` : ''}\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC:
Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${f(totalmem() / 2 ** 30, 1)} GB. Load average ${loadAtStart.map((x) => f(x)).join(' / ')} at the
start and ${loadAtEnd.map((x) => f(x)).join(' / ')} at the end (1 / 5 / 15 min); the cores were ${pct(busyAtStart)} busy with other work over 3 s before it started and
${pct(busyAtEnd)} after it finished${(busyAtStart ?? 0) > 0.25 || (busyAtEnd ?? 0) > 0.25 ? ' — **taken under load** (other work on the same cores), so absolute times may be inflated and the ratios, measured interleaved, are the figures to read' : ''}.

Method: the production build (\`bin/darktrace-soar\` → \`dist/\`); the emulator (5000 breaches) and each server run in their own process with their logs
written to files in ${'`'}$TMPDIR${'`'} (the harness never reads them while it measures); the server logs at \`info\` (one line a request) unless said otherwise.
Every comparison is interleaved (A, B, C, A, B, C, …), ${ROUNDS} rounds, and the figure is the median of the rounds' figures.
c = 1 latencies are the p50 of ${C1_REQUESTS} sequential requests after 200 warm-up ones, from one undici pool; throughput is autocannon,
${SECONDS} s a run. "direct" is the signed request the server's client sends for that command (read back from the emulator's record),
sent by the harness straight to the emulator; "hop" is \`GET /healthz\` on the same server (one bare HTTP round trip through it).

## Targets (issue 10)

| what | measured | target | |
|---|---|---|---|
${rows.map(([what, measured, target, ok]) => `| ${what} | ${measured} | ${target} | ${verdict(ok)} |`).join('\n')}

All rounds (ms, c = 1 p50): ${Object.entries(latency).map(([k, v]) => `${k} ${v.map((x) => f(x)).join(' / ')}`).join('; ')}.
Throughput rounds (req/s, c = 16): ${Object.entries(throughput).map(([k, v]) => `${k} ${v.map((x) => f(x, 0)).join(' / ')}`).join('; ')}.
Start-up runs (ms): server ${starts.map((x) => f(x, 0)).join(' / ')}; ${Object.entries(cli).map(([k, v]) => `\`${k}\` ${v.map((x) => f(x, 0)).join(' / ')}`).join('; ')}.

## Transforms, 10 → 100,000 items

The invoke pipeline in process (access, argument coercion, the command's zod validation and transform, the readable markdown,
the war-room entry) against a client answering from memory (\`bench/transforms.ts\`); similar devices with N devices, connection info
with one device's graph of N hourly points. Time is per invocation (median of ${ROUNDS} processes); retained is the heap the outcome keeps alive.

| command | items | ms | µs / item | retained MB |
|---|---:|---:|---:|---:|
${scalingRows.map((r) => `| ${r.name} | ${r.n.toLocaleString('en')} | ${f(r.msTotal, 3)} | ${f(r.usPerItem)} | ${f(r.retainedMb, 2)} |`).join('\n')}

## Per-area benchmarks

${values['skip-areas'] ? 'Not run this time (`--skip-areas`); their documents are as last committed:' : 'Run by `npm run bench` (each writes its own document):'}
${areas.map((a) => { const r = areaResults.find((x) => x.doc === a.doc); return `- [${a.doc}](${a.doc.replace('docs/', '')}) — ${a.what} (\`npx tsx ${a.script} --write ${a.doc}\`${r ? `, ${r.ok ? 'ok' : 'FAILED'} in ${f(r.seconds, 0)} s` : ''})`; }).join('\n')}

${storeTargetsSection(ROOT)}

${readFileSync(join(ROOT, 'bench/PERFORMANCE-notes.md'), 'utf8').trim()}
`;
if (values.write) writeFileSync(join(ROOT, values.write), doc);
console.log(doc);
