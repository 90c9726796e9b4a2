// One table per descriptor, `records_<id>`: a column per key and value (named by slot, k0 v1 …, never by the
// user's names, so no user text reaches DDL), the frame timestamp, an insertion sequence and a replacement counter.
// Descriptors with `first`/`last` deduplication carry a UNIQUE index on (frame_ts, keys…), which is what makes
// ON CONFLICT work; `none` descriptors get a plain index on frame_ts.
import { sql, type Kysely } from 'kysely';
import type { DescriptorKey, DescriptorSpec, KeyType } from '../descriptors/index.js';
import { KEY_DEFAULTS } from '../descriptors/index.js';
import type { StoreDialect } from './types.js';

/** Where each key and value of a descriptor lives. */
export interface Layout {
  keys: Record<string, string>;
  values: Record<string, string>;
  /** Next slot number; slots are never reused, so a removed-then-added name gets a fresh, default-filled column. */
  nextColumn: number;
}

export function recordTable(id: number): string {
  return `records_${id}`;
}

export function keyColumns(spec: Pick<DescriptorSpec, 'keys'>, layout: Layout): string[] {
  return spec.keys.map((k) => layout.keys[k.name]);
}

export function valueColumns(spec: Pick<DescriptorSpec, 'values'>, layout: Layout): string[] {
  return spec.values.map((v) => layout.values[v.name]);
}

export function initialLayout(spec: Pick<DescriptorSpec, 'keys' | 'values'>): Layout {
  const layout: Layout = { keys: {}, values: {}, nextColumn: 0 };
  for (const k of spec.keys) layout.keys[k.name] = `k${layout.nextColumn++}`;
  for (const v of spec.values) layout.values[v.name] = `v${layout.nextColumn++}`;
  return layout;
}

function keyType(dialect: StoreDialect, type: KeyType) {
  if (type === 'integer') return 'bigint' as const;
  // Byte-wise ordering and comparison, the same as SQLite's default BINARY collation, whatever the database locale.
  return dialect === 'postgres' ? sql`text collate "C"` : ('text' as const);
}

function valueType(dialect: StoreDialect) {
  return dialect === 'postgres' ? ('double precision' as const) : ('real' as const);
}

const dedupIndex = (table: string) => `${table}_dedup`;
const frameIndex = (table: string) => `${table}_frame`;

export async function createRecordTable(db: Kysely<any>, dialect: StoreDialect, table: string, spec: DescriptorSpec, layout: Layout): Promise<void> {
  let create = db.schema
    .createTable(table)
    .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
      dialect === 'sqlite' ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('frame_ts', 'bigint', (c) => c.notNull());
  for (const k of spec.keys) create = create.addColumn(layout.keys[k.name], keyType(dialect, k.type), (c) => c.notNull());
  for (const v of spec.values) create = create.addColumn(layout.values[v.name], valueType(dialect), (c) => c.notNull());
  await create.addColumn('rev', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await createIndexFor(db, table, spec, layout);
}

async function createIndexFor(db: Kysely<any>, table: string, spec: DescriptorSpec, layout: Layout): Promise<void> {
  if (spec.deduplicationFunction === 'none') {
    await db.schema.createIndex(frameIndex(table)).on(table).column('frame_ts').execute();
  } else {
    await db.schema.createIndex(dedupIndex(table)).on(table).columns(['frame_ts', ...keyColumns(spec, layout)]).unique().execute();
  }
}

async function dropIndexFor(db: Kysely<any>, table: string, spec: DescriptorSpec): Promise<void> {
  await db.schema.dropIndex(spec.deduplicationFunction === 'none' ? frameIndex(table) : dedupIndex(table)).ifExists().execute();
}

export async function dropRecordTable(db: Kysely<any>, table: string): Promise<void> {
  await db.schema.dropTable(table).ifExists().execute();
}

export interface TableChange {
  before: DescriptorSpec;
  after: DescriptorSpec;
  removedKeys: string[];
  removedValues: string[];
  addedKeys: DescriptorKey[];
  addedValues: string[];
}

/**
 * Applies a descriptor update to its table, in the caller's transaction: columns dropped and added (added ones
 * filled with the type's default, so older records read as if they had sent it), and the dedup index rebuilt.
 * When the key tuple shrinks or deduplication is switched on, records that have become duplicates are collapsed
 * first — `first` keeps the earliest stored, `last` the most recently stored (highest seq) — so the UNIQUE index
 * can exist. Returns the layout after the change.
 */
export async function alterRecordTable(db: Kysely<any>, dialect: StoreDialect, table: string, change: TableChange, layout: Layout): Promise<Layout> {
  const next: Layout = { keys: { ...layout.keys }, values: { ...layout.values }, nextColumn: layout.nextColumn };
  const hadUnique = change.before.deduplicationFunction !== 'none';
  const needUnique = change.after.deduplicationFunction !== 'none';
  const keysChanged = change.removedKeys.length > 0 || change.addedKeys.length > 0;
  const indexChanges = hadUnique !== needUnique || (needUnique && keysChanged);

  if (indexChanges) await dropIndexFor(db, table, change.before);
  for (const name of change.removedKeys) {
    await db.schema.alterTable(table).dropColumn(next.keys[name]).execute();
    delete next.keys[name];
  }
  for (const name of change.removedValues) {
    await db.schema.alterTable(table).dropColumn(next.values[name]).execute();
    delete next.values[name];
  }
  for (const key of change.addedKeys) {
    const column = `k${next.nextColumn++}`;
    next.keys[key.name] = column;
    await db.schema.alterTable(table).addColumn(column, keyType(dialect, key.type), (c) => c.notNull().defaultTo(KEY_DEFAULTS[key.type])).execute();
  }
  for (const name of change.addedValues) {
    const column = `v${next.nextColumn++}`;
    next.values[name] = column;
    await db.schema.alterTable(table).addColumn(column, valueType(dialect), (c) => c.notNull().defaultTo(0)).execute();
  }
  if (needUnique && (!hadUnique || change.removedKeys.length > 0)) {
    const keep = change.after.deduplicationFunction === 'first' ? sql`min(seq)` : sql`max(seq)`;
    const group = sql.join(['frame_ts', ...keyColumns(change.after, next)].map((c) => sql.ref(c)));
    await sql`delete from ${sql.table(table)} where seq not in (select ${keep} from ${sql.table(table)} group by ${group})`.execute(db);
  }
  if (indexChanges) await createIndexFor(db, table, change.after, next);
  return next;
}
