// One fetch-incidents cycle against the env instance. lastRun lives in --state FILE between runs and is
// replaced (atomically) only after a successful fetch, so a failed run can simply be repeated.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FetchStats, SlotReport } from '../fetch/index.js';
import { LOCAL_OPERATOR } from '../registry/access.js';
import { keyValues, options } from './args.js';
import { failureMessage } from './failure.js';
import { baselineWasmOnly, cliInvoker, environmentClients, registryOf } from './invoker.js';

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
  const { values, positionals } = options(argv, { state: { type: 'string' }, verbose: { type: 'boolean' } });
  const args = keyValues(positionals);
  baselineWasmOnly();
  const lastRun = readState(values.state);
  const clients = environmentClients();
  try {
    const outcome = await cliInvoker(clients, await registryOf(['fetch-incidents'])).invoke({ command: 'fetch-incidents', args, lastRun, caller: LOCAL_OPERATOR });
    if (!outcome.ok) {
      console.error(failureMessage(outcome, 'fetch-incidents', 'Invalid fetch parameters:'));
      return 1;
    }
    const { incidents, lastRun: next, stats } = outcome.results[0].rawResponse as { incidents: unknown[]; lastRun: unknown; stats: Record<string, FetchStats> };
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
    if (values.verbose) for (const line of Object.values(stats).flatMap(slotLines)) console.error(line);
    console.error(`Fetched ${incidents.length} incident(s).${values.state ? ` lastRun saved to ${values.state}.` : ''}`);
    return 0;
  } finally {
    await clients.close();
  }
}

/** `2023-03-25T00:00Z` (seconds and ms only when not zero). */
function shortIso(ms: number): string {
  return new Date(ms).toISOString().replace(/:00\.000Z$/, 'Z').replace(/\.000Z$/, 'Z');
}

/** One line per request of a fetch: `slot 2023-03-25T00:00Z–01:00Z: 2 received, 0 duplicate`. */
export function slotLines(stats: FetchStats): string[] {
  const line = (s: SlotReport) => {
    const from = shortIso(s.start);
    const to = shortIso(s.end + 1);
    const span = `${from}–${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to}`;
    return s.kind === 'probe'
      ? `${stats.source} probe ${span}: ${s.received} creation times`
      : `${stats.source} slot ${span}: ${s.received} received, ${s.duplicate ?? 0} duplicate`;
  };
  const lines = stats.slots.map(line);
  if (stats.reset) lines.unshift(`${stats.source}: first_fetch changed from "${stats.reset.previous}" to "${stats.reset.current}": state reset to ${shortIso(stats.reset.start)}`);
  return lines;
}
