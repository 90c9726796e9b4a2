// The integration.yml shim, run for real: python3 executes the embedded script with a fake demistomock and
// CommonServerPython (test/xsoar/fake) against the running plugin and the Darktrace emulator — every command,
// the Test button, two consecutive fetches, errors and the retry policy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { BUILTIN_COMMANDS, renderIntegration } from '../../src/xsoar/integration.js';
import { KEYS, useHarness } from '../helpers/harness.js';
import { freshCollected, freshConnections } from '../commands/descriptor-fixture.js';
import { ShimScript, pythonVersion, type ShimOutput } from './helpers.js';

const python = pythonVersion();
if (!python) {
  console.warn('\n*** python3 NOT FOUND: the XSOAR shim tests (test/xsoar/shim.test.ts) are SKIPPED. Install python3 to run them. ***\n');
}

const registry = createRegistry();

/**
 * Arguments for every command, as XSOAR sends them (strings), using the emulator's seeded facts (device 1,
 * tag Admin, hostname test.com). Order matters: things are added before they are removed.
 */
const SAMPLE_ARGS: Array<[string, Record<string, string>]> = [
  ['darktrace-get-similar-devices', { did: '1', max_results: '2' }],
  ['darktrace-get-external-endpoint-details', { endpoint_type: 'hostname', endpoint_value: 'test.com' }],
  ['darktrace-get-device-connection-info', { did: '1', data_type: 'co' }],
  ['darktrace-run-advanced-search-analysis', { initialDate: '2024-01-01', endDate: '2024-01-02', query: '@type:conn', operation: 'score', metric: '@fields.source_ip' }],
  ['darktrace-get-tagged-devices', { tagName: 'Admin' }],
  ['darktrace-get-tags-for-device', { deviceId: '1' }],
  ['darktrace-post-tag-to-device', { deviceId: '1', tagName: 'Active Threat', duration: '600' }],
  ['darktrace-remove-tag-from-device', { deviceId: '1', tagName: 'Active Threat' }],
  ['darktrace-post-to-watched-list', { endpointsToWatch: 'shim-test.example.com,203.0.113.77', description: 'Added by the shim test', source: 'XSOAR' }],
  ['darktrace-get-watched-list', { source: 'XSOAR' }],
  ['darktrace-remove-from-watched-list', { endpointsToRemove: 'shim-test.example.com,203.0.113.77', source: 'XSOAR' }],
  // RESPOND and appliance status (5002 is a seeded pending action)
  ['darktrace-list-respond-actions', { did: '1', include_history: 'true' }],
  ['darktrace-get-respond-summary', {}],
  ['darktrace-activate-respond-action', { codeid: '5002', reason: 'Approved by the shim test' }],
  ['darktrace-extend-respond-action', { codeid: '5002', duration: '600' }],
  ['darktrace-clear-respond-action', { codeid: '5002', reason: 'Shim test done' }],
  ['darktrace-create-manual-respond-action', { did: '1', action: 'quarantine', duration: '60', reason: 'Shim test' }],
  ['darktrace-get-status', { include_children: 'true' }],
  ['darktrace-get-summary-statistics', { event_type: 'network' }],
  // model breaches and AI Analyst (issue 11), with the official packs' argument names where they differ
  ['darktrace-get-model-breach', { pbid: '159' }],
  ['darktrace-acknowledge-model-breach', { pbid: '159' }],
  ['darktrace-unacknowledge-model-breach', { pbid: '159' }],
  ['darktrace-post-comment-to-model-breach', { pbid: '159', message: 'Shim test comment' }],
  ['darktrace-get-model-breach-comments', { pbid: '159' }],
  ['darktrace-get-model-breach-connections', { pbid: '159', count: '3' }],
  ['darktrace-get-model', { uuid: 'd04218f3-f67e-4802-9e65-bc6675e5e276' }],
  ['darktrace-get-model-component', { cid: '2998' }],
  ['darktrace-list-ai-analyst-incident-events', { eventId: '244590d8-4908-4ee2-b89c-4274e388d99e' }],
  ['darktrace-list-ai-analyst-groups', { groupId: 'g244590d8-4908-4ee2-b89c-4274e388d99e' }],
  ['darktrace-acknowledge-ai-analyst-event', { eventId: '244590d8-4908-4ee2-b89c-4274e388d99e' }],
  ['darktrace-unacknowledge-ai-analyst-event', { eventId: '244590d8-4908-4ee2-b89c-4274e388d99e' }],
  ['darktrace-pin-ai-analyst-event', { eventId: '244590d8-4908-4ee2-b89c-4274e388d99e' }],
  ['darktrace-unpin-ai-analyst-event', { eventId: '244590d8-4908-4ee2-b89c-4274e388d99e' }],
  ['darktrace-post-comment-to-ai-analyst-event', { eventId: 'bc64f242-ce29-4f35-bc94-230991116564', comment: 'Shim test comment' }],
  ['darktrace-get-ai-analyst-comments', { eventId: 'bc64f242-ce29-4f35-bc94-230991116564' }],
  // metric data (issue 12)
  ['darktrace-list-metrics', { mlid: '16' }],
  ['darktrace-get-metric-data', { metrics: 'connections,externalconnections', devices: '1,2', interval: '15min', from: '2 hours ago', breachtimes: 'true' }],
  // metric descriptors and records, over the descriptor seeded in beforeAll
  ['darktrace-list-metric-descriptors', { keywords: 'device' }],
  ['darktrace-get-metric-descriptor', { descriptor: 'deviceConnections' }],
  ['darktrace-submit-metric-records', { descriptor: 'deviceConnections', records: '[{"timestamp":"2024-01-15T12:00:00Z","keys":{"did":1,"dst":"10.0.0.1"},"values":{"bytes":1,"latency":1}}]' }],
  ['darktrace-aggregate-metric-records', { descriptor: 'deviceConnections', group_by: 'did', resolution: '1 hour', start_time: '2024-01-15T12:00:00Z', end_time: '2024-01-15T13:00:00Z' }],
  // profiles (issue 15)
  ['darktrace-get-profile', { profile: 'darktrace:connections', entity: '1', window: '1 hour window every 24 hours from 14 days ago excluding weekends', now: '2024-03-12T12:00:00Z' }],
  ['darktrace-collect-metric-data', { descriptor: 'collectedConnections', devices: '1,2', from: '2 hours ago' }],
];

