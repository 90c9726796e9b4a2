// Store benchmark (SPEC §11, issue 14): submit 1,000,000 records (records/s) to SQLite and PostgreSQL, aggregate
// them into hourly buckets grouped by one key (ms), and compare with the in-memory reference on the same data.
// Records go through Store.submitRecords exactly as the API hands them over (raw objects, validated, normalised,
// deduplicated), in batches of --batch records.
//
//   npx tsx bench/store-records.ts                                   # SQLite; PostgreSQL too if the env var is set
//   DARKTRACE_SOAR_TEST_POSTGRES_URL=postgres://… npx tsx bench/store-records.ts --write docs/bench-store.md
//   npx tsx bench/store-records.ts --records 200000 --batch 5000 --dedup last
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  normaliseRecords, parseAggregateQuery, referenceAggregate, referenceSubmit,
  type AggregateResult, type Descriptor, type NormalRecord,
} from '../src/descriptors/index.js';
import { openPostgresStore, openSqliteStore, type Store } from '../src/store/index.js';

const { values: opts } = parseArgs({
  options: {
    write: { type: 'string' },
    records: { type: 'string' },
    batch: { type: 'string' },
    dedup: { type: 'string' },
    repeats: { type: 'string' },
  },
});
const TOTAL = Number(opts.records ?? 1_000_000);
const BATCH = Number(opts.batch ?? 10_000);
const REPEATS = Number(opts.repeats ?? 5);
const DEDUPS = (opts.dedup ?? 'none,last').split(',') as Array<'none' | 'first' | 'last'>;
const POSTGRES_URL = process.env.DARKTRACE_SOAR_TEST_POSTGRES_URL;

const MINUTE = 60_000;
const DEVICES = 100;
const T0 = Date.UTC(2024, 0, 1);
// 100 devices, one record per device per minute: 1M records span 10,000 minutes (~7 days) → 167 hourly buckets.
function record(i: number) {
  return {
    timestamp: T0 + Math.floor(i / DEVICES) * MINUTE + (i % 997),
    keys: { did: i % DEVICES, dst: `10.0.${i % 7}.${i % 251}` },
    values: { bytes: (i % 1000) + 1, latency: (i % 13) / 4 },
  };
}

const descriptorBody = (dedup: string) => ({
  shortName: `bench-${dedup}`,
  readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
  keys: [{ name: 'did', type: 'integer' }, { name: 'dst', type: 'ip' }],
  values: [{ name: 'bytes' }, { name: 'latency', defaultAggregationFunction: 'wavg', valueAsWeight: 'bytes' }],
  timeFrameSize: 1, timeFrameSizeUnit: 'minutes',
  deduplicationFunction: dedup,
});
const AGGREGATION = { startTimestamp: T0, endTimestamp: T0 + 10_000 * MINUTE * (TOTAL / 1_000_000) + MINUTE, groupBy: ['did'], resolution: { size: 1, unit: 'hours' } };

interface Row {
  store: string;
  dedup: string;
  seconds: number;
  recordsPerSecond: number;
  aggregateMs: number[];
  rows: number;
  referenceMs: number;
  sizeMb?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function sameResult(a: AggregateResult, b: AggregateResult): boolean {
  if (a.data.length !== b.data.length) return false;
  return a.data.every((row, i) => {
    const other = b.data[i];
    if (row.timestamp !== other.timestamp || row.count !== other.count || JSON.stringify(row.keys) !== JSON.stringify(other.keys)) return false;
    return Object.entries(row.values).every(([k, v]) => v === other.values[k] || Math.abs(v! - other.values[k]!) <= 1e-9 * Math.abs(v!));
  });
}

async function runOn(name: string, store: Store, dedup: string, sizeOf?: () => Promise<number>): Promise<Row & { result: AggregateResult; descriptor: Descriptor }> {
  const descriptor = await store.createDescriptor(descriptorBody(dedup));
  const started = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const records = [];
    for (let i = start; i < Math.min(TOTAL, start + BATCH); i++) records.push(record(i));
    await store.submitRecords(descriptor.id, { records });
  }
  const seconds = (performance.now() - started) / 1000;
  const aggregateMs: number[] = [];
  let result!: AggregateResult;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    result = await store.aggregate(descriptor.id, AGGREGATION);
    aggregateMs.push(performance.now() - t);
  }
  const sizeMb = sizeOf ? (await sizeOf()) / 1e6 : undefined;
  process.stderr.write(`${name} ${dedup}: ${Math.round(TOTAL / seconds)} records/s, aggregate ${aggregateMs.map(Math.round).join('/')} ms\n`);
  return { store: name, dedup, seconds, recordsPerSecond: TOTAL / seconds, aggregateMs, rows: result.data.length, referenceMs: 0, sizeMb, result, descriptor };
}

