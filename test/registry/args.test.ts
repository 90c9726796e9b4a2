import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import { arg, ARG_LIMITS, argJsonSchema, type AnyArgSpec, type InferArgs } from '../../src/registry/args.js';

/** Parse one raw value; returns the value or the error messages. */
function run(spec: AnyArgSpec, raw: unknown): { value: unknown } | { errors: string[] } {
  const r = spec.schema.safeParse(raw);
  return r.success ? { value: r.data } : { errors: r.error.issues.map((i) => i.message) };
}
const value = (v: unknown) => ({ value: v });
const error = (m: string) => ({ errors: [m] });

describe('arg.bool (argToBoolean)', () => {
  const spec = arg.bool({ description: 'b', required: true });
  it.each<[unknown, boolean]>([
    ['true', true], ['TRUE', true], ['True', true], ['yes', true], ['YES', true], [' yes ', true], [true, true],
    ['false', false], ['False', false], ['no', false], ['NO', false], [false, false],
  ])('%j → %j', (raw, expected) => expect(run(spec, raw)).toEqual(value(expected)));

  it.each<[unknown, string]>([
    ['maybe', 'expected a boolean (true/false/yes/no), got "maybe"'],
    ['1', 'expected a boolean (true/false/yes/no), got "1"'],
    [1, 'expected a boolean (true/false/yes/no), got 1'],
    [['true'], 'expected a boolean (true/false/yes/no), got ["true"]'],
  ])('rejects %j', (raw, message) => expect(run(spec, raw)).toEqual(error(message)));

  it('has predefined true/false', () => expect(spec.predefined).toEqual(['true', 'false']));
});

describe('arg.int', () => {
  const spec = arg.int({ description: 'i', required: true, min: 1, max: 100 });
  it.each<[unknown, number]>([['5', 5], [' 42 ', 42], ['+7', 7], [100, 100], ['1', 1]])('%j → %j', (raw, expected) =>
    expect(run(spec, raw)).toEqual(value(expected)),
  );
  it.each<[unknown, string]>([
    ['abc', 'expected an integer, got "abc"'],
    ['1.5', 'expected an integer, got "1.5"'],
    [1.5, 'expected an integer, got 1.5'],
    ['1e3', 'expected an integer, got "1e3"'],
    ['99999999999999999999', 'expected an integer, got "99999999999999999999"'],
    [true, 'expected an integer, got true'],
    ['0', 'must be at least 1 (got 0)'],
    [101, 'must be at most 100 (got 101)'],
  ])('rejects %j', (raw, message) => expect(run(spec, raw)).toEqual(error(message)));

  it('negative numbers parse when allowed', () => {
    expect(run(arg.int({ description: 'i' }), '-3')).toEqual(value(-3));
  });
});

describe('arg.number', () => {
  const spec = arg.number({ description: 'n', required: true, min: 0, max: 1 });
  it.each<[unknown, number]>([['0.5', 0.5], ['.25', 0.25], ['1', 1], [0.75, 0.75], ['1e-1', 0.1]])('%j → %j', (raw, expected) =>
    expect(run(spec, raw)).toEqual(value(expected)),
  );
  it.each<[unknown, string]>([
    ['abc', 'expected a number, got "abc"'],
    ['1,5', 'expected a number, got "1,5"'],
    [Number.NaN, 'expected a number, got null'],
    ['2', 'must be at most 1 (got 2)'],
    ['-0.1', 'must be at least 0 (got -0.1)'],
  ])('rejects %j', (raw, message) => expect(run(spec, raw)).toEqual(error(message)));
});

