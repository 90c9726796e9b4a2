// darktrace-soar gen [--check]: writes integration.yml (repo root), openapi/endpoint.json and the XSOAR pack folder
// (pack/DarktraceSOAR/) from the registry. With --check nothing is written; the exit code is 1 when a committed
// file differs from what gen would write. `gen pack [--check]` is the pack alone, plus its zip (gen-pack.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UsageError } from './args.js';
import { createRegistry } from './runtime.js';
import type { Registry } from '../registry/registry.js';
import { buildOpenApi } from '../server/openapi.js';
import { renderIntegration } from '../xsoar/integration.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

export const REPO_ROOT = PACKAGE_ROOT;

export interface GeneratedFile {
  /** Path relative to the repository root. */
  path: string;
  content: string;
}

/** Every generated file with the exact content gen writes. */
export function generatedFiles(registry: Registry = createRegistry()): GeneratedFile[] {
  return [
    { path: 'integration.yml', content: renderIntegration(registry) },
    { path: 'openapi/endpoint.json', content: `${JSON.stringify(buildOpenApi(registry), null, 2)}\n` },
  ];
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export async function main(argv: string[]): Promise<number> {
  const pack = argv[0] === 'pack';
  const rest = pack ? argv.slice(1) : argv;
  const check = rest.includes('--check');
  const unknown = rest.filter((a) => a !== '--check');
  if (unknown.length) throw new UsageError(`gen${pack ? ' pack' : ''}: unexpected argument ${unknown[0]}`);
  const registry = createRegistry();
  // Lazy: the pack's PNG rendering (resvg) loads only when a pack is built.
  const { runPack } = await import('./gen-pack.js');
  if (pack) return runPack(registry, REPO_ROOT, { check, zip: !check });
  let stale = 0;
  for (const file of generatedFiles(registry)) {
    const target = join(REPO_ROOT, file.path);
    const current = readOrNull(target);
    const shown = relative(process.cwd(), target) || file.path;
    if (current === file.content) {
      console.log(`${shown}: up to date`);
      continue;
    }
    if (check) {
      stale++;
      console.error(`${shown}: out of date — run ./bin/darktrace-soar gen`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`${shown}: written`);
  }
  if (runPack(registry, REPO_ROOT, { check, zip: false }) !== 0) stale++;
  return stale ? 1 : 0;
}
