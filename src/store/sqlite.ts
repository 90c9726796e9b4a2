// The embedded store: one SQLite file (better-sqlite3) or `:memory:`. One connection, transactions serialised by
// Kysely; fit for one server process (several replicas should share PostgreSQL).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { SqlStore, type Dialect, type InsertMode, type StoreSchema } from './sql-store.js';
import { StoreError, type StoreOptions } from './types.js';

const sqliteDialect = (location: string, database: Database.Database): Dialect => {
  const statements = new Map<string, Database.Statement>();
  // Table and column names come from the store's own layout (records_<id>, k0, v1…), never from users.
  const insertStatement = (table: string, columns: string[], mode: InsertMode, conflictColumns: string[]): Database.Statement => {
    const quoted = (c: string) => `"${c}"`;
    let text = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
    if (mode === 'first') text += ` on conflict (${conflictColumns.map(quoted).join(', ')}) do nothing`;
    if (mode === 'last') {
      const updates = columns.filter((c) => !conflictColumns.includes(c)).map((c) => `${quoted(c)} = excluded.${quoted(c)}`);
      text += ` on conflict (${conflictColumns.map(quoted).join(', ')}) do update set ${[...updates, `rev = ${quoted(table)}.rev + 1`].join(', ')} returning rev`;
    }
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= 64) statements.delete(statements.keys().next().value!);
      statement = database.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  return {
    name: 'sqlite',

    // The hot path bypasses Kysely: one cached prepared statement run per row, inside the transaction Kysely
    // opened on this same (only) connection. Building and preparing a multi-row INSERT per chunk, as Kysely would,
    // costs more than SQLite's work itself (bench/store-records.ts).
    async insertRows(_trx, table, columns, _kinds, rows, mode, conflictColumns) {
      const statement = insertStatement(table, columns, mode, conflictColumns);
      let inserted = 0;
      let replaced = 0;
      if (mode === 'last') {
        for (const row of rows) ((statement.get(row) as { rev: number }).rev > 0 ? replaced++ : inserted++);
      } else {
        for (const row of rows) inserted += statement.run(row).changes;
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

    // Runs on the one connection, so inside the transaction Kysely opened (as insertRows does).
    prepareSelect(compiled) {
      const statement = database.prepare(compiled.sql);
      return (parameters) => statement.all(parameters as unknown[]) as Array<Record<string, unknown>>;
    },

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
  };
};

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
    // 64 MiB page cache (the default is 2 MiB): the GROUP BY sorter of a large aggregation stays in memory.
    database.pragma('cache_size = -65536');
  } catch (error) {
    throw new StoreError(`Cannot open the SQLite store at ${location}: ${(error as Error).message}`, false, { cause: error });
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database }) });
  const store = new SqlStore(db, sqliteDialect(location, database), location, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
