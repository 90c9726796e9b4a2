// The XSOAR content pack (pack/DarktraceSOAR/, `gen pack`): the committed folder is what gen writes; every file
// passes the JSON-Schema equivalents of demisto-sdk's schemas (test/xsoar/schemas/, each naming the file and
// commit it is equivalent to); and one test per content-validation finding of issue 16 that this pack owns:
// DS104, IM100, BA124, RM109, RM110, RM116. Plus the uploadable zip and `gen pack --check`'s behaviour.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packDifferences, runPack, writePack } from '../../src/cli/gen-pack.js';
import { createRegistry } from '../../src/cli/runtime.js';
import { integrationCommands, shimSource } from '../../src/xsoar/integration.js';
import { parsePlaybook } from '../../src/xsoar/playbook.js';
import { PACK_DIR, PACK_NAME, packFiles, zipFiles, type PackFile } from '../../src/xsoar/pack/index.js';
import { CLASSIFIER_ID, MAPPER_ID } from '../../src/xsoar/pack/incident-definitions.js';
import { INTEGRATION_DIR } from '../../src/xsoar/pack/integration-folder.js';
import { playbookSvg, renderPlaybookPng } from '../../src/xsoar/pack/render-png.js';
import { zipPack } from '../../src/xsoar/pack/zip.js';
import { FAKE_DIR, REPO_ROOT, pythonVersion } from './helpers.js';

const registry = createRegistry();
const files = packFiles(registry);
const byPath = new Map(files.map((f) => [f.path, f]));
const text = (path: string): string => {
  const file = byPath.get(path);
  if (!file) throw new Error(`the pack has no ${path}`);
  if (typeof file.content !== 'string') throw new Error(`${path} is binary`);
  return file.content;
};
const bytes = (path: string): Uint8Array => {
  const file = byPath.get(path);
  if (!file || typeof file.content === 'string') throw new Error(`the pack has no binary ${path}`);
  return file.content;
};
const under = (folder: string, suffix: string) => files.filter((f) => f.path.startsWith(`${folder}/`) && f.path.endsWith(suffix)).map((f) => f.path);
const yml = (path: string) => parse(text(path), { version: '1.1' }) as Record<string, unknown>;
const json = (path: string) => JSON.parse(text(path)) as Record<string, unknown>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Width and height from a PNG's IHDR chunk (after checking the signature and the chunk's name). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.slice(0, 8)], 'PNG signature').toEqual(PNG_SIGNATURE);
  expect(Buffer.from(png.slice(12, 16)).toString('latin1')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const INTEGRATION_YML = `${INTEGRATION_DIR}/${PACK_NAME}.yml`;
const PLAYBOOKS = under('Playbooks', '.yml');

describe('the committed pack folder', () => {
  it(`${PACK_DIR} is what gen pack writes`, () => {
    const differences = packDifferences(registry, REPO_ROOT, files);
    if (differences.length) expect.fail(`${differences[0]!.path} ${differences[0]!.problem} — run ./bin/darktrace-soar gen pack and commit (${differences.length} differences)`);
  });

  it('has the layout of a content-repository pack', () => {
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining([
      'pack_metadata.json', 'README.md', 'ReleaseNotes/1_0_0.md',
      INTEGRATION_YML, `${INTEGRATION_DIR}/${PACK_NAME}.py`, `${INTEGRATION_DIR}/${PACK_NAME}_test.py`,
      `${INTEGRATION_DIR}/${PACK_NAME}_description.md`, `${INTEGRATION_DIR}/${PACK_NAME}_image.png`, `${INTEGRATION_DIR}/README.md`,
      `Classifiers/classifier-${PACK_NAME}.json`, `Classifiers/classifier-mapper-incoming-${PACK_NAME}.json`,
      'IncidentTypes/incidenttype-Darktrace_Model_Breach.json', 'IncidentTypes/incidenttype-Darktrace_AI_Analyst_Event.json',
      'IncidentTypes/incidenttype-Darktrace_RESPOND_Action.json',
      'Layouts/layoutscontainer-Darktrace_Model_Breach.json', 'Layouts/layoutscontainer-Darktrace_AI_Analyst_Event.json',
      'Layouts/layoutscontainer-Darktrace_RESPOND_Action.json',
    ]));
    expect(PLAYBOOKS.map((p) => p.slice('Playbooks/'.length)))
      .toEqual(readdirSync(join(REPO_ROOT, 'playbooks')).filter((f) => f.endsWith('.yml')).sort());
  });

  it('the integration is the registry\'s, split: the code is the generated shim in the .py file', () => {
    const doc = yml(INTEGRATION_YML) as { script: { script: string; commands: Array<{ name: string }> }; defaultclassifier: string; defaultmapperin: string };
    expect(doc.script.script).toBe('');
    expect(text(`${INTEGRATION_DIR}/${PACK_NAME}.py`)).toBe(shimSource(registry));
    expect(doc.script.commands.map((c) => c.name)).toEqual(integrationCommands(registry).map((c) => c.name));
    expect(doc.defaultclassifier).toBe(CLASSIFIER_ID);
    expect(doc.defaultmapperin).toBe(MAPPER_ID);
  });
});

