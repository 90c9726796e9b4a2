// The Store interface (SPEC §11): descriptors, their records and aggregation, plus a small key/value table with
// expiry (for idempotency keys and similar server state). Implemented by SQLite and PostgreSQL (sql-store.ts).
import type { AggregateResult, Descriptor, DescriptorRef, DescriptorSearch, FieldProblem, Page, RecordRejection } from '../descriptors/index.js';

export interface AccessCheck {
  /**
   * Runs inside the operation's transaction, after the descriptor is read and before anything is done with it:
   * throw to refuse (e.g. when the caller lacks the descriptor's readFunction). Keeps the check atomic with the work.
   */
  authorize?: (descriptor: Descriptor) => void;
}

export interface SearchOptions {
  /** Only descriptors whose readFunction is in this list (a caller's function grants); all when undefined. */
  readFunctions?: readonly string[];
}

export interface SubmitResult {
  descriptor: { id: number; shortName: string };
  /** Valid records taken in (including those merged by deduplication). */
  accepted: number;
  /** Invalid records skipped (only with ignoreOnFailed; otherwise the whole batch is refused with a 400). */
  rejected: number;
  /**
   * Accepted records that met a record with the same time frame and key tuple — earlier in the batch or already
   * stored: with `first` they were dropped, with `last` they replaced the earlier one. Always 0 with `none`.
   */
  deduplicated: number;
  /** Why each rejected record was refused (at most LIMITS.problemsListed listed). */
  rejections: RecordRejection[];
}

export interface KeyValueStore {
  /** The value stored under namespace/key, unless it has expired. */
  get(namespace: string, key: string): Promise<unknown | undefined>;
  /** Stores (or replaces) a JSON-serialisable value; ttlMs undefined = no expiry. */
  set(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Stores the value only if the key is absent or expired (atomically, across replicas); true when stored. */
  setIfAbsent(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** true when something was deleted. */
  delete(namespace: string, key: string): Promise<boolean>;
  /** Removes expired entries; returns how many. */
  purgeExpired(): Promise<number>;
}

export type StoreDialect = 'sqlite' | 'postgres';

export interface Store {
  readonly dialect: StoreDialect;
  /** Where the data lives, without credentials (`sqlite:./data/x.db`, `postgres://host:5432/db`). */
  readonly location: string;

  /** Validates and creates a descriptor (shortName unique); returns it with its new id. */
  createDescriptor(input: unknown): Promise<Descriptor>;
  /** Throws DescriptorNotFoundError for an unknown id or shortName. */
  getDescriptor(ref: DescriptorRef, access?: AccessCheck): Promise<Descriptor>;
  /** Keyword search with paging; `query` is a search body (see descriptors/search.ts) or an already parsed search. */
  searchDescriptors(query: unknown, options?: SearchOptions): Promise<Page<Descriptor>>;
  /** Field changes and addKeys/removeKeys/addValues/removeValues; the id never changes. */
  updateDescriptor(ref: DescriptorRef, changes: unknown, access?: AccessCheck): Promise<Descriptor>;
  /** Deletes the descriptor and its records; returns what was deleted. */
  deleteDescriptor(ref: DescriptorRef, access?: AccessCheck): Promise<Descriptor>;

  /** One transaction: a batch with an invalid record writes nothing unless `ignoreOnFailed`. */
  submitRecords(ref: DescriptorRef, body: unknown, access?: AccessCheck): Promise<SubmitResult>;
  /** Aggregation in SQL (GROUP BY over time buckets and groupBy keys). */
  aggregate(ref: DescriptorRef, query: unknown, access?: AccessCheck): Promise<AggregateResult>;
  /** Records held for a descriptor. */
  countRecords(ref: DescriptorRef, access?: AccessCheck): Promise<number>;

  readonly kv: KeyValueStore;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Clock for updatedAt/createdAt, default aggregation end and key expiry; default Date.now. */
  now?: () => number;
}

/** A store that cannot be opened or migrated: configuration or schema problems, with what to do. */
export class StoreError extends Error {
  readonly code = 'STORE_UNAVAILABLE' as const;
  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export type { FieldProblem, DescriptorSearch };
