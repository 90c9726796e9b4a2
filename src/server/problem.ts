// RFC 9457 problem+json bodies with the XSOAR error entry the shim hands to return_error (SPEC §5). What a
// failure means (code, detail, retryable) is decided in src/pipeline/problem.ts; this only writes it.
import type { Response } from 'express';
import { errorEntry } from '../registry/entry.js';
import { PROBLEM_CODES } from '../pipeline/problem.js';
import type { ProblemInit } from '../pipeline/problem.js';

/** A URN rather than a URL: it names the problem type without promising a documentation site. */
export const problemType = (code: ProblemInit['code']) => `urn:darktrace-soar:problem:${code.toLowerCase().replaceAll('_', '-')}`;

/**
 * The problem document. The request id is `requestId` only: RFC 9457's `instance` is left out because this
 * API's requests already use `instance` for the Darktrace instance selector.
 */
export function problemBody(init: ProblemInit, context: { requestId: string; command?: string }): Record<string, unknown> {
  const [status, title] = PROBLEM_CODES[init.code];
  const body: Record<string, unknown> = {
    type: problemType(init.code),
    title,
    status,
    detail: init.detail,
    code: init.code,
    retryable: init.retryable ?? false,
    command: context.command ?? null,
    requestId: context.requestId,
  };
  if (init.errors) body.errors = init.errors;
  if (init.upstreamStatus !== undefined) body.upstreamStatus = init.upstreamStatus;
  if (init.suggestion) body.suggestion = init.suggestion;
  body.entry = errorEntry(context.command ?? 'the requested', init.detail);
  return body;
}

/** Sends a problem+json body; `command` names the command for the XSOAR error entry when there is one. */
export function sendProblem(res: Response, init: ProblemInit, context: { requestId: string; command?: string }): void {
  const [status] = PROBLEM_CODES[init.code];
  if (init.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(0, Math.ceil(init.retryAfterSeconds))));
  res.status(status).type('application/problem+json').send(JSON.stringify(problemBody(init, context)));
}
