// integration.yml: generated from the registry, committed, drift-checked, and valid for XSOAR (demisto-sdk
// integration schema, reference soar-conventions §4.1), with every command/argument/output as the registry says.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRegistry } from '../../src/cli/runtime.js';
import { generatedFiles } from '../../src/cli/gen.js';
import {
  BRAND, BUILTIN_COMMANDS, CONFIGURATION, DOCKER_IMAGE, argumentsOf, buildIntegration, defaultValueText, renderIntegration, shimSource,
  SHIM_SOURCE_PATH, type IntegrationDoc,
} from '../../src/xsoar/integration.js';
import { REPO_ROOT, pythonVersion } from './helpers.js';
import { OFFICIAL_COMMANDS, OFFICIAL_INTEGRATION_IDS } from './official-pack.js';

const registry = createRegistry();
const committedText = (path: string) => {
  try {
    return readFileSync(join(REPO_ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
};
const committed = () => parse(committedText('integration.yml') ?? '', { version: '1.1' }) as IntegrationDoc;

function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}: committed ${JSON.stringify(al[i] ?? '<end of file>')}, gen writes ${JSON.stringify(bl[i] ?? '<end of file>')}`;
  }
  return 'no difference';
}

describe('generated files are up to date', () => {
  for (const file of generatedFiles(registry)) {
    it(`${file.path} is what gen writes`, () => {
      const current = committedText(file.path);
      if (current !== file.content) {
        expect.fail(`${file.path} is out of date: run ./bin/darktrace-soar gen (and commit the result). `
          + (current === undefined ? 'The file does not exist.' : `First difference at ${firstDifference(current, file.content)}`));
      }
    });
  }
});

describe('integration.yml schema', () => {
  const doc = buildIntegration(registry);

  it('has the demisto-sdk top-level fields', () => {
    expect(doc.commonfields).toEqual({ id: BRAND, version: -1 });
    expect(doc.name).toBe('DarktraceSOAR');
    expect(doc.display).toBe('Darktrace SOAR');
    expect(doc.category).toBe('Network Security');
    expect(typeof doc.description).toBe('string');
    expect(doc.description.length).toBeGreaterThan(20);
    expect(Array.isArray(doc.configuration)).toBe(true);
    expect(doc.script).toMatchObject({ type: 'python', subtype: 'python3', isfetch: true });
    expect(doc.script.dockerimage).toMatch(/^demisto\/python3:\d+\.\d+\.\d+\.\d+$/);
  });

  it('has the seed integration\'s params plus the plugin connection and the fetch extras', () => {
    const names = doc.configuration.map((p) => p.name);
    expect(names).toEqual([
      'url', 'credentials', 'plugin_url', 'plugin_api_key', 'insecure', 'proxy',
      'isFetch', 'incidentType', 'incidentFetchInterval', 'fetch_sources', 'min_score', 'min_group_score', 'max_fetch', 'first_fetch', 'look_back',
      'isFetchEvents', 'eventFetchInterval', 'event_sources', 'snapshot_interval',
    ]);
    const param = (name: string) => doc.configuration.find((p) => p.name === name)!;
    expect(param('url')).toMatchObject({ type: 0, required: true });
    expect(param('credentials')).toMatchObject({ type: 9, required: true, display: 'Public API Token', displaypassword: 'Private API Token' });
    expect(param('plugin_url')).toMatchObject({ type: 0, required: true });
    expect(param('plugin_api_key')).toMatchObject({ type: 9, hiddenusername: true, required: true });
    expect(param('plugin_api_key').displaypassword).toBeTruthy();
    expect(param('insecure')).toMatchObject({ type: 8, display: 'Trust any certificate (not secure)' });
    expect(param('proxy')).toMatchObject({ type: 8, display: 'Use system proxy settings' });
    expect(param('isFetch')).toMatchObject({ type: 8 });
    expect(param('incidentType')).toMatchObject({ type: 13 });
    expect(param('incidentFetchInterval')).toMatchObject({ type: 19, defaultvalue: '1' });
    expect(param('fetch_sources')).toMatchObject({ type: 16, defaultvalue: 'model-breaches', options: ['model-breaches', 'ai-analyst', 'respond-actions'] });
    expect(param('min_score')).toMatchObject({ type: 0, defaultvalue: '0' });
    expect(param('min_group_score')).toMatchObject({ type: 0, defaultvalue: '0' });
    expect(param('isFetchEvents')).toMatchObject({ type: 8 });
    expect(param('event_sources')).toMatchObject({ type: 16, defaultvalue: 'model-breaches,ai-analyst,respond-actions,status,summary-statistics' });
    expect(param('snapshot_interval')).toMatchObject({ type: 0, defaultvalue: '60' });
    expect(param('max_fetch')).toMatchObject({ type: 0, defaultvalue: '50' });
    expect(param('first_fetch')).toMatchObject({ type: 0, defaultvalue: '3 days' }); // the plugin's default too (one declaration)
    expect(param('look_back')).toMatchObject({ type: 0, defaultvalue: '10' });
    for (const p of doc.configuration) {
      expect(p.display ?? p.displaypassword, p.name).toBeTruthy();
      if (p.defaultvalue !== undefined) expect(typeof p.defaultvalue, p.name).toBe('string');
      expect(['Connect', 'Collect']).toContain(p.section);
    }
    expect(doc.sectionorder).toEqual(['Connect', 'Collect']);
    expect(CONFIGURATION).toHaveLength(doc.configuration.length);
  });

  it('embeds the shim with the read-only commands filled in', () => {
    const source = readFileSync(SHIM_SOURCE_PATH, 'utf8');
    expect(doc.script.script).toBe(shimSource(registry, source));
    expect(doc.script.script).not.toMatch(/# generated$/m);
    expect(doc.script.script).toContain("'darktrace-get-similar-devices': {'maxResults': ('max_results', '5')},");
    for (const command of registry.list()) {
      if (BUILTIN_COMMANDS.includes(command.name)) continue;
      const listed = doc.script.script.includes(`    '${command.name}',`);
      expect(listed, command.name).toBe(command.access === 'read');
    }
    // Stdlib only: the imports are the standard library plus XSOAR's own modules.
    const imports = [...doc.script.script.matchAll(/^(?:import (\S+)|from (\S+) import)/gm)].map((m) => (m[1] ?? m[2]).split('.')[0]);
    expect(new Set(imports)).toEqual(new Set(['http', 'json', 'socket', 'ssl', 'time', 'urllib', 'demistomock', 'CommonServerPython']));
  });

  it('round-trips through a YAML 1.1 parser unchanged (yes/no/on/off and numbers stay strings)', () => {
    const text = renderIntegration(registry);
    expect(parse(text, { version: '1.1' })).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  const python = pythonVersion();
  const pyyaml = python && spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!pyyaml)('loads with PyYAML (YAML 1.1, as XSOAR\'s Python tooling reads it) to the same document', () => {
    const load = spawnSync('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
      input: renderIntegration(registry), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    expect(load.status, load.stderr).toBe(0);
    expect(JSON.parse(load.stdout)).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe('integration.yml commands match the registry', () => {
  const doc = committedText('integration.yml') === undefined ? buildIntegration(registry) : committed();
  const byName = new Map(doc.script.commands.map((c) => [c.name, c]));

  it('lists every registry command except XSOAR\'s built-in ones, in registry order', () => {
    const expected = registry.list().map((c) => c.name).filter((n) => !BUILTIN_COMMANDS.includes(n));
    expect(doc.script.commands.map((c) => c.name)).toEqual(expected);
    for (const builtin of BUILTIN_COMMANDS) expect(byName.has(builtin)).toBe(false);
    expect(expected.length).toBeGreaterThan(0);
  });

  for (const command of registry.list().filter((c) => !BUILTIN_COMMANDS.includes(c.name))) {
    it(`${command.name}: description, execution, arguments and outputs`, () => {
      const yml = byName.get(command.name);
      expect(yml, `${command.name} is missing from integration.yml: run ./bin/darktrace-soar gen`).toBeDefined();
      expect(command.name).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(yml!.description).toBe(command.description);
      expect(yml!.execution ?? false).toBe(command.access !== 'read');

      // Each argument, then its aliases (deprecated), from the registry's alias lists.
      expect(yml!.arguments.map((a) => a.name)).toEqual(Object.entries(command.args).flatMap(([name, spec]) => [name, ...spec.aliases]));
      expect(yml!.arguments).toEqual(argumentsOf(command));
      const canonicalOf = new Map(Object.entries(command.args).flatMap(([name, spec]) => spec.aliases.map((alias) => [alias, name] as const)));
      for (const alias of yml!.arguments.filter((a) => canonicalOf.has(a.name))) {
        const name = canonicalOf.get(alias.name)!;
        const spec = command.args[name];
        expect(alias, alias.name).toMatchObject({ deprecated: true, required: false, description: `Deprecated: use ${name}. ${spec.description}` });
        expect(alias.defaultValue, `${alias.name}: XSOAR would send a default beside ${name}'s`).toBeUndefined();
        expect(alias.predefined, alias.name).toEqual(spec.predefined ? [...spec.predefined] : undefined);
      }
      for (const arg of yml!.arguments.filter((a) => !canonicalOf.has(a.name))) {
        const spec = command.args[arg.name];
        expect(arg.deprecated, arg.name).toBeUndefined();
        // Required with an old name: not required in the yml (XSOAR would stop an old playbook's call), said in words.
        const oneOf = spec.required && spec.aliases.length > 0;
        expect(arg.description, arg.name).toBe(oneOf ? `${spec.description} Required (this or ${spec.aliases.join(' or ')}).` : spec.description);
        expect(arg.required, arg.name).toBe(spec.required && !oneOf);
        expect(arg.isArray ?? false, arg.name).toBe(spec.isArray);
        expect(arg.defaultValue, arg.name).toBe(defaultValueText(spec.default));
        if (arg.defaultValue !== undefined) expect(typeof arg.defaultValue).toBe('string');
        if (spec.predefined) {
          expect(arg.auto, arg.name).toBe('PREDEFINED');
          expect(arg.predefined, arg.name).toEqual([...spec.predefined]);
          if (arg.defaultValue !== undefined) expect(arg.predefined).toContain(arg.defaultValue);
        } else {
          expect(arg.auto, arg.name).toBeUndefined();
        }
        expect(arg.secret ?? false, arg.name).toBe(spec.secret);
        // A required argument with a default would never be asked for.
        if (spec.required) expect(arg.defaultValue, arg.name).toBeUndefined();
      }
      // Every declared value the plugin accepts: defaults parse with the registry's own coercion.
      const defaults = Object.fromEntries(yml!.arguments.filter((a) => a.defaultValue !== undefined).map((a) => [a.name, a.defaultValue]));
      for (const arg of yml!.arguments) if (!canonicalOf.has(arg.name)) expect(command.args[arg.name], arg.name).toBeDefined();
      const required = Object.fromEntries(yml!.arguments.filter((a) => a.required).map((a) => [a.name, undefined]));
      const parsed = registry.parseArgs(command.name, { ...defaults, ...required });
      if (!parsed.ok) for (const e of parsed.errors) expect(e.message).toMatch(/is required|required/);

      expect(yml!.outputs).toEqual((command.outputs ?? []).map((o) => ({ contextPath: o.contextPath, type: o.type, description: o.description })));
      for (const output of yml!.outputs) {
        expect(output.contextPath).toMatch(/^Darktrace\.[A-Za-z]+(\.[A-Za-z0-9_]+)*$/);
        expect(['String', 'Number', 'Boolean', 'Date', 'Unknown']).toContain(output.type);
        expect(output.description.length).toBeGreaterThan(0);
      }
    });
  }
});

