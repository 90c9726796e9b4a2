// The store, once for both databases: Kysely compiles the same queries for SQLite and PostgreSQL; the few places
// where they differ (record insertion, row locks, substring search, driver errors) are the Dialect hooks that
// sqlite.ts and postgres.ts provide. Every operation is one transaction.
import { sql, type CompiledQuery, type Generated, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import {
  dedupBatch, DescriptorInputError, DescriptorNotFoundError, LIMITS, normaliseBatch, parseAggregateQuery, parseRef,
  parseSearch, validateDescriptor, validateUpdate,
  type AggregateResult, type AggregateRow, type Descriptor, type DescriptorRef, type DescriptorSpec,
  type KeyValue, type NormalRecord, type Page, type TimeRange,
} from '../descriptors/index.js';
import { alterRecordTable, createRecordTable, dropRecordTable, initialLayout, keyColumns, recordTable, valueColumns, type Layout } from './record-tables.js';
import { migrate } from './migrations.js';
import type { AccessCheck, KeyValueStore, SearchOptions, Store, StoreDialect, StoreOptions, SubmitResult } from './types.js';

export interface DescriptorsTable {
  id: Generated<number>;
  short_name: string;
  short_name_lc: string;
  description_lc: string;
  read_function: string;
  body: string;
  created_at: number;
  updated_at: number;
}
export interface KvTable {
  namespace: string;
  key: string;
  value: string;
  expires_at: number | null;
}
export interface StoreSchema {
  descriptors: DescriptorsTable;
  kv: KvTable;
}

/** What the `body` column holds. */
interface StoredBody {
  spec: DescriptorSpec;
  layout: Layout;
}

export type InsertMode = 'none' | 'first' | 'last';
export type TransactionMode = 'read' | 'write';
/** How a record column is typed: frame_ts and integer keys bigint, ip/string keys text, values float. */
export type ColumnKind = 'bigint' | 'text' | 'float';

/** Where the two databases differ. */
export interface Dialect {
  readonly name: StoreDialect;
  /**
   * Inserts rows (frame_ts, keys…, values… in `columns` order) into a record table. `first`: rows clashing with a
   * stored record on the UNIQUE index are skipped; `last`: they overwrite its values (rev + 1). Rows never clash
   * with each other (the batch is deduplicated first). Returns rows newly written and stored rows replaced.
   */
  insertRows(trx: Kysely<any>, table: string, columns: string[], kinds: ColumnKind[], rows: unknown[][], mode: InsertMode, conflictColumns: string[]): Promise<{ inserted: number; replaced: number }>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(db: Kysely<StoreSchema>, mode: TransactionMode, work: (trx: Kysely<StoreSchema>) => Promise<T>): Promise<T>;
  /** Row lock on the descriptor for the rest of the transaction (PostgreSQL; SQLite serialises transactions). */
  lock<QB extends SelectQueryBuilder<any, any, any>>(query: QB, mode: 'share' | 'update'): QB;
  /** `column` contains `text` (both already lower-cased), as a boolean SQL expression. */
  contains(column: string, text: string): ReturnType<typeof sql<boolean>>;
  isUniqueViolation(error: unknown): boolean;
  /** Turns connection-level failures into a StoreError (retryable where it is); returns other errors unchanged. */
  translateError(error: unknown): unknown;
  /**
   * Set by a database without hash aggregation (SQLite): a compiled SELECT prepared once, as a function of its
   * parameters, run on the transaction's connection. With it, a bucketed aggregation runs one GROUP BY per
   * non-empty time bucket (see `aggregate`); without it (PostgreSQL), one GROUP BY over the whole range.
   */
  prepareSelect?(compiled: CompiledQuery): (parameters: readonly unknown[]) => Array<Record<string, unknown>>;
}

export class SqlStore implements Store {
  readonly kv: KeyValueStore;
  readonly #now: () => number;

  constructor(
    readonly db: Kysely<StoreSchema>,
    readonly hooks: Dialect,
    readonly location: string,
    options: StoreOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.kv = new SqlKeyValueStore(this, this.#now);
  }

  get dialect(): StoreDialect {
    return this.hooks.name;
  }

  /** Runs the versioned migrations. Called once by the open functions. */
  async migrate(): Promise<void> {
    // Kysely locks migrations on PostgreSQL (advisory lock) but not on SQLite, where two processes opening a new
    // file together would both run them: there the whole migration runs under SQLite's write lock instead.
    if (this.hooks.name === 'sqlite') {
      await this.transaction('write', (connection) => migrate(connection, this.hooks.name, this.location));
    } else {
      await this.#guard(() => migrate(this.db, this.hooks.name, this.location));
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** Runs `work` in a transaction (`write` ones take the write lock up front), translating driver failures. */
  async transaction<T>(mode: TransactionMode, work: (trx: Kysely<StoreSchema>) => Promise<T>): Promise<T> {
    return this.#guard(() => this.hooks.transaction(this.db, mode, work));
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.hooks.translateError(error);
    }
  }

  async #load(trx: Kysely<StoreSchema>, ref: DescriptorRef, mode: 'share' | 'update'): Promise<{ descriptor: Descriptor; layout: Layout }> {
    const target = parseRef(ref);
    let query = trx.selectFrom('descriptors').selectAll();
    query = 'id' in target ? query.where('id', '=', target.id) : query.where('short_name', '=', target.shortName);
    const row = await this.hooks.lock(query, mode).executeTakeFirst();
    if (!row) throw new DescriptorNotFoundError(ref);
    return fromRow(row);
  }

  async #loadFor(trx: Kysely<StoreSchema>, ref: DescriptorRef, mode: 'share' | 'update', access?: AccessCheck) {
    const loaded = await this.#load(trx, ref, mode);
    access?.authorize?.(loaded.descriptor);
    return loaded;
  }

  async #assertShortNameFree(trx: Kysely<StoreSchema>, shortName: string, self?: number): Promise<void> {
    const clash = await trx.selectFrom('descriptors').select('id').where('short_name', '=', shortName).executeTakeFirst();
    if (clash && clash.id !== self) shortNameTaken(shortName, clash.id);
  }

  async createDescriptor(input: unknown): Promise<Descriptor> {
    const spec = validateDescriptor(input);
    const layout = initialLayout(spec);
    const now = this.#now();
    try {
      return await this.transaction('write', async (trx) => {
        await this.#assertShortNameFree(trx, spec.shortName);
        const { id } = await trx.insertInto('descriptors').values(toRow(spec, layout, now, now)).returning('id').executeTakeFirstOrThrow();
        await createRecordTable(trx, this.hooks.name, recordTable(Number(id)), spec, layout);
        return toDescriptor(Number(id), spec, now, now);
      });
    } catch (error) {
      // Two creates racing past the check: the UNIQUE constraint decides, with the same message.
      if (this.hooks.isUniqueViolation(error)) shortNameTaken(spec.shortName);
      throw error;
    }
  }

  async getDescriptor(ref: DescriptorRef, access?: AccessCheck): Promise<Descriptor> {
    return this.transaction('read', async (trx) => (await this.#loadFor(trx, ref, 'share', access)).descriptor);
  }

  async searchDescriptors(query: unknown, options: SearchOptions = {}): Promise<Page<Descriptor>> {
    // parseSearch is idempotent, so an already parsed search (searchFromQueryString) may be passed too.
    const search = parseSearch(query);
    return this.transaction('read', async (trx) => {
      let base = trx.selectFrom('descriptors');
      if (options.readFunctions !== undefined) {
        if (options.readFunctions.length === 0) return { count: 0, offset: search.offset, limit: search.limit, data: [] };
        base = base.where('read_function', 'in', [...options.readFunctions]);
      }
      if (search.keywords.length > 0) {
        const columns = search.keywordFieldStrategy.map((f) => (f === 'shortName' ? 'short_name_lc' : 'description_lc'));
        const perKeyword = search.keywords.map((k) => sql<boolean>`(${sql.join(columns.map((c) => this.hooks.contains(c, k)), sql` or `)})`);
        base = base.where(sql<boolean>`(${sql.join(perKeyword, search.keywordMatchStrategy === 'all' ? sql` and ` : sql` or `)})`);
      }
      const { count } = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy('id').limit(search.limit).offset(search.offset).execute();
      return { count: Number(count), offset: search.offset, limit: search.limit, data: rows.map((r) => fromRow(r).descriptor) };
    });
  }

  async updateDescriptor(ref: DescriptorRef, changesInput: unknown, access?: AccessCheck): Promise<Descriptor> {
    const now = this.#now();
    try {
      return await this.transaction('write', async (trx) => {
        const { descriptor: current, layout } = await this.#loadFor(trx, ref, 'update', access);
        const changes = validateUpdate(current, changesInput);
        const table = recordTable(current.id);
        if (changes.next.shortName !== current.shortName) await this.#assertShortNameFree(trx, changes.next.shortName, current.id);
        if (changes.timeFrameChanged) {
          const held = await countIn(trx, table);
          if (held > 0) {
            throw new DescriptorInputError([{
              path: 'timeFrameSize',
              message: `timeFrameSize: cannot change the time frame of a descriptor that holds records (${held}); its records are snapped to ${current.timeFrameSize} ${current.timeFrameSizeUnit}. Create a new descriptor instead`,
            }]);
          }
        }
        const nextLayout = await alterRecordTable(trx, this.hooks.name, table, {
          before: current,
          after: changes.next,
          removedKeys: changes.removedKeys,
          removedValues: changes.removedValues,
          addedKeys: changes.addedKeys,
          addedValues: changes.addedValues.map((v) => v.name),
        }, layout);
        const row = toRow(changes.next, nextLayout, current.createdAt, now);
        await trx.updateTable('descriptors').set({ ...row, created_at: current.createdAt }).where('id', '=', current.id).execute();
        return toDescriptor(current.id, changes.next, current.createdAt, now);
      });
    } catch (error) {
      if (this.hooks.isUniqueViolation(error) && isPlainShortName(changesInput)) shortNameTaken(changesInput.shortName);
      throw error;
    }
  }

  async deleteDescriptor(ref: DescriptorRef, access?: AccessCheck): Promise<Descriptor> {
    return this.transaction('write', async (trx) => {
      const { descriptor } = await this.#loadFor(trx, ref, 'update', access);
      await dropRecordTable(trx, recordTable(descriptor.id));
      await trx.deleteFrom('descriptors').where('id', '=', descriptor.id).execute();
      return descriptor;
    });
  }

  async countRecords(ref: DescriptorRef, access?: AccessCheck): Promise<number> {
    return this.transaction('read', async (trx) => {
      const { descriptor } = await this.#loadFor(trx, ref, 'share', access);
      return countIn(trx, recordTable(descriptor.id));
    });
  }

  async submitRecords(ref: DescriptorRef, body: unknown, access?: AccessCheck): Promise<SubmitResult> {
    return this.transaction('write', async (trx) => {
      const { descriptor, layout } = await this.#loadFor(trx, ref, 'share', access);
      const batch = normaliseBatch(descriptor, body);
      const fn = descriptor.deduplicationFunction;
      // `last` must settle duplicates within the batch first (PostgreSQL refuses to upsert one row twice in a
      // statement); `first` leaves them to ON CONFLICT DO NOTHING, which counts them the same way.
      const { records, dropped } = fn === 'last' ? dedupBatch(batch.records, fn) : { records: batch.records, dropped: 0 };
      const keyCols = keyColumns(descriptor, layout);
      const columns = ['frame_ts', ...keyCols, ...valueColumns(descriptor, layout)];
      const kinds: ColumnKind[] = ['bigint', ...descriptor.keys.map((k) => (k.type === 'integer' ? 'bigint' as const : 'text' as const)), ...descriptor.values.map(() => 'float' as const)];
      let deduplicated = dropped;
      if (records.length > 0) {
        const rows = records.map((r: NormalRecord) => [r.timestamp, ...r.keys, ...r.values]);
        const { inserted, replaced } = await this.hooks.insertRows(trx, recordTable(descriptor.id), columns, kinds, rows, fn, ['frame_ts', ...keyCols]);
        deduplicated += fn === 'first' ? rows.length - inserted : replaced;
      }
      return {
        descriptor: { id: descriptor.id, shortName: descriptor.shortName },
        accepted: batch.records.length,
        rejected: batch.rejections.length,
        deduplicated,
        rejections: batch.rejections.slice(0, LIMITS.problemsListed),
      };
    });
  }

  async aggregate(ref: DescriptorRef, queryInput: unknown, access?: AccessCheck): Promise<AggregateResult> {
    const now = this.#now();
    return this.transaction('read', async (trx) => {
      const { descriptor, layout } = await this.#loadFor(trx, ref, 'share', access);
      const query = parseAggregateQuery(descriptor, queryInput, now);
      const table = sql.table(recordTable(descriptor.id));
      const col = (name: string) => sql.ref(layout.keys[name] ?? layout.values[name]);

      const groupCols = query.groupBy.map(col);
      const aggregates = query.values.map((v, i) => {
        const value = col(v.name);
        const expression = v.fn === 'wavg'
          ? sql`sum(${value} * ${col(v.weight!)}) / nullif(sum(${col(v.weight!)}), 0)`
          : sql`${sql.raw(v.fn)}(${value})`;
        return sql`${expression} as ${sql.ref(`a${i}`)}`;
      });
      const others: RawBuilder<unknown>[] = [];
      if (query.ranges && query.ranges.length > 1) others.push(anyRange(query.ranges));
      for (const f of query.filters) others.push(sql`${col(f.key)} in (${sql.join(f.values)})`);
      const selected = sql.join([...groupCols.map((g, i) => sql`${g} as ${sql.ref(`g${i}`)}`), sql`count(*) as n`, ...aggregates]);
      const groupNames = query.groupBy.map((_, i) => sql.ref(`g${i}`));
      const tooMany = () => new DescriptorInputError([{
        path: 'groupBy',
        message: `groupBy: the aggregation has more than ${LIMITS.aggregateRows} rows; narrow it with filters, a shorter range, a coarser resolution or fewer groupBy keys`,
      }]);

      let rows: Array<Record<string, unknown>>;
      const prepare = this.hooks.prepareSelect;
      if (prepare && query.resolutionMs > 0) {
        // SQLite has no hash aggregation: a GROUP BY sorts every row it groups, O(n log n) on one thread, which for
        // 1M records is most of the time (docs/bench-store.md). Records are read in frame_ts order (the frame or
        // dedup index), so the buckets are cut there: one GROUP BY over the keys per non-empty bucket sorts only
        // that bucket's rows (none at all without groupBy), and the buckets come out in order. Each bucket's
        // statement is prepared once; an index seek finds the next stored frame, so empty buckets cost nothing.
        // Placeholders $lo and $hi are the first two parameters (nothing before the WHERE clause has any).
        const lo = -1;
        const hi = -2;
        const compiled = sql`
          select ${selected} from ${table}
          where frame_ts >= ${lo} and frame_ts < ${hi}${others.length ? sql` and ${sql.join(others, sql` and `)}` : sql``}
          ${groupNames.length ? sql`group by ${sql.join(groupNames)} order by ${sql.join(groupNames)}` : sql``}
          limit ${sql.lit(LIMITS.aggregateRows + 1)}`.compile(trx);
        if (compiled.parameters[0] !== lo || compiled.parameters[1] !== hi) throw new Error('aggregate: the bucket bounds must be the first parameters');
        const inBucket = prepare(compiled);
        const nextFrame = prepare(sql`select frame_ts as t from ${table} where frame_ts >= ${lo} and frame_ts < ${hi} order by frame_ts limit 1`.compile(trx));
        const rest = compiled.parameters.slice(2);
        rows = [];
        const ranges = query.ranges ?? [{ start: query.startTimestamp, end: query.endTimestamp }];
        const size = query.resolutionMs;
        let r = 0;
        let cursor = ranges[0].start;
        while (r < ranges.length) {
          if (cursor >= ranges[r].end) {
            r += 1;
            if (r < ranges.length) cursor = Math.max(cursor, ranges[r].start);
            continue;
          }
          const found = nextFrame([cursor, query.endTimestamp])[0];
          if (!found) break;
          const t = Number(found.t);
          while (r < ranges.length && ranges[r].end <= t) r += 1; // skip the ranges with nothing stored
          if (r === ranges.length) break;
          if (t < ranges[r].start) {
            cursor = ranges[r].start;
            continue;
          }
          const bucket = Math.floor(t / size) * size;
          const upper = Math.min(bucket + size, query.endTimestamp);
          for (const row of inBucket([Math.max(bucket, query.startTimestamp), upper, ...rest])) {
            row.b = bucket;
            rows.push(row);
          }
          if (rows.length > LIMITS.aggregateRows) throw tooMany();
          cursor = upper;
        }
      } else {
        const bucket = query.resolutionMs === 0 ? sql`${sql.lit(query.startTimestamp)}` : sql`(frame_ts / ${sql.lit(query.resolutionMs)}) * ${sql.lit(query.resolutionMs)}`;
        // Grouping and ordering by the same output names lets the database sort once; the names never clash
        // with a record column (seq, frame_ts, k*, v*, rev).
        const grouping = query.resolutionMs === 0 ? groupNames : [sql.ref('b'), ...groupNames];
        const statement = sql<Record<string, unknown>>`
          select ${bucket} as b, ${selected}
          from ${table}
          where frame_ts >= ${query.startTimestamp} and frame_ts < ${query.endTimestamp}${others.length ? sql` and ${sql.join(others, sql` and `)}` : sql``}
          ${grouping.length ? sql`group by ${sql.join(grouping)} order by ${sql.join(grouping)}` : sql``}
          limit ${sql.lit(LIMITS.aggregateRows + 1)}`;
        ({ rows } = await statement.execute(trx));
        if (rows.length > LIMITS.aggregateRows) throw tooMany();
      }
      const data: AggregateRow[] = [];
      for (const row of rows) {
        const count = Number(row.n);
        if (count === 0) continue; // an ungrouped aggregate over no records still yields one row
        const keys: Record<string, KeyValue> = {};
        query.groupBy.forEach((name, i) => (keys[name] = row[`g${i}`] as KeyValue));
        const values: Record<string, number | null> = {};
        query.values.forEach((v, i) => (values[v.name] = row[`a${i}`] === null ? null : Number(row[`a${i}`])));
        data.push({ timestamp: Number(row.b), keys, values, count });
      }
      return {
        descriptor: { id: descriptor.id, shortName: descriptor.shortName },
        startTimestamp: query.startTimestamp,
        endTimestamp: query.endTimestamp,
        ...(query.ranges ? { ranges: query.ranges } : {}),
        resolution: query.resolution,
        groupBy: query.groupBy,
        functions: Object.fromEntries(query.values.map((v) => [v.name, v.fn])),
        data,
      };
    });
  }
}

/**
 * `frame_ts` inside any of the ranges, as a balanced OR tree (SQLite limits expression depth to 1000, which a flat
 * chain of thousands of ORs would exceed). The bounds are validated integers, written as literals.
 */
function anyRange(ranges: readonly TimeRange[]): RawBuilder<boolean> {
  if (ranges.length === 1) return sql<boolean>`(frame_ts >= ${sql.lit(ranges[0].start)} and frame_ts < ${sql.lit(ranges[0].end)})`;
  const mid = ranges.length >> 1;
  return sql<boolean>`(${anyRange(ranges.slice(0, mid))} or ${anyRange(ranges.slice(mid))})`;
}

async function countIn(trx: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
  return Number(rows[0].n);
}

function shortNameTaken(shortName: string, id?: number): never {
  throw new DescriptorInputError([{
    path: 'shortName',
    message: `shortName: ${JSON.stringify(shortName)} is already used by ${id === undefined ? 'another descriptor' : `descriptor ${id}`}; shortNames are unique`,
  }]);
}

function isPlainShortName(input: unknown): input is { shortName: string } {
  return typeof input === 'object' && input !== null && typeof (input as { shortName?: unknown }).shortName === 'string';
}

function toRow(spec: DescriptorSpec, layout: Layout, createdAt: number, updatedAt: number) {
  const body: StoredBody = { spec, layout };
  return {
    short_name: spec.shortName,
    short_name_lc: spec.shortName.toLowerCase(),
    description_lc: spec.description.toLowerCase(),
    read_function: spec.readFunction,
    body: JSON.stringify(body),
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function toDescriptor(id: number, spec: DescriptorSpec, createdAt: number, updatedAt: number): Descriptor {
  const d: Descriptor = {
    id,
    shortName: spec.shortName,
    description: spec.description,
    readFunction: spec.readFunction,
    writeFunction: spec.writeFunction,
    adminFunction: spec.adminFunction,
    keys: spec.keys.map((k) => ({ ...k })),
    values: spec.values.map((v) => ({ ...v })),
    timeFrameSize: spec.timeFrameSize,
    timeFrameSizeUnit: spec.timeFrameSizeUnit,
    deduplicationFunction: spec.deduplicationFunction,
    createdAt,
    updatedAt,
  };
  if (spec.source) d.source = { ...spec.source };
  return d;
}

function fromRow(row: Omit<DescriptorsTable, 'id'> & { id: number }): { descriptor: Descriptor; layout: Layout } {
  const body = JSON.parse(row.body) as StoredBody;
  return { descriptor: toDescriptor(Number(row.id), body.spec, Number(row.created_at), Number(row.updated_at)), layout: body.layout };
}

/** The key/value table with expiry; values are stored as JSON text. */
class SqlKeyValueStore implements KeyValueStore {
  constructor(readonly store: SqlStore, readonly now: () => number) {}

  #expiry(ttlMs: number | undefined): number | null {
    if (ttlMs === undefined) return null;
    if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a whole number of milliseconds > 0; got ${ttlMs}`);
    return this.now() + ttlMs;
  }

  async get(namespace: string, key: string): Promise<unknown | undefined> {
    const now = this.now();
    return this.store.transaction('read', async (trx) => {
      const row = await trx.selectFrom('kv').select('value')
        .where('namespace', '=', namespace).where('key', '=', key)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return row === undefined ? undefined : JSON.parse(row.value);
    });
  }

  async set(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<void> {
    const row = { namespace, key, value: serialise(value), expires_at: this.#expiry(ttlMs) };
    await this.store.transaction('write', (trx) => trx.insertInto('kv').values(row)
      .onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet({ value: row.value, expires_at: row.expires_at }))
      .execute());
  }

  async setIfAbsent(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const now = this.now();
    const row = { namespace, key, value: serialise(value), expires_at: this.#expiry(ttlMs) };
    const result = await this.store.transaction('write', (trx) => trx.insertInto('kv').values(row)
      .onConflict((oc) => oc.columns(['namespace', 'key'])
        .doUpdateSet({ value: row.value, expires_at: row.expires_at })
        // Only an expired entry may be taken over.
        .where(sql.ref('kv.expires_at'), 'is not', null).where(sql.ref('kv.expires_at'), '<=', now))
      .executeTakeFirst());
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const result = await this.store.transaction('write', (trx) => trx.deleteFrom('kv').where('namespace', '=', namespace).where('key', '=', key).executeTakeFirst());
    return Number(result.numDeletedRows) > 0;
  }

  async purgeExpired(): Promise<number> {
    const now = this.now();
    const result = await this.store.transaction('write', (trx) => trx.deleteFrom('kv').where('expires_at', 'is not', null).where('expires_at', '<=', now).executeTakeFirst());
    return Number(result.numDeletedRows);
  }
}

function serialise(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('kv values must be JSON-serialisable (got undefined or a function)');
  return text;
}
