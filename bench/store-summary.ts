// The store's figures inside docs/PERFORMANCE.md: bench/store-records.ts writes docs/bench-store.json beside its
// document, and bench/performance.ts renders it here as a small targets table (issue 14), with when and under
// what load it was measured, since the two may run at different times.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface StoreSummary {
  generated: string;
  load: { start: number; end: number };
  records: number;
  repeats: number;
  targets: Array<{ what: string; measured: string; target: string; met: boolean }>;
}

export function storeTargetsSection(root: string): string {
  const file = join(root, 'docs/bench-store.json');
  if (!existsSync(file)) return '### Store (issue 14)\n\nNo figures yet: run `npx tsx bench/store-records.ts --write docs/bench-store.md`.';
  const s = JSON.parse(readFileSync(file, 'utf8')) as StoreSummary;
  return [
    '### Store (issue 14)',
    '',
    `From [bench-store.md](bench-store.md), measured ${s.generated.slice(0, 16).replace('T', ' ')} UTC (1-minute load average ${s.load.start.toFixed(1)} at the start, ` +
      `${s.load.end.toFixed(1)} at the end; ${s.records.toLocaleString('en-US')} records, medians of ${s.repeats} interleaved rounds):`,
    '',
    '| what | measured | target | |',
    '|---|---|---|---|',
    ...s.targets.map((t) => `| ${t.what} | ${t.measured} | ${t.target} | ${t.target === '–' ? '' : t.met ? '**met**' : '**missed**'} |`),
  ].join('\n');
}
