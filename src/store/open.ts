// Chooses the store from DARKTRACE_SOAR_STORE (SPEC §11): `sqlite:<file>` (default `sqlite:./data/darktrace-soar.db`),
// `sqlite::memory:`, or `postgres://user:password@host:port/database` (also `postgresql://`).
// Each dialect's driver (better-sqlite3, pg) and Kysely dialect load only when that dialect is opened.
import type { PostgresStoreOptions } from './postgres.js';
import { StoreError, type Store } from './types.js';

export const DEFAULT_STORE = 'sqlite:./data/darktrace-soar.db';
export const STORE_ENV = 'DARKTRACE_SOAR_STORE';

export type StoreSpec = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** Parses a store setting; the error never repeats the value (it may hold a password). */
export function parseStoreSpec(spec: string): StoreSpec {
  const text = spec.trim();
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length);
    if (path === '') throw new StoreError(`${STORE_ENV}=sqlite: needs a file (sqlite:./data/darktrace-soar.db) or :memory: (sqlite::memory:).`, false);
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new StoreError(`${STORE_ENV} is not a valid PostgreSQL URL; expected postgres://user:password@host:port/database (percent-encode special characters in the password).`, false);
    }
    return { kind: 'postgres', url: text };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1];
  throw new StoreError(
    `${STORE_ENV} must be sqlite:<file>, sqlite::memory: or postgres://user:password@host:port/database; got ${scheme ? `a "${scheme}:" URL` : 'something else'}.`,
    false,
  );
}

/** Opens and migrates the configured store: `spec`, else $DARKTRACE_SOAR_STORE, else the default SQLite file. */
export async function openStore(spec?: string, options: PostgresStoreOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  const parsed = parseStoreSpec(spec ?? (env[STORE_ENV]?.trim() || DEFAULT_STORE));
  return parsed.kind === 'sqlite'
    ? (await import('./sqlite.js')).openSqliteStore(parsed.path, options)
    : (await import('./postgres.js')).openPostgresStore(parsed.url, options);
}
