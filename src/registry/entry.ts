// CommandResult → XSOAR war-room entry, as CommonServerPython's CommandResults.to_context() builds it
// (soar-conventions §1.2), so the XSOAR shim can hand `entry` straight to demisto.results().
import { tableToMarkdown } from '../markdown/table.js';
import type { CommandResult, CommandReturn } from './command.js';
import { isObject } from '../util/json.js';

export interface XsoarEntry {
  Type: 1;
  ContentsFormat: 'json' | 'text';
  Contents: unknown;
  HumanReadable: string | null;
  ReadableContentsFormat: 'markdown';
  EntryContext: Record<string, unknown>;
  IndicatorTimeline: unknown[];
  IgnoreAutoExtract: boolean;
  Note: boolean;
  Relationships: unknown[];
}

export interface XsoarErrorEntry {
  Type: 4;
  ContentsFormat: 'text';
  Contents: string;
}

/** The DT key: `Prefix(val.k && val.k == obj.k && val.k2 && val.k2 == obj.k2)`, or the prefix alone. */
export function contextKey(prefix: string, keyField?: string | readonly string[]): string {
  const keys = keyField === undefined ? [] : typeof keyField === 'string' ? [keyField] : keyField;
  if (keys.length === 0) return prefix;
  return `${prefix}(${keys.map((k) => `val.${k} && val.${k} == obj.${k}`).join(' && ')})`;
}

/** tableToMarkdown('Results', outputs); XSOAR throws for a list of scalars, we give it a `Value` column. */
function defaultTable(outputs: object): string {
  const scalars = Array.isArray(outputs) && !isObject(outputs[0]);
  return tableToMarkdown('Results', outputs, scalars ? { headers: 'Value' } : {});
}

export function toEntry(result: CommandResult): XsoarEntry {
  const { outputsPrefix, outputsKeyField, outputs, readableOutput } = result;
  if (outputsPrefix === '.') throw new Error('outputsPrefix cannot be "."');
  if (!outputsPrefix && outputs !== undefined && outputs !== null && !isObject(outputs)) {
    throw new Error('outputsPrefix is missing');
  }
  const contents = result.rawResponse ?? outputs ?? null;
  let humanReadable: string | null = readableOutput || null;
  const entryContext: Record<string, unknown> = {};

  const hasOutputs = outputs !== undefined && outputs !== null && !(Array.isArray(outputs) && outputs.length === 0);
  if (hasOutputs) {
    if (!readableOutput) {
      humanReadable = typeof outputs === 'object' ? defaultTable(outputs) : String(outputs);
    }
    if (outputsPrefix) {
      entryContext[contextKey(outputsPrefix, outputsKeyField)] = outputs;
    } else {
      // No prefix: the dict's keys are prebuilt context keys.
      Object.assign(entryContext, outputs);
    }
  }

  return {
    Type: 1,
    // Python: text for str and int (bool is an int there); json for everything else, floats included.
    ContentsFormat:
      typeof contents === 'string' || typeof contents === 'boolean' || Number.isInteger(contents) ? 'text' : 'json',
    Contents: contents,
    HumanReadable: humanReadable,
    ReadableContentsFormat: 'markdown',
    EntryContext: entryContext,
    IndicatorTimeline: [],
    IgnoreAutoExtract: false,
    Note: false,
    Relationships: [],
  };
}

/** The entry XSOAR's return_error produces, with the message convention of SPEC §5. */
export function errorEntry(command: string, message: string): XsoarErrorEntry {
  return { Type: 4, ContentsFormat: 'text', Contents: `Failed to execute ${command} command.\nError:\n${message}` };
}

/** What `run` returned → a list of results; a bare string is a plain text note (like return_results). */
export function normaliseResults(returned: CommandReturn): CommandResult[] {
  const list = Array.isArray(returned) ? returned : [returned];
  return list.map((r) => (typeof r === 'string' ? { readableOutput: r, rawResponse: r } : r));
}