describe('every pack file passes its demisto-sdk schema (JSON-Schema equivalents)', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const schemas = new Map<string, ValidateFunction>();
  const schema = (name: string) => {
    if (!schemas.has(name)) {
      const source = JSON.parse(readFileSync(join(REPO_ROOT, 'test/xsoar/schemas', `${name}.schema.json`), 'utf8')) as { $comment: string };
      expect(source.$comment).toMatch(/^Equivalent of demisto\/demisto-sdk demisto_sdk\/commands\/common\/schemas\/[a-z_]+\.yml at commit [0-9a-f]{40}\./);
      schemas.set(name, ajv.compile(source));
    }
    return schemas.get(name)!;
  };
  const cases: Array<[path: string, schema: string, doc: () => unknown]> = [
    ['pack_metadata.json', 'pack_metadata', () => json('pack_metadata.json')],
    [INTEGRATION_YML, 'integration', () => yml(INTEGRATION_YML)],
    ...PLAYBOOKS.map((p) => [p, 'playbook', () => yml(p)] as [string, string, () => unknown]),
    ...under('IncidentTypes', '.json').map((p) => [p, 'incidenttype', () => json(p)] as [string, string, () => unknown]),
    ...under('IncidentFields', '.json').map((p) => [p, 'incidentfield', () => json(p)] as [string, string, () => unknown]),
    [`Classifiers/classifier-${PACK_NAME}.json`, 'classifier', () => json(`Classifiers/classifier-${PACK_NAME}.json`)],
    [`Classifiers/classifier-mapper-incoming-${PACK_NAME}.json`, 'mapper', () => json(`Classifiers/classifier-mapper-incoming-${PACK_NAME}.json`)],
    ...under('Layouts', '.json').map((p) => [p, 'layoutscontainer', () => json(p)] as [string, string, () => unknown]),
  ];
  for (const [path, name, doc] of cases) {
    it(`${path} (${name})`, () => {
      const validate = schema(name);
      const ok = validate(doc());
      expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`)).toEqual([]);
    });
  }

  it(`the zip's unified Integrations/integration-${PACK_NAME}.yml (integration)`, () => {
    const unified = zipFiles(registry, files).find((f) => f.path === `Integrations/integration-${PACK_NAME}.yml`)!;
    const validate = schema('integration');
    const ok = validate(parse(String(unified.content), { version: '1.1' }));
    expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`)).toEqual([]);
  });

  it('the schemas are not lenient: an unknown key, a missing required key and a wrong type are rejected', () => {
    const doc = yml(INTEGRATION_YML);
    expect(schema('integration')({ ...doc, sectionorderr: ['Connect'] })).toBe(false);
    const { category: _category, ...noCategory } = doc;
    expect(schema('integration')(noCategory)).toBe(false);
    const field = json(under('IncidentFields', '.json')[0]!);
    expect(schema('incidentfield')({ ...field, hidden: 'no' })).toBe(false);
    expect(schema('layoutscontainer')({ ...json(under('Layouts', '.json')[0]!), group: 'case' })).toBe(false);
  });

  it('every file of the pack is covered by a schema or a validator test below', () => {
    const checked = new Set(cases.map(([p]) => p));
    const other = files.map((f) => f.path).filter((p) => !checked.has(p));
    expect(other.every((p) => /\.(md|png|py)$/.test(p)), other.join(', ')).toBe(true);
  });
});

describe('content validation findings (issue 16)', () => {
  it('DS104: the integration has <Name>_description.md, and the yml carries no detaileddescription of its own', () => {
    const description = text(`${INTEGRATION_DIR}/${PACK_NAME}_description.md`);
    expect(description.length).toBeGreaterThan(200);
    expect(description).toMatch(/Darktrace SOAR plugin/);
    expect(yml(INTEGRATION_YML)).not.toHaveProperty('detaileddescription');
  });

  it('IM100: the integration has <Name>_image.png, a real PNG of 120×50, and no embedded image in the yml', () => {
    const png = bytes(`${INTEGRATION_DIR}/${PACK_NAME}_image.png`);
    expect(pngSize(png)).toEqual({ width: 120, height: 50 });
    expect(png.length).toBeGreaterThan(500);
    expect(png.length).toBeLessThan(10 * 1024); // XSOAR's limit for an integration image
    expect(yml(INTEGRATION_YML)).not.toHaveProperty('image');
  });

  const python = pythonVersion();
  if (!python) console.warn('\n*** python3 NOT FOUND: BA124 (the shim\'s unit tests in the pack) is SKIPPED. Install python3 to run it. ***\n');
  const workDirs: string[] = [];
  afterAll(() => { for (const dir of workDirs) rmSync(dir, { recursive: true, force: true }); });

  it.skipIf(!python)('BA124: the integration has <Name>_test.py, and it passes against the generated shim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-pack-ba124-'));
    workDirs.push(dir);
    for (const f of files.filter((f) => f.path.startsWith(`${INTEGRATION_DIR}/`) && f.path.endsWith('.py'))) {
      writeFileSync(join(dir, f.path.slice(INTEGRATION_DIR.length + 1)), f.content);
    }
    const run = spawnSync('python3', ['-m', 'unittest', '-v', `${PACK_NAME}_test`], {
      cwd: dir, encoding: 'utf8', timeout: 120_000,
      env: { PATH: process.env.PATH ?? '', PYTHONPATH: FAKE_DIR, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const ran = /^Ran (\d+) tests? in /m.exec(run.stderr);
    expect(Number(ran?.[1]), run.stderr).toBeGreaterThanOrEqual(15);
    expect(run.stderr).toMatch(/^OK$/m);
    expect(run.stderr).not.toMatch(/skipped/);
  });

  it.skipIf(!python)('BA124: the shim\'s unit tests fail when the shim is broken (they test it, not themselves)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-pack-ba124-broken-'));
    workDirs.push(dir);
    writeFileSync(join(dir, `${PACK_NAME}_test.py`), text(`${INTEGRATION_DIR}/${PACK_NAME}_test.py`));
    // The retry policy inverted: execution commands retried on 503.
    const broken = text(`${INTEGRATION_DIR}/${PACK_NAME}.py`).replace('retry_all=command in READ_ONLY_COMMANDS', 'retry_all=True');
    expect(broken).not.toBe(text(`${INTEGRATION_DIR}/${PACK_NAME}.py`));
    writeFileSync(join(dir, `${PACK_NAME}.py`), broken);
    const run = spawnSync('python3', ['-m', 'unittest', `${PACK_NAME}_test`], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', PYTHONPATH: FAKE_DIR, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/test_execution_command_is_not_retried_on_503/);
  });

  it('RM109: a README for the pack, the integration and every playbook', () => {
    const readmes = ['README.md', `${INTEGRATION_DIR}/README.md`, ...PLAYBOOKS.map((p) => p.replace(/\.yml$/, '_README.md'))];
    for (const path of readmes) {
      expect(text(path).length, path).toBeGreaterThan(300);
      expect(text(path)).toMatch(/^# \S/);
    }
    for (const path of PLAYBOOKS) expect(text(path.replace(/\.yml$/, '_README.md'))).toContain(`# ${String(yml(path).name)}`);
  });

  it('RM110: every registry command is in the integration README, with each of its arguments and outputs', () => {
    const readme = text(`${INTEGRATION_DIR}/README.md`);
    const sections = readme.split(/^### /m).slice(1);
    const byName = new Map(sections.map((s) => [s.split('\n')[0]!.trim(), s]));
    const doc = yml(INTEGRATION_YML) as { script: { commands: Array<{ name: string; arguments: Array<{ name: string }>; outputs: Array<{ contextPath: string }> }> } };
    for (const command of integrationCommands(registry)) {
      const section = byName.get(command.name);
      expect(section, `${command.name} has a section`).toBeDefined();
      expect(section).toContain(`\`${command.name}\``);
      const declared = doc.script.commands.find((c) => c.name === command.name)!;
      for (const arg of declared.arguments) expect(section, `${command.name} ${arg.name}`).toMatch(new RegExp(`^\\| ${arg.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(deprecated\\))? \\|`, 'm'));
      for (const out of declared.outputs) expect(section, `${command.name} ${out.contextPath}`).toContain(`| ${out.contextPath} |`);
    }
    expect(byName.size).toBe(integrationCommands(registry).length);
  });

  it('RM116: every playbook has an image: a PNG of its task graph, referenced by its README', () => {
    const digests = new Set<string>();
    for (const path of PLAYBOOKS) {
      const image = path.replace(/\.yml$/, '.png');
      const png = bytes(image);
      const { width, height } = pngSize(png);
      expect(width).toBeGreaterThanOrEqual(300);
      expect(height).toBeGreaterThanOrEqual(300);
      expect(png.length).toBeGreaterThan(10 * 1024);
      digests.add(Buffer.from(png).toString('base64'));
      expect(text(path.replace(/\.yml$/, '_README.md'))).toContain(`](${image.slice('Playbooks/'.length)})`);
      // The picture is the graph: a box per task with its name, an arrow per nexttasks edge.
      const playbook = parsePlaybook(text(path));
      const svg = playbookSvg(playbook);
      const tasks = Object.values(playbook.tasks);
      expect(svg.match(/<rect [^>]*stroke-width="2"/g)?.length).toBe(tasks.length);
      const edges = tasks.reduce((n, t) => n + Object.values(t.nexttasks ?? {}).reduce((m, list) => m + list.length, 0), 0);
      expect(svg.match(/marker-end="url\(#arrow\)"/g)?.length).toBe(edges);
      for (const task of tasks.filter((t) => t.type !== 'start')) {
        const firstWord = task.task.name.trim().split(/\s+/)[0]!;
        expect(svg, task.task.name).toContain(firstWord.replace(/&/g, '&amp;'));
      }
      expect(Buffer.from(renderPlaybookPng(playbook)).equals(Buffer.from(png)), `${image} renders to the same bytes again`).toBe(true);
    }
    expect(digests.size).toBe(PLAYBOOKS.length);
  });

  it('the incident types\' playbooks and layouts, and the integration\'s classifier and mapper, are in the pack', () => {
    const playbookIds = PLAYBOOKS.map((p) => String(yml(p).id));
    const layoutIds = under('Layouts', '.json').map((p) => String(json(p).id));
    for (const path of under('IncidentTypes', '.json')) {
      const type = json(path) as { playbookId?: string; layout: string };
      if (type.playbookId) expect(playbookIds).toContain(type.playbookId);
      expect(layoutIds).toContain(type.layout);
    }
    expect(String(json(`Classifiers/classifier-${PACK_NAME}.json`).id)).toBe(CLASSIFIER_ID);
    expect(String(json(`Classifiers/classifier-mapper-incoming-${PACK_NAME}.json`).id)).toBe(MAPPER_ID);
  });
});

describe('the uploadable zip', () => {
  const entries = unzipSync(zipPack(zipFiles(registry, files)));
  it('holds the pack with the integration unified (code, description and image embedded)', () => {
    const names = Object.keys(entries).sort();
    expect(names).toContain('pack_metadata.json');
    expect(names).toContain(`Integrations/integration-${PACK_NAME}.yml`);
    expect(names.filter((n) => n.startsWith(`${INTEGRATION_DIR}/`))).toEqual([]);
    const unified = parse(Buffer.from(entries[`Integrations/integration-${PACK_NAME}.yml`]!).toString('utf8'), { version: '1.1' }) as {
      script: { script: string }; image: string; detaileddescription: string;
    };
    expect(unified.script.script).toBe(shimSource(registry));
    expect(unified.image).toBe(`data:image/png;base64,${Buffer.from(bytes(`${INTEGRATION_DIR}/${PACK_NAME}_image.png`)).toString('base64')}`);
    expect(`${unified.detaileddescription.trimEnd()}\n`).toBe(text(`${INTEGRATION_DIR}/${PACK_NAME}_description.md`));
    for (const path of [...PLAYBOOKS, ...under('Layouts', '.json')]) expect(Buffer.from(entries[path]!).toString('utf8')).toBe(text(path));
  });

  it('is byte-identical when built again', () => {
    expect(Buffer.from(zipPack(zipFiles(registry, files))).equals(Buffer.from(zipPack(zipFiles(registry, packFiles(registry)))))).toBe(true);
  });
});

describe('gen pack --check', () => {
  const root = mkdtempSync(join(tmpdir(), 'dt-pack-gen-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const capture = (fn: () => number) => {
    const errors: string[] = [];
    const logs: string[] = [];
    const error = console.error;
    const log = console.log;
    console.error = (...a: unknown[]) => { errors.push(a.join(' ')); };
    console.log = (...a: unknown[]) => { logs.push(a.join(' ')); };
    try {
      return { code: fn(), errors, logs };
    } finally {
      console.error = error;
      console.log = log;
    }
  };

  it('fails naming the first difference, and passes once gen pack has written the folder', () => {
    const missing = capture(() => runPack(registry, root, { check: true, zip: false }));
    expect(missing.code).toBe(1);
    expect(missing.errors[0]).toBe(`${PACK_DIR}/Classifiers/classifier-${PACK_NAME}.json does not exist`);
    expect(writePack(registry, root, files).length).toBe(files.length);
    const fresh = capture(() => runPack(registry, root, { check: true, zip: false }));
    expect(fresh).toMatchObject({ code: 0, errors: [] });
    expect(fresh.logs).toEqual([`${PACK_DIR}: up to date (${files.length} files)`]);
  });

  it('reports an edited file by its first differing line, and a file gen does not make', () => {
    writePack(registry, root, files);
    const target = join(root, PACK_DIR, 'README.md');
    const lines = readFileSync(target, 'utf8').split('\n');
    writeFileSync(target, [lines[0], 'edited by hand', ...lines.slice(2)].join('\n'));
    const extra = join(root, PACK_DIR, 'Playbooks/playbook-Old.yml');
    mkdirSync(dirname(extra), { recursive: true });
    writeFileSync(extra, 'id: Old\n');
    const stale = capture(() => runPack(registry, root, { check: true, zip: false }));
    expect(stale.code).toBe(1);
    expect(stale.errors[0]).toBe(`${PACK_DIR}/Playbooks/playbook-Old.yml is not generated any more (gen removes it)`);
    expect(packDifferences(registry, root, files).map((d) => `${d.path} ${d.problem}`)).toEqual([
      `${PACK_DIR}/Playbooks/playbook-Old.yml is not generated any more (gen removes it)`,
      `${PACK_DIR}/README.md differs: line 2: committed "edited by hand", gen writes ${JSON.stringify(lines[1])}`,
    ]);
    writePack(registry, root, files);
    expect(packDifferences(registry, root, files)).toEqual([]);
  });

  it('an edited PNG is a difference too', () => {
    writePack(registry, root, files);
    const image = files.find((f) => f.path.endsWith('_image.png')) as PackFile;
    writeFileSync(join(root, PACK_DIR, image.path), Buffer.from([...PNG_SIGNATURE, 0]));
    expect(packDifferences(registry, root, files)).toEqual([
      { path: `${PACK_DIR}/${image.path}`, problem: `differs: binary content differs (9 bytes committed, gen writes ${(image.content as Uint8Array).length})` },
    ]);
  });
});

describe('./bin/darktrace-soar gen pack (the built CLI)', () => {
  const BIN = join(REPO_ROOT, 'bin/darktrace-soar');
  it('--check passes on the committed pack and names it', () => {
    const run = spawnSync(BIN, ['gen', 'pack', '--check'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${PACK_DIR}: up to date (${files.length} files)\n`);
  });

  it('rejects an unknown option with the usage', () => {
    const run = spawnSync(BIN, ['gen', 'pack', '--zip-only'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')[0]).toBe('gen pack: unexpected argument --zip-only');
  });
});
