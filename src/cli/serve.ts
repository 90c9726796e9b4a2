import { startServer } from '../server/index.js';
import { KeyValueIdempotencyStore } from '../server/idempotency.js';
// Not the store's index: it would load both database drivers before the configured one is known.
import { serviceKeyValue, storeService } from '../store/service.js';
import { StoreError } from '../store/types.js';
import { options, port } from './args.js';
import { apiKeysFromEnvironment, createLogger, createRegistry, createServices, resolverFromEnvironment } from './runtime.js';

const PURGE_EVERY_MS = 3_600_000;

export async function main(argv: string[]) {
  const { values } = options(argv, { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } });
  const logger = createLogger(undefined, 1, { sync: false });
  const instances = await resolverFromEnvironment({ config: values.config });
  const apiKeys = apiKeysFromEnvironment();
  const store = storeService();
  // Opened (and migrated) before listening, so a wrong DARKTRACE_SOAR_STORE stops the server at once; a database
  // that is merely unreachable (retryable) leaves it running, not ready, retrying on each use.
  const location = await store.get().then((s) => s.location, (err: unknown) => {
    if (!(err instanceof StoreError && err.retryable)) throw err;
    logger.warn({ store: err.message }, 'store unavailable; /readyz answers 503 until it opens');
    return 'unavailable';
  });
  const host = values.host ?? '127.0.0.1';
  const wanted = port(values.port, 8080);
  // Idempotency-Key outcomes live in the store, so they survive a restart and every replica on it shares them.
  const kv = serviceKeyValue(store);
  const idempotencyStore = new KeyValueIdempotencyStore(kv);
  const server = await startServer({ registry: createRegistry(), instances, apiKeys, services: createServices({ logger, store }), idempotencyStore, port: wanted, host })
    .catch(async (err: NodeJS.ErrnoException) => {
      await store.close();
      if (err.code === 'EADDRINUSE') throw new Error(`Port ${wanted} on ${host} is already in use: stop the other process or choose another --port.`);
      if (err.code === 'EACCES') throw new Error(`Not allowed to listen on port ${wanted} on ${host}: choose a port above 1023 or run with the needed privileges.`);
      throw err;
    });
  logger.info({ url: server.url, instances: instances.names(), inline: instances.allowInline, store: location }, 'darktrace-soar listening');
  // Expired keys are never answered (get checks expiry); this only keeps the table small.
  const purge = setInterval(() => {
    kv.purgeExpired().catch((err: unknown) => logger.warn({ store: err instanceof Error ? err.message : String(err) }, 'purging expired keys failed'));
  }, PURGE_EVERY_MS);
  purge.unref();
  const stop = () => {
    clearInterval(purge);
    void server.close().then(() => logger.flush(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}
