// The production build: src/cli/main.ts → dist/ as ES modules with code splitting, so each CLI subcommand
// loads only its own chunk (`--help` loads no command module, `run` no express). npm packages are bundled
// too: one file per chunk instead of hundreds of node_modules files to resolve, read and compile cut the
// CLI's start-up (docs/PERFORMANCE.md); only native or optional-native ones stay external. esbuild takes
// ~1 s, so `npm test` rebuilds every time.
import { build } from 'esbuild';
import { NODE_BUNDLE } from './bundle-options.mjs';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  ...NODE_BUNDLE,
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  splitting: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
});
