// "Existing playbooks keep working" (README), proven: calls written for the official Darktrace integrations
// (DarktraceAdmin, DarktraceMBs, the legacy Darktrace), with their argument names and an instance configured
// with their parameter names, go through what XSOAR does with integration.yml (drop undeclared arguments, fill
// declared defaults, refuse a missing required one), through the shim (python3, fake CommonServerPython) to
// the plugin, and reach the Darktrace emulator as the request the official integration would have meant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { parse } from 'yaml';
import { renderIntegration, toYaml, type IntegrationDoc } from '../../src/xsoar/integration.js';
import { KEYS, useHarness } from '../helpers/harness.js';
import { received, type Received } from '../helpers/received.js';
import { ShimScript, XsoarRefused, pythonVersion, xsoarArgs } from './helpers.js';

const python = pythonVersion();
const registry = createRegistry();
const YAML = renderIntegration(registry);

const SEARCH_DOC = 'eyJzZWFyY2giOiAiQHR5cGU6Y29ubiIsICJmaWVsZHMiOiBbXSwgIm9mZnNldCI6ICIwIiwgInRpbWVmcmFtZSI6ICJjdXN0b20iLCAiZ3JhcGhtb2RlIjogImNvdW50IiwgInRpbWUiOiB7ImZyb20iOiAiMjAyNC0wMS0wMVQwMDowMDowMFoiLCAidG8iOiAiMjAyNC0wMS0wMlQwMDowMDowMFoiLCAidXNlcl9pbnRlcnZhbCI6ICIwIn0sICJtb2RlIjogIiIsICJhbmFseXplX2ZpZWxkIjogIiJ9';
const get = (path: string, query = ''): Received => ({ method: 'GET', path, query, body: '' });
const post = (path: string, body: string): Received => ({ method: 'POST', path, query: '', body });

interface Case { integration: string; command: string; args: Record<string, string>; sent: Received[] }
/** Official calls (their argument names) and what Darktrace must receive for them. */
const CASES: Case[] = [
  // XSOAR fills max_results=5 beside the playbook's maxResults=2: the shim drops the filled-in default.
  { integration: 'DarktraceAdmin', command: 'darktrace-get-similar-devices', args: { deviceId: '1', maxResults: '2' }, sent: [get('/similardevices', 'did=1&count=2')] },
  {
    integration: 'DarktraceAdmin', command: 'darktrace-get-external-endpoint-details', args: { endpointType: 'hostname', endpointValue: 'test.com', additionalInfo: 'false' },
    sent: [get('/endpointdetails', 'hostname=test.com&additionalinfo=false&devices=true&score=true')],
  },
  {
    integration: 'DarktraceAdmin', command: 'darktrace-get-device-connection-info', args: { deviceId: '1', dataType: 'co', numberOfSimilarDevices: '1', fullDeviceDetails: 'true' },
    sent: [get('/deviceinfo', 'did=1&datatype=co&showallgraphdata=false&fulldevicedetails=true&similardevices=1')],
  },
  // No operation: DarktraceAdmin's default, score.
  {
    integration: 'DarktraceAdmin', command: 'darktrace-run-advanced-search-analysis', args: { initialDate: '2024-01-01', endDate: '2024-01-02', query: '@type:conn', metric: '@fields.source_ip' },
    sent: [get(`/advancedsearch/api/analyze/@fields.source_ip/score/${SEARCH_DOC}`)],
  },
  { integration: 'DarktraceAdmin', command: 'darktrace-get-tags-for-device', args: { deviceId: '1' }, sent: [get('/tags/entities', 'did=1')] },
  { integration: 'DarktraceAdmin', command: 'darktrace-post-tag-to-device', args: { deviceId: '1', tagName: 'Admin' }, sent: [post('/tags/entities', 'did=1&tag=Admin')] },
  {
    integration: 'DarktraceAdmin', command: 'darktrace-post-to-watched-list', args: { endpointsToWatch: 'compat.example.com', description: 'From an old playbook' },
    sent: [post('/intelfeed', '{"addlist":"compat.example.com","description":"From an old playbook"}')],
  },
  { integration: 'DarktraceMBs', command: 'darktrace-get-model-breach', args: { pbid: '159' }, sent: [get('/modelbreaches/159')] },
  // A verified write: read, send once, read back.
  {
    integration: 'DarktraceMBs', command: 'darktrace-post-comment-to-model-breach', args: { pbid: '159', message: 'From an old playbook' },
    sent: [get('/modelbreaches/159/comments'), post('/modelbreaches/159/comments', '{"message":"From an old playbook"}'), get('/modelbreaches/159/comments')],
  },
  {
    integration: 'DarktraceMBs', command: 'darktrace-get-model-breach-connections', args: { pbid: '159', count: '5', endtime: '1598937619000' },
    sent: [get('/details', 'pbid=159&count=6&offset=0&endtime=1598937619000')],
  },
  { integration: 'DarktraceMBs', command: 'darktrace-get-model', args: { uuid: 'd04218f3-f67e-4802-9e65-bc6675e5e276' }, sent: [get('/models', 'uuid=d04218f3-f67e-4802-9e65-bc6675e5e276')] },
  {
    integration: 'Darktrace', command: 'darktrace-get-device-connection-info', args: { did: '1', data_type: 'sizeout', show_all_graph_data: 'true' },
    sent: [get('/deviceinfo', 'did=1&datatype=sizeout&showallgraphdata=true')],
  },
  {
    integration: 'Darktrace', command: 'darktrace-get-external-endpoint-details', args: { endpoint_type: 'IP', endpoint_value: '203.0.113.10', devices: 'false' },
    sent: [get('/endpointdetails', 'ip=203.0.113.10&additionalinfo=true&devices=false&score=true')],
  },
];