type Entry = { Type: number; Contents: unknown; HumanReadable: string | null; EntryContext: Record<string, unknown> };

describe.skipIf(!python)(`XSOAR shim (integration.yml script.script) under ${python ?? 'no python3'}`, () => {
  // One clock for the plugin and the emulator, held still while a read command's shim answer is compared with the
  // endpoint's: relative times ("2 hours ago") and the appliance's own timestamps then resolve to the same instant.
  let heldAt: number | undefined;
  const clock = () => heldAt ?? Date.now();
  const h = useHarness({ now: () => new Date(clock()), emulator: { now: clock } });
  let shim: ShimScript;
  let params: Record<string, unknown>;

  beforeAll(async () => {
    await freshConnections(await h.store());
    await freshCollected(await h.store());
    shim = new ShimScript(renderIntegration(registry));
    params = {
      url: h.emulatorUrl,
      credentials: { identifier: 'demo-public', password: 'demo-private', credentials: {} },
      plugin_url: h.url,
      plugin_api_key: { identifier: '', password: KEYS.write, credentials: {} },
      insecure: false,
      proxy: false,
      isFetch: true,
      incidentType: 'Darktrace Model Breach',
      min_score: '0',
      max_fetch: '3',
      first_fetch: '30 days',
      look_back: '10',
    };
  });
  afterAll(() => {
    shim?.close();
  });

  const ok = (out: ShimOutput) => {
    expect(out.errors, out.stderr).toEqual([]);
    expect(out.exitCode, out.stderr).toBe(0);
  };

  it('has sample arguments for every command of the registry', () => {
    const commands = registry.list().map((c) => c.name).filter((n) => !BUILTIN_COMMANDS.includes(n));
    const missing = commands.filter((c) => !SAMPLE_ARGS.some(([name]) => name === c));
    expect(missing, 'add sample arguments for these commands to SAMPLE_ARGS').toEqual([]);
  });

  for (const [command, args] of SAMPLE_ARGS) {
    it(`${command}: the shim hands the plugin's war-room entries to demisto.results`, async () => {
      if (!registry.get(command)) return; // not (yet) in the registry; the test above names it
      const read = registry.get(command)!.access === 'read';
      if (read) heldAt = Date.now();
      try {
        const out = await shim.run({ command, params, args });
        ok(out);
        const entries = out.results as Entry[];
        expect(entries.length).toBeGreaterThan(0);
        for (const entry of entries) {
          expect(entry.Type).toBe(1);
          expect(typeof entry.HumanReadable).toBe('string');
          expect(entry.HumanReadable!.length).toBeGreaterThan(0);
        }
        const context = Object.keys(entries[0].EntryContext);
        expect(context.length, 'a command with results writes context').toBeGreaterThan(0);
        expect(context[0]).toMatch(/^Darktrace\.\w+/);
        if (read) {
          // Read-only commands: exactly the entries the endpoint returns for the same arguments, in the entry
          // view the shim asks for and in the full view.
          for (const view of ['entry', 'full']) {
            const direct = await h.call(command, args, { view });
            expect(direct.status).toBe(200);
            expect(entries).toEqual(direct.body.results.map((r: { entry: Entry }) => r.entry));
          }
        }
      } finally {
        heldAt = undefined;
      }
    });
  }

  it('execution commands change the emulated appliance (tag with duration, watched list)', async () => {
    const state = h.emulator.state;
    ok(await shim.run({ command: 'darktrace-post-tag-to-device', params, args: { deviceId: '3', tagName: 'Active Threat', duration: '3600' } }));
    const tag = state.tagsForDevice(3).find((t) => t.name === 'Active Threat');
    expect(tag).toBeDefined();
    expect(tag!.expiry).toBeGreaterThan(state.now());
    ok(await shim.run({ command: 'darktrace-remove-tag-from-device', params, args: { deviceId: '3', tagName: 'Active Threat' } }));
    expect(state.tagsForDevice(3).some((t) => t.name === 'Active Threat')).toBe(false);

    ok(await shim.run({ command: 'darktrace-post-to-watched-list', params, args: { endpointsToWatch: 'shim-state.example.com', source: 'XSOAR' } }));
    expect(state.liveIntel().some((e) => e.name === 'shim-state.example.com')).toBe(true);
    ok(await shim.run({ command: 'darktrace-remove-from-watched-list', params, args: { endpointsToRemove: 'shim-state.example.com', source: 'XSOAR' } }));
    expect(state.liveIntel().some((e) => e.name === 'shim-state.example.com')).toBe(false);
  });

  it('accepts a playbook written for the official pack (alias maxResults next to the default XSOAR filled in)', async () => {
    // XSOAR fills in every declared argument's defaultValue: max_results=5 arrives next to the playbook's maxResults=2.
    const out = await shim.run({ command: 'darktrace-get-similar-devices', params, args: { deviceId: '1', maxResults: '2', max_results: '5', full_device_details: 'false' } });
    ok(out);
    const context = Object.values((out.results[0] as Entry).EntryContext)[0] as { devices: unknown[] };
    expect(context.devices).toHaveLength(2);
  });

  it('sends the Darktrace connection inline, signed by the plugin with the instance\'s tokens', async () => {
    const before = h.emulator.requests.length;
    ok(await shim.run({ command: 'darktrace-get-tags-for-device', params, args: { deviceId: '1' } }));
    const sent = h.emulator.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.headers['dtapi-token'] === 'demo-public')).toBe(true);
  });

  it('reports invalid arguments with the plugin\'s message (return_error)', async () => {
    const out = await shim.run({ command: 'darktrace-get-similar-devices', params, args: { did: 'abc', nonsense: '1' } });
    expect(out.results).toEqual([expect.objectContaining({ Type: 4 })]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/^Failed to execute darktrace-get-similar-devices command\.\nError:\n/);
    expect(out.errors[0]).toMatch(/did/);
    expect(out.errors[0]).toMatch(/nonsense/);
  });

  it('reports an unknown command with a suggestion', async () => {
    const out = await shim.run({ command: 'darktrace-get-similar-device', params, args: { did: '1' } });
    expect(out.errors[0]).toMatch(/Unknown command "darktrace-get-similar-device".*darktrace-get-similar-devices/s);
  });

  it('reports a read-only plugin key on an execution command as a permission problem, without retrying', async () => {
    const readOnly = { ...params, plugin_api_key: { identifier: '', password: KEYS.read } };
    const out = await shim.run({ command: 'darktrace-post-tag-to-device', params: readOnly, args: { deviceId: '1', tagName: 'Admin' } });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/"read" scope.*needs "write"/);
  });

  it('reports a wrong plugin API key clearly', async () => {
    const wrong = { ...params, plugin_api_key: { identifier: '', password: 'not-a-valid-key-0000000' } };
    const out = await shim.run({ command: 'darktrace-get-tags-for-device', params: wrong, args: { deviceId: '1' } });
    expect(out.errors[0]).toMatch(/Missing or invalid API key/);
  });

  describe('Test button (test-module → /v1/test)', () => {
    it('returns ok with a working configuration', async () => {
      const out = await shim.run({ command: 'test-module', params });
      ok(out);
      expect(out.results).toEqual(['ok']);
    });

    it('explains a wrong private token', async () => {
      const out = await shim.run({ command: 'test-module', params: { ...params, credentials: { identifier: 'demo-public', password: 'wrong-private' } } });
      expect(out.results).toEqual([expect.objectContaining({ Type: 4 })]);
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatch(/API SIGNATURE ERROR|invalid/i);
      expect(out.errors[0]).toMatch(/token/i);
      expect(out.errors[0]).not.toContain('wrong-private');
    });

    it('explains invalid fetch parameters when fetching is on', async () => {
      const out = await shim.run({ command: 'test-module', params: { ...params, max_fetch: 'lots' } });
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatch(/max_fetch must be a whole number from 1 to 1000 \(got "lots"\)/);
    });

    it('explains an unreachable plugin', async () => {
      const closed = await new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const { port } = s.address() as AddressInfo;
          s.close(() => resolve(port));
        });
      });
      const out = await shim.run({ command: 'test-module', params: { ...params, plugin_url: `http://127.0.0.1:${closed}` } });
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatch(/Could not reach the Darktrace SOAR plugin at http:\/\/127\.0\.0\.1:\d+/);
    });
  });

  describe('fetch-incidents (→ /v1/fetch-incidents)', () => {
    it('two consecutive fetches: the second continues from the first one\'s lastRun', async () => {
      const first = await shim.run({ command: 'fetch-incidents', params, lastRun: {} });
      ok(first);
      expect(first.lastRunSet).toBe(true);
      const incidents1 = first.incidents as Array<Record<string, unknown>>;
      expect(incidents1).toHaveLength(3);
      for (const incident of incidents1) {
        expect(incident).toMatchObject({ name: expect.stringMatching(/^Darktrace Model Breach #\d+/), dbotMirrorId: expect.any(String) });
        expect(typeof incident.rawJSON).toBe('string');
      }

      const second = await shim.run({ command: 'fetch-incidents', params, lastRun: first.lastRun! });
      ok(second);
      expect(second.lastRunSet).toBe(true);
      const incidents2 = second.incidents as Array<Record<string, unknown>>;
      expect(incidents2).toHaveLength(3);
      const ids1 = incidents1.map((i) => i.dbotMirrorId);
      const ids2 = incidents2.map((i) => i.dbotMirrorId);
      expect(ids2.filter((id) => ids1.includes(id))).toEqual([]);
      expect(second.lastRun).not.toEqual(first.lastRun);
      // Continuing: the second batch is created no earlier than the first one's newest breach.
      const created = (incident: Record<string, unknown>) => (JSON.parse(String(incident.rawJSON)) as { creationTime: number }).creationTime;
      expect(Math.min(...incidents2.map(created))).toBeGreaterThanOrEqual(Math.max(...incidents1.map(created)));
    });

    it('a failed fetch raises and never sets lastRun', async () => {
      const out = await shim.run({ command: 'fetch-incidents', params: { ...params, credentials: { identifier: 'demo-public', password: 'wrong-private' } }, lastRun: { some: 'state' } });
      expect(out.exitCode).not.toBe(0);
      expect(out.lastRunSet).toBe(false);
      expect(out.incidents).toBeNull();
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatch(/^Failed to execute fetch-incidents command\./);
    });
  });

  describe('fetch-events (→ /v1/fetch-events, XSIAM)', () => {
    it('sends the events to XSIAM, then sets lastRun; the next run continues from it', async () => {
      const eventParams = { ...params, event_sources: ['model-breaches', 'status'], max_fetch: '4', first_fetch: '30 days' };
      const first = await shim.run({ command: 'fetch-events', params: eventParams, lastRun: {} });
      ok(first);
      expect(first.eventsSentTo).toEqual({ vendor: 'Darktrace', product: 'Darktrace' });
      const events1 = first.events as Array<Record<string, unknown>>;
      expect(events1.filter((e) => e.source === 'model-breaches')).toHaveLength(4);
      expect(events1.some((e) => e.source === 'status' && typeof e.instance_info === 'object')).toBe(true);
      for (const e of events1) expect(e._time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(first.lastRunSet).toBe(true);
      expect(first.lastRun).toMatchObject({ 'status.time': expect.any(String), time: expect.any(String) });
      const second = await shim.run({ command: 'fetch-events', params: eventParams, lastRun: first.lastRun! });
      ok(second);
      const events2 = second.events as Array<Record<string, unknown>>;
      const pbids = (list: Array<Record<string, unknown>>) => list.filter((e) => e.source === 'model-breaches').map((e) => e.pbid);
      expect(pbids(events2).filter((id) => pbids(events1).includes(id))).toEqual([]);
      expect(events2.filter((e) => e.source === 'status')).toEqual([]); // the snapshot is not due yet
    });

    it('a failed fetch raises, sends nothing and never sets lastRun', async () => {
      const out = await shim.run({ command: 'fetch-events', params: { ...params, credentials: { identifier: 'demo-public', password: 'wrong-private' } }, lastRun: { some: 'state' } });
      expect(out.exitCode).not.toBe(0);
      expect(out.lastRunSet).toBe(false);
      expect(out.events).toBeNull();
      expect(out.errors[0]).toMatch(/^Failed to execute fetch-events command\./);
    });
  });
});

/** A scripted stand-in for the plugin: answers from a queue and records what it received. */
async function fakePlugin(answers: Array<(res: ServerResponse) => void>) {
  const received: Array<{ url: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : {} });
      const answer = answers.shift() ?? ((r: ServerResponse) => r.writeHead(500).end());
      answer(res);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const problem = (status: number, code: string, command: string) => (res: ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', 'Retry-After': '0' });
  res.end(JSON.stringify({ status, code, detail: `${code} detail`, entry: { Type: 4, ContentsFormat: 'text', Contents: `Failed to execute ${command} command.\nError:\n${code} detail` } }));
};
const success = (command: string) => (res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ ok: true, command, results: [{ entry: { Type: 1, ContentsFormat: 'text', Contents: 'done', HumanReadable: 'done', EntryContext: {} } }] }));
};

