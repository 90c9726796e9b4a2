// One fetch-incidents cycle against the env instance. lastRun lives in --state FILE between runs and is
// replaced (atomically) only after a successful fetch, so a failed run can simply be repeated.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DarktraceClient } from '../darktrace/client.js';
import { normaliseResults } from '../registry/entry.js';
import { instanceFromEnv } from '../server/instances.js';
import { toProblemInit } from '../server/problem.js';
import { keyValues, options } from './args.js';
import { createRegistry } from './runtime.js';

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
  const registry = createRegistry();
  const command = registry.get('fetch-incidents')!;
  const parsed = registry.parseArgs(command, keyValues(positionals));
  if (!parsed.ok) {
    console.error(`Invalid fetch parameters:\n${parsed.errors.map((e) => `  ${e.message}`).join('\n')}`);
    return 1;
  }
  const instance = instanceFromEnv();
  if (!instance) {
    console.error('No Darktrace instance: set DARKTRACE_URL, DARKTRACE_PUBLIC_TOKEN and DARKTRACE_PRIVATE_TOKEN.');
    return 1;
  }
  const lastRun = readState(values.state);
  const client = new DarktraceClient(instance);
  try {
    const [result] = normaliseResults(await command.run(parsed.args, { client, requestId: randomUUID(), now: () => new Date(), lastRun }));
    const { incidents, lastRun: next } = result.rawResponse as { incidents: unknown[]; lastRun: unknown };
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
  } catch (err) {
    const init = toProblemInit(err);
    console.error(`Failed to execute fetch-incidents command.\nError:\n${init.code === 'INTERNAL' ? (err as Error).message : init.detail}`);
    return 1;
  } finally {
    await client.close();
  }
}
