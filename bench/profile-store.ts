// A profile over 90 days of 15-minute periods (8,640 periods, 8,641 with the open one) read from the store and
// from the emulator's live /metricdata: time per profile and the number of calls each makes (SPEC §12, issue 15).
//
//   npx tsx bench/profile-store.ts                                  # prints the markdown section
//   npx tsx bench/profile-store.ts --write docs/bench-profile.md    # and writes it into that file
//   npx tsx bench/profile-store.ts --runs 7 --devices 50
//
// Store: SQLite on a temporary file (the default deployment), one record per device per 15 minutes for 90 days
// (`--devices` devices, default 20: 172,800 records at 20), profiled for one device and one destination. Live: the
// emulator (metrics resource) over loopback HTTP with the real signed client. Each case runs `--runs` times: *cold*
// is the first run, *warm* the median of the others. Two selections: the dense 90 days (a fixed lookback of 90
// days) and the seasonal weekday hour over the same 90 days.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DarktraceClient } from '../src/darktrace/client.js';
import { metricDataFor } from '../src/darktrace/resources/metrics.js';
import { composeEmulator, RESOURCES } from '../src/emulator/index.js';
import { metricsResource } from '../src/emulator/resources/metrics/index.js';
import { planProfile, readProfile, type ProfileSelection } from '../src/profile/index.js';
import { liveRequests, liveValueSource, storeQueries, storeValueSource } from '../src/profile/sources/index.js';
import { openSqliteStore, type Store } from '../src/store/index.js';
import { writeSection } from './sections.js';

const { values: opts } = parseArgs({ options: { write: { type: 'string' }, runs: { type: 'string' }, devices: { type: 'string' } } });
const RUNS = Number(opts.runs ?? 5);
const DEVICES = Number(opts.devices ?? 20);
const PERIOD = 15 * 60_000;
const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / PERIOD) * PERIOD + 7 * 60_000;
const DID = 1;

const SELECTIONS: Array<[string, ProfileSelection]> = [
  ['dense 90 days (lookback 90 days)', { lookback: 90, units: 'days' }],
  ['seasonal: 1 hour window every 24 hours from 90 days ago excluding weekends', { selector: '1 hour window every 24 hours from 90 days ago excluding weekends' }],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

async function seedStore(store: Store): Promise<number> {
  await store.createDescriptor({
    shortName: 'deviceConnections', readFunction: 'viewMetric', writeFunction: 'submitMetric', adminFunction: 'adminMetric',
    keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }], values: [{ name: 'conns' }],
    timeFrameSize: 15, timeFrameSizeUnit: 'minutes',
  });
  const first = Math.floor((NOW - 91 * DAY) / PERIOD);
  const last = Math.floor(NOW / PERIOD);
  let count = 0;
  let batch: unknown[] = [];
  const flush = async () => {
    await store.submitRecords('deviceConnections', { records: batch });
    count += batch.length;
    batch = [];
  };
  for (let id = first; id <= last; id++) {
    for (let did = 1; did <= DEVICES; did++) {
      batch.push({ timestamp: id * PERIOD, keys: { did, dst: '10.0.0.1' }, values: { conns: (id * 7 + did * 13) % 97 } });
      if (batch.length === 10_000) await flush();
    }
  }
  if (batch.length) await flush();
  return count;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
const store = await openSqliteStore(join(dir, 'profile.db'));
const seedStart = performance.now();
const records = await seedStore(store);
const seedMs = performance.now() - seedStart;

const emulator = composeEmulator(RESOURCES.some((r) => r.name === 'metrics') ? RESOURCES : [...RESOURCES, metricsResource], { seed: 1 });
const server = createServer(emulator.app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const client = new DarktraceClient({ url, publicToken: 'demo-public', privateToken: 'demo-private' });

const rows: string[] = [];
let seasonalRanges = 0;
for (const [name, selection] of SELECTIONS) {
  const plan = planProfile({ selection, now: NOW, timezone: 'UTC', periodMs: PERIOD });
  if ('selector' in selection) seasonalRanges = plan.ranges.length;
  const fromStore = await timed(() => readProfile(plan, storeValueSource({ store, descriptor: 'deviceConnections', value: 'conns', filters: { did: DID, dst: '10.0.0.1' } })));
  emulator.clearRequests();
  const live = await timed(() => readProfile(plan, liveValueSource({ metric: 'connections', did: DID, now: NOW, get: (q) => metricDataFor(client, q) })));
  const sent = emulator.requests.filter((r) => r.path === '/metricdata');
  const perRun = sent.length / RUNS;
  const planned = liveRequests(plan.ranges, PERIOD, NOW).length;
  if (perRun !== planned) throw new Error(`the emulator received ${perRun} /metricdata requests per profile; the plan says ${planned}`);
  const queries = storeQueries(plan.ranges, PERIOD, { value: 'conns', filters: {} }).length;
  const fmt = (n: number) => n.toLocaleString('en-US');
  rows.push(`| ${name} | ${fmt(plan.windows.length)} | ${fmt(plan.periods.length)} | store (SQLite file) | ${queries} ${queries === 1 ? 'query' : 'queries'} | ${fromStore.ms[0].toFixed(0)} | ${median(fromStore.ms.slice(1)).toFixed(0)} | ${fmt(fromStore.last.stats.count)} |`);
  rows.push(`| ${name} | ${fmt(plan.windows.length)} | ${fmt(plan.periods.length)} | emulator /metricdata | ${perRun} ${perRun === 1 ? 'request' : 'requests'} | ${live.ms[0].toFixed(0)} | ${median(live.ms.slice(1)).toFixed(0)} | ${fmt(live.last.stats.count)} |`);
}

const section = `## A 90-day profile from the store and from the emulator

Generated by \`npx tsx bench/profile-store.ts${opts.write ? ` --write ${opts.write}` : ''}\` (Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)};
load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}, a shared machine: the figures are upper bounds).
15-minute periods, \`now\` 7 minutes into a period. The store is SQLite on a file holding ${records.toLocaleString('en-US')} records (${DEVICES} devices × one per
15 minutes × 91 days, seeded in ${(seedMs / 1000).toFixed(1)} s); the profile is one device and destination (filters on both keys). The
emulator is the metrics resource over loopback HTTP with the signed client (\`connections\`, device ${DID}). ${RUNS} runs per case:
*cold* is the first, *warm* the median of the others. Calls are per profile (the emulator's recorded requests,
checked against the plan).

| selection | windows | periods | source | calls | cold ms | warm ms | values |
|---|---:|---:|---|---|---:|---:|---:|
${rows.join('\n')}

The dense profile is one range, so one store query and one /metricdata request (8,641 buckets, under the
10,000 both allow). The seasonal one is ${seasonalRanges} separate ranges (its windows and the latest period): still one
store query (all ranges in one aggregation), but one /metricdata request per range — the appliance takes one
start/end per request.
`;
console.log(section);
if (opts.write) writeSection(opts.write, 'profile-store', section);

await client.close();
await new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
});
await store.close();
rmSync(dir, { recursive: true, force: true });
