// War-room style: one command against the env instance; markdown (or the full result with --json) on stdout.
import { LOCAL_OPERATOR } from '../registry/access.js';
import { UsageError, keyValues, options } from './args.js';
import { failureMessage } from './failure.js';
import { Problem } from '../pipeline/problem.js';
import { baselineWasmOnly, cliInvoker, environmentClients, registryOf } from './invoker.js';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv, { json: { type: 'boolean', default: false } });
  const [name, ...pairs] = positionals;
  if (!name) throw new UsageError('run needs a command name, e.g. run darktrace-get-similar-devices did=1');
  const args = keyValues(pairs);
  baselineWasmOnly();
  // Only this command's module is loaded; an unknown name is reported as invoking it would (with a suggestion).
  let registry;
  try {
    registry = await registryOf([name]);
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    console.error(err.init.detail);
    return 1;
  }
  const clients = environmentClients();
  const invoker = cliInvoker(clients, registry);
  try {
    const outcome = await invoker.invoke({ command: name, args, caller: LOCAL_OPERATOR });
    if (!outcome.ok) {
      console.error(failureMessage(outcome, name, `Invalid arguments for ${name}:`));
      return 1;
    }
    if (values.json) {
      console.log(JSON.stringify({ ok: true, command: name, results: outcome.results }, null, 2));
    } else {
      console.log(outcome.results.map((r) => r.entry.HumanReadable ?? '').join('\n'));
    }
    return 0;
  } finally {
    await Promise.all([clients.close(), invoker.close()]);
  }
}
