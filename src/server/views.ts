// The `view` a command request chooses (README "HTTP API"): how much of a successful outcome the answer carries.
// Each view serialises every value once; `full` is the only one that repeats (outputs as entry.EntryContext,
// raw as entry.Contents, readable as entry.HumanReadable) and exists for callers that want both forms.
// The raw response is Darktrace's answer byte for byte: when the client kept the text a value was parsed from
// (src/darktrace/raw-body.ts), that text is spliced into the answer instead of the parsed value re-serialised.
import { bodyOf } from '../darktrace/raw-body.js';
import type { InvokedResult } from '../pipeline/invoke.js';
import type { ProblemInit } from '../pipeline/problem.js';
import type { XsoarEntry } from '../registry/entry.js';

export const VIEWS = ['result', 'entry', 'full'] as const;
export type View = (typeof VIEWS)[number];
/** Plain-HTTP SOARs (Splunk SOAR, Tines, Shuffle, n8n) want outputs and a table; the XSOAR shim asks for `entry`. */
export const DEFAULT_VIEW: View = 'result';

/** The body's `view` (absent: the default), or the caller's 400 naming it and the allowed values. */
export function parseView(value: unknown): { ok: true; view: View } | { ok: false; problem: ProblemInit } {
  if (value === undefined || value === null) return { ok: true, view: DEFAULT_VIEW };
  if (typeof value === 'string' && (VIEWS as readonly string[]).includes(value)) return { ok: true, view: value as View };
  const message = `must be one of ${VIEWS.join(', ')} (got ${JSON.stringify(value)})`;
  return { ok: false, problem: { code: 'INVALID_ARGUMENTS', detail: `view ${message}.`, errors: [{ path: 'view', message }] } };
}

/** Whether the `result` view carries the raw response: only when it is not the outputs themselves. */
const resultShowsRaw = (r: InvokedResult) => r.rawResponse !== undefined && r.rawResponse !== r.outputs;

/** One result as the view shows it, as a value (the HTTP answer is `serialiseResult`'s text of the same shape). */
export function viewResult(view: View, r: InvokedResult): Record<string, unknown> {
  if (view === 'entry') return { entry: r.entry };
  const outputs = r.outputs ?? null;
  if (view === 'full') {
    return {
      outputsPrefix: r.outputsPrefix ?? null,
      outputsKeyField: r.outputsKeyField ?? null,
      outputs,
      readableOutput: r.readableOutput ?? null,
      rawResponse: r.rawResponse ?? outputs,
      entry: r.entry,
    };
  }
  // `result`: the readable text the war room would show (the command's, or XSOAR's default table of the
  // outputs), and the raw response only when it is not the outputs themselves.
  const shown: Record<string, unknown> = {
    outputsPrefix: r.outputsPrefix ?? null,
    outputsKeyField: r.outputsKeyField ?? null,
    outputs,
    readableOutput: r.entry.HumanReadable,
  };
  if (resultShowsRaw(r)) shown.rawResponse = r.rawResponse;
  return shown;
}

/** A JSON value as text: Darktrace's own bytes when it is an answer the client parsed, else JSON.stringify. */
export function rawJson(value: unknown): string {
  return bodyOf(value) ?? JSON.stringify(value ?? null);
}

/** `{...object, [key]: <json text>}` for a non-empty object whose keys do not include `key`. */
const appendJson = (objectText: string, key: string, json: string) => `${objectText.slice(0, -1)},"${key}":${json}}`;

/** The entry with its Contents (the raw response) spliced in, its keys in XsoarEntry's order. */
function entryJson(entry: XsoarEntry): string {
  const { Type, ContentsFormat, Contents, ...rest } = entry;
  return `{"Type":${Type},"ContentsFormat":${JSON.stringify(ContentsFormat)},"Contents":${rawJson(Contents)},${JSON.stringify(rest).slice(1)}`;
}

/** viewResult(view, r) as JSON text, serialised once, with the raw response spliced in byte for byte. */
export function serialiseResult(view: View, r: InvokedResult): string {
  if (view === 'entry') return `{"entry":${entryJson(r.entry)}}`;
  const outputs = r.outputs ?? null;
  if (view === 'full') {
    const head = JSON.stringify({ outputsPrefix: r.outputsPrefix ?? null, outputsKeyField: r.outputsKeyField ?? null, outputs, readableOutput: r.readableOutput ?? null });
    return appendJson(appendJson(head, 'rawResponse', rawJson(r.rawResponse ?? outputs)), 'entry', entryJson(r.entry));
  }
  const head = JSON.stringify({ outputsPrefix: r.outputsPrefix ?? null, outputsKeyField: r.outputsKeyField ?? null, outputs, readableOutput: r.entry.HumanReadable });
  return resultShowsRaw(r) ? appendJson(head, 'rawResponse', rawJson(r.rawResponse)) : head;
}
