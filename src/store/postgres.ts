// The shared store: PostgreSQL through a `pg` pool, for several server replicas. Descriptor rows are locked
// (FOR SHARE / FOR UPDATE) for the length of each operation, so a change of keys never races a submit.
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { SqlStore, type ColumnKind, type Dialect, type StoreSchema } from './sql-store.js';
import { StoreError, type StoreOptions } from './types.js';

export interface PostgresStoreOptions extends StoreOptions {
  /** Use (creating it if needed) this schema instead of the connection's default; tests use one per suite. */
  schema?: string;
  /** Pool size, default 10. */
  maxConnections?: number;
}

const INT8_OID = 20;
/** Advisory lock id for schema creation (any constant of our own; Kysely's migration lock uses another). */
const SCHEMA_LOCK_ID = 0x64747373; // 'dtss'
/** bigint columns (timestamps, ids, counts) come back as numbers: every value we store is a safe integer. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

const ARRAY_TYPE: Record<ColumnKind, string> = { bigint: 'bigint[]', text: 'text[]', float: 'float8[]' };

/** Connection-level failures: worth retrying once the database is back. */
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** `postgres://user:secret@db:5432/soar?x` → `postgres://db:5432/soar` (never show credentials). */
export function postgresLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

const postgresDialect = (location: string): Dialect => ({
  name: 'postgres',

  // One statement per batch: each column travels as one array parameter and unnest() turns them back into rows.
  // About twice as fast as a multi-row VALUES list, and far below PostgreSQL's 65,535-parameter limit.
  async insertRows(trx, table, columns, kinds, rows, mode, conflictColumns) {
    const arrays = columns.map((_, i) => rows.map((r) => r[i]));
    const unnest = sql`select * from unnest(${sql.join(arrays.map((a, i) => sql`${a}::${sql.raw(ARRAY_TYPE[kinds[i]])}`))})`;
    const target = sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) ${unnest}`;
    const conflict = sql.join(conflictColumns.map((c) => sql.ref(c)));
    if (mode === 'last') {
      const updates = columns.filter((c) => !conflictColumns.includes(c)).map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
      updates.push(sql`rev = ${sql.ref(`${table}.rev`)} + 1`);
      const { rows: counts } = await sql<{ inserted: number; replaced: number }>`
        with written as (${target} on conflict (${conflict}) do update set ${sql.join(updates)} returning rev)
        select count(*) filter (where rev = 0) as inserted, count(*) filter (where rev > 0) as replaced from written`.execute(trx);
      return { inserted: Number(counts[0].inserted), replaced: Number(counts[0].replaced) };
    }
    const statement = mode === 'first' ? sql`${target} on conflict (${conflict}) do nothing` : target;
    const result = await statement.execute(trx);
    return { inserted: Number(result.numAffectedRows ?? 0), replaced: 0 };
  },

  transaction: (db, _mode, work) => db.transaction().execute(work),

  lock: (query, mode) => (mode === 'update' ? query.forUpdate() : query.forShare()) as typeof query,

  contains: (column, text) => sql<boolean>`strpos(${sql.ref(column)}, ${text}) > 0`,

  isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',

  translateError(error) {
    if (error instanceof StoreError) return error;
    const e = error as { code?: unknown; message?: unknown } | null;
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const message = typeof e?.message === 'string' ? e.message : '';
    if ((code && (RETRYABLE_CODES.has(code) || code.startsWith('08'))) || /Connection terminated|timeout exceeded when trying to connect/i.test(message)) {
      return new StoreError(`The PostgreSQL store at ${location} is unreachable or busy (${code ?? message}); retry later.`, true, { cause: error });
    }
    if (code === '28P01' || code === '28000') {
      return new StoreError(`The PostgreSQL store at ${location} refused the credentials in DARKTRACE_SOAR_STORE (${code}).`, false, { cause: error });
    }
    if (code === '3D000') {
      return new StoreError(`The PostgreSQL database at ${location} does not exist; create it first.`, false, { cause: error });
    }
    return error;
  },
});

/** Opens and migrates a PostgreSQL store. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<SqlStore> {
  const location = postgresLocation(url);
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`The PostgreSQL schema name must be lower-case letters, digits and "_"; got ${JSON.stringify(schema)}.`, false);
  }
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.maxConnections ?? 10,
    // Without it, an unreachable database makes requests wait forever.
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the server; the next query reports the failure.
  pool.on('error', () => {});

  const dialect = postgresDialect(location);
  try {
    if (schema !== undefined) {
      const client = await pool.connect();
      try {
        // CREATE SCHEMA IF NOT EXISTS races with itself (replicas starting together): serialise it.
        await client.query('begin');
        await client.query(`select pg_advisory_xact_lock(${SCHEMA_LOCK_ID})`);
        await client.query(`create schema if not exists "${schema}"`);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
  } catch (error) {
    await pool.end();
    throw dialect.translateError(error);
  }
  const db = new Kysely<StoreSchema>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: schema === undefined ? undefined : async (connection) => {
        await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
      },
    }),
  });
  const store = new SqlStore(db, dialect, location, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
