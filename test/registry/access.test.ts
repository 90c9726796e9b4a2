// Access levels and function grants (SPEC §7): the one rule every entry point uses.
import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, LOCAL_OPERATOR, admits, hasFunction, refusal, type Access, type Caller } from '../../src/registry/access.js';

const caller = (scope: Access, functions: string[] = []): Caller => ({ scope, functions: new Set(functions) });

describe('admits: a scope admits its level and those below', () => {
  it.each([
    ['read', 'read', true], ['read', 'write', false], ['read', 'admin', false],
    ['write', 'read', true], ['write', 'write', true], ['write', 'admin', false],
    ['admin', 'read', true], ['admin', 'write', true], ['admin', 'admin', true],
  ] as const)('%s key, %s command → %s', (scope, needed, expected) => {
    expect(admits(scope, needed)).toBe(expected);
  });

  it('knows exactly read, write and admin', () => expect(ACCESS_LEVELS).toEqual(['read', 'write', 'admin']));
});

describe('refusal names the missing scope or function, never the key', () => {
  it('lets an admitted caller through', () => {
    expect(refusal(caller('write'), { access: 'read' })).toBeUndefined();
    expect(refusal(caller('read', ['viewMetric']), { access: 'read', functions: ['viewMetric'] })).toBeUndefined();
  });

  it('a scope too low', () => {
    expect(refusal(caller('read'), { access: 'write' })).toBe('This API key has the "read" scope; this request needs "write".');
    expect(refusal(caller('write'), { access: 'admin' })).toBe('This API key has the "write" scope; this request needs "admin".');
  });

  it('the scope is checked before the functions', () => {
    expect(refusal(caller('read'), { access: 'admin', functions: ['manageMetric'] })).toBe('This API key has the "read" scope; this request needs "admin".');
  });

  it('missing function grants, case sensitive', () => {
    expect(refusal(caller('write', ['viewmetric']), { access: 'read', functions: ['viewMetric'] }))
      .toBe('This API key lacks the function grant "viewMetric" that this request needs.');
    expect(refusal(caller('admin', ['viewMetric']), { access: 'write', functions: ['viewMetric', 'submitMetric', 'x.y'] }))
      .toBe('This API key lacks the function grants "submitMetric", "x.y" that this request needs.');
  });

  it('the local operator (CLI) is refused nothing', () => {
    expect(refusal(LOCAL_OPERATOR, { access: 'admin', functions: ['anything'] })).toBeUndefined();
    expect(hasFunction(LOCAL_OPERATOR, 'submitMetric')).toBe(true);
    expect(hasFunction(caller('admin'), 'submitMetric')).toBe(false);
  });
});
