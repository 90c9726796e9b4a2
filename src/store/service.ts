// The process's one store as a service (SPEC §11): opened (and migrated) once — at server start, or on first
// use in the CLI so commands that never touch it never create a database — shared by every request, closed on
// shutdown. Two stores on one SQLite file in one process would block each other, hence exactly one.
import { StoreError, type KeyValueStore, type Store } from './types.js';

export interface StoreService {
  /** The store, opened on first call; a failed open is retried on the next call (PostgreSQL may come back). */
  get(): Promise<Store>;
  /** Whether the store is open and answers a query now (readiness); never throws. */
  check(): Promise<{ ok: true; dialect: Store['dialect']; location: string } | { ok: false; detail: string }>;
  /** Closes it if it was opened; later `get` calls fail. */
  close(): Promise<void>;
}

/**
 * `open` defaults to `openStore()` (DARKTRACE_SOAR_STORE, else sqlite:./data/darktrace-soar.db), imported when
 * first opened: a CLI run that never uses the store loads no database driver.
 */
export function storeService(open: () => Promise<Store> = async () => (await import('./open.js')).openStore()): StoreService {
  let opening: Promise<Store> | undefined;
  let closed = false;
  const get = (): Promise<Store> => {
    if (closed) return Promise.reject(new StoreError('The store is closed: the server is shutting down; retry on another replica or after restart.', true));
    opening ??= open().catch((err: unknown) => {
      opening = undefined;
      // Only the error's code or name: a driver's message is not guaranteed free of connection details.
      const what = (err as { code?: unknown } | null)?.code ?? (err as Error | null)?.name ?? 'unknown error';
      throw err instanceof StoreError ? err : new StoreError(`The store could not be opened (${String(what)}); see the server log.`, true, { cause: err });
    });
    return opening;
  };
  return {
    get,
    async check() {
      try {
        const store = await get();
        // A real round trip (the kv table), so a PostgreSQL that went away shows as not ready.
        await store.kv.get('readiness', 'probe');
        return { ok: true, dialect: store.dialect, location: store.location };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
    async close() {
      closed = true;
      const pending = opening;
      opening = undefined;
      if (pending) await pending.then((s) => s.close(), () => undefined);
    },
  };
}

/** A service over a store that is already open (tests, benchmarks). */
export function fixedStore(store: Store): StoreService {
  return storeService(async () => store);
}

/**
 * The store's key/value table through the service: each call opens the store if it is not open yet, so a server
 * that started while PostgreSQL was away uses it as soon as it answers (until then every call fails, retryable).
 */
export function serviceKeyValue(service: StoreService): KeyValueStore {
  return {
    get: async (namespace, key) => (await service.get()).kv.get(namespace, key),
    set: async (namespace, key, value, ttlMs) => (await service.get()).kv.set(namespace, key, value, ttlMs),
    setIfAbsent: async (namespace, key, value, ttlMs) => (await service.get()).kv.setIfAbsent(namespace, key, value, ttlMs),
    delete: async (namespace, key) => (await service.get()).kv.delete(namespace, key),
    purgeExpired: async () => (await service.get()).kv.purgeExpired(),
  };
}
