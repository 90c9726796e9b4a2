// Checks made once on every request body, where it is read, before anything else walks it:
// - a depth bound: the walks after this one (argument coercion, messages quoting a value, JSON.stringify)
//   are recursive, and a few kilobytes of `[[[[…` would overflow the stack;
// - well-formed UTF-16 (String.prototype.isWellFormed): a lone surrogate can be neither percent-encoded
//   nor signed, and Darktrace would never see the text the caller meant.
// One 400 naming the argument (or field) and what is wrong; this walk itself is iterative.
import { Problem } from '../pipeline/problem.js';

/** Levels of arrays/objects a request body may have, the body itself included (real bodies need 3–4). */
export const MAX_JSON_DEPTH = 32;

/** Sections of the body whose keys are argument names: their errors name the argument alone, like the registry's. */
const ARGUMENT_SECTIONS = new Set(['args', 'params']);

type Segment = string | number;

/**
 * Where a problem is, cut after the argument or field it belongs to: `args.tagName` → `tagName`,
 * `args.endpointsToWatch[1]` → `endpointsToWatch[1]`, `lastRun.time.a.a…` → `lastRun.time`.
 */
function displayPath(path: readonly Segment[]): string {
  const named = path.length >= 2 && ARGUMENT_SECTIONS.has(path[0] as string) && typeof path[1] === 'string';
  const rest = named ? path.slice(1) : path;
  const names = named ? 1 : 2;
  let out = '';
  let seen = 0;
  for (const seg of rest) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      if (seen >= names) break;
      continue;
    }
    if (seen >= names) break;
    out += `${out ? '.' : ''}${seg.length > 60 ? `${seg.slice(0, 57)}...` : seg}`;
    seen++;
  }
  return out || 'body';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Index of the first lone surrogate, or -1 when the text is well-formed. */
function loneSurrogateAt(text: string): number {
  return text.isWellFormed() ? -1 : LONE_SURROGATE.exec(text)!.index;
}

export interface EdgeError {
  path: string;
  message: string;
}

/** The first problem with a parsed request body, or undefined when it is fine. */
export function requestJsonProblem(body: unknown): EdgeError | undefined {
  const stack: Array<{ value: unknown; path: Segment[]; depth: number }> = [{ value: body, path: [], depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const at = loneSurrogateAt(value);
      if (at >= 0) {
        const where = displayPath(path);
        return { path: where, message: `${where}: not well-formed UTF-16 text (a lone surrogate at index ${at})` };
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      const where = displayPath(path);
      return { path: where, message: `${where}: too deeply nested (more than ${MAX_JSON_DEPTH} levels of arrays or objects)` };
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i], depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      const at = loneSurrogateAt(key);
      if (at >= 0) {
        const where = displayPath(path);
        const what = path.length === 1 && ARGUMENT_SECTIONS.has(path[0] as string) ? 'an argument name' : 'a field name';
        return { path: where, message: `${where}: ${what} is not well-formed UTF-16 text (a lone surrogate at index ${at})` };
      }
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (value as Record<string, unknown>)[keys[i]], path: [...path, keys[i]], depth: depth + 1 });
    }
  }
  return undefined;
}

/** Throws the 400 for a body that fails requestJsonProblem. */
export function checkRequestJson(body: unknown): void {
  const problem = requestJsonProblem(body);
  if (problem) throw new Problem({ code: 'INVALID_ARGUMENTS', detail: problem.message, errors: [problem] });
}
