import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withKeys } from '../../src/util/json.js';

describe('withKeys', () => {
  it('is { ...base, ...extra }: same keys, same order, same values, base untouched', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (base, extra) => {
      const before = JSON.stringify(base);
      const spread = { ...base, ...extra };
      const copy = withKeys(base, extra);
      expect(Object.keys(copy)).toEqual(Object.keys(spread));
      expect(copy).toStrictEqual(spread);
      expect(JSON.stringify(base)).toBe(before);
    }));
  });

  it('keeps an own "__proto__" key (as JSON.parse makes it) a key, not the copy\'s prototype', () => {
    const base = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const copy = withKeys(base, { b: 2 });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a', 'b']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps an own "__proto__" key of the extra keys a key too (found by the property above, seed -586680284)', () => {
    const copy = withKeys({}, JSON.parse('{"__proto__":{}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });
});