describe('arg.list (argToList)', () => {
  const spec = arg.list({ description: 'l', required: true });
  it.each<[unknown, string[]]>([
    ['a,b', ['a', 'b']],
    [' a , b ,, c ,', ['a', 'b', 'c']],
    ['single', ['single']],
    ['["a","b"]', ['a', 'b']],
    [' ["a, b", " c "] ', ['a, b', 'c']],
    [['x', ' y ', ''], ['x', 'y']],
    [[1, 2], ['1', '2']],
    [7, ['7']],
  ])('%j → %j', (raw, expected) => expect(run(spec, raw)).toEqual(value(expected)));

  it.each<[unknown, string]>([
    ['[a, b]', 'expected a list (comma-separated or JSON array), got "[a, b]" (invalid JSON array)'],
    [{ a: 1 }, 'expected a list (comma-separated or JSON array), got {"a":1}'],
    [[{ a: 1 }], 'expected a list of strings, got [{"a":1}]'],
    [',', 'is required'],
    ['[]', 'is required'],
    [[], 'is required'],
  ])('rejects %j', (raw, message) => expect(run(spec, raw)).toEqual(error(message)));

  it('an optional list left empty is not given; a default applies', () => {
    expect(run(arg.list({ description: 'l' }), ' , ')).toEqual(value(undefined));
    expect(run(arg.list({ description: 'l', default: ['z'] }), '')).toEqual(value(['z']));
    expect(arg.list({ description: 'l' }).isArray).toBe(true);
  });
});

describe('arg.enum', () => {
  const spec = arg.enum(['co', 'sizeout', 'sizein'] as const, { description: 'e', required: true, accept: { connections: 'co' } });
  it.each<[unknown, string]>([
    ['co', 'co'], ['sizeout', 'sizeout'], [' sizein ', 'sizein'],
    ['connections', 'co'], ['Connections', 'co'], // accept map, then case-insensitive
    ['CO', 'co'], ['SizeOut', 'sizeout'],
  ])('%j → %j', (raw, expected) => expect(run(spec, raw)).toEqual(value(expected)));

  it.each<[unknown, string]>([
    ['xx', 'must be one of co, sizeout, sizein (got "xx")'],
    [1, 'must be one of co, sizeout, sizein (got 1)'],
  ])('rejects %j', (raw, message) => expect(run(spec, raw)).toEqual(error(message)));

  it('an ambiguous case-insensitive match is rejected', () => {
    const cased = arg.enum(['A', 'a'] as const, { description: 'e' });
    expect(run(cased, 'a')).toEqual(value('a'));
    expect(run(cased, 'A')).toEqual(value('A'));
    expect(run(arg.enum(['Ab', 'aB'] as const, { description: 'e' }), 'ab')).toEqual(error('must be one of Ab, aB (got "ab")'));
  });

  it('has predefined values', () => expect(spec.predefined).toEqual(['co', 'sizeout', 'sizein']));
});

describe('arg.string', () => {
  const spec = arg.string({ description: 's', required: true, maxLength: 5 });
  it.each<[unknown, string]>([['abc', 'abc'], [' pad ', ' pad '], [42, '42'], [true, 'true']])('%j → %j', (raw, expected) =>
    expect(run(spec, raw)).toEqual(value(expected)),
  );
  it.each<[unknown, string]>([
    ['abcdef', 'must be at most 5 characters (got 6)'],
    [{ a: 1 }, 'expected a string, got {"a":1}'],
    [['a'], 'expected a string, got ["a"]'],
  ])('rejects %j', (raw, message) => expect(run(spec, raw)).toEqual(error(message)));

  it('pattern, with and without a description', () => {
    const date = arg.string({ description: 'd', pattern: /^\d{4}-\d{2}-\d{2}$/, patternDescription: 'a date YYYY-MM-DD' });
    expect(run(date, '2024-01-31')).toEqual(value('2024-01-31'));
    expect(run(date, '31/01/2024')).toEqual(error('must be a date YYYY-MM-DD (got "31/01/2024")'));
    expect(run(arg.string({ description: 'x', pattern: /^x+$/ }), 'y')).toEqual(error('must be the pattern /^x+$/ (got "y")'));
  });

  it('secret flag', () => {
    expect(arg.string({ description: 's', secret: true }).secret).toBe(true);
    expect(spec.secret).toBe(false);
  });
});

