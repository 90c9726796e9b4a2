// darktrace-soar gen pack [--check]: writes the XSOAR content pack folder (pack/DarktraceSOAR/, committed) and the
// uploadable zip (dist/DarktraceSOAR.zip, not committed). With --check nothing is written and the exit code is 1
// when the committed folder differs from what gen writes (the first difference is printed). Plain `gen` writes the
// folder too (not the zip), so a command change regenerates everything in one step.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Registry } from '../registry/registry.js';
import { PACK_DIR, PACK_ZIP, packFiles, zipFiles, type PackFile } from '../xsoar/pack/index.js';
import { zipPack } from '../xsoar/pack/zip.js';

export interface PackDifference {
  /** Path relative to the repository root. */
  path: string;
  problem: string;
}

function listFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name])).sort();
}

const bytesOf = (content: string | Uint8Array) => (typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));

function firstDifference(current: Buffer, expected: string | Uint8Array): string {
  if (typeof expected !== 'string') return `binary content differs (${current.length} bytes committed, gen writes ${expected.length})`;
  const al = current.toString('utf8').split('\n');
  const bl = expected.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}: committed ${JSON.stringify(al[i] ?? '<end of file>')}, gen writes ${JSON.stringify(bl[i] ?? '<end of file>')}`;
  }
  return 'line endings differ';
}

/** Every difference between the committed pack folder under `root` and what gen writes, in path order. */
export function packDifferences(registry: Registry, root: string, files: PackFile[] = packFiles(registry)): PackDifference[] {
  const dir = join(root, PACK_DIR);
  const expected = new Map(files.map((f) => [f.path, f.content]));
  const present = new Set(listFiles(dir));
  const out: PackDifference[] = [];
  for (const path of [...new Set([...expected.keys(), ...present])].sort()) {
    const shown = `${PACK_DIR}/${path}`;
    const content = expected.get(path);
    if (content === undefined) { out.push({ path: shown, problem: 'is not generated any more (gen removes it)' }); continue; }
    if (!present.has(path)) { out.push({ path: shown, problem: 'does not exist' }); continue; }
    const current = readFileSync(join(dir, path));
    if (!current.equals(bytesOf(content))) out.push({ path: shown, problem: `differs: ${firstDifference(current, content)}` });
  }
  return out;
}

/** Writes the pack folder under `root` (removing files gen no longer makes); returns the files written. */
export function writePack(registry: Registry, root: string, files: PackFile[] = packFiles(registry)): string[] {
  const written: string[] = [];
  for (const difference of packDifferences(registry, root, files)) {
    const path = difference.path.slice(PACK_DIR.length + 1);
    const target = join(root, PACK_DIR, path);
    const file = files.find((f) => f.path === path);
    if (!file) {
      rmSync(target);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytesOf(file.content));
    written.push(difference.path);
  }
  return written;
}

export function writeZip(registry: Registry, root: string, files: PackFile[] = packFiles(registry)): string {
  const target = join(root, PACK_ZIP);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, zipPack(zipFiles(registry, files)));
  return target;
}

/** `gen pack [--check]` (and plain gen's pack step with `zip` false). */
export function runPack(registry: Registry, root: string, options: { check: boolean; zip: boolean }): number {
  const files = packFiles(registry);
  if (options.check) {
    const differences = packDifferences(registry, root, files);
    if (differences.length === 0) {
      console.log(`${PACK_DIR}: up to date (${files.length} files)`);
      return 0;
    }
    const first = differences[0]!;
    console.error(`${first.path} ${first.problem}`);
    console.error(`${PACK_DIR}: out of date (${differences.length} file${differences.length === 1 ? '' : 's'}) — run ./bin/darktrace-soar gen pack`);
    return 1;
  }
  const written = writePack(registry, root, files);
  console.log(written.length ? `${PACK_DIR}: ${written.length} file${written.length === 1 ? '' : 's'} written` : `${PACK_DIR}: up to date`);
  if (options.zip) console.log(`${relative(process.cwd(), writeZip(registry, root, files)) || PACK_ZIP}: written`);
  return 0;
}
