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
  BRAND, BUILTIN_COMMANDS, CONFIGURATION, buildIntegration, defaultValueText, renderIntegration, shimSource, SHIM_SOURCE_PATH,
  type IntegrationDoc,
} from '../../src/xsoar/integration.js';
import { REPO_ROOT, pythonVersion } from './helpers.js';

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
    expect(doc.name).toBe('Darktrace');
    expect(doc.display).toMatch(/Darktrace/);
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
      'url', 'public_api_token', 'private_api_token', 'plugin_url', 'plugin_api_key', 'insecure', 'proxy',
      'isFetch', 'incidentType', 'incidentFetchInterval', 'fetch_sources', 'min_score', 'min_group_score', 'max_alerts', 'first_fetch', 'look_back',
      'isFetchEvents', 'eventFetchInterval', 'event_sources', 'snapshot_interval',
    ]);
    const param = (name: string) => doc.configuration.find((p) => p.name === name)!;
    expect(param('url')).toMatchObject({ type: 0, required: true });
    expect(param('public_api_token')).toMatchObject({ type: 4, required: true });
    expect(param('private_api_token')).toMatchObject({ type: 4, required: true });
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
    expect(param('max_alerts')).toMatchObject({ type: 0, defaultvalue: '50' });
    expect(param('first_fetch')).toMatchObject({ type: 0, defaultvalue: '3 days' }); // the plugin's default too (one declaration)
    expect(param('look_back')).toMatchObject({ type: 0, defaultvalue: '10' });
    for (const p of doc.configuration) {
      expect(p.display ?? p.displaypassword, p.name).toBeTruthy();
      if (p.defaultvalue !== undefined) expect(typeof p.defaultvalue, p.name).toBe('string');
      expect(['Connect', 'Collect']).toContain(p.section);
    }
    expect(doc.sectionOrder).toEqual(['Connect', 'Collect']);
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

      expect(yml!.arguments.map((a) => a.name)).toEqual(Object.keys(command.args));
      for (const arg of yml!.arguments) {
        const spec = command.args[arg.name];
        expect(arg.description, arg.name).toBe(spec.description);
        expect(arg.required, arg.name).toBe(spec.required);
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
