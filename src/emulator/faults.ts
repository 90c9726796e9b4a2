// Switchable upstream faults for the next N matching requests. They act in front of authentication, like a
// gateway or an overloaded appliance would; body faults are applied when the route writes its JSON.
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ctxOf } from './http.js';

export const FAULT_KINDS = [
  'latency', 'rate-limit', 'status', 'reset', 'truncated-json', 'invalid-json', 'login-html', 'apply-then-error',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests it affects (default 1; Infinity or -1 for all). */
  times?: number;
  /** Path filter: a string matches that path and everything below it (`/tags` matches `/tags/entities`). */
  match?: string | RegExp;
  /** Only this HTTP method (e.g. 'DELETE' for apply-then-error). */
  method?: string;
  /** 'status' (default 503) and 'apply-then-error' (default 502). */
  status?: number;
  /** 'rate-limit': Retry-After seconds (default 1). */
  retryAfter?: number;
  /** Delay before answering: 'latency' (default 1000 ms) or added to any other kind. */
  latencyMs?: number;
}

export interface ActiveFault extends FaultSpec { remaining: number }

export const LOGIN_PAGE = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Log In | Darktrace</title>\n</head>\n<body class="login">\n<form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Log In</button></form>\n</body>\n</html>\n';

export class Faults {
  private queue: ActiveFault[] = [];

  inject(spec: FaultSpec): ActiveFault {
    if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}; known: ${FAULT_KINDS.join(', ')}`);
    const times = spec.times ?? 1;
    const fault: ActiveFault = { ...spec, remaining: times < 0 ? Infinity : times };
    this.queue.push(fault);
    return fault;
  }

  clear() {
    this.queue = [];
  }

  /** Faults still waiting for requests. */
  pending(): ActiveFault[] {
    return this.queue.filter((f) => f.remaining > 0);
  }

  /** Picks (and consumes one use of) the first fault matching this request. */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.queue.find((f) => f.remaining > 0 && matches(f, method, path));
    if (!fault) return undefined;
    fault.remaining--;
    this.queue = this.queue.filter((f) => f.remaining > 0);
    return fault;
  }

  middleware() {
    return async (req: Request, res: Response, next: NextFunction) => {
      const ctx = ctxOf(res);
      const fault = this.take(req.method, ctx.path);
      if (!fault) return next();
      const delay = fault.latencyMs ?? (fault.kind === 'latency' ? 1000 : 0);
      if (delay > 0) {
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        if (res.destroyed || req.socket.destroyed) return; // the client gave up (timeout)
      }
      switch (fault.kind) {
        case 'latency':
          return next();
        case 'rate-limit':
          return res.status(429).set('Retry-After', String(fault.retryAfter ?? 1)).json({ error: 'Too Many Requests' });
        case 'status': {
          const status = fault.status ?? 503;
          return res.status(status).json({ error: STATUS_CODES[status] ?? 'Error' });
        }
        case 'reset':
          return req.socket.destroy();
        case 'login-html': // e.g. an SSO gateway or a session-based page answering instead of the API
          return res.status(200).type('text/html; charset=utf-8').send(LOGIN_PAGE);
        default: // body faults: the route runs (and applies any write), then the answer is spoiled
          ctx.fault = fault;
          return next();
      }
    };
  }
}

function matches(fault: FaultSpec, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  const m = fault.match;
  if (m === undefined) return true;
  if (m instanceof RegExp) return m.test(path);
  const prefix = m.endsWith('/') ? m.slice(0, -1) : m;
  return path === prefix || path.startsWith(`${prefix}/`);
}
