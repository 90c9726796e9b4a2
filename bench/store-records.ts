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

/** A store under test: its name, the store, its descriptor, and the time spent submitting so far. */
interface Subject {
  name: string;
  store: Store;
  descriptor: Descriptor;
  submitMs: number;
  aggregateMs: number[];
  result?: AggregateResult;
  sizeOf?: () => Promise<number>;
}

// Interleaved, because the machine is shared: batch i goes to every store before batch i + 1 goes to any, and
// aggregation round r runs on every store (and the reference) before round r + 1 — so a burst of load from
// elsewhere hits all of them alike, and the ratios between them stay honest.
async function submitInterleaved(subjects: Subject[]): Promise<void> {
  for (let start = 0; start < TOTAL; start += BATCH) {
    for (const s of subjects) {
      const records = [];
      for (let i = start; i < Math.min(TOTAL, start + BATCH); i++) records.push(record(i));
      const t = performance.now();
      await s.store.submitRecords(s.descriptor.id, { records });
      s.submitMs += performance.now() - t;
    }
  }
}

function referenceStore(descriptor: Descriptor): { stored: NormalRecord[]; submitSeconds: number } {
  const stored: NormalRecord[] = [];
  const index = new Map<string, number>();
  const t0 = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const raw = [];
    for (let i = start; i < Math.min(TOTAL, start + BATCH); i++) raw.push(record(i));
    referenceSubmit(stored, normaliseRecords(descriptor, raw).records, descriptor.deduplicationFunction, index);
  }
  return { stored, submitSeconds: (performance.now() - t0) / 1000 };
}

async function aggregateInterleaved(subjects: Subject[], descriptor: Descriptor, stored: NormalRecord[]): Promise<{ ms: number[]; result: AggregateResult }> {
  const query = parseAggregateQuery(descriptor, AGGREGATION, Date.now());
  const ms: number[] = [];
  let result!: AggregateResult;
  const runs: Array<() => Promise<void>> = [
    ...subjects.map((s) => async () => {
      const t = performance.now();
      s.result = await s.store.aggregate(s.descriptor.id, AGGREGATION);
      s.aggregateMs.push(performance.now() - t);
    }),
    async () => {
      const t = performance.now();
      result = referenceAggregate(descriptor, stored, query);
      ms.push(performance.now() - t);
    },
  ];
  for (let r = 0; r < REPEATS; r++) {
    // The order rotates every round, and each run starts after a pause: the reference leaves a large heap to
    // collect (V8 does it on background threads), and whoever ran right after it would pay for that every time.
    for (let i = 0; i < runs.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await runs[(r + i) % runs.length]();
    }
  }
  return { ms, result };
}

// Where an aggregation's time goes: the store's query for this descriptor (keys did → k0, dst → k1; values
// bytes → v2, latency → v3 in its record table) and two lighter variants, timed directly, with the query plans.
const groupedQuery = (table: string) => `select (frame_ts / 3600000) * 3600000 as b, k0 as g0, count(*) as n, sum(v2) as a0, sum(v3 * v2) / nullif(sum(v2), 0) as a1
  from ${table} where frame_ts >= ${AGGREGATION.startTimestamp} and frame_ts < ${AGGREGATION.endTimestamp} group by b, g0 order by b, g0`;
const VARIANTS: Array<[string, (table: string) => string]> = [
  ['scan and sum, no grouping', (t) => `select count(*), sum(v2), sum(v3 * v2) from ${t} where frame_ts >= ${AGGREGATION.startTimestamp} and frame_ts < ${AGGREGATION.endTimestamp}`],
  ['group by hour only', (t) => `select (frame_ts / 3600000) * 3600000 as b, count(*), sum(v2), sum(v3 * v2) / nullif(sum(v2), 0) from ${t} where frame_ts >= ${AGGREGATION.startTimestamp} and frame_ts < ${AGGREGATION.endTimestamp} group by b order by b`],
  ['group by hour × did in one statement (what PostgreSQL runs)', groupedQuery],
];
const profiles: string[] = [];

// What the SQLite store runs (src/store/sql-store.ts): one GROUP BY over the keys per non-empty hour, each
// bucket's rows found through the frame index, so the sorter sees one hour's rows at a time.
const perBucketQuery = (table: string) => `select k0 as g0, count(*) as n, sum(v2) as a0, sum(v3 * v2) / nullif(sum(v2), 0) as a1
  from ${table} where frame_ts >= ? and frame_ts < ? group by g0 order by g0`;