describe.skipIf(!python)('shim retry policy and connection settings', () => {
  let shim: ShimScript;
  beforeAll(() => {
    shim = new ShimScript(renderIntegration(registry));
  });
  afterAll(() => shim?.close());

  const paramsFor = (url: string, extra: Record<string, unknown> = {}) => ({
    url: 'https://dt.example.com', credentials: { identifier: 'pub', password: 'priv' }, plugin_url: `${url}/`,
    plugin_api_key: { identifier: '', password: 'key-0123456789abcdef' }, insecure: true, proxy: false, ...extra,
  });

  it('retries a read-only command on 429/502/503/504 (Retry-After honoured) and sends the inline instance', async () => {
    const command = 'darktrace-get-tags-for-device';
    const plugin = await fakePlugin([problem(502, 'UPSTREAM_ERROR', command), problem(503, 'UPSTREAM_UNAVAILABLE', command), success(command)]);
    try {
      const out = await shim.run({ command, params: paramsFor(plugin.url), args: { deviceId: '1' } });
      expect(out.errors).toEqual([]);
      expect(out.results).toEqual([expect.objectContaining({ Contents: 'done' })]);
      expect(plugin.received).toHaveLength(3);
      const first = plugin.received[0];
      expect(first.url).toBe(`/v1/commands/${command}`);
      expect(first.headers.authorization).toBe('Bearer key-0123456789abcdef');
      expect(first.headers['content-type']).toBe('application/json');
      expect(first.body).toEqual({
        args: { deviceId: '1' },
        instance: { url: 'https://dt.example.com', publicToken: 'pub', privateToken: 'priv', insecure: true, proxy: false },
        view: 'entry',
      });
    } finally {
      await plugin.close();
    }
  });

  it('gives up after three attempts with the last problem\'s message', async () => {
    const command = 'darktrace-get-similar-devices';
    const plugin = await fakePlugin([problem(504, 'UPSTREAM_TIMEOUT', command), problem(504, 'UPSTREAM_TIMEOUT', command), problem(429, 'RATE_LIMITED', command), success(command)]);
    try {
      const out = await shim.run({ command, params: paramsFor(plugin.url), args: { did: '1' } });
      expect(plugin.received).toHaveLength(3);
      expect(out.errors).toEqual([`Failed to execute ${command} command.\nError:\nRATE_LIMITED detail`]);
    } finally {
      await plugin.close();
    }
  });

  it('does not retry what the plugin marks retryable: false (e.g. Darktrace rejected the tokens)', async () => {
    const command = 'darktrace-get-tagged-devices';
    const permanent = (res: ServerResponse) => {
      res.writeHead(502, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ status: 502, code: 'UPSTREAM_ERROR', retryable: false, entry: { Type: 4, Contents: 'Failed to execute x command.\nError:\nbad tokens' } }));
    };
    const plugin = await fakePlugin([permanent, success(command)]);
    try {
      const out = await shim.run({ command, params: paramsFor(plugin.url), args: { tagName: 'Admin' } });
      expect(plugin.received).toHaveLength(1);
      expect(out.errors).toEqual(['Failed to execute x command.\nError:\nbad tokens']);
    } finally {
      await plugin.close();
    }
  });

  it('never retries an execution command on 502 or 504 (it may have been applied)', async () => {
    for (const [status, code] of [[502, 'UPSTREAM_ERROR'], [504, 'UPSTREAM_TIMEOUT'], [503, 'UPSTREAM_UNAVAILABLE']] as const) {
      const command = 'darktrace-post-tag-to-device';
      const plugin = await fakePlugin([problem(status, code, command), success(command)]);
      try {
        const out = await shim.run({ command, params: paramsFor(plugin.url), args: { deviceId: '1', tagName: 'Admin' } });
        expect(plugin.received, `${status}`).toHaveLength(1);
        expect(out.errors).toEqual([`Failed to execute ${command} command.\nError:\n${code} detail`]);
      } finally {
        await plugin.close();
      }
    }
  });

  it('retries an execution command on 429 (refused before any work)', async () => {
    const command = 'darktrace-post-to-watched-list';
    const plugin = await fakePlugin([problem(429, 'RATE_LIMITED', command), success(command)]);
    try {
      const out = await shim.run({ command, params: paramsFor(plugin.url), args: { endpointsToWatch: 'a.example.com' } });
      expect(plugin.received).toHaveLength(2);
      expect(out.errors).toEqual([]);
    } finally {
      await plugin.close();
    }
  });

  it('retries the Test button and fetch on 503, and sends their parameters', async () => {
    const plugin = await fakePlugin([
      problem(503, 'UPSTREAM_UNAVAILABLE', 'test-module'),
      (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, message: 'ok' })),
      problem(503, 'UPSTREAM_UNAVAILABLE', 'fetch-incidents'),
      (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ incidents: [{ name: 'x', rawJSON: '{}' }], lastRun: { cursor: '2' } })),
    ]);
    try {
      const fetchParams = { isFetch: true, min_score: '10', max_fetch: '20', first_fetch: '2 days', look_back: '5' };
      const test = await shim.run({ command: 'test-module', params: paramsFor(plugin.url, fetchParams) });
      expect(test.results).toEqual(['ok']);
      expect(plugin.received[1].url).toBe('/v1/test');
      expect(plugin.received[1].body).toMatchObject({
        instance: { url: 'https://dt.example.com' },
        params: { isFetch: true, min_score: '10', max_fetch: '20', first_fetch: '2 days', look_back: '5' },
      });

      const fetched = await shim.run({ command: 'fetch-incidents', params: paramsFor(plugin.url, fetchParams), lastRun: { cursor: '1' } });
      expect(fetched.errors).toEqual([]);
      expect(plugin.received[3].url).toBe('/v1/fetch-incidents');
      expect(plugin.received[3].body).toMatchObject({
        lastRun: { cursor: '1' }, params: { min_score: '10', max_fetch: '20', first_fetch: '2 days', look_back: '5' }, instance: { privateToken: 'priv' },
      });
      expect(fetched.incidents).toEqual([{ name: 'x', rawJSON: '{}' }]);
      expect(fetched.lastRun).toEqual({ cursor: '2' });
      expect(plugin.received).toHaveLength(4);
    } finally {
      await plugin.close();
    }
  });

  it('IN145: reads the token pair from the credentials parameter, else from an old configuration\'s names (never echoed)', async () => {
    const command = 'darktrace-get-tags-for-device';
    const base = paramsFor('http://127.0.0.1:1');
    const { credentials: _none, ...old } = base;
    const cases: Array<[string, Record<string, unknown>, { publicToken: string; privateToken: string }]> = [
      ['credentials', {}, { publicToken: 'pub', privateToken: 'priv' }],
      ['official DarktraceAdmin/MBs/AIA (publicApiKey, privateApiKey)', { ...old, publicApiKey: 'adm-pub', privateApiKey: 'adm-priv' }, { publicToken: 'adm-pub', privateToken: 'adm-priv' }],
      ['official DarktraceEventCollector (public_creds, private_creds)', { ...old, public_creds: { identifier: '', password: 'ec-pub' }, private_creds: { identifier: '', password: 'ec-priv' } }, { publicToken: 'ec-pub', privateToken: 'ec-priv' }],
      ['this integration before (public_api_token, private_api_token)', { ...old, public_api_token: 'our-pub', private_api_token: 'our-priv' }, { publicToken: 'our-pub', privateToken: 'our-priv' }],
      // The credentials parameter wins over an old name that is still stored.
      ['credentials beside a stale old name', { privateApiKey: 'stale' }, { publicToken: 'pub', privateToken: 'priv' }],
    ];
    for (const [label, extra, instance] of cases) {
      const plugin = await fakePlugin([success(command)]);
      try {
        const params = label === 'credentials' || label.startsWith('credentials beside') ? { ...paramsFor(plugin.url), ...extra } : { ...extra, plugin_url: `${plugin.url}/` };
        const out = await shim.run({ command, params, args: { deviceId: '1' } });
        expect(out.errors, label).toEqual([]);
        expect(plugin.received[0].body.instance, label).toMatchObject(instance);
      } finally {
        await plugin.close();
      }
    }
    // Half a pair: refused before anything is sent, naming the missing half and neither value.
    const plugin = await fakePlugin([success(command)]);
    try {
      const out = await shim.run({ command, params: { ...paramsFor(plugin.url), credentials: { identifier: 'pub-only', password: '' } }, args: { deviceId: '1' } });
      expect(plugin.received).toHaveLength(0);
      expect(out.errors).toEqual([expect.stringContaining('The Darktrace API token pair is incomplete: set the private token in the "Public API Token" / "Private API Token" parameter')]);
      expect(out.errors[0]).not.toContain('pub-only');
      expect(JSON.stringify(out.logs)).not.toContain('pub-only');
    } finally {
      await plugin.close();
    }
  });

  it('IN126: forwards max_fetch; an old configuration\'s max_alerts is read when max_fetch is not set', async () => {
    const answer = (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ incidents: [], lastRun: {} }));
    const plugin = await fakePlugin([answer, answer, answer]);
    try {
      for (const [params, expected] of [
        [{ max_fetch: '20' }, '20'],
        [{ max_alerts: '7' }, '7'],
        [{ max_fetch: '20', max_alerts: '7' }, '20'],
      ] as const) {
        const out = await shim.run({ command: 'fetch-incidents', params: paramsFor(plugin.url, params), lastRun: {} });
        expect(out.errors).toEqual([]);
      }
      expect(plugin.received.map((r) => r.body.params)).toEqual([{ max_fetch: '20' }, { max_fetch: '7' }, { max_fetch: '20' }]);
    } finally {
      await plugin.close();
    }
  });

  it('a non-problem error body still gives a readable message', async () => {
    const plugin = await fakePlugin([(res) => res.writeHead(400, { 'Content-Type': 'text/html' }).end('<html>Bad gateway config</html>')]);
    try {
      const out = await shim.run({ command: 'darktrace-get-watched-list', params: paramsFor(plugin.url), args: {} });
      expect(out.errors[0]).toMatch(/^Failed to execute darktrace-get-watched-list command\.\nError:\nThe Darktrace SOAR plugin at .* answered HTTP 400 Bad Request: <html>Bad gateway config<\/html>/);
    } finally {
      await plugin.close();
    }
  });

  it('does not follow redirects (a redirect means a wrong plugin URL)', async () => {
    const plugin = await fakePlugin([(res) => res.writeHead(302, { Location: 'http://127.0.0.1:1/login' }).end()]);
    try {
      const out = await shim.run({ command: 'darktrace-get-watched-list', params: paramsFor(plugin.url), args: {} });
      expect(plugin.received).toHaveLength(1);
      expect(out.errors[0]).toMatch(/answered HTTP 302/);
    } finally {
      await plugin.close();
    }
  });

  it('without "Use system proxy settings" ignores proxy variables; with it, uses them', async () => {
    const plugin = await fakePlugin([success('darktrace-get-watched-list'), success('darktrace-get-watched-list')]);
    const proxy = await fakePlugin([success('darktrace-get-watched-list')]);
    try {
      const env = { http_proxy: proxy.url, HTTP_PROXY: proxy.url, no_proxy: '', NO_PROXY: '' };
      const direct = await shim.run({ command: 'darktrace-get-watched-list', params: paramsFor(plugin.url, { proxy: false }), args: {} }, env);
      expect(direct.errors).toEqual([]);
      expect(plugin.received).toHaveLength(1);
      expect(proxy.received).toHaveLength(0);
      const proxied = await shim.run({ command: 'darktrace-get-watched-list', params: paramsFor(plugin.url, { proxy: true }), args: {} }, env);
      expect(proxied.errors).toEqual([]);
      expect(proxy.received).toHaveLength(1);
      expect(proxy.received[0].url).toBe(`${plugin.url}/v1/commands/darktrace-get-watched-list`); // absolute URI: a proxy request
      expect(proxy.received[0].body).toMatchObject({ instance: { proxy: true } });
    } finally {
      await plugin.close();
      await proxy.close();
    }
  });

  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!openssl)('with "Trust any certificate" accepts a self-signed plugin certificate; without it explains the TLS failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-tls-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, message: 'ok' })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const strict = await shim.run({ command: 'test-module', params: paramsFor(url, { insecure: false }) });
      expect(strict.errors[0]).toMatch(/TLS error talking to the Darktrace SOAR plugin .*CERTIFICATE_VERIFY_FAILED.*Trust any certificate/s);
      const trusting = await shim.run({ command: 'test-module', params: paramsFor(url, { insecure: true }) });
      expect(trusting.errors).toEqual([]);
      expect(trusting.results).toEqual(['ok']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks its own parameters before sending anything', async () => {
    const out = await shim.run({ command: 'test-module', params: { plugin_url: '', plugin_api_key: { password: 'k' } } });
    expect(out.errors[0]).toMatch(/plugin URL" parameter is empty/);
    const noKey = await shim.run({ command: 'test-module', params: { plugin_url: 'http://127.0.0.1:1', plugin_api_key: { identifier: '', password: '' } } });
    expect(noKey.errors[0]).toMatch(/Plugin API key" parameter is empty/);
  });
});