// The findings of issue 16 that demisto-sdk validate reports on integration.yml, one test per validator code;
// each would fail again if its finding came back. Rule sources: demisto/demisto-sdk
// demisto_sdk/commands/validate/validators/ST_validators/ST111_no_exclusions_schema.py (33035a45) and
// demisto_sdk/commands/content_graph/strict_objects/integration.py (7d686b45).
describe('demisto-sdk validate rules on integration.yml', () => {
  const text = committedText('integration.yml') ?? renderIntegration(registry);
  const doc = parse(text, { version: '1.1' }) as IntegrationDoc & Record<string, unknown>;
  const param = (name: string) => doc.configuration.find((p) => p.name === name);

  it('ST111: sectionorder under that exact key (alone), every parameter in one of its sections', () => {
    expect(text).toMatch(/^sectionorder:\n {2}- Connect\n {2}- Collect\n/m);
    expect(doc.sectionorder).toEqual(['Connect', 'Collect']);
    // With both keys the strict model's merge fails; camelCase alone is not what ST111 asks for.
    expect(Object.keys(doc)).not.toContain('sectionOrder');
    for (const section of doc.sectionorder) expect(['Connect', 'Collect', 'Optimize', 'Mirroring']).toContain(section);
    for (const p of doc.configuration) expect(doc.sectionorder, p.name).toContain(p.section);
  });

  it('IN126: the fetch limit parameter is max_fetch; its old name max_alerts is not declared, only read (shim PARAM_ALIASES)', () => {
    expect(param('max_fetch')).toMatchObject({ type: 0, required: false, defaultvalue: '50', section: 'Collect' });
    expect(param('max_alerts')).toBeUndefined();
    expect(doc.script.script).toContain("PARAM_ALIASES = {'max_fetch': ('max_alerts',)}");
  });

  it('IN145: the API token pair is one type-9 credentials parameter (identifier = public, password = private)', () => {
    expect(param('credentials')).toEqual({
      name: 'credentials', display: 'Public API Token', displaypassword: 'Private API Token', type: 9, required: true, section: 'Connect',
      additionalinfo: expect.stringMatching(/public token as the user name, the private token as the password/),
    });
    // No token as a plain (type 4) parameter, under any of the names older configurations use.
    for (const old of ['public_api_token', 'private_api_token', 'publicApiKey', 'privateApiKey', 'public_creds', 'private_creds']) expect(param(old), old).toBeUndefined();
    expect(doc.configuration.filter((p) => p.type === 4)).toEqual([]);
  });

  it('GR105: the integration id and name are DarktraceSOAR, none of the official Darktrace pack\'s ids', () => {
    expect(doc.commonfields.id).toBe('DarktraceSOAR');
    expect(doc.name).toBe('DarktraceSOAR');
    expect(BRAND).toBe('DarktraceSOAR');
    for (const official of OFFICIAL_INTEGRATION_IDS) {
      expect(doc.commonfields.id).not.toBe(official);
      expect(doc.name).not.toBe(official);
    }
  });

  it('DO106: the docker image is demisto/python3 at the current tag chosen from demisto/content, not an older one', () => {
    expect(doc.script.dockerimage).toBe(DOCKER_IMAGE);
    const m = /^demisto\/python3:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(doc.script.dockerimage);
    expect(m, doc.script.dockerimage).not.toBeNull();
    const version = m!.slice(1).map(Number);
    const chosen = [3, 12, 8, 1983910]; // DarktraceASMRisk.yml at 47d7d6ba (see DOCKER_IMAGE)
    const cmp = version.map((v, i) => v - chosen[i]).find((d) => d !== 0) ?? 0;
    expect(cmp, `${doc.script.dockerimage} is older than demisto/python3:${chosen.join('.')}`).toBeGreaterThanOrEqual(0);
  });
});

