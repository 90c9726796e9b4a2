// Access levels (SPEC §7): every command declares the level it needs, every API key carries a scope, and a
// scope admits its own level and those below. Function grants are named permissions on top of the scope
// (a descriptor's read/write/admin function); the rule for both lives here and nowhere else.

export const ACCESS_LEVELS = ['read', 'write', 'admin'] as const;
/**
 * read = reads Darktrace or the store; write = changes Darktrace or submits records;
 * admin = creates, changes or deletes descriptors, and the server's own /metrics and /v1/instances.
 */
export type Access = (typeof ACCESS_LEVELS)[number];

const RANK: Record<Access, number> = { read: 0, write: 1, admin: 2 };

export const isAccess = (value: unknown): value is Access => typeof value === 'string' && Object.hasOwn(RANK, value);

/** A scope admits its own level and those below: admin ⊃ write ⊃ read. */
export function admits(scope: Access, needed: Access): boolean {
  return RANK[scope] >= RANK[needed];
}

/** The higher of two levels. */
export function higher(a: Access, b: Access): Access {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Who is asking: an API key's scope and function grants (never the key), or the local operator. */
export interface Caller {
  scope: Access;
  /**
   * Named function grants, case sensitive (`viewMetric`, `submitMetric`). `'all'` is the local operator of
   * the CLI (`run`, `fetch`), who holds the Darktrace tokens themselves and so is refused nothing.
   */
  functions: ReadonlySet<string> | 'all';
}

/** The CLI's caller: it runs with the environment's Darktrace tokens, so it may do whatever they allow. */
export const LOCAL_OPERATOR: Caller = Object.freeze({ scope: 'admin', functions: 'all' });

/** What an operation needs: a level, and optionally function grants (e.g. a descriptor's writeFunction). */
export interface Requirement {
  access: Access;
  functions?: readonly string[];
}

/**
 * Undefined when the caller may go ahead; otherwise the refusal, naming the missing scope or function (never
 * the key, which the caller is never told).
 */
export function refusal(caller: Caller, needs: Requirement): string | undefined {
  if (!admits(caller.scope, needs.access)) {
    return `This API key has the "${caller.scope}" scope; this request needs "${needs.access}".`;
  }
  const missing = (needs.functions ?? []).filter((fn) => !hasFunction(caller, fn));
  if (missing.length > 0) {
    const names = missing.map((fn) => `"${fn}"`).join(', ');
    return `This API key lacks the function grant${missing.length > 1 ? 's' : ''} ${names} that this request needs.`;
  }
  return undefined;
}

export function hasFunction(caller: Caller, fn: string): boolean {
  return caller.functions === 'all' || caller.functions.has(fn);
}
