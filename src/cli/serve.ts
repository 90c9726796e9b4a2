import { startServer } from '../server/index.js';
import { StoreError, storeService } from '../store/index.js';
import { options, port } from './args.js';
import { apiKeysFromEnvironment, createLogger, createRegistry, createServices, resolverFromEnvironment } from './runtime.js';

export async function main(argv: string[]) {
  const { values } = options(argv, { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } });
  const logger = createLogger();
  const instances = resolverFromEnvironment({ config: values.config });
  const apiKeys = apiKeysFromEnvironment();
  const store = storeService();
  // Opened (and migrated) before listening, so a wrong DARKTRACE_SOAR_STORE stops the server at once; a database
  // that is merely unreachable (retryable) leaves it running, not ready, retrying on each use.
  const location = await store.get().then((s) => s.location, (err: unknown) => {
    if (!(err instanceof StoreError && err.retryable)) throw err;
    logger.warn({ store: err.message }, 'store unavailable; /readyz answers 503 until it opens');
    return 'unavailable';
  });
  const server = await startServer({
    registry: createRegistry(),
    instances,
    apiKeys,
    services: createServices({ logger, store }),
    port: port(values.port, 8080),
    host: values.host ?? '127.0.0.1',
  });
  logger.info({ url: server.url, instances: instances.names(), inline: instances.allowInline, store: location }, 'darktrace-soar listening');
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}