function reference(descriptor: Descriptor): { ms: number; result: AggregateResult; submitSeconds: number } {
  const stored: NormalRecord[] = [];
  const index = new Map<string, number>();
  const t0 = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const raw = [];
    for (let i = start; i < Math.min(TOTAL, start + BATCH); i++) raw.push(record(i));
    referenceSubmit(stored, normaliseRecords(descriptor, raw).records, descriptor.deduplicationFunction, index);
  }
  const submitSeconds = (performance.now() - t0) / 1000;
  const query = parseAggregateQuery(descriptor, AGGREGATION, Date.now());
  const times: number[] = [];
  let result!: AggregateResult;
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    result = referenceAggregate(descriptor, stored, query);
    times.push(performance.now() - t);
  }
  return { ms: median(times), result, submitSeconds };
}

// Where an aggregation's time goes: the store's query for this descriptor (keys did → k0, dst → k1; values
// bytes → v2, latency → v3 in its record table) and two lighter variants, timed directly, with the query plans.
const groupedQuery = (table: string) => `select (frame_ts / 3600000) * 3600000 as b, k0 as g0, count(*) as n, sum(v2) as a0, sum(v3 * v2) / nullif(sum(v2), 0) as a1
  from ${table} where frame_ts >= ${AGGREGATION.startTimestamp} and frame_ts < ${AGGREGATION.endTimestamp} group by b, g0 order by b, g0`;
const VARIANTS: Array<[string, (table: string) => string]> = [
  ['scan and sum, no grouping', (t) => `select count(*), sum(v2), sum(v3 * v2) from ${t} where frame_ts >= ${AGGREGATION.startTimestamp} and frame_ts < ${AGGREGATION.endTimestamp}`],
  ['group by hour only', (t) => `select (frame_ts / 3600000) * 3600000 as b, count(*), sum(v2), sum(v3 * v2) / nullif(sum(v2), 0) from ${t} where frame_ts >= ${AGGREGATION.startTimestamp} and frame_ts < ${AGGREGATION.endTimestamp} group by b order by b`],
  ['group by hour × did (the benchmark)', groupedQuery],
];
const profiles: string[] = [];