type Entry = { Type: number; HumanReadable: string | null };

describe.skipIf(!python)('old playbooks\' calls, through XSOAR and the shim, reach Darktrace', () => {
  const h = useHarness();
  let shim: ShimScript;
  let params: Record<string, unknown>;
  beforeAll(() => {
    shim = new ShimScript(YAML);
    params = { url: h.emulatorUrl, publicApiKey: 'demo-public', privateApiKey: 'demo-private', plugin_url: h.url, plugin_api_key: { identifier: '', password: KEYS.write } };
  });
  afterAll(() => shim?.close());

  async function viaXsoar(command: string, args: Record<string, string>) {
    const before = h.emulator.requests.length;
    const out = await shim.run({ command, params, args: xsoarArgs(YAML, command, args) });
    return { out, sent: received(h.emulator.requests.slice(before)) };
  }

  for (const c of CASES) {
    it(`${c.integration} ${c.command} ${JSON.stringify(c.args)}`, async () => {
      const { out, sent } = await viaXsoar(c.command, c.args);
      expect(out.errors, out.stderr).toEqual([]);
      expect(sent).toEqual(c.sent);
      const entries = out.results as Entry[];
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(entry.Type).toBe(1);
    });
  }

  it('without the deprecated declarations the old names would be dropped by XSOAR and the call would fail', async () => {
    const doc = parse(YAML, { version: '1.1' }) as IntegrationDoc;
    for (const command of doc.script.commands) command.arguments = command.arguments.filter((a) => !a.deprecated);
    const withoutAliases = toYaml(doc);
    expect(xsoarArgs(withoutAliases, 'darktrace-get-similar-devices', { deviceId: '1', maxResults: '2' })).toEqual({ max_results: '5', full_device_details: 'false' });
    const before = h.emulator.requests.length;
    const out = await shim.run({ command: 'darktrace-get-similar-devices', params, args: xsoarArgs(withoutAliases, 'darktrace-get-similar-devices', { deviceId: '1', maxResults: '2' }) });
    expect(out.errors).toEqual(['Failed to execute darktrace-get-similar-devices command.\nError:\ndid (or deviceId) is required']);
    expect(h.emulator.requests.length).toBe(before);
    // With them (the real integration.yml), the same call arrives whole.
    expect(xsoarArgs(YAML, 'darktrace-get-similar-devices', { deviceId: '1', maxResults: '2' })).toEqual({ deviceId: '1', max_results: '5', maxResults: '2', full_device_details: 'false' });
    // A required argument without an old name is still required by XSOAR itself.
    expect(() => xsoarArgs(YAML, 'darktrace-get-tagged-devices', {})).toThrow(new XsoarRefused('darktrace-get-tagged-devices: missing required argument tagName'));
  });

  it('a missing argument is named with its old name; a bad value as the caller spelt it; nothing reaches Darktrace', async () => {
    const missing = await viaXsoar('darktrace-get-external-endpoint-details', { endpointType: 'IP' });
    expect(missing.out.errors).toEqual(['Failed to execute darktrace-get-external-endpoint-details command.\nError:\nendpoint_value (or endpointValue) is required']);
    const bad = await viaXsoar('darktrace-get-external-endpoint-details', { endpointType: 'MAC', endpointValue: 'x' });
    expect(bad.out.errors).toEqual(['Failed to execute darktrace-get-external-endpoint-details command.\nError:\nendpointType: must be one of IP, hostname (got "MAC")']);
    // A command's own cross-argument check, respelt by the pipeline.
    const window = await viaXsoar('darktrace-list-respond-actions', { startTime: '2024-01-02T00:00:00Z', endTime: '2024-01-01T00:00:00Z' });
    expect(window.out.errors).toEqual(['Failed to execute darktrace-list-respond-actions command.\nError:\nendTime: must not be before startTime']);
    expect([...missing.sent, ...bad.sent, ...window.sent]).toEqual([]);
  });
});