// Every argument name of the official integrations' same-named commands reaches the plugin from an old playbook:
// declared (XSOAR drops undeclared arguments), never required under a new name only, mapped by the registry.
describe('official argument names (DarktraceAdmin, DarktraceMBs, legacy Darktrace)', () => {
  const doc = committedText('integration.yml') === undefined ? buildIntegration(registry) : committed();
  for (const official of OFFICIAL_COMMANDS) {
    it(`${official.integration} ${official.command}: every argument declared, no new-name-only required argument`, () => {
      const yml = doc.script.commands.find((c) => c.name === official.command);
      expect(yml, `${official.command} is not in integration.yml`).toBeDefined();
      const declared = new Map(yml!.arguments.map((a) => [a.name, a]));
      const names = official.args.map((a) => a.name);
      for (const name of names) expect(declared.has(name), `${official.command}: ${name} (${official.source}) is not declared`).toBe(true);
      // XSOAR refuses a call that lacks a required argument: every required one must be named as the old call names it.
      for (const arg of yml!.arguments.filter((a) => a.required)) {
        expect(names, `${official.command}: ${arg.name} is required, but an old playbook sends another name`).toContain(arg.name);
      }
      // The registry maps each official name to an argument of the command.
      const command = registry.get(official.command)!;
      const accepted = new Set(Object.entries(command.args).flatMap(([name, spec]) => [name, ...spec.aliases]));
      for (const name of names) expect(accepted.has(name), `${official.command}: ${name}`).toBe(true);
    });

    const defaults = official.args.filter((a) => a.defaultValue !== undefined);
    if (defaults.length === 0) continue;
    it(`${official.integration} ${official.command}: the official defaults (${defaults.map((a) => `${a.name}=${a.defaultValue}`).join(', ')})`, () => {
      const command = registry.get(official.command)!;
      for (const arg of defaults) {
        const [canonical, spec] = Object.entries(command.args).find(([name, s]) => name === arg.name || s.aliases.includes(arg.name))!;
        expect(defaultValueText(spec.default), `${official.command}: ${arg.name} (${canonical})`).toBe(arg.defaultValue);
      }
    });
  }
});
