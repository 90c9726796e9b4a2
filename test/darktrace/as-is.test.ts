import { isDeepStrictEqual } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acceptsAsIs, canAcceptAsIs, isComplete } from '../../src/darktrace/as-is.js';
import { ENDPOINTS as resources } from '../../src/darktrace/resources/index.js';

// Schemas built from the pieces the resources use (and a few they do not), values close enough to match some.
const schema: fc.Arbitrary<z.ZodType> = fc.letrec<{ s: z.ZodType }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<z.ZodType>(
      z.string(), z.number(), z.number().int(), z.string().max(2), z.string().regex(/^a/), z.boolean(), z.null(), z.unknown(),
      z.literal('a'), z.enum(['a', 'b']), z.undefined(), z.any(), z.string().trim(), z.string().transform((t) => t.length), z.number().default(3),
    ),
    tie('s').map((s) => s.optional()),
    tie('s').map((s) => s.nullable()),
    tie('s').map((s) => s.nullish()),
    tie('s').map((s) => z.array(s)),
    tie('s').map((s) => z.array(s).max(1)),
    tie('s').map((s) => z.record(z.string(), s)),
    fc.record({ a: tie('s'), b: tie('s') }, { requiredKeys: [] }).chain((shape) =>
      fc.constantFrom<z.ZodType>(z.object(shape), z.looseObject(shape), z.strictObject(shape), z.object(shape).catchall(z.number()))),
    fc.array(tie('s'), { minLength: 2, maxLength: 3 }).map((options) => z.union(options as [z.ZodType, z.ZodType])),
  ),
})).s;

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, 1.5, -2, 2 ** 60, 'a', 'b', ' a', 'abc', ''),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__'), tie('v'), { maxKeys: 3 }).map((d) => JSON.parse(JSON.stringify(d))),
  ),
})).v;

describe('acceptsAsIs: the plain test never says yes where zod would say no or change the value', () => {
  it('on generated schemas and values (sound; and complete where it says it is)', () => {
    fc.assert(fc.property(schema, value, (s, v) => {
      const asIs = acceptsAsIs(s)(v);
      const parsed = s.safeParse(v);
      if (asIs) {
        expect(parsed.success).toBe(true);
        // zod drops an own __proto__ key; the value keeps it (the one documented difference).
        if (!JSON.stringify(v).includes('__proto__')) expect(isDeepStrictEqual(parsed.data, v)).toBe(true);
      }
      if (isComplete(s)) expect(asIs).toBe(parsed.success);
    }), { numRuns: 5000 });
  });

  it('lets valid captured answers through as they are (the fast path is the one taken)', () => {
    const dir = new URL('../../src/emulator/fixtures/', import.meta.url);
    const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
    let asIs = 0;
    for (const endpoint of Object.values(resources)) {
      const response = (endpoint as { response?: z.ZodType }).response;
      if (!response || !canAcceptAsIs(response)) continue;
      for (const fixture of fixtures) {
        const ok = acceptsAsIs(response)(fixture);
        if (ok) asIs++;
        const parsed = response.safeParse(fixture);
        if (ok) expect(parsed.success).toBe(true);
      }
    }
    expect(asIs).toBeGreaterThan(10);
  });

  it('answers the similar-devices and connection-info fixtures as they are', () => {
    const fx = (n: string) => JSON.parse(readFileSync(new URL(`../../src/emulator/fixtures/${n}`, import.meta.url), 'utf8'));
    expect(acceptsAsIs(resources.similarDevices.response)(fx('similar_devices.json'))).toBe(true);
    expect(acceptsAsIs(resources.deviceInfo.response)(fx('conn_info.json'))).toBe(true);
    expect(acceptsAsIs(resources.deviceInfo.response)({ deviceInfo: [{ did: 'x' }] })).toBe(false);
  });
});
