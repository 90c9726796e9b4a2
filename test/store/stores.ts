// The stores every store test runs against: SQLite always (in memory and on a file), PostgreSQL when
// DARKTRACE_SOAR_TEST_POSTGRES_URL is set (.ci/run starts one and sets it). Each PostgreSQL store gets its own
// schema, dropped afterwards, so test files can run in parallel against one database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgresStore, openSqliteStore, type Store, type StoreOptions } from '../../src/store/index.js';

export const POSTGRES_URL = process.env.DARKTRACE_SOAR_TEST_POSTGRES_URL?.trim() || undefined;
export const POSTGRES_SKIP_REASON =
  'skipped: DARKTRACE_SOAR_TEST_POSTGRES_URL is not set (.ci/run starts a PostgreSQL and sets it; or export postgres://user:password@host:port/database)';

export interface OpenedStore {
  store: Store;
  /** Closes the store and removes what it created (file, schema). */
  dispose(): Promise<void>;
  /** Arguments for test/store/child-store.ts to open the same data in another process (none for memory). */
  childArgs?: [spec: string, schema: string];
}

export interface StoreKind {
  name: string;
  available: boolean;
  open(options?: StoreOptions): Promise<OpenedStore>;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export const STORE_KINDS: StoreKind[] = [
  {
    name: 'SQLite in memory',
    available: true,
    async open(options) {
      const store = await openSqliteStore(':memory:', options);
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'SQLite file',
    available: true,
    async open(options) {
      const dir = mkdtempSync(join(tmpdir(), 'dts-store-'));
      const path = join(dir, 'nested', 'store.db');
      const store = await openSqliteStore(path, options);
      return {
        store,
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
        childArgs: [`sqlite:${path}`, '-'],
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: POSTGRES_URL !== undefined,
    async open(options) {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const store = await openPostgresStore(POSTGRES_URL!, { ...options, schema, maxConnections: 4 });
      return {
        store,
        async dispose() {
          await store.close();
          await dropSchema(POSTGRES_URL!, schema);
        },
        childArgs: [POSTGRES_URL!, schema],
      };
    },
  },
];

if (POSTGRES_URL === undefined && !process.env.DARKTRACE_SOAR_QUIET_SKIP) {
  console.warn(`store tests: PostgreSQL ${POSTGRES_SKIP_REASON}; running on SQLite only.`);
}

/** Runs store operations in another process (test/store/child-store.ts) on the same data; resolves with its results. */
export function inOtherProcess(childArgs: [string, string], ops: unknown[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...childArgs, JSON.stringify(ops)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child store exited ${code}: ${err}`))));
  });
}
const CHILD = fileURLToPath(new URL('./child-store.ts', import.meta.url));

/** A clock tests move by hand. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; }, set: (ms) => { t = ms; } };
}
