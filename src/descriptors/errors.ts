// Typed errors of the descriptor engine. `code` follows the server's problem codes, so the HTTP layer maps
// DescriptorInputError to 400 INVALID_ARGUMENTS (with `errors`) the way it maps the registry's ArgumentError.
import { LIMITS, type DescriptorRef } from './model.js';

export interface FieldProblem {
  /** Where the problem is, in JavaScript notation: `values[2].valueAsWeight`, `records[5].keys.srcIp`. */
  path: string;
  /** Starts with the path, then says what is wrong and what is allowed. */
  message: string;
}

/** Bad input: lists every problem found (up to LIMITS.problemsListed, then one line saying how many more). */
export class DescriptorInputError extends Error {
  readonly code = 'INVALID_ARGUMENTS' as const;
  readonly errors: FieldProblem[];
  constructor(errors: FieldProblem[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'DescriptorInputError';
    this.errors = errors;
  }
}

export class DescriptorNotFoundError extends Error {
  readonly code = 'NOT_FOUND' as const;
  readonly retryable = false;
  constructor(readonly ref: DescriptorRef) {
    super(
      typeof ref === 'number' || /^[0-9]+$/.test(ref)
        ? `No metric descriptor has id ${ref}.`
        : `No metric descriptor has shortName ${JSON.stringify(ref)}.`,
    );
    this.name = 'DescriptorNotFoundError';
  }
}

/** Collects problems with their paths; `path` helpers build `a.b[3].c`. */
export class Problems {
  readonly list: FieldProblem[] = [];
  #dropped = 0;

  /** `message` without the path: it is prefixed here. */
  add(path: string, message: string): void {
    this.push({ path, message: path ? `${path}: ${message}` : message });
  }

  /** A problem whose message already names its path. */
  push(problem: FieldProblem): void {
    if (this.list.length >= LIMITS.problemsListed) this.#dropped += 1;
    else this.list.push(problem);
  }

  get size(): number {
    return this.list.length + this.#dropped;
  }

  /** Throws a DescriptorInputError when anything was added. */
  throwIfAny(): void {
    if (this.size === 0) return;
    const errors = [...this.list];
    if (this.#dropped > 0) {
      errors.push({ path: '', message: `${this.#dropped} more problem(s) not listed (the first ${LIMITS.problemsListed} are shown)` });
    }
    throw new DescriptorInputError(errors);
  }
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : null;
  if (safe === null) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

/** How a rejected value is quoted in messages: the registry's rule (JSON, shortened), so both read alike. */
export { show } from '../registry/args.js';

/** `one of "a", "b", "c"`: for enum messages. */
export function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}
