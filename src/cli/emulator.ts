import { startEmulator } from '../emulator/index.js';
import { options, port, positiveInt } from './args.js';

export async function main(argv: string[]) {
  const { values } = options(argv, {
    port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' }, devices: { type: 'string' },
    breaches: { type: 'string' }, 'public-token': { type: 'string' }, 'private-token': { type: 'string' }, fqdn: { type: 'string' },
  });
  const running = await startEmulator({
    port: port(values.port, 8443),
    host: values.host ?? '127.0.0.1',
    seed: positiveInt(values.seed, 1, '--seed'),
    devices: values.devices === undefined ? undefined : positiveInt(values.devices, 0, '--devices'),
    breaches: values.breaches === undefined ? undefined : positiveInt(values.breaches, 0, '--breaches'),
    publicToken: values['public-token'] ?? 'demo-public',
    privateToken: values['private-token'] ?? 'demo-private',
    // The appliance's FQDN in its UI links (default my.darktrace.com); `--fqdn ''`: none configured, no links.
    ...(values.fqdn === undefined ? {} : { fqdn: values.fqdn === '' ? null : values.fqdn }),
  });
  console.log(`Darktrace emulator listening on ${running.url} (public token ${values['public-token'] ?? 'demo-public'})`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}
