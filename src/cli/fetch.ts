// One fetch-incidents cycle against the env instance. lastRun lives in --state FILE between runs and is
// replaced (atomically) only after a successful fetch, so a failed run can simply be repeated.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { LOCAL_OPERATOR } from '../registry/access.js';
import { keyValues, options } from './args.js';
import { failureMessage } from './failure.js';
import { cliInvoker, environmentClients } from './runtime.js';

function readState(file: string | undefined): unknown {
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}; // first run
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The state file ${file} is not valid JSON; delete it to start over from first_fetch.`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv, { state: { type: 'string' } });
  const args = keyValues(positionals);
  const lastRun = readState(values.state);
  const clients = environmentClients();
  try {
    const outcome = await cliInvoker(clients).invoke({ command: 'fetch-incidents', args, lastRun, caller: LOCAL_OPERATOR });
    if (!outcome.ok) {
      console.error(failureMessage(outcome, 'fetch-incidents', 'Invalid fetch parameters:'));
      return 1;
    }
    const { incidents, lastRun: next } = outcome.results[0].rawResponse as { incidents: unknown[]; lastRun: unknown };
    // Save first: incidents printed without their lastRun saved would be delivered again next run.
    if (values.state) {
      try {
        writeFileSync(`${values.state}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
        renameSync(`${values.state}.tmp`, values.state);
      } catch (err) {
        console.error(`Could not save lastRun to ${values.state}: ${(err as Error).message}; no incidents were printed; fix the state file path and run fetch again.`);
        return 1;
      }
    }
    for (const incident of incidents) console.log(JSON.stringify(incident));
    console.error(`Fetched ${incidents.length} incident(s).${values.state ? ` lastRun saved to ${values.state}.` : ''}`);
    return 0;
  } finally {
    await clients.close();
  }
}
