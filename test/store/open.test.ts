import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  appliedMigrations, openPostgresStore, openSqliteStore, openStore, parseStoreSpec, postgresLocation, StoreError,
  type SqlStore,
} from '../../src/store/index.js';
import { dropSchema, inOtherProcess, POSTGRES_SKIP_REASON, POSTGRES_URL } from './stores.js';

const DESCRIPTOR = {
  shortName: 'd', readFunction: 'r', writeFunction: 'w', adminFunction: 'a',
  keys: [{ name: 'k', type: 'integer' }], values: [{ name: 'v' }], timeFrameSize: 1, timeFrameSizeUnit: 'seconds',
};

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dts-open-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('parseStoreSpec', () => {
  it('reads sqlite files, sqlite memory and postgres URLs', () => {
    expect(parseStoreSpec('sqlite:./data/darktrace-soar.db')).toEqual({ kind: 'sqlite', path: './data/darktrace-soar.db' });
    expect(parseStoreSpec('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseStoreSpec(' postgres://u:p@db:5432/soar ')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/soar' });
    expect(parseStoreSpec('postgresql://db/soar')).toEqual({ kind: 'postgres', url: 'postgresql://db/soar' });
  });

  it('explains a wrong setting without repeating it (it may hold a password)', () => {
    expect(() => parseStoreSpec('mysql://root:hunter2@db/soar')).toThrow(
      'DARKTRACE_SOAR_STORE must be sqlite:<file>, sqlite::memory: or postgres://user:password@host:port/database; got a "mysql:" URL.',
    );
    expect(() => parseStoreSpec('./data/x.db')).toThrow('got something else.');
    expect(() => parseStoreSpec('sqlite:')).toThrow('DARKTRACE_SOAR_STORE=sqlite: needs a file (sqlite:./data/darktrace-soar.db) or :memory: (sqlite::memory:).');
    expect(() => parseStoreSpec('postgres://u:hunter2@[bad/soar')).toThrow(
      'DARKTRACE_SOAR_STORE is not a valid PostgreSQL URL; expected postgres://user:password@host:port/database (percent-encode special characters in the password).',
    );
    for (const bad of ['mysql://root:hunter2@db/soar', 'postgres://u:hunter2@[bad/soar']) {
      try {
        parseStoreSpec(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });

  it('shows PostgreSQL locations without credentials or query', () => {
    expect(postgresLocation('postgres://user:s3cret@db.internal:6543/soar?sslmode=require')).toBe('postgres://db.internal:6543/soar');
  });
});

describe('openStore', () => {
  it('uses DARKTRACE_SOAR_STORE, creating the SQLite file and its directory', async () => {
    const dir = tempDir();
    const file = join(dir, 'a', 'b', 'soar.db');
    const store = await openStore(undefined, {}, { DARKTRACE_SOAR_STORE: `sqlite:${file}` });
    expect(store.dialect).toBe('sqlite');
    expect(store.location).toBe(`sqlite:${file}`);
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('an explicit spec wins over the environment', async () => {
    const store = await openStore('sqlite::memory:', {}, { DARKTRACE_SOAR_STORE: 'postgres://nowhere/x' });
    expect(store.location).toBe('sqlite::memory:');
    await store.close();
  });
});

describe('migrations', () => {
  it('run once at start-up, are recorded, and keep data across restarts', async () => {
    const file = join(tempDir(), 'soar.db');
    const first = (await openSqliteStore(file)) as SqlStore;
    expect(await appliedMigrations(first.db)).toEqual(['0001-descriptors-and-kv']);
    const d = await first.createDescriptor(DESCRIPTOR);
    await first.submitRecords(d.id, { records: [{ timestamp: 1500, keys: { k: 1 }, values: { v: 2 } }] });
    await first.close();

    const second = (await openSqliteStore(file)) as SqlStore;
    expect(await appliedMigrations(second.db)).toEqual(['0001-descriptors-and-kv']);
    expect(await second.countRecords('d')).toBe(1);
    await second.close();
  });

  it('refuse a store migrated by a newer version, leaving it untouched', async () => {
    const file = join(tempDir(), 'soar.db');
    await (await openSqliteStore(file)).close();
    const raw = new Database(file);
    raw.prepare('insert into store_migrations (name, timestamp) values (?, ?)').run('9999-from-the-future', new Date().toISOString());
    raw.close();
    const error = await storeError(openSqliteStore(file));
    expect(error.message).toBe(
      `The store at sqlite:${file} was migrated by a newer version of darktrace-soar (previously executed migration 9999-from-the-future is missing); upgrade darktrace-soar or use another store.`,
    );
    expect(error.retryable).toBe(false);
    const check = new Database(file);
    expect(check.prepare('select name from store_migrations order by name').all()).toEqual([{ name: '0001-descriptors-and-kv' }, { name: '9999-from-the-future' }]);
    check.close();
  });

  it('two processes opening a new SQLite file together migrate it once', async () => {
    const file = join(tempDir(), 'soar.db');
    await Promise.all([1, 2, 3].map(() => inOtherProcess([`sqlite:${file}`, '-'], [])));
    const store = (await openSqliteStore(file)) as SqlStore;
    expect(await appliedMigrations(store.db)).toEqual(['0001-descriptors-and-kv']);
    await store.close();
  });

  it('refuse a file that is not a SQLite database, saying where it is', async () => {
    const dir = tempDir();
    const error = await storeError(openSqliteStore(dir));
    expect(error.message).toMatch(new RegExp(`^Cannot open the SQLite store at sqlite:${dir}: `));
  });
});

describe('PostgreSQL failures', () => {
  it('an unreachable server is a retryable StoreError that never shows the password', async () => {
    const error = await storeError(openPostgresStore('postgres://soar:hunter2@127.0.0.1:1/soar'));
    expect(error.message).toBe('The PostgreSQL store at postgres://127.0.0.1:1/soar is unreachable or busy (ECONNREFUSED); retry later.');
    expect(error.retryable).toBe(true);
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain('hunter2');
  });

  it.skipIf(!POSTGRES_URL)(`wrong credentials are not retryable${POSTGRES_URL ? '' : ` — ${POSTGRES_SKIP_REASON}`}`, async () => {
    const url = new URL(POSTGRES_URL!);
    url.password = 'wrong-password';
    const error = await storeError(openPostgresStore(url.toString()));
    expect(error.message).toBe(`The PostgreSQL store at ${postgresLocation(url.toString())} refused the credentials in DARKTRACE_SOAR_STORE (28P01).`);
    expect(error.retryable).toBe(false);
  });

  it.skipIf(!POSTGRES_URL)(`migrations run once per schema and replicas starting together agree${POSTGRES_URL ? '' : ` — ${POSTGRES_SKIP_REASON}`}`, async () => {
    const schema = `test_open_${Date.now()}`;
    try {
      const stores = (await Promise.all([1, 2, 3].map(() => openPostgresStore(POSTGRES_URL!, { schema })))) as SqlStore[];
      expect(await appliedMigrations(stores[0].db)).toEqual(['0001-descriptors-and-kv']);
      const { rows } = await sql<{ n: number }>`select count(*) as n from store_migrations`.execute(stores[1].db);
      expect(rows[0].n).toBe(1);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await dropSchema(POSTGRES_URL!, schema);
    }
  });
});
