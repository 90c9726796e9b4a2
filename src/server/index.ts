// Starts the action endpoint on a port; used by `serve`, `demo` and the tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { AppOptions } from './app.js';

export { createApp } from './app.js';
export type { AppOptions } from './app.js';

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(options: AppOptions & { port?: number; host?: string }): Promise<RunningServer> {
  const app = createApp(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    // express 5 calls back with the listen error (EADDRINUSE…) as well: only a bound server is resolved.
    const s = app.listen(options.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // Both bound only how long a client may take to send its request (a slow-body client cannot hold a socket
  // forever); once the request is in, answering may take as long as Darktrace does.
  server.requestTimeout = 60_000;
  server.headersTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([options.instances.close(), options.services.store.close()]);
    },
  };
}
