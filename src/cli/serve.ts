import { startServer } from '../server/index.js';
import { options, port } from './args.js';
import { apiKeysFromEnvironment, createLogger, createRegistry, createServices, resolverFromEnvironment } from './runtime.js';

export async function main(argv: string[]) {
  const { values } = options(argv, { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } });
  const logger = createLogger(undefined, 1, { sync: false });
  const instances = resolverFromEnvironment({ config: values.config });
  const server = await startServer({
    registry: createRegistry(),
    instances,
    apiKeys: apiKeysFromEnvironment(),
    services: createServices({ logger }),
    port: port(values.port, 8080),
    host: values.host ?? '127.0.0.1',
  });
  logger.info({ url: server.url, instances: instances.names(), inline: instances.allowInline }, 'darktrace-soar listening');
  const stop = () => void server.close().then(() => logger.flush(() => process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}
