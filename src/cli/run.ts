// War-room style: one command against the env instance; markdown (or the full result with --json) on stdout.
import { randomUUID } from 'node:crypto';
import { DarktraceClient } from '../darktrace/client.js';
import { normaliseResults, toEntry } from '../registry/entry.js';
import { instanceFromEnv } from '../server/instances.js';
import { toProblemInit } from '../server/problem.js';
import { UsageError, keyValues, options } from './args.js';
import { createRegistry } from './runtime.js';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv, { json: { type: 'boolean', default: false } });
  const [name, ...pairs] = positionals;
  if (!name) throw new UsageError('run needs a command name, e.g. run darktrace-get-similar-devices did=1');
  const registry = createRegistry();
  const command = registry.get(name);
  if (!command) {
    const suggestion = registry.suggest(name);
    console.error(`Unknown command "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`);
    return 1;
  }
  const parsed = registry.parseArgs(command, keyValues(pairs));
  if (!parsed.ok) {
    console.error(`Invalid arguments for ${name}:\n${parsed.errors.map((e) => `  ${e.message}`).join('\n')}`);
    return 1;
  }
  const instance = instanceFromEnv();
  if (!instance) {
    console.error('No Darktrace instance: set DARKTRACE_URL, DARKTRACE_PUBLIC_TOKEN and DARKTRACE_PRIVATE_TOKEN (for the emulator: ./bin/darktrace-soar emulator --port 8443, then DARKTRACE_URL=http://127.0.0.1:8443 with demo-public / demo-private).');
    return 1;
  }
  const client = new DarktraceClient(instance);
  try {
    const results = normaliseResults(await command.run(parsed.args, { client, requestId: randomUUID(), now: () => new Date() }));
    if (values.json) {
      console.log(JSON.stringify({ ok: true, command: name, results: results.map((r) => ({ ...r, entry: toEntry(r) })) }, null, 2));
    } else {
      console.log(results.map((r) => toEntry(r).HumanReadable ?? '').join('\n'));
    }
    return 0;
  } catch (err) {
    const init = toProblemInit(err, { writes: command.execution === true });
    console.error(`Failed to execute ${name} command.\nError:\n${init.code === 'INTERNAL' ? (err as Error).message : init.detail}`);
    return 1;
  } finally {
    await client.close();
  }
}