describe('check: a further rule on the coerced value', () => {
  const spec = arg.list({ description: 'l', required: true, check: (items) => (items.some((i) => i.includes(' ')) ? 'items must not contain spaces' : undefined) });
  it('passes values the check accepts', () => expect(run(spec, 'a,b')).toEqual(value(['a', 'b'])));
  it('rejects with the check message, after coercion', () => expect(run(spec, '["a b"]')).toEqual(error('items must not contain spaces')));
  it('does not run on a value that failed coercion', () => {
    const int = arg.int({ description: 'i', check: () => 'never reached' });
    expect(run(int, 'x')).toEqual(error('expected an integer, got "x"'));
    expect(run(int, undefined)).toEqual(value(undefined));
  });
});

describe('not given: undefined, null, blank strings', () => {
  it.each<[unknown]>([[undefined], [null], [''], ['   ']])('%j', (raw) => {
    expect(run(arg.int({ description: 'i' }), raw)).toEqual(value(undefined));
    expect(run(arg.int({ description: 'i', default: 5 }), raw)).toEqual(value(5));
    expect(run(arg.bool({ description: 'b', default: false }), raw)).toEqual(value(false));
    expect(run(arg.int({ description: 'i', required: true }), raw)).toEqual(error('is required'));
  });
});

describe('spec metadata and type inference', () => {
  const args = {
    did: arg.int({ description: 'Device', required: true, aliases: ['deviceId'] }),
    max: arg.int({ description: 'Max', default: 5 }),
    port: arg.int({ description: 'Port' }),
    full: arg.bool({ description: 'Full', default: false }),
    type: arg.enum(['co', 'sizeout'] as const, { description: 'T', required: true }),
    kind: arg.enum(['a', 'b'] as const, { description: 'K' }),
    list: arg.list({ description: 'L' }),
    name: arg.string({ description: 'N', required: true }),
    ratio: arg.number({ description: 'R', default: 0.5 }),
  };

  it('InferArgs: required → T, default → T, optional → T | undefined', () => {
    expectTypeOf<InferArgs<typeof args>>().toEqualTypeOf<{
      did: number;
      max: number;
      port: number | undefined;
      full: boolean;
      type: 'co' | 'sizeout';
      kind: 'a' | 'b' | undefined;
      list: string[] | undefined;
      name: string;
      ratio: number;
    }>();
  });

  it('an invalid default is a definition error', () => {
    expect(() => arg.int({ description: 'i', default: 0, min: 1 })).toThrow('arg.int: invalid default 0');
    expect(() => arg.enum(['a'] as const, { description: 'e', default: 'b' as 'a' })).toThrow('arg.enum: invalid default "b"');
  });

  it('spec fields', () => {
    expect(args.did).toMatchObject({ kind: 'int', description: 'Device', required: true, aliases: ['deviceId'], isArray: false, secret: false });
    expect(args.did).not.toHaveProperty('default');
    expect(args.max).toMatchObject({ kind: 'int', required: false, default: 5, aliases: [] });
    expect(args.list).toMatchObject({ kind: 'list', isArray: true });
  });
});

describe('argJsonSchema', () => {
  it('from the zod value schema, plus description and default', () => {
    expect(argJsonSchema(arg.int({ description: 'Max', default: 5, min: 1, max: 1000 }))).toEqual({
      type: 'integer', minimum: 1, maximum: 1000, description: 'Max', default: 5,
    });
    expect(argJsonSchema(arg.int({ description: 'Any' }))).toEqual({ type: 'integer', description: 'Any' });
    expect(argJsonSchema(arg.number({ description: 'N' }))).toEqual({ type: 'number', description: 'N' });
    expect(argJsonSchema(arg.bool({ description: 'B', default: false }))).toEqual({ type: 'boolean', description: 'B', default: false });
    // Every list and string has a length bound by default (ARG_LIMITS), documented like any other.
    expect(argJsonSchema(arg.list({ description: 'L' }))).toEqual({ type: 'array', items: { type: 'string', maxLength: 1024 }, maxItems: 1000, description: 'L' });
    expect(argJsonSchema(arg.enum(['co', 'sizein'] as const, { description: 'E', default: 'co' }))).toEqual({
      type: 'string', enum: ['co', 'sizein'], description: 'E', default: 'co',
    });
    expect(argJsonSchema(arg.string({ description: 'S', maxLength: 255, pattern: /^a/ }))).toEqual({
      type: 'string', maxLength: 255, pattern: '^a', description: 'S',
    });
    expect(argJsonSchema(arg.string({ description: 'K', secret: true }))).toEqual({
      type: 'string', maxLength: 1024, description: 'K', format: 'password', writeOnly: true,
    });
  });
});

