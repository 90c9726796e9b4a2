// How `run` and `fetch` report a failed invocation on stderr.
import type { InvokeOutcome } from '../pipeline/invoke.js';

/** What `run` and `fetch` print when an invocation fails, by the stage it failed in. */
export function failureMessage(outcome: Extract<InvokeOutcome, { ok: false }>, name: string, argumentsTitle: string): string {
  const { stage, problem, error } = outcome;
  if (stage === 'command' || stage === 'instance') return problem.detail;
  if (stage === 'arguments') return `${argumentsTitle}\n${(problem.errors ?? []).map((e) => `  ${e.message}`).join('\n')}`;
  const detail = problem.code === 'INTERNAL' && error instanceof Error ? error.message : problem.detail;
  return `Failed to execute ${name} command.\nError:\n${detail}`;
}
