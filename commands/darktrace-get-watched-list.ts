// darktrace-get-watched-list: the entries of the Darktrace watched list / intel feed (GET /intelfeed?fulldetails=true).
import { watchedEntries, type WatchedEntries as Response } from '../src/darktrace/resources/intelfeed.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';

export interface WatchedListRow {
  name: string;
  description?: string;
  expiry?: string | number;
  strength?: number;
  source?: string;
}

/** Pure transform: entries → `Darktrace.WatchedList` rows; `source` from the entry, else the filter used. */
export function toOutputs(raw: Response, source?: string): WatchedListRow[] {
  return raw.map((item) => {
    const e = typeof item === 'string' ? { name: item } : item;
    const row: WatchedListRow = { name: e.name };
    if ('description' in e && typeof e.description === 'string') row.description = e.description;
    if ('expiry' in e && e.expiry !== null && e.expiry !== undefined && e.expiry !== '') row.expiry = e.expiry;
    if ('strength' in e && typeof e.strength === 'number') row.strength = e.strength;
    const from = 'source' in e && typeof e.source === 'string' && e.source ? e.source : source;
    if (from !== undefined) row.source = from;
    return row;
  });
}

export function toReadable(rows: WatchedListRow[], source?: string): string {
  const n = rows.length;
  const title = `Darktrace watched list${source !== undefined ? ` (source ${source})` : ''}: ${n} entr${n === 1 ? 'y' : 'ies'}`;
  const hasSource = rows.some((r) => r.source !== undefined);
  const headers = ['Name', 'Description', 'Expiry', 'Strength', ...(hasSource ? ['Source'] : [])];
  return tableToMarkdown(title, rows.map((r) => ({
    Name: r.name,
    Description: r.description ?? '',
    Expiry: r.expiry ?? 'never',
    Strength: r.strength,
    Source: r.source,
  })), { headers });
}

export default defineCommand({
  name: 'darktrace-get-watched-list',
  description: 'Returns the entries of the Darktrace watched list (Watched Domains / intel feed) with their details, optionally for one source.',
  access: 'read',
  args: {
    source: arg.string({ description: 'Only entries of this watched-list source (at most 63 characters).', maxLength: 63 }),
  },
  outputs: [
    { contextPath: 'Darktrace.WatchedList.name', type: 'String', description: 'The watched IP address or hostname.' },
    { contextPath: 'Darktrace.WatchedList.description', type: 'String', description: 'The entry description.' },
    { contextPath: 'Darktrace.WatchedList.expiry', type: 'String', description: 'When the entry expires (UTC); absent when it never expires.' },
    { contextPath: 'Darktrace.WatchedList.strength', type: 'Number', description: 'Entry strength, 0-100.' },
    { contextPath: 'Darktrace.WatchedList.source', type: 'String', description: 'The watched-list source (when known).' },
  ],
  async run(args, { client }) {
    const raw = await watchedEntries(client, { source: args.source });
    if (raw.length === 0) {
      const where = args.source !== undefined ? ` for source ${args.source}` : '';
      return { readableOutput: `### The Darktrace watched list has no entries${where}`, rawResponse: raw };
    }
    const outputs = toOutputs(raw, args.source);
    return {
      outputsPrefix: 'Darktrace.WatchedList',
      outputsKeyField: 'name',
      outputs,
      readableOutput: toReadable(outputs, args.source),
      rawResponse: raw,
    };
  },
});
