// The embedded store: one SQLite file (better-sqlite3) or `:memory:`. One connection, transactions serialised by
// Kysely; fit for one server process (several replicas should share PostgreSQL).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { SqlStore, type Dialect, type StoreSchema } from './sql-store.js';
import { StoreError, type StoreOptions } from './types.js';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766. */
const MAX_PARAMETERS = 32_000;

const sqliteDialect = (location: string): Dialect => ({
  name: 'sqlite',

  async insertRows(trx, table, columns, _kinds, rows, mode, conflictColumns) {
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const valueColumns = columns.filter((c) => !conflictColumns.includes(c));
    let inserted = 0;
    let replaced = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement).map((row) => {
        const object: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) object[columns[i]] = row[i];
        return object;
      });
      const insert = trx.insertInto(table).values(chunk);
      if (mode === 'last') {
        const out = await insert
          .onConflict((oc) => oc.columns(conflictColumns).doUpdateSet((eb) => ({
            ...Object.fromEntries(valueColumns.map((c) => [c, eb.ref(`excluded.${c}`)])),
            rev: sql`${sql.ref(`${table}.rev`)} + 1`,
          })))
          .returning('rev')
          .execute();
        for (const r of out) (Number(r.rev) > 0 ? replaced++ : inserted++);
      } else {
        const query = mode === 'first' ? insert.onConflict((oc) => oc.columns(conflictColumns).doNothing()) : insert;
        const result = await query.executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
    }
    return { inserted, replaced };
  },

  // BEGIN IMMEDIATE for writes: the write lock is taken up front (waiting up to busy_timeout for another process,
  // e.g. a collector sharing the file) instead of failing with SQLITE_BUSY when a read turns into a write.
  async transaction(db, mode, work) {
    return db.connection().execute(async (connection) => {
      await sql.raw(mode === 'write' ? 'begin immediate' : 'begin').execute(connection);
      try {
        const result = await work(connection);
        await sql.raw('commit').execute(connection);
        return result;
      } catch (error) {
        await sql.raw('rollback').execute(connection).catch(() => undefined);
        throw error;
      }
    });
  },

  lock: (query) => query,

  contains: (column, text) => sql<boolean>`instr(${sql.ref(column)}, ${text}) > 0`,

  isUniqueViolation: (error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },

  translateError(error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      return new StoreError(`The SQLite store at ${location} is locked by another process; retry, or share a PostgreSQL store between processes.`, true, { cause: error });
    }
    if (code === 'SQLITE_FULL' || code === 'SQLITE_READONLY' || code === 'SQLITE_IOERR' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      return new StoreError(`The SQLite store at ${location} cannot be written (${code}); check the file, its directory and the disk.`, false, { cause: error });
    }
    return error;
  },
});

/** Opens (creating it and its directory if needed) and migrates a SQLite store. `path` may be `:memory:`. */
export async function openSqliteStore(path: string, options: StoreOptions = {}): Promise<SqlStore> {
  const location = `sqlite:${path}`;
  let database: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new Database(path);
    if (path !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StoreError(`Cannot open the SQLite store at ${location}: ${(error as Error).message}`, false, { cause: error });
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database }) });
  const store = new SqlStore(db, sqliteDialect(location), location, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
