// The CLI as a user runs it: ./bin/darktrace-soar from the repository root.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDtDate, signature } from '../../src/darktrace/signing.js';
import { useEmulator } from '../helpers/emulator.js';
import { tempDir } from '../helpers/temp.js';

const BIN = join(import.meta.dirname, '../../bin/darktrace-soar');

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// One emulator for the file: the CLI processes only read from it.
const emulator = useEmulator();

describe('darktrace-soar run / fetch against the emulator', () => {
  let env: Record<string, string>;
  beforeAll(() => {
    env = { DARKTRACE_URL: emulator.url, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private' };
  });

  it('run prints the markdown table', async () => {
    const { code, stdout } = await run(['run', 'darktrace-get-similar-devices', 'did=1', 'max_results=2'], env);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('### Similar devices of device 1');
    expect(lines[1]).toBe('|did|score|hostname|ip|macaddress|vendor|os|typelabel|firstSeen|lastSeen|');
    expect(lines[2]).toBe('|---|---|---|---|---|---|---|---|---|---|');
    expect(lines).toHaveLength(5);
  });

  it('run --json prints the full result', async () => {
    const { code, stdout } = await run(['run', 'darktrace-get-similar-devices', 'did=1', 'max_results=1', '--json'], env);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.results[0].entry.EntryContext).toHaveProperty(['Darktrace.SimilarDevices(val.deviceId && val.deviceId == obj.deviceId)']);
  });

  it('run exits 1 with a clear message on bad input and on upstream errors', async () => {
    const bad = await run(['run', 'darktrace-get-similar-devices', 'did=abc'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('did: expected an integer, got "abc"');
    const creds = await run(['run', 'darktrace-get-similar-devices', 'did=1'], { ...env, DARKTRACE_PRIVATE_TOKEN: 'wrong' });
    expect(creds.code).toBe(1);
    expect(creds.stderr).toContain('Failed to execute darktrace-get-similar-devices command.\nError:\nDarktrace rejected the API credentials (API SIGNATURE ERROR)');
    const unknown = await run(['run', 'darktrace-get-similar-device'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Did you mean "darktrace-get-similar-devices"?');
  });

  it('run without an instance says how to configure one, after reporting bad arguments first', async () => {
    const none = { DARKTRACE_URL: '', DARKTRACE_PUBLIC_TOKEN: '', DARKTRACE_PRIVATE_TOKEN: '' };
    const missing = await run(['run', 'darktrace-get-similar-devices', 'did=1'], none);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('No Darktrace instance: set DARKTRACE_URL, DARKTRACE_PUBLIC_TOKEN and DARKTRACE_PRIVATE_TOKEN (for the emulator: ./bin/darktrace-soar emulator --port 8443, then DARKTRACE_URL=http://127.0.0.1:8443 with demo-public / demo-private).');
    const bad = await run(['run', 'darktrace-get-similar-devices', 'did=abc'], none);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('Invalid arguments for darktrace-get-similar-devices:\n  did: expected an integer, got "abc"');
  });

  it('fetch keeps lastRun in the state file and continues from it', async () => {
    const dir = tempDir('dt-fetch-');
    const state = join(dir, 'state.json');
    const first = await run(['fetch', '--state', state, 'first_fetch=30 days', 'max_alerts=3'], env);
    expect(first.code).toBe(0);
    const incidents = first.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(incidents).toHaveLength(3);
    expect(existsSync(state)).toBe(true);
    const saved = JSON.parse(readFileSync(state, 'utf8'));
    for (const v of Object.values(saved)) expect(typeof v).toBe('string');
    const second = await run(['fetch', '--state', state, 'first_fetch=30 days', 'max_alerts=3'], env);
    expect(second.code).toBe(0);
    const next = second.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(next).toHaveLength(3);
    const ids = new Set([...incidents, ...next].map((i) => i.dbotMirrorId));
    expect(ids.size).toBe(6);
  });

  it('fetch --verbose prints a line per request (probe or slot) on stderr; stdout stays incidents only', async () => {
    const { code, stdout, stderr } = await run(['fetch', '--verbose', 'first_fetch=2024-01-01', 'max_alerts=2'], env);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l).dbotMirrorId)).toHaveLength(2);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('model-breaches probe 2024-01-01T00:00Z–2024-01-08T00:00Z: 0 creation times');
    expect(lines.some((l) => /^model-breaches slot \S+–\S+: \d+ received, 0 duplicate$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Fetched 2 incident\(s\)\.$/);
  });

  it('fetch whose lastRun cannot be saved prints no incidents (they would come again next run) and exits 1', async () => {
    const state = join(tempDir('dt-fetch-'), 'missing-dir', 'state.json');
    const { code, stdout, stderr } = await run(['fetch', '--state', state, 'first_fetch=30 days', 'max_alerts=2'], env);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Could not save lastRun to ${state}: ENOENT`);
    expect(stderr).toContain('no incidents were printed; fix the state file path and run fetch again.');
  });

  it('fetch names a bad parameter', async () => {
    const { code, stderr } = await run(['fetch', 'max_alerts=0'], env);
    expect(code).toBe(1);
    expect(stderr).toContain('max_alerts');
  });
});

/** Spawns a long-running CLI command and resolves with its stdout once `ready` appears. */
async function startLongRunning(args: string[], ready: string, env: Record<string, string> = {}) {
  const child = spawn(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      if (text.includes(ready)) resolve(text);
    });
    child.on('close', (code) => reject(new Error(`${args[0]} exited ${code}: ${text}`)));
  });
  return { child, out };
}

describe('darktrace-soar emulator', () => {
  it('serves exactly --devices devices and --breaches breaches, signed with the given tokens', async () => {
    const { child, out } = await startLongRunning(['emulator', '--port', '0', '--devices', '7', '--breaches', '9', '--public-token', 'pub-x', '--private-token', 'pri-x'], 'listening');
    try {
      const url = /listening on (\S+)/.exec(out)![1];
      const state = await (await fetch(`${url}/__emulator/state`)).json() as Record<string, unknown>;
      expect(state).toMatchObject({ seed: 1, devices: 7, breaches: 9 });
      const date = formatDtDate(new Date(), 'spaced');
      const status = await fetch(`${url}/status`, { headers: { 'DTAPI-Token': 'pub-x', 'DTAPI-Date': date, 'DTAPI-Signature': signature('pri-x', 'pub-x', '/status', date) } });
      expect(status.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a bad flag with the usage text', async () => {
    const { code, stderr } = await run(['emulator', '--port', 'x']);
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be a port number 0-65535 (got "x").');
  });
});

describe('darktrace-soar serve --config', () => {
  it('serves several instances from a config file, chosen per request by name', async () => {
    const dir = tempDir('dt-serve-');
    const config = join(dir, 'instances.yml');
    writeFileSync(config, `defaultInstance: lab
instances:
  lab: { url: "${emulator.url}", publicToken: demo-public, privateToken: demo-private }
  broken: { url: "${emulator.url}", publicToken: demo-public, privateToken: not-the-private-token }
`);
    const key = 'serve-test-key-0123456789';
    const { child, out } = await startLongRunning(['serve', '--port', '0', '--config', config], 'listening', {
      DARKTRACE_SOAR_API_KEYS: `${key}:admin`, DARKTRACE_URL: '', LOG_LEVEL: 'info',
    });
    try {
      const url = /"url":"(http:[^"]+)"/.exec(out)![1];
      const call = (instance?: string) => fetch(`${url}/v1/commands/darktrace-get-similar-devices`, {
        method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ args: { did: '1', max_results: '1' }, ...(instance ? { instance } : {}) }),
      });
      expect((await call()).status).toBe(200);
      expect((await call('lab')).status).toBe(200);
      const broken = await call('broken');
      expect(broken.status).toBe(502);
      expect(((await broken.json()) as { detail: string }).detail).toMatch(/^Darktrace rejected the API credentials/);
      const instances = await (await fetch(`${url}/v1/instances`, { headers: { Authorization: `Bearer ${key}` } })).json();
      expect(instances).toEqual({
        instances: [
          { name: 'lab', url: emulator.url, insecure: false, proxy: false, default: true },
          { name: 'broken', url: emulator.url, insecure: false, proxy: false, default: false },
        ],
        inlineInstances: false,
      });
      expect(out).not.toContain('demo-private');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('Idempotency-Key outcomes live in the store: a second serve on the same SQLite file replays the first one\'s', async () => {
    const dir = tempDir('dt-serve-idem-');
    const key = 'serve-idem-key-0123456789';
    const env = {
      DARKTRACE_SOAR_API_KEYS: `${key}:write`, DARKTRACE_SOAR_STORE: `sqlite:${join(dir, 'shared.db')}`, LOG_LEVEL: 'info',
      DARKTRACE_URL: emulator.url, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private',
    };
    const post = (url: string, body: unknown) => fetch(`${url}/v1/commands/darktrace-post-tag-to-device`, {
      method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'serve-shared-1' },
      body: JSON.stringify(body),
    });
    const tagPosts = () => emulator.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/tags/entities').length;
    const a = await startLongRunning(['serve', '--port', '0'], 'listening', env);
    const b = await startLongRunning(['serve', '--port', '0'], 'listening', env);
    try {
      const urlOf = (out: string) => /"url":"(http:[^"]+)"/.exec(out)![1];
      const before = tagPosts();
      const first = await post(urlOf(a.out), { args: { deviceId: 3, tagName: 'Admin' } });
      expect(first.status).toBe(200);
      const replayed = await post(urlOf(b.out), { args: { deviceId: 3, tagName: 'Admin' } });
      expect(replayed.status).toBe(200);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(await replayed.json()).toEqual(await first.json());
      expect(tagPosts() - before).toBe(1);
      const other = await post(urlOf(b.out), { args: { deviceId: 4, tagName: 'Admin' } });
      expect(other.status).toBe(422);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
  });

  it('refuses to start without API keys, saying how to set them', async () => {
    const { code, stderr } = await run(['serve', '--port', '0'], { DARKTRACE_SOAR_API_KEYS: '' });
    expect(code).toBe(1);
    expect(stderr).toContain('No API keys: set DARKTRACE_SOAR_API_KEYS="<key>:<scope>[,<key>:<scope>…]" (scopes read, write, admin).');
  });
});

describe('darktrace-soar demo', () => {
  it('prints a URL, a key and a curl that works', async () => {
    const { child, out } = await startLongRunning(['demo', '--port', '0'], 'Ctrl-C');
    try {
      const url = /Darktrace SOAR endpoint:\s+(\S+)/.exec(out)![1];
      const key = /API key \(admin scope\):\s+(\S+)/.exec(out)![1];
      expect(out).toContain(`curl -s -X POST ${url}/v1/commands/darktrace-get-similar-devices`);
      const res = await fetch(`${url}/v1/commands/darktrace-get-similar-devices`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ args: { did: '1', max_results: '2' } }),
      });
      expect(res.status).toBe(200);
      // The default (result) view: outputs, the readable table and the raw answer, no entry.
      const body = await res.json() as { view: string; results: Array<{ outputsPrefix: string; outputs: { devices: Array<{ firstSeen: string }> }; readableOutput: string; rawResponse: unknown; entry?: unknown }> };
      expect(body.view).toBe('result');
      const [result] = body.results;
      expect(result.outputsPrefix).toBe('Darktrace.SimilarDevices');
      expect(result.outputs.devices[0].firstSeen).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(result.readableOutput).toMatch(/^### /);
      expect(result).not.toHaveProperty('entry');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
