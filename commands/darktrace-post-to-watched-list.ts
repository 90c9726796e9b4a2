// darktrace-post-to-watched-list: add IPs/hostnames to the Darktrace watched list (intel feed), which raises
// alerts when a device contacts them (POST /intelfeed, JSON).
import { DarktraceError, outcomeUncertain } from '../src/darktrace/errors.js';
import { answerText, type DarktraceApi } from '../src/darktrace/resources/endpoint.js';
import { watch, watchedEntries, type WatchAnswer as Response } from '../src/darktrace/resources/intelfeed.js';
import { checkFailed, notApplied } from '../src/darktrace/verify.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { utcFromFields } from '../src/util/calendar.js';

/** An endpoint as the intel feed takes it: one IP or hostname, no separators, quotes or brackets, ≤253 characters. */
export function endpointProblem(items: string[]): string | undefined {
  const bad = items.filter((e) => /[\s,"'<>]/.test(e) || e.length > 253);
  return bad.length
    ? `endpoints must be single IPs or hostnames without spaces, commas, quotes or angle brackets, at most 253 characters (got ${bad.map((b) => JSON.stringify(b.length > 40 ? `${b.slice(0, 37)}...` : b)).join(', ')})`
    : undefined;
}

const EXPIRY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2025-12-31`, `2025-12-31 23:59`, `2025-12-31T23:59:59Z`, `…+02:00` → `2025-12-31T23:59:59` (UTC, the feed's form). */
export function normaliseExpiry(text: string): string | undefined {
  const m = EXPIRY.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const local = utcFromFields(y, mo, d, h, mi, s);
  if (local === undefined) return undefined;
  const zone = m[7];
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const tz = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offsetMinutes = (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 60 + Number(tz[3]));
  }
  return new Date(local - offsetMinutes * 60_000).toISOString().slice(0, 19);
}

export interface WatchedEndpointRow {
  endpoint: string;
  Watched: true;
  description?: string;
  source?: string;
  expiry?: string;
  /** From Darktrace's answer, for the whole request: entries added / updated. */
  added?: number;
  updated?: number;
  response?: string;
}

export interface PostOptions { description?: string; source?: string; expiry?: string }

/** The request body: `addlist` comma-joined; optional fields only when given (never "None"). */
export function requestBody(endpoints: string[], options: PostOptions) {
  return {
    addlist: endpoints.join(','),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(options.expiry !== undefined ? { expiry: options.expiry } : {}),
  };
}

/** Pure transform: one `Darktrace.Endpoint` row per endpoint, with Darktrace's counts. */
export function toOutputs(endpoints: string[], options: PostOptions, raw: Response): WatchedEndpointRow[] {
  return endpoints.map((endpoint) => ({
    endpoint,
    Watched: true,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(options.expiry !== undefined ? { expiry: options.expiry } : {}),
    ...(raw.added !== undefined ? { added: raw.added } : {}),
    ...(raw.updated !== undefined ? { updated: raw.updated } : {}),
    ...(raw.response !== undefined ? { response: raw.response } : {}),
  }));
}

export function toReadable(rows: WatchedEndpointRow[], raw: Response, note?: string): string {
  const n = rows.length;
  const counts = [raw.added !== undefined ? `${raw.added} added` : '', raw.updated !== undefined ? `${raw.updated} updated` : '']
    .filter(Boolean).join(', ');
  const metadata = note ?? `Darktrace answered ${raw.response ?? 'OK'}${counts ? ` (${counts})` : ''}.`;
  return tableToMarkdown(`Added ${n} endpoint${n === 1 ? '' : 's'} to the Darktrace watched list`, rows.map((r) => ({
    Endpoint: r.endpoint,
    Description: r.description,
    Source: r.source,
    Expiry: r.expiry,
  })), { headers: ['Endpoint', 'Description', 'Source', 'Expiry'], removeNull: true, metadata });
}

/** The names on the watched list (of one source, when given): how a write with an unclear outcome is checked. */
export async function watchedNames(client: DarktraceApi, source?: string): Promise<Set<string>> {
  return new Set((await watchedEntries(client, { source })).map((e) => (typeof e === 'string' ? e : e.name)));
}

export default defineCommand({
  name: 'darktrace-post-to-watched-list',
  description: 'Adds IP addresses or hostnames to the Darktrace watched list (Watched Domains), so that connections to them raise alerts.',
  access: 'write',
  args: {
    endpointsToWatch: arg.list({ description: 'IP addresses or hostnames to watch (comma-separated or a JSON array).', required: true, check: endpointProblem }),
    description: arg.string({ description: 'Description stored with the entries (at most 255 characters, no double quotes).', maxLength: 255,
      check: (text) => (text.includes('"') ? 'must not contain double quotes' : undefined) }),
    source: arg.string({ description: 'Watched-list source the entries belong to (at most 63 characters). Default: the appliance default source.', maxLength: 63 }),
    expiry: arg.string({ description: 'When the entries expire, UTC unless an offset is given, e.g. 2025-12-31T23:59:59. Default: never.',
      check: (text) => (normaliseExpiry(text) ? undefined : `must be a date-time like 2025-12-31T23:59:59 (got ${JSON.stringify(text)})`) }),
  },
  outputs: [
    { contextPath: 'Darktrace.Endpoint.endpoint', type: 'String', description: 'The IP address or hostname.' },
    { contextPath: 'Darktrace.Endpoint.Watched', type: 'Boolean', description: 'True: the endpoint is on the watched list.' },
    { contextPath: 'Darktrace.Endpoint.description', type: 'String', description: 'The description stored with the entry.' },
    { contextPath: 'Darktrace.Endpoint.source', type: 'String', description: 'The watched-list source.' },
    { contextPath: 'Darktrace.Endpoint.expiry', type: 'String', description: 'When the entry expires (UTC).' },
    { contextPath: 'Darktrace.Endpoint.added', type: 'Number', description: 'How many entries the request added (whole request).' },
    { contextPath: 'Darktrace.Endpoint.updated', type: 'Number', description: 'How many existing entries the request updated (whole request).' },
    { contextPath: 'Darktrace.Endpoint.response', type: 'String', description: 'Darktrace\'s answer to the request, e.g. SUCCESS.' },
  ],
  async run(args, { client }) {
    const endpoints = [...new Set(args.endpointsToWatch)];
    const options: PostOptions = {
      description: args.description,
      source: args.source,
      expiry: args.expiry === undefined ? undefined : normaliseExpiry(args.expiry),
    };
    let raw: Response;
    let rawResponse: unknown;
    let note: string | undefined;
    try {
      raw = await watch(client, requestBody(endpoints, options));
    } catch (error) {
      // The entries may have been added anyway (a reset or a 5xx after sending): the watched list says.
      if (!(error instanceof DarktraceError && outcomeUncertain(error))) throw error;
      let listed: Set<string>;
      try {
        listed = await watchedNames(client, args.source);
      } catch (readError) {
        throw checkFailed(error, 'reading the watched list', readError);
      }
      const missing = endpoints.filter((e) => !listed.has(e));
      if (missing.length > 0) {
        const on = endpoints.filter((e) => listed.has(e));
        throw notApplied(error, `A read of the watched list shows ${missing.join(', ')} not on it${on.length ? ` (${on.join(', ')} on it)` : ''}`);
      }
      raw = {};
      rawResponse = { postError: error.message, found: endpoints };
      note = `Darktrace reported an error (${error.message}) but a read of the watched list shows ${endpoints.length === 1 ? 'the entry' : 'every entry'} on it.`;
    }
    if (!watch.confirms(raw)) {
      throw watch.unconfirmed(`Darktrace did not confirm adding ${endpoints.join(', ')} to the watched list: it answered ${answerText(raw)}.`);
    }
    const outputs = toOutputs(endpoints, options, raw);
    return {
      outputsPrefix: 'Darktrace.Endpoint',
      outputsKeyField: 'endpoint',
      outputs,
      readableOutput: toReadable(outputs, raw, note),
      rawResponse: rawResponse ?? raw,
    };
  },
});
