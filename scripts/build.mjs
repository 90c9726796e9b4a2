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
const { metafile } = await build({
  ...NODE_BUNDLE,
  metafile: true,
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  splitting: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
});

// zod is imported as a namespace (`import * as z from 'zod'`) everywhere: esbuild can then drop what is never
// used, above all zod's 64 locales (~370 KB that every process would compile at start). One `import { z }` anywhere
// brings the whole library back, so the build refuses it.
const bundled = new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
const locales = [...bundled].filter((path) => /node_modules\/zod\/v4\/locales\/(?!en\.js$)/.test(path));
if (locales.length > 0) {
  console.error(`zod's locales are in the bundle (${locales.length} files, e.g. ${locales[0]}): import zod as \`import * as z from 'zod'\`, not \`import { z } from 'zod'\`.`);
  process.exit(1);
}
