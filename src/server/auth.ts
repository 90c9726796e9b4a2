// Bearer API keys with scopes (SPEC §5). Only SHA-256 digests are kept; comparison is constant-time.
import { createHash, timingSafeEqual } from 'node:crypto';

export type Scope = 'read' | 'write' | 'admin';
const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };
const SCOPES = Object.keys(RANK) as Scope[];

export interface ApiKey {
  digest: Buffer;
  scope: Scope;
}

const digest = (key: string) => createHash('sha256').update(key).digest();

/** Parses `<key>:<scope>[,<key>:<scope>…]` (DARKTRACE_SOAR_API_KEYS). Errors never echo the keys. */
export function parseApiKeys(spec: string): ApiKey[] {
  const keys: ApiKey[] = [];
  spec.split(',').map((s) => s.trim()).filter(Boolean).forEach((item, index) => {
    const at = item.lastIndexOf(':');
    const key = at > 0 ? item.slice(0, at) : '';
    const scope = item.slice(at + 1) as Scope;
    if (!key || !SCOPES.includes(scope)) {
      throw new Error(`DARKTRACE_SOAR_API_KEYS entry #${index + 1} must look like <key>:<scope> with scope read, write or admin.`);
    }
    if (key.length < 16) throw new Error(`DARKTRACE_SOAR_API_KEYS entry #${index + 1}: keys must be at least 16 characters.`);
    keys.push({ digest: digest(key), scope });
  });
  return keys;
}

export function apiKey(key: string, scope: Scope): ApiKey {
  return { digest: digest(key), scope };
}

/** The scope of a presented key, or undefined. Every stored key is compared, so timing reveals nothing. */
export function authenticate(keys: readonly ApiKey[], authorization: string | undefined): Scope | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const presented = digest(match[1]);
  let found: Scope | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, presented) && (!found || RANK[key.scope] > RANK[found])) found = key.scope;
  }
  return found;
}

export function allows(granted: Scope, needed: Scope): boolean {
  return RANK[granted] >= RANK[needed];
}
