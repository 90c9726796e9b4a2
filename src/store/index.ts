// The store: descriptors, records, aggregation and a key/value table, on SQLite or PostgreSQL.
export * from './types.js';
export { openStore, parseStoreSpec, DEFAULT_STORE, STORE_ENV, type StoreSpec } from './open.js';
export { openSqliteStore } from './sqlite.js';
export { openPostgresStore, postgresLocation, type PostgresStoreOptions } from './postgres.js';
export { appliedMigrations, MIGRATION_TABLE } from './migrations.js';
export type { SqlStore } from './sql-store.js';
export { storeService, fixedStore, serviceKeyValue, type StoreService } from './service.js';
