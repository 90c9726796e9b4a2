// darktrace-remove-from-watched-list: remove entries from the Darktrace watched list, the undo of
// darktrace-post-to-watched-list (POST /intelfeed {removeentry, source?}, one request per entry).
import { DarktraceError, outcomeUncertain } from '../src/darktrace/errors.js';
import { answerText } from '../src/darktrace/resources/endpoint.js';
import { unwatch } from '../src/darktrace/resources/intelfeed.js';
import { checkFailed, notApplied } from '../src/darktrace/verify.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { endpointProblem, watchedNames } from './darktrace-post-to-watched-list.js';

export interface UnwatchedEndpointRow {
  endpoint: string;
  Watched: false;
  source?: string;
}

export interface Failure { endpoint: string; error: DarktraceError | Error }

/** The request body for one entry; `source` only when given. */
export function requestBody(endpoint: string, source?: string) {
  return { removeentry: endpoint, ...(source !== undefined ? { source } : {}) };
}

/** Pure transform: the removed entries → `Darktrace.Endpoint` rows. */
export function toOutputs(removed: string[], source?: string): UnwatchedEndpointRow[] {
  return removed.map((endpoint) => ({ endpoint, Watched: false, ...(source !== undefined ? { source } : {}) }));
}

export function toReadable(rows: UnwatchedEndpointRow[]): string {
  const n = rows.length;
  return tableToMarkdown(`Removed ${n} endpoint${n === 1 ? '' : 's'} from the Darktrace watched list`,
    rows.map((r) => ({ Endpoint: r.endpoint, Source: r.source })), { headers: ['Endpoint', 'Source'], removeNull: true });
}

/** One error for a run with failures: which entries were removed and which were not, and why. */
export function partialFailure(removed: string[], failures: Failure[], total: number): Error {
  const first = failures[0].error;
  if (failures.length === 1 && total === 1) return first;
  const failed = failures.map((f) => `${f.endpoint} (${f.error.message.replace(/\.$/, '')})`).join('; ');
  const message = removed.length > 0
    ? `Removed ${removed.length} of ${total} entries from the Darktrace watched list: ${removed.join(', ')}. Not removed: ${failed}.`
    : `Removed none of the ${total} entries from the Darktrace watched list. Not removed: ${failed}.`;
  if (!(first instanceof DarktraceError)) return new Error(message, { cause: first });
  // Retrying repeats only the entries not removed: safe when every failure is; unknown when any outcome is.
  const unknown = failures.find((f) => f.error instanceof DarktraceError && outcomeUncertain(f.error))?.error as DarktraceError | undefined;
  const lead = unknown ?? first;
  return new DarktraceError(lead.code, message, {
    method: lead.method, path: lead.path, upstreamStatus: lead.upstreamStatus, cause: lead, verified: unknown === undefined,
    retryable: unknown === undefined && failures.every((f) => f.error instanceof DarktraceError && f.error.retryable),
  });
}

export default defineCommand({
  name: 'darktrace-remove-from-watched-list',
  description: 'Removes IP addresses or hostnames from the Darktrace watched list (Watched Domains). When some entries cannot be removed, the error names the entries that were removed and those that were not.',
  access: 'write',
  args: {
    endpointsToRemove: arg.list({ description: 'IP addresses or hostnames to remove (comma-separated or a JSON array).', required: true, check: endpointProblem }),
    source: arg.string({ description: 'Watched-list source the entries belong to (needed when an entry is in several sources; at most 63 characters).', maxLength: 63 }),
  },
  outputs: [
    { contextPath: 'Darktrace.Endpoint.endpoint', type: 'String', description: 'The IP address or hostname.' },
    { contextPath: 'Darktrace.Endpoint.Watched', type: 'Boolean', description: 'False: the endpoint was removed from the watched list.' },
    { contextPath: 'Darktrace.Endpoint.source', type: 'String', description: 'The watched-list source (when given).' },
  ],
  async run(args, { client }) {
    const endpoints = [...new Set(args.endpointsToRemove)];
    const removed: string[] = [];
    const failures: Failure[] = [];
    const answers: unknown[] = [];
    for (const endpoint of endpoints) {
      try {
        const raw = await unwatch(client, requestBody(endpoint, args.source));
        answers.push(raw);
        if (!unwatch.confirms(raw)) {
          failures.push({ endpoint, error: unwatch.unconfirmed(`Darktrace answered ${answerText(raw)} instead of SUCCESS`) });
        } else {
          removed.push(endpoint);
        }
      } catch (error) {
        failures.push({ endpoint, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    // A removal that failed ambiguously (a reset or a 5xx after sending) may have happened: the watched list says.
    const uncertain = failures.filter((f) => f.error instanceof DarktraceError && outcomeUncertain(f.error));
    if (uncertain.length > 0) {
      let listed: Set<string> | undefined;
      let readError: unknown;
      try {
        listed = await watchedNames(client, args.source);
      } catch (error) {
        readError = error;
      }
      for (const failure of uncertain) {
        const error = failure.error as DarktraceError;
        if (listed === undefined) failure.error = checkFailed(error, 'reading the watched list', readError);
        else if (listed.has(failure.endpoint)) failure.error = notApplied(error, `A read of the watched list shows ${failure.endpoint} still on it`);
        else {
          failures.splice(failures.indexOf(failure), 1);
          removed.push(failure.endpoint);
          answers.push({ postError: error.message, removed: failure.endpoint });
        }
      }
    }
    if (failures.length > 0) throw partialFailure(removed, failures, endpoints.length);
    const outputs = toOutputs(removed, args.source);
    return {
      outputsPrefix: 'Darktrace.Endpoint',
      outputsKeyField: 'endpoint',
      outputs,
      readableOutput: toReadable(outputs),
      rawResponse: answers.length === 1 ? answers[0] : answers,
    };
  },
});
