// Metric-data engine scaling: one series of N one-minute points (10 → 100,000), through what a
// darktrace-get-metric-data call does with an answer — zod validation of the wire body, the transform
// (ISO timestamps, gaps, statistics, trend) and the readable entry — timed and with its retained heap.
// Growth must be linear: time and bytes per point stay flat as N grows, and the readable entry stays bounded.
//
//   npx tsx bench/metrics-scaling.ts                      # prints a markdown table
//   npx tsx bench/metrics-scaling.ts --write docs/bench-metrics.md
//
// The process re-runs itself with --expose-gc so heap figures are live data, not garbage. The plan is built
// directly (100,000 buckets is over the 10,000 a request may ask for): this measures the engine, not HTTP.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  metricDataReadable, MetricCatalogue, MetricDataResponseSchema, splitMetricData, toMetricData, type MetricPlan,
} from '../src/metrics/index.js';

const SIZES = [10, 100, 1_000, 10_000, 100_000];
const START = Date.UTC(2024, 0, 1);
const NOW = Date.UTC(2025, 0, 1);
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const collect = gc as () => void;

/** The appliance's answer for N one-minute buckets: a daily shape, a gap every 997 minutes, one spike. */
function wireBody(n: number): string {
  const data = [];
  for (let i = 0; i < n; i++) {
    if (i % 997 === 996) continue;
    const t = START + i * 60_000;
    const size = i === Math.floor(n / 2) ? 5_000 : 20 + Math.round(15 * Math.sin((2 * Math.PI * i) / 1440)) + (i % 7);
    data.push({ time: new Date(t).toISOString().slice(0, 19).replace('T', ' '), timems: t, size, in: size >> 2, out: size - (size >> 2) });
  }
  return JSON.stringify([{ metric: 'connections', data }]);
}

const plan = (n: number): MetricPlan => ({
  metrics: ['connections'], interval: { seconds: 60, label: '1min' }, start: START, end: START + n * 60_000,
  breachtimes: false, zeroFill: false, queries: [{ did: 1, query: [] }], multiDevice: false,
});
const catalogue = new MetricCatalogue([{ mlid: 16, name: 'connections', label: 'Connections', units: '' }]);

function once(n: number, text: string) {
  const t0 = performance.now();
  const parsed = MetricDataResponseSchema.parse(JSON.parse(text));
  const t1 = performance.now();
  const result = toMetricData(plan(n), [{ did: 1, answer: splitMetricData(parsed) }], { now: NOW, catalogue });
  const t2 = performance.now();
  const readable = metricDataReadable(result);
  const t3 = performance.now();
  return { parse: t1 - t0, transform: t2 - t1, readable: t3 - t2, result, chars: readable.length };
}

/** Live heap held by one result: several are kept at once for small N, so the figure rises above the noise. */
function retainedBytes(n: number, text: string): number {
  const copies = Math.max(1, Math.floor(100_000 / n));
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = Array.from({ length: copies }, () => once(n, text).result);
  collect();
  const bytes = (process.memoryUsage().heapUsed - before) / copies;
  if (kept.length !== copies) throw new Error('unreachable');
  return bytes;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row { n: number; points: number; parse: number; transform: number; readable: number; total: number; usPerPoint: number; retainedMb: number; bytesPerPoint: number; chars: number }
const rows: Row[] = [];
for (const n of SIZES) {
  const text = wireBody(n);
  for (let i = 0; i < 3; i++) once(n, text); // warm up
  const runs = Math.max(7, Math.min(100, Math.ceil(1_000_000 / n)));
  // A full GC before each run, outside the timing: no run pays for the garbage of the one before.
  const samples = Array.from({ length: runs }, () => {
    collect();
    const { result, ...timing } = once(n, text);
    return { ...timing, points: result.series[0].data.length };
  });
  // Retained heap: what the outputs (the full series) hold once the request is done.
  const retained = retainedBytes(n, text);
  const points = samples[0].points;
  const parse = median(samples.map((s) => s.parse));
  const transform = median(samples.map((s) => s.transform));
  const readable = median(samples.map((s) => s.readable));
  const total = median(samples.map((s) => s.parse + s.transform + s.readable));
  rows.push({
    n, points, parse, transform, readable, total, usPerPoint: (total * 1000) / n, retainedMb: retained / MB, bytesPerPoint: retained / points,
    chars: samples[0].chars,
  });
}

const f = (x: number, d = 2) => x.toFixed(d);
const table = [
  '| buckets | points | validate ms | transform ms | readable ms | total ms | µs / bucket | retained MB | bytes / point | readable chars |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n.toLocaleString('en-US')} | ${r.points.toLocaleString('en-US')} | ${f(r.parse)} | ${f(r.transform)} | ${f(r.readable)} | ${f(r.total)} | ${f(r.usPerPoint)} | ${f(r.retainedMb)} | ${Math.round(r.bytesPerPoint)} | ${r.chars} |`),
].join('\n');

const [first, last] = [rows.find((r) => r.n === 1_000) ?? rows[0], rows[rows.length - 1]];
const growth = `From ${first.n.toLocaleString('en-US')} to ${last.n.toLocaleString('en-US')} buckets (×${last.n / first.n}) the total time grows ×${f(last.total / first.total, 1)} and the retained heap ×${f(last.retainedMb / first.retainedMb, 1)}; the readable entry stays at ${Math.min(...rows.map((r) => r.chars))}–${Math.max(...rows.map((r) => r.chars))} characters.`;
console.log(table);
console.log(`\n${growth}`);

const out = process.argv.indexOf('--write');
if (out > 0) {
  const file = process.argv[out + 1];
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  writeFileSync(file, `# Metric-data scaling benchmark

Generated by \`npx tsx bench/metrics-scaling.ts --write ${file}\` (Node ${process.version}, ${cpu} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}).

One series of N one-minute buckets as the appliance sends it (\`[{metric, data:[{time, timems, size, in, out}]}]\`,
a gap every 997 minutes, one spike) goes through what \`darktrace-get-metric-data\` does with an answer:
*validate* = \`JSON.parse\` + the zod wire schema; *transform* = series matched by name, ISO timestamps, gaps,
statistics and trend (\`toMetricData\`); *readable* = the war-room entry (\`metricDataReadable\`). Times are
medians over repeated runs in one warmed-up process, each after a forced full GC (outside the timing); *retained* is the live heap (after a forced GC) held by the
result — the full series kept for the context outputs. The plan is built directly because 100,000 buckets is more
than one request may ask for (10,000); the point is that the engine's cost is linear in the series and the
readable entry is not.

${table}

${growth}
`);
  console.log(`\nwrote ${file}`);
}
