// Bearer API keys with scopes and function grants (SPEC §5, §7). Only SHA-256 digests are kept; comparison
// is constant-time; nothing here ever echoes a key.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ACCESS_LEVELS, higher, isAccess } from '../registry/access.js';
import type { Access, Caller } from '../registry/access.js';

export type Scope = Access;

export interface ApiKey {
  digest: Buffer;
  scope: Scope;
  /** Function grants (case sensitive), e.g. `viewMetric`. */
  functions: ReadonlySet<string>;
}

const digest = (key: string) => createHash('sha256').update(key).digest();
/** Argus-style function names: a letter, then letters, digits, `_`, `.` or `-`. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const FORM = `<key>:<scope>[:<function>+<function>…] with scope ${ACCESS_LEVELS.join(', ')}`;

/**
 * Parses `<key>:<scope>[:<fn>+<fn>…][,…]` (DARKTRACE_SOAR_API_KEYS). A key may itself contain `:`; the scope is
 * the last `:`-separated part, or the one before it when the last part is the function list. Errors name the
 * entry by position, never by content: any part of it may be a key.
 */
export function parseApiKeys(spec: string): ApiKey[] {
  const keys: ApiKey[] = [];
  spec.split(',').map((s) => s.trim()).filter(Boolean).forEach((item, index) => {
    const where = `DARKTRACE_SOAR_API_KEYS entry #${index + 1}`;
    const parts = item.split(':');
    let scopeAt = parts.length - 1;
    if (!isAccess(parts[scopeAt]) && parts.length >= 3 && isAccess(parts[scopeAt - 1])) scopeAt--;
    const key = parts.slice(0, scopeAt).join(':');
    const scope = parts[scopeAt];
    if (!key || !isAccess(scope)) throw new Error(`${where} must look like ${FORM}.`);
    if (key.length < 16) throw new Error(`${where}: keys must be at least 16 characters.`);
    const functions = new Set<string>();
    if (scopeAt < parts.length - 1) {
      const names = parts[scopeAt + 1].split('+');
      if (!names.every((n) => FUNCTION_NAME.test(n))) {
        throw new Error(`${where}: function grants must be names joined by "+" (a letter, then letters, digits, _ . or -), e.g. <key>:read:viewMetric+submitMetric.`);
      }
      for (const n of names) functions.add(n);
    }
    keys.push({ digest: digest(key), scope, functions });
  });
  return keys;
}

export function apiKey(key: string, scope: Scope, functions: Iterable<string> = []): ApiKey {
  return { digest: digest(key), scope, functions: new Set(functions) };
}

/**
 * The caller behind a presented key, or undefined. Every stored key is compared, so timing reveals nothing; a
 * key listed twice gets the higher scope and the union of its grants.
 */
export function authenticate(keys: readonly ApiKey[], authorization: string | undefined): Caller | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const presented = digest(match[1]);
  let scope: Scope | undefined;
  const functions = new Set<string>();
  for (const key of keys) {
    if (!timingSafeEqual(key.digest, presented)) continue;
    scope = scope ? higher(scope, key.scope) : key.scope;
    for (const fn of key.functions) functions.add(fn);
  }
  return scope ? { scope, functions } : undefined;
}