function profileSqlite(file: string, id: number): string {
  const db = new Database(file, { readonly: true });
  db.pragma('cache_size = -65536');
  const table = `records_${id}`;
  const timed = (name: string, run: () => unknown, plan: string) => {
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      run();
      times.push(performance.now() - t);
    }
    return `| SQLite | ${name} | ${Math.round(Math.min(...times))} / ${Math.round(median(times))} | ${plan} |`;
  };
  const planOf = (q: string) => (db.prepare(`explain query plan ${q}`).all(...(q.includes('?') ? [0, 1] : [])) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
  const lines = VARIANTS.map(([name, q]) => timed(name, () => db.prepare(q(table)).all(), planOf(q(table))));
  const bucket = db.prepare(perBucketQuery(table));
  const hours = Math.ceil((AGGREGATION.endTimestamp - AGGREGATION.startTimestamp) / 3_600_000);
  lines.push(timed(`one group by did per hour (the store's plan, ${hours} statements)`, () => {
    for (let h = AGGREGATION.startTimestamp; h < AGGREGATION.endTimestamp; h += 3_600_000) bucket.all(h, Math.min(h + 3_600_000, AGGREGATION.endTimestamp));
  }, planOf(perBucketQuery(table))));
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
    const subjects: Subject[] = [];
    const sqlite = await openSqliteStore(file);
    subjects.push({ name: 'SQLite (file, WAL)', store: sqlite, descriptor: await sqlite.createDescriptor(descriptorBody(dedup)), submitMs: 0, aggregateMs: [],
      sizeOf: async () => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) });
    const schema = `bench_${dedup}_${process.pid}`;
    if (POSTGRES_URL) {
      const postgres = await openPostgresStore(POSTGRES_URL, { schema });
      subjects.push({ name: 'PostgreSQL', store: postgres, descriptor: await postgres.createDescriptor(descriptorBody(dedup)), submitMs: 0, aggregateMs: [],
        sizeOf: async () => {
          const client = new pg.Client({ connectionString: POSTGRES_URL });
          await client.connect();
          const { rows: size } = await client.query(
            `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = $1 and c.relkind = 'r' and c.relname like 'records%'`, [schema]);
          await client.end();
          return Number(size[0].n);
        } });
    }
    try {
      await submitInterleaved(subjects);
      if (POSTGRES_URL) {
        // What autovacuum does within a minute of a bulk load — done now, so it neither runs during the timed
        // aggregations (competing for the two cores) nor leaves PostgreSQL planning without statistics.
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`vacuum analyze "${schema}"."records_${subjects[1].descriptor.id}"`);
        await client.end();
      }
      const ref = referenceStore(subjects[0].descriptor);
      const agg = await aggregateInterleaved(subjects, subjects[0].descriptor, ref.stored);
      referenceFigures ??= { ms: median(agg.ms), submitSeconds: ref.submitSeconds };
      for (const s of subjects) {
        if (!sameResult(s.result!, agg.result)) throw new Error(`${s.name} ${dedup}: the aggregate differs from the reference`);
        const seconds = s.submitMs / 1000;
        process.stderr.write(`${s.name} ${dedup}: ${Math.round(TOTAL / seconds)} records/s, aggregate ${s.aggregateMs.map(Math.round).join('/')} ms (reference ${agg.ms.map(Math.round).join('/')})\n`);
        rows.push({ store: s.name, dedup, seconds, recordsPerSecond: TOTAL / seconds, aggregateMs: s.aggregateMs, rows: s.result!.data.length, referenceMs: median(agg.ms), sizeMb: s.sizeOf ? (await s.sizeOf()) / 1e6 : undefined });
      }
    } finally {
      for (const s of subjects) await s.store.close();
    }
    if (dedup === DEDUPS[0]) {
      profiles.push(profileSqlite(file, subjects[0].descriptor.id));
      if (POSTGRES_URL) profiles.push(await profilePostgres(POSTGRES_URL, schema, subjects[1].descriptor.id));
    }
    if (POSTGRES_URL) {
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
/** The issue's targets, per dedup mode: also written as JSON for docs/PERFORMANCE.md (bench/store-summary.ts). */
const targets: Array<{ what: string; measured: string; target: string; met: boolean }> = [];
for (const dedup of DEDUPS) {
  const s = rows.find((r) => r.dedup === dedup && r.store.startsWith('SQLite'));
  const p = rows.find((r) => r.dedup === dedup && r.store === 'PostgreSQL');
  if (s) {
    targets.push({ what: `submit ${fmt(TOTAL)} records, SQLite (dedup ${dedup})`, measured: `${fmt(s.recordsPerSecond)} records/s`, target: '≥ 50,000 records/s', met: s.recordsPerSecond >= 50_000 });
    targets.push({ what: `aggregate ${fmt(TOTAL)} records hourly by did, SQLite (dedup ${dedup}, median)`, measured: `${fmt(median(s.aggregateMs))} ms (${(median(s.aggregateMs) / s.referenceMs).toFixed(2)}× the in-memory reference)`, target: '≤ 1,000 ms', met: median(s.aggregateMs) <= 1000 });
  }
  if (p) {
    targets.push({ what: `submit ${fmt(TOTAL)} records, PostgreSQL (dedup ${dedup})`, measured: `${fmt(p.recordsPerSecond)} records/s`, target: '–', met: true });
    targets.push({ what: `aggregate ${fmt(TOTAL)} records hourly by did, PostgreSQL (dedup ${dedup}, median)`, measured: `${fmt(median(p.aggregateMs))} ms (${(median(p.aggregateMs) / p.referenceMs).toFixed(2)}× the in-memory reference)`, target: '≤ 1,000 ms', met: median(p.aggregateMs) <= 1000 });
  }
  if (s && p) {
    const submit = Math.max(s.recordsPerSecond, p.recordsPerSecond) / Math.min(s.recordsPerSecond, p.recordsPerSecond);
    const agg = Math.max(median(s.aggregateMs), median(p.aggregateMs)) / Math.min(median(s.aggregateMs), median(p.aggregateMs));
    const submitFaster = s.recordsPerSecond > p.recordsPerSecond ? 'SQLite' : 'PostgreSQL';
    const aggFaster = median(s.aggregateMs) < median(p.aggregateMs) ? 'SQLite' : 'PostgreSQL';
    targets.push({ what: `between the stores, submit (dedup ${dedup})`, measured: `${submit.toFixed(2)}× (${submitFaster} faster)`, target: '≤ 3×', met: submit <= 3 });
    targets.push({ what: `between the stores, aggregate (dedup ${dedup})`, measured: `${agg.toFixed(2)}× (${aggFaster} faster)`, target: '≤ 3×', met: agg <= 3 });
  }
}
const targetTable = ['| what | measured | target | |', '|---|---|---|---|',
  ...targets.map((t) => `| ${t.what} | ${t.measured} | ${t.target} | ${t.target === '–' ? '' : t.met ? '**met**' : '**missed**'} |`)].join('\n');
const loadAtEnd = loadavg()[0];

const report = `# Store benchmark

Generated by \`DARKTRACE_SOAR_TEST_POSTGRES_URL=… npx tsx bench/store-records.ts${opts.write ? ` --write ${opts.write}` : ''}\`
(Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}${POSTGRES_URL ? '; PostgreSQL 15 on the same machine, default settings' : ''};
1-minute load average ${loadAtStart.toFixed(1)} at the start and ${loadAtEnd.toFixed(1)} at the end — the machine is shared, so a load above
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

## Targets (issue 14)

${targetTable}
${notes.length ? `\n${notes.join(' ')}\n` : ''}
PostgreSQL's record table is vacuumed and analysed after the load (what autovacuum does within a minute), so
that work does not overlap the timed aggregations. Medians, measured interleaved: every batch is submitted to each store in turn, and each aggregation round runs on
each store and the reference (in an order that rotates from round to round, a 250 ms pause before each run) before
the next round starts, so load from elsewhere on the shared machine falls on all of them alike.

Reading it: submitting is bounded by validation and normalisation in JavaScript plus one prepared statement per
row (SQLite) or one \`unnest\` statement per batch (PostgreSQL, a separate process, so every batch is also a round
trip); \`last\` adds the UNIQUE index and an upsert. Aggregating is bounded by grouping. The scan alone is cheap
(first profile row), but SQLite has no hash aggregation: a GROUP BY goes through its sorter, which serialises and
sorts every row it groups on one thread (\`USE TEMP B-TREE FOR GROUP BY\`); over all ${fmt(TOTAL)} rows at once that
is most of the time (the one-statement rows). So the SQLite store cuts the range where the index already orders it:
records are read in \`frame_ts\` order, so it runs one GROUP BY over the keys per non-empty time bucket (an index
seek finds the next stored frame, so empty buckets cost nothing), and the sorter only ever holds one bucket's rows
— n log(n ÷ buckets) instead of n log n, and no sort at all without \`groupBy\` (the last SQLite profile row is the store's plan, timed directly). PostgreSQL
hash-aggregates the one statement, with statistics in place (the VACUUM ANALYZE after the load) split across two parallel workers
(\`Partial HashAggregate\`, \`Workers Planned: 2\`). Tried without gain on SQLite before that: a larger or smaller
page cache, \`PRAGMA threads\` (sorter worker threads), \`temp_store = memory\`, \`mmap_size\`, \`ANALYZE\` (a table scan
instead of the frame index), a single integer group key (bucket × 2²⁰ + did: ~30 % faster, but only for integer
keys), and an upsert into a temporary keyed table as a hand-made hash aggregate. An index or generated column
holding the bucket would serve one resolution only. On this shared machine every figure also scales with the load
average shown above.
`;

const summary = {
  generated: new Date().toISOString(), node: process.version, cpu: `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`,
  load: { start: loadAtStart, end: loadAtEnd }, records: TOTAL, repeats: REPEATS,
  stores: rows.map((r) => ({ store: r.store, dedup: r.dedup, recordsPerSecond: Math.round(r.recordsPerSecond), aggregateMedianMs: Math.round(median(r.aggregateMs)), referenceMedianMs: Math.round(r.referenceMs) })),
  targets,
};

process.stdout.write(report);
if (opts.write) {
  writeFileSync(opts.write, report);
  // Beside the document: the figures docs/PERFORMANCE.md renders (bench/store-summary.ts).
  writeFileSync(opts.write.replace(/\.md$/, '') + '.json', `${JSON.stringify(summary, null, 2)}\n`);
}
