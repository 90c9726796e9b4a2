// The request-body checks made once at the HTTP edge (src/server/edge.ts).
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, requestJsonProblem } from '../../src/server/edge.js';

const depthOf = (levels: number) => {
  let value: unknown = 'x';
  for (let i = 1; i < levels; i++) value = [value];
  return { args: { list: value } }; // body + args + `levels - 1` arrays
};

describe('requestJsonProblem', () => {
  it(`allows ${MAX_JSON_DEPTH} levels of nesting, the body included, and refuses one more`, () => {
    expect(requestJsonProblem(depthOf(MAX_JSON_DEPTH - 1))).toBeUndefined();
    expect(requestJsonProblem(depthOf(MAX_JSON_DEPTH))).toEqual({
      path: 'list[0]', message: 'list[0]: too deeply nested (more than 32 levels of arrays or objects)',
    });
  });

  it('accepts well-formed text, surrogate pairs included, in keys and values', () => {
    expect(requestJsonProblem({ args: { tagName: 'Ünïcode 😀 tag', '😀': ['a', 'b'] }, lastRun: { time: '1' } })).toBeUndefined();
    expect(requestJsonProblem(null)).toBeUndefined();
    expect(requestJsonProblem('text')).toBeUndefined();
  });

  it('names the argument, the field or the body, with the index of the lone surrogate', () => {
    expect(requestJsonProblem({ args: { tagName: 'ok\ud83d' } })?.message).toBe('tagName: not well-formed UTF-16 text (a lone surrogate at index 2)');
    expect(requestJsonProblem({ params: { first_fetch: '\udc00' } })?.path).toBe('first_fetch');
    expect(requestJsonProblem({ lastRun: { emitted: '1:\ud800' } })).toEqual({
      path: 'lastRun.emitted', message: 'lastRun.emitted: not well-formed UTF-16 text (a lone surrogate at index 2)',
    });
    expect(requestJsonProblem({ instance: { url: 'https://a', privateToken: 'x\ud800' } })?.path).toBe('instance.privateToken');
    expect(requestJsonProblem({ 'a\ud800': 1 })).toEqual({
      path: 'body', message: 'body: a field name is not well-formed UTF-16 text (a lone surrogate at index 1)',
    });
    expect(requestJsonProblem({ lastRun: { ['\udfff']: '1' } })?.message).toBe('lastRun: a field name is not well-formed UTF-16 text (a lone surrogate at index 0)');
  });

  it('never quotes the offending value (it may be a token) and shortens a huge key', () => {
    const key = 'k'.repeat(10_000);
    const problem = requestJsonProblem({ args: { [key]: 'v\ud800' } })!;
    expect(problem.path).toBe(`${'k'.repeat(57)}...`);
    expect(problem.message).not.toContain('v\ud800');
  });
});
