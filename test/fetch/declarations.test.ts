// Fetch parameters are declared once (src/fetch: FETCH_PARAMS) and everything else is derived from the
// declarations: the fetch-incidents arguments, test-module's fetch check, the integration.yml instance
// parameters, the shim's forwarded list, the defaults. These tests hold each derived form to the declarations,
// and the two validation paths (the command's argument parsing, parseFetchParams) to each other.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { DEFAULT_FETCH_PARAMS, FETCH_PARAMS, parseFetchParams, type FetchParamSpec } from '../../src/fetch/index.js';
import { buildIntegration, configParamOf, shimSource } from '../../src/xsoar/integration.js';

const registry = createRegistry();
const manifest = (name: string) => registry.manifest().find((c) => c.name === name)!;

describe('the declarations', () => {
  it('are the six fetch parameters, in the order callers see them', () => {
    expect(FETCH_PARAMS.map((p) => p.name)).toEqual(['fetch_sources', 'min_score', 'min_group_score', 'max_fetch', 'first_fetch', 'look_back']);
    // max_fetch: demisto-sdk IN126 and the official packs; max_alerts, the earlier name, still read.
    expect(FETCH_PARAMS.find((p) => p.name === 'max_fetch')!.aliases).toEqual(['max_alerts']);
  });

  it('each default is valid by its own declaration, and they are the engine defaults', () => {
    const defaults = Object.fromEntries(FETCH_PARAMS.map((p) => [p.name, p.default]));
    expect(parseFetchParams(defaults)).toEqual({ ok: true, params: DEFAULT_FETCH_PARAMS });
    expect(DEFAULT_FETCH_PARAMS).toEqual({ fetchSources: ['model-breaches'], minScore: 0, minGroupScore: 0, maxAlerts: 50, firstFetch: '3 days', lookBackMinutes: 10 });
  });

  it('names, keys and aliases never collide', () => {
    const names = FETCH_PARAMS.flatMap((p) => [p.name, ...p.aliases]);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(FETCH_PARAMS.map((p) => p.key)).size).toBe(FETCH_PARAMS.length);
  });
});

describe('derived from them', () => {
  const byName = new Map<string, FetchParamSpec>(FETCH_PARAMS.map((p) => [p.name, p]));

  it('fetch-incidents: one typed argument per parameter, with its description, default, range and aliases', () => {
    const args = manifest('fetch-incidents').args;
    expect(args.map((a) => a.name)).toEqual(FETCH_PARAMS.map((p) => p.name));
    for (const a of args) {
      const spec = byName.get(a.name)!;
      expect(a).toMatchObject({ description: spec.description, default: spec.default, aliases: spec.aliases, required: false });
      expect(a.type).toBe(spec.kind === 'time' ? 'string' : spec.kind === 'choices' ? 'list' : spec.kind);
      if (spec.kind === 'int' || spec.kind === 'number') expect(a.jsonSchema).toMatchObject({ minimum: spec.min, maximum: spec.max });
    }
  });

  it('test-module: isFetch plus the same names and aliases, as text without defaults (checked only when fetching)', () => {
    const args = manifest('test-module').args;
    expect(args.map((a) => a.name)).toEqual(['isFetch', ...FETCH_PARAMS.map((p) => p.name)]);
    for (const a of args.slice(1)) {
      const spec = byName.get(a.name)!;
      expect(a).toMatchObject({ type: 'string', aliases: spec.aliases, required: false });
      expect(a.default).toBeUndefined();
      expect(a.description).toBe(`Fetch (checked when isFetch is true): ${spec.description}`);
    }
  });

  it('integration.yml: the instance parameters, with each default as text', () => {
    const config = buildIntegration(registry).configuration;
    const fetchParams = config.filter((c) => byName.has(c.name));
    expect(fetchParams).toEqual(FETCH_PARAMS.map(configParamOf));
    for (const c of fetchParams) {
      const spec = byName.get(c.name)!;
      expect(c).toMatchObject({ ...spec.integration, defaultvalue: String(spec.default), section: 'Collect' });
    }
    // What XSOAR fills in is what the plugin would use anyway.
    expect(parseFetchParams(Object.fromEntries(fetchParams.map((c) => [c.name, c.defaultvalue])))).toEqual({ ok: true, params: DEFAULT_FETCH_PARAMS });
  });

  it('the shim forwards exactly the declared parameters', () => {
    const script = buildIntegration(registry).script.script;
    expect(script).toContain("FETCH_PARAMS = ('fetch_sources', 'min_score', 'min_group_score', 'max_fetch', 'first_fetch', 'look_back')\n");
    expect(script).toContain("PARAM_ALIASES = {'max_fetch': ('max_alerts',)}\n");
    expect(() => shimSource(registry, 'READ_ONLY_COMMANDS = frozenset()  # generated\nALIASED_DEFAULTS = {}  # generated\n')).toThrow(
      'shim.py: the FETCH_PARAMS marker line is missing',
    );
  });

  it('first_fetch has one default everywhere: 3 days', () => {
    const firstFetch = byName.get('first_fetch')!;
    expect(firstFetch.default).toBe('3 days');
    expect(manifest('fetch-incidents').args.find((a) => a.name === 'first_fetch')!.default).toBe('3 days');
    expect(buildIntegration(registry).configuration.find((c) => c.name === 'first_fetch')!.defaultvalue).toBe('3 days');
    expect(DEFAULT_FETCH_PARAMS.firstFetch).toBe('3 days');
  });
});

describe('the command\'s argument parsing and parseFetchParams agree (property)', () => {
  const NOW = Date.now();
  // Values around every rule: numbers and numeric text (signs, decimals, exponents, spaces), ranges' edges,
  // junk, blanks, booleans, objects, time expressions good and bad.
  const numeric = fc.oneof(
    fc.integer({ min: -5, max: 1500 }),
    fc.double({ min: -10, max: 1500, noNaN: true }),
    fc.constantFrom('0', '1', '50', '100', '101', '1000', '1001', '1440', '1441', '-1', '+5', ' 7 ', '5.0', '2.5', '1e1', '.5', '5.', '0x10', 'abc', '10 items'),
  );
  const raw = fc.oneof(numeric, fc.constantFrom('', ' ', null, true, false, {}, [], '3 days', '2 hours ago', 'yesterday-ish', '2024-01-01', '2099-01-01', '1700000000', '1700000000123'));
  const input = fc.record(
    { min_score: raw, max_alerts: raw, max_fetch: raw, first_fetch: raw, look_back: raw },
    { requiredKeys: [] },
  );

  it('accept and reject the same inputs, name the same parameters, and produce the same values', () => {
    fc.assert(
      fc.property(input, (p) => {
        const viaArgs = registry.parseArgs('fetch-incidents', p);
        const viaParams = parseFetchParams(p, NOW);
        expect(viaParams.ok, JSON.stringify({ p, viaArgs, viaParams })).toBe(viaArgs.ok);
        if (viaArgs.ok && viaParams.ok) {
          // The command's run() hands its parsed args to parseFetchParams: the same values either way.
          expect(parseFetchParams(viaArgs.args, NOW)).toEqual(viaParams);
        } else if (!viaArgs.ok && !viaParams.ok) {
          const paths = (errors: Array<{ path: string }>) => [...new Set(errors.map((e) => e.path))].sort();
          expect(paths(viaParams.errors)).toEqual(paths(viaArgs.errors));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
