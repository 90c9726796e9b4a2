// How this project bundles Node code with esbuild: the production build (scripts/build.mjs) and the benchmarks that
// must measure code compiled the same way (bench/performance.ts) share these options.
export const NODE_BUNDLE = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native or optional-native packages stay in node_modules.
  external: ['better-sqlite3', 'pg', 'pg-native', '@resvg/resvg-js'],
  // Bundled CommonJS packages call require() for Node built-ins; ES modules have none of their own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
};