function profileSqlite(file: string, id: number): string {
  const db = new Database(file, { readonly: true });
  db.pragma('cache_size = -65536');
  const lines = VARIANTS.map(([name, q]) => {
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      db.prepare(q(`records_${id}`)).all();
      times.push(performance.now() - t);
    }
    const plan = (db.prepare(`explain query plan ${q(`records_${id}`)}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    return `| SQLite | ${name} | ${Math.round(Math.min(...times))} / ${Math.round(median(times))} | ${plan} |`;
  });
  db.close();
  return lines.join('\n');
}

async function profilePostgres(url: string, schema: string, id: number): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set search_path to "${schema}"`);
  const lines: string[] = [];
  for (const [name, q] of VARIANTS) {
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      await client.query(q(`records_${id}`));
      times.push(performance.now() - t);
    }
    const { rows: plan } = await client.query(`explain ${q(`records_${id}`)}`);
    const nodes = plan.map((r: Record<string, string>) => r['QUERY PLAN'].trim().replace(/^->\s*/, '').replace(/\s+\(cost=.*$/, '')).join('; ');
    lines.push(`| PostgreSQL | ${name} | ${Math.round(Math.min(...times))} / ${Math.round(median(times))} | ${nodes} |`);
  }
  await client.end();
  return lines.join('\n');
}

const rows: Row[] = [];
const notes: string[] = [];
const loadAtStart = loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'dts-bench-'));
let referenceFigures: { ms: number; submitSeconds: number } | undefined;
try {
  for (const dedup of DEDUPS) {
    const file = join(dir, `bench-${dedup}.db`);
    const sqlite = await openSqliteStore(file);
    const s = await runOn('SQLite (file, WAL)', sqlite, dedup, async () => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0));
    await sqlite.close();
    if (dedup === DEDUPS[0]) profiles.push(profileSqlite(file, s.descriptor.id));
    const ref = reference(s.descriptor);
    referenceFigures ??= ref;
    if (!sameResult(s.result, ref.result)) throw new Error(`SQLite ${dedup}: the aggregate differs from the reference`);
    rows.push({ ...s, referenceMs: ref.ms });

    if (POSTGRES_URL) {
      const schema = `bench_${dedup}_${process.pid}`;
      const postgres = await openPostgresStore(POSTGRES_URL, { schema });
      const p = await runOn('PostgreSQL', postgres, dedup, async () => {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        const { rows: size } = await client.query(
          `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = $1 and c.relkind = 'r' and c.relname like 'records%'`, [schema]);
        await client.end();
        return Number(size[0].n);
      }).catch(async (error) => { await postgres.close(); throw error; });
      if (dedup === DEDUPS[0]) profiles.push(await profilePostgres(POSTGRES_URL, schema, p.descriptor.id));
      await postgres.close();
      if (!sameResult(p.result, ref.result)) throw new Error(`PostgreSQL ${dedup}: the aggregate differs from the reference`);
      rows.push({ ...p, referenceMs: ref.ms });
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!POSTGRES_URL) notes.push('PostgreSQL not measured: DARKTRACE_SOAR_TEST_POSTGRES_URL was not set.');

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const lines = [
  `| store | dedup | submit ${fmt(TOTAL)}: s | records/s | aggregate ms: best / median of ${REPEATS} | rows | reference ms (median) | store ÷ reference (median) | table MB |`,
  '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.store} | ${r.dedup} | ${r.seconds.toFixed(1)} | ${fmt(r.recordsPerSecond)} | ${fmt(Math.min(...r.aggregateMs))} / ${fmt(median(r.aggregateMs))} | ${fmt(r.rows)} | ${fmt(r.referenceMs)} | ${(median(r.aggregateMs) / r.referenceMs).toFixed(2)} | ${r.sizeMb?.toFixed(0) ?? '–'} |`),
];
const ratios: string[] = [];
for (const dedup of DEDUPS) {
  const s = rows.find((r) => r.dedup === dedup && r.store.startsWith('SQLite'));
  const p = rows.find((r) => r.dedup === dedup && r.store === 'PostgreSQL');
  if (s && p) {
    const submit = Math.max(s.recordsPerSecond, p.recordsPerSecond) / Math.min(s.recordsPerSecond, p.recordsPerSecond);
    const agg = Math.max(median(s.aggregateMs), median(p.aggregateMs)) / Math.min(median(s.aggregateMs), median(p.aggregateMs));
    ratios.push(`| ${dedup} | ${submit.toFixed(2)}× (${s.recordsPerSecond > p.recordsPerSecond ? 'SQLite' : 'PostgreSQL'} faster) | ${agg.toFixed(2)}× (${median(s.aggregateMs) < median(p.aggregateMs) ? 'SQLite' : 'PostgreSQL'} faster) |`);
  }
}

const report = `# Store benchmark

Generated by \`DARKTRACE_SOAR_TEST_POSTGRES_URL=… npx tsx bench/store-records.ts${opts.write ? ` --write ${opts.write}` : ''}\`
(Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}${POSTGRES_URL ? '; PostgreSQL 15 on the same machine, default settings' : ''};
1-minute load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end — the machine is shared, so a load above
the core count slows every figure down roughly in proportion).

${fmt(TOTAL)} records — 100 devices × one record a minute for ~7 days, keys \`did\` (integer) and \`dst\` (ip), values
\`bytes\` (sum) and \`latency\` (wavg by bytes), time frame 1 minute — submitted through \`Store.submitRecords\`
in batches of ${fmt(BATCH)} raw records (validation, normalisation and deduplication included; one transaction per
batch). Then \`aggregate\` with hourly buckets grouped by \`did\` over all of them (${fmt(rows[0]?.rows ?? 0)} rows),
run ${REPEATS} times. The reference is the in-memory implementation (src/descriptors/reference.ts) aggregating
the same records, already in memory (its own submit took ${referenceFigures ? referenceFigures.submitSeconds.toFixed(1) : '–'} s); every store's
aggregate was checked equal to it. \`dedup last\` adds the UNIQUE index and the upsert path.

${lines.join('\n')}

Where the aggregation time goes (${fmt(TOTAL)} records, \`dedup ${DEDUPS[0]}\`; ms best / median of ${REPEATS}; the plan as the database reports it):

| store | query | ms | plan |
|---|---|---:|---|
${profiles.join('\n')}

${ratios.length ? `Between the stores (targets: within 3× of each other):\n\n| dedup | submit | aggregate |\n|---|---|---|\n${ratios.join('\n')}\n` : ''}
Targets (issue 14): ≥ 50,000 records/s submitted on SQLite; an aggregation of 1M records in ≤ 1 s; both stores
within 3× of each other. ${notes.join(' ')}

Reading it: submitting is bounded by validation and normalisation in JavaScript plus one prepared statement per
row (SQLite) or one \`unnest\` statement per batch (PostgreSQL, a separate process, so every batch is also a round
trip); \`last\` adds the UNIQUE index and an upsert. Aggregating is bounded by grouping: the scan alone is cheap
(first profile row), but SQLite has no hash aggregation — every GROUP BY goes through its sorter, which serialises
and sorts all ${fmt(TOTAL)} rows on one thread (\`USE TEMP B-TREE FOR GROUP BY\`; grouping by the hour alone already
costs most of it). PostgreSQL hash-aggregates, and with statistics in place (autovacuum) splits the scan across two
parallel workers (\`Partial HashAggregate\`, \`Workers Planned: 2\`), i.e. three processes on the two cores. Tried
without gain on SQLite: a larger or smaller page cache, \`PRAGMA threads\` (sorter worker threads), \`ANALYZE\` (a table
scan instead of the frame index), and an upsert into a temporary keyed table as a hand-made hash aggregate. On this
shared machine every figure also scales with the load average shown above.
`;

process.stdout.write(report);
if (opts.write) writeFileSync(opts.write, report);
