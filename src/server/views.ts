// The `view` a command request chooses (README "HTTP API"): how much of a successful outcome the answer carries.
// Each view serialises every value once; `full` is the only one that repeats (outputs as entry.EntryContext,
// raw as entry.Contents, readable as entry.HumanReadable) and exists for callers that want both forms.
import type { InvokedResult } from '../pipeline/invoke.js';
import type { ProblemInit } from '../pipeline/problem.js';

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

/** One result as the view shows it. */
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
  if (r.rawResponse !== undefined && r.rawResponse !== r.outputs) shown.rawResponse = r.rawResponse;
  return shown;
}
