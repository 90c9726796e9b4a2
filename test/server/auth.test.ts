// DARKTRACE_SOAR_API_KEYS: `<key>:<scope>[:<fn>+<fn>…][,…]` (SPEC §5, §7) and bearer authentication.
import { describe, expect, it } from 'vitest';
import { apiKey, authenticate, parseApiKeys } from '../../src/server/auth.js';

const K1 = 'k1-0123456789abcdef';
const K2 = 'k2-0123456789abcdef';
const bearer = (key: string) => `Bearer ${key}`;
const callerOf = (spec: string, key: string) => {
  const found = authenticate(parseApiKeys(spec), bearer(key));
  return found && { scope: found.scope, functions: found.functions === 'all' ? 'all' : [...found.functions].sort() };
};

describe('existing key specs keep working', () => {
  it('<key>:<scope> entries, comma separated, spaces and empty entries ignored', () => {
    const keys = parseApiKeys(` ${K1}:read , ${K2}:admin,,`);
    expect(keys.map((k) => [k.scope, [...k.functions]])).toEqual([['read', []], ['admin', []]]);
    expect(callerOf(`${K1}:read,${K2}:write`, K2)).toEqual({ scope: 'write', functions: [] });
  });

  it('a key may contain ":" (the scope is the last part)', () => {
    expect(callerOf('a:b:0123456789abcdef:write', 'a:b:0123456789abcdef')).toEqual({ scope: 'write', functions: [] });
  });

  it('a key listed twice gets the higher scope', () => {
    expect(callerOf(`${K1}:read,${K1}:admin`, K1)).toEqual({ scope: 'admin', functions: [] });
  });

  it('unknown keys and malformed headers authenticate nobody', () => {
    const keys = parseApiKeys(`${K1}:read`);
    expect(authenticate(keys, bearer(K2))).toBeUndefined();
    expect(authenticate(keys, K1)).toBeUndefined();
    expect(authenticate(keys, undefined)).toBeUndefined();
  });
});

describe('function grants', () => {
  it('<key>:<scope>:<fn>+<fn>, case sensitive, as in SPEC §7', () => {
    const spec = `${K1}:read:viewMetric,${K2}:write:viewMetric+submitMetric`;
    expect(callerOf(spec, K1)).toEqual({ scope: 'read', functions: ['viewMetric'] });
    expect(callerOf(spec, K2)).toEqual({ scope: 'write', functions: ['submitMetric', 'viewMetric'] });
    expect(callerOf(`${K1}:read:ViewMetric`, K1)).toEqual({ scope: 'read', functions: ['ViewMetric'] });
  });

  it('a key with ":" and grants', () => {
    expect(callerOf('a:0123456789abcdef:admin:x.y+a_b-c', 'a:0123456789abcdef')).toEqual({ scope: 'admin', functions: ['a_b-c', 'x.y'] });
  });

  it('a key listed twice gets the union of its grants', () => {
    expect(callerOf(`${K1}:read:viewMetric,${K1}:write:submitMetric`, K1)).toEqual({ scope: 'write', functions: ['submitMetric', 'viewMetric'] });
  });

  it('apiKey() builds the same model', () => {
    const found = authenticate([apiKey(K1, 'write', ['submitMetric'])], bearer(K1));
    expect(found).toEqual({ scope: 'write', functions: new Set(['submitMetric']) });
  });
});

describe('bad specs are refused naming the entry, never echoing it', () => {
  it.each([
    [`${K1}:root`, 'DARKTRACE_SOAR_API_KEYS entry #1 must look like <key>:<scope>[:<function>+<function>…] with scope read, write, admin.'],
    [`${K1}:read,${K2}`, 'DARKTRACE_SOAR_API_KEYS entry #2 must look like <key>:<scope>[:<function>+<function>…] with scope read, write, admin.'],
    [`:read`, 'DARKTRACE_SOAR_API_KEYS entry #1 must look like <key>:<scope>[:<function>+<function>…] with scope read, write, admin.'],
    [`${K1}:Read`, 'DARKTRACE_SOAR_API_KEYS entry #1 must look like <key>:<scope>[:<function>+<function>…] with scope read, write, admin.'],
    ['short:read', 'DARKTRACE_SOAR_API_KEYS entry #1: keys must be at least 16 characters.'],
    [`${K1}:read:`, 'DARKTRACE_SOAR_API_KEYS entry #1: function grants must be names joined by "+" (a letter, then letters, digits, _ . or -), e.g. <key>:read:viewMetric+submitMetric.'],
    [`${K1}:read:a++b`, 'DARKTRACE_SOAR_API_KEYS entry #1: function grants must be names joined by "+" (a letter, then letters, digits, _ . or -), e.g. <key>:read:viewMetric+submitMetric.'],
    [`${K1}:read:view metric`, 'DARKTRACE_SOAR_API_KEYS entry #1: function grants must be names joined by "+" (a letter, then letters, digits, _ . or -), e.g. <key>:read:viewMetric+submitMetric.'],
    [`${K1}:read:1st`, 'DARKTRACE_SOAR_API_KEYS entry #1: function grants must be names joined by "+" (a letter, then letters, digits, _ . or -), e.g. <key>:read:viewMetric+submitMetric.'],
  ])('%s', (spec, message) => {
    let thrown: Error | undefined;
    try {
      parseApiKeys(spec);
    } catch (err) {
      thrown = err as Error;
    }
    expect(thrown?.message).toBe(message);
    expect(thrown?.message).not.toContain('0123456789abcdef');
  });
});
