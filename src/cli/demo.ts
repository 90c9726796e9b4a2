// One command to see the product work: an emulated appliance, the endpoint in front of it, and a curl.
import { randomBytes } from 'node:crypto';
import { startEmulator } from '../emulator/index.js';
import { startServer } from '../server/index.js';
import { openStore } from '../store/open.js';
import { storeService } from '../store/service.js';
import { apiKey } from '../server/auth.js';
import { InstanceResolver } from '../server/instances.js';
import { OutboundPolicy } from '../darktrace/outbound-policy.js';
import { options, port } from './args.js';
import { createLogger, createRegistry, createServices } from './runtime.js';

export async function main(argv: string[]) {
  const { values } = options(argv, { port: { type: 'string' }, host: { type: 'string' } });
  const host = values.host ?? '127.0.0.1';
  const emulator = await startEmulator({ port: 0, host, seed: 1, publicToken: 'demo-public', privateToken: 'demo-private' });
  const key = `demo-${randomBytes(18).toString('base64url')}`;
  const instance = { name: 'demo', url: emulator.url, publicToken: 'demo-public', privateToken: 'demo-private' };
  const base = {
    registry: createRegistry(),
    // Inline instances may reach this machine only: the demo's appliance is the local emulator.
    instances: new InstanceResolver(new Map([['demo', instance]]), {
      defaultName: 'demo', allowInline: true, outbound: new OutboundPolicy({ allowPrivateTargets: ['127.0.0.0/8', '::1'] }),
    }),
    apiKeys: [apiKey(key, 'admin')],
    // The demo keeps its descriptors in memory: nothing is left on disk when it stops.
    services: createServices({ logger: createLogger(process.env.LOG_LEVEL ?? 'warn'), store: storeService(() => openStore('sqlite::memory:')) }),
    host,
  };
  const wanted = port(values.port, 8080);
  const server = await startServer({ ...base, port: wanted }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    return startServer({ ...base, port: 0 }); // 8080 taken: any free port will do for a demo
  });

  console.log(`Darktrace appliance emulator: ${emulator.url}  (tokens demo-public / demo-private)
Darktrace SOAR endpoint:       ${server.url}
API key (admin scope):         ${key}

Try it:
  curl -s -X POST ${server.url}/v1/commands/darktrace-get-similar-devices \\
    -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' \\
    -d '{"args":{"did":"1","max_results":"2"}}'

  curl -s ${server.url}/v1/commands -H 'Authorization: Bearer ${key}'     # every command
  curl -s -X POST ${server.url}/v1/fetch-incidents -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' -d '{"lastRun":{},"params":{"first_fetch":"30 days","max_fetch":"5"}}'

War-room style from another shell:
  export DARKTRACE_URL=${emulator.url} DARKTRACE_PUBLIC_TOKEN=demo-public DARKTRACE_PRIVATE_TOKEN=demo-private
  ./bin/darktrace-soar run darktrace-get-similar-devices did=1 max_results=2

Ctrl-C stops both.`);
  const stop = () => void Promise.all([server.close(), emulator.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}
