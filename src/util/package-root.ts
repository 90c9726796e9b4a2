// The repository (package) root, found from this module's own location: the same answer when it runs from
// src/ (tsx, vitest) or from the esbuild chunks in dist/ (bin/darktrace-soar), whose depth differs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

/** Absolute path of the directory holding package.json, with a trailing separator. */
export const PACKAGE_ROOT = `${findRoot(dirname(fileURLToPath(import.meta.url)))}/`;
