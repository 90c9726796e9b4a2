// Versioned schema migrations, run at start-up by Kysely's Migrator (it records what ran in `store_migrations`
// and, on PostgreSQL, takes an advisory lock so replicas starting together migrate once). Append new migrations
// with a name that sorts after the last one; never edit one that has shipped.
//
// Per-descriptor record tables (`records_<id>`) are created by the store when a descriptor is created, not here;
// a migration that changes their shape must iterate the `descriptors` table.
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { StoreDialect } from './types.js';
import { StoreError } from './types.js';

export const MIGRATION_TABLE = 'store_migrations';

export function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-descriptors-and-kv': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('descriptors')
          // Ids are never reused (AUTOINCREMENT / identity), so a deleted descriptor's id never names another.
          .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity())
          .addColumn('short_name', 'text', (c) => c.notNull().unique())
          // Search columns: lower-cased in JavaScript so both databases match the same way.
          .addColumn('short_name_lc', 'text', (c) => c.notNull())
          .addColumn('description_lc', 'text', (c) => c.notNull())
          .addColumn('read_function', 'text', (c) => c.notNull())
          // The descriptor and its column layout as JSON (see sql-store.ts StoredDescriptor).
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('kv')
          .addColumn('namespace', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint')
          .addPrimaryKeyConstraint('kv_pk', ['namespace', 'key'])
          .execute();
        await db.schema.createIndex('kv_expires_at').on('kv').column('expires_at').execute();
      },
    },
  };
}

/** Brings the schema to the latest version; a database migrated by a newer release is refused, not touched. */
export async function migrate(db: Kysely<any>, dialect: StoreDialect, location: string): Promise<void> {
  // On PostgreSQL the migration tables must be looked for in the schema in use: Kysely's existence check would
  // otherwise find another schema's tables (another store in the same database) and skip creating ours.
  const schema = dialect === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const message = error instanceof Error ? error.message : String(error);
  if (/previously executed migration .* is missing/.test(message)) {
    throw new StoreError(
      `The store at ${location} was migrated by a newer version of darktrace-soar (${message.replace(/^corrupted migrations: /, '')}); upgrade darktrace-soar or use another store.`,
      false,
      { cause: error },
    );
  }
  throw new StoreError(`Could not migrate the store at ${location}: ${message}`, false, { cause: error });
}

/** The migrations that have run, oldest first (for tests and diagnostics). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return result.rows.map((r) => r.name);
}