describe('length limits by argument kind (issue 8, finding 6)', () => {
  const spec = {
    name: arg.string({ description: 'Any string' }),
    tag: arg.string({ description: 'A tag', maxLength: ARG_LIMITS.tagName }),
    long: arg.string({ description: 'Override', maxLength: 5000 }),
    items: arg.list({ description: 'A list' }),
    short: arg.list({ description: 'Short list', maxItems: 2, maxItemLength: 3 }),
  };
  const parse = (key: keyof typeof spec, raw: unknown) => spec[key].schema.safeParse(raw);
  const messages = (key: keyof typeof spec, raw: unknown) => {
    const r = parse(key, raw);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('every string has a default bound, tag names a tighter one, and a spec may raise it', () => {
    expect(parse('name', 'x'.repeat(1024)).success).toBe(true);
    expect(messages('name', 'x'.repeat(1025))).toEqual(['must be at most 1024 characters (got 1025)']);
    expect(messages('name', 'x'.repeat(1_000_000))).toEqual(['must be at most 1024 characters (got 1000000)']);
    expect(messages('tag', 'x'.repeat(129))).toEqual(['must be at most 128 characters (got 129)']);
    expect(parse('long', 'x'.repeat(5000)).success).toBe(true);
  });

  it('every list has bounds on its items and their length, with one message however many items are too long', () => {
    expect(parse('items', Array.from({ length: 1000 }, () => 'a')).success).toBe(true);
    expect(messages('items', Array.from({ length: 1001 }, () => 'a'))).toEqual(['must have at most 1000 items (got 1001)']);
    expect(messages('items', ['ok', 'x'.repeat(1025), 'y'.repeat(2000)])).toEqual(['items must be at most 1024 characters']);
    expect(messages('short', 'a,b,c')).toEqual(['must have at most 2 items (got 3)']);
    expect(messages('short', 'abcd')).toEqual(['items must be at most 3 characters']);
  });
});

describe('the plain checks agree with the value schemas (property)', () => {
  // ArgSpec.parse skips zod when its plain test passes: every value parse lets through must be one the value
  // schema (the source of the documented JSON Schema) accepts, whatever the input.
  const specs: Record<string, AnyArgSpec> = {
    int: arg.int({ description: 'i', min: -5, max: 50 }),
    number: arg.number({ description: 'n', min: 0.5, max: 9.5 }),
    bool: arg.bool({ description: 'b' }),
    string: arg.string({ description: 's', maxLength: 6, pattern: /^[a-c]+$/g }),
    list: arg.list({ description: 'l', maxItems: 3, maxItemLength: 4 }),
    enum: arg.enum(['IP', 'hostname'] as const, { description: 'e', accept: { host: 'hostname' } }),
  };
  const raw = fc.oneof(
    fc.integer({ min: -20, max: 80 }), fc.double({ min: -20, max: 80, noNaN: false }), fc.boolean(),
    fc.string({ maxLength: 10 }), fc.stringMatching(/^[ a-c,0-9.-]{0,12}$/), fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }),
    fc.constantFrom('ip', 'IP', 'host', 'Hostname', 'true', 'no', '7', '-5', '50', '51', '1e1', 'abc', 'abcabca'),
  );
  for (const [kind, spec] of Object.entries(specs)) {
    it(kind, () => {
      fc.assert(fc.property(raw, (input) => {
        const parsed = spec.parse(input);
        if (parsed.ok && parsed.value !== undefined) expect(spec.valueSchema.safeParse(parsed.value).success).toBe(true);
        if (!parsed.ok) expect(parsed.messages.length).toBeGreaterThan(0);
      }), { numRuns: 2000 });
    });
  }
});
