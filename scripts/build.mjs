// The production build: src/cli/main.ts → dist/ as ES modules with code splitting, so each CLI subcommand
// loads only its own chunk (`--help` loads no command module, `run` no express). npm packages are bundled
// too: one file per chunk instead of hundreds of node_modules files to resolve, read and compile cut the
// CLI's start-up (docs/PERFORMANCE.md); only native or optional-native ones stay external. esbuild takes
// ~1 s, so `npm test` rebuilds every time.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg', 'pg-native', '@resvg/resvg-js'],
  // Bundled CommonJS packages call require() for Node built-ins; ES modules have none of their own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
