// Both shipped playbooks, executed end to end by the playbook runner against the plugin and the emulator:
// the exact path taken, the context they build, and what they change on the (emulated) appliance.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { loadPlaybooks, type Playbook } from '../../src/xsoar/playbook.js';
import { getPath, httpExecutor, runPlaybook } from '../../src/xsoar/playbook-runner.js';
import { KEYS, useHarness } from '../helpers/harness.js';
import { REPO_ROOT, mapBreachIncident } from './helpers.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';

const registry = createRegistry();
const playbooks = [...loadPlaybooks(join(REPO_ROOT, 'playbooks')).values()];
const playbook = (name: string): Playbook => {
  const found = playbooks.find((p) => p.name === name);
  if (!found) throw new Error(`playbook ${name} is missing from playbooks/`);
  return found;
};
const TRIAGE = 'Darktrace Model Breach Triage';
const CONTAIN = 'Darktrace Contain Device';
const RESPOND = 'Darktrace RESPOND Containment With Approval';

describe('playbooks run end to end', () => {
  const h = useHarness();

  const read = () => httpExecutor({ url: h.url, apiKey: KEYS.read });
  const write = () => httpExecutor({ url: h.url, apiKey: KEYS.write });

  /** A new breach on the emulated appliance, fetched through POST /v1/fetch-incidents and mapped (README mapper). */
  async function fetchedIncident(breach: { did: number | null; model: string }, id: string) {
    const created = h.emulator.state.addBreach({ did: breach.did, model: breach.model, score: 0.9 });
    const response = await h.fetch({ lastRun: {}, params: { first_fetch: '2 hours', max_alerts: 1000 } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const incident = (response.body.incidents as Array<Record<string, unknown>>).find((i) => i.dbotMirrorId === String(created.pbid));
    expect(incident, `breach ${String(created.pbid)} was not fetched`).toBeDefined();
    return mapBreachIncident(incident!, id);
  }

  describe(TRIAGE, () => {
    it('triages a fetched breach on device 1: similar devices, connection info, tags, endpoint details, summary', async () => {
      const incident = await fetchedIncident({ did: 1, model: 'Anomalous Connection::Data Sent to Rare Domain' }, '101');
      expect(incident.darktracedeviceid).toBe(1);
      const hostnames = incident.darktraceexternalhostnames as string[];
      expect(hostnames).toHaveLength(1);

      // Read-only: the read-scope key is enough.
      const result = await runPlaybook(playbook(TRIAGE), { registry, execute: read(), incident });
      expect(result.names).toEqual([
        '', 'Investigate the breaching device', 'Is the device known?', 'Get similar devices', 'Get connection info', 'Get the device\'s tags',
        'Get the device\'s connections around the breach', 'Look up the external endpoints', 'Any external hostnames?', 'Look up the external hostnames', 'Any external IPs?',
        'Write the triage summary', 'Print the summary', 'Done',
      ]);
      expect(result.path).toEqual(['0', '1', '2', '3', '4', '5', '14', '6', '7', '8', '9', '11', '12', '13']);
      expect(result.steps.filter((s) => s.branch).map((s) => [s.id, s.branch])).toEqual([['2', 'yes'], ['7', 'yes'], ['9', '#default#']]);
      expect(result.steps[3].calls).toEqual([{ did: '1', max_results: '5' }]);
      // The connections metric from the hour before the breach to the hour after it (up to now).
      const occurred = String(incident.occurred);
      expect(result.steps.find((s) => s.id === '14')!.calls).toEqual([{ metric: 'connections', did: '1', around: occurred, interval: '5min' }]);
      const breachTime = Date.parse(occurred);
      expect(h.received().filter((r) => r.path === '/metricdata').map((r) => r.query).at(-1)).toMatch(
        new RegExp(`^metric=connections&did=1&starttime=${breachTime - 3_600_000}&endtime=\\d+&interval=300$`));
      expect(result.steps.find((s) => s.id === '8')!.calls).toEqual([{ endpoint_type: 'hostname', endpoint_value: hostnames[0] }]);

      const ctx = result.context;
      expect(getPath(ctx, 'Darktrace.SimilarDevices.deviceId')).toBe(1);
      expect(getPath(ctx, 'Darktrace.SimilarDevices.devices.did')).toEqual(expect.arrayContaining([823, 3]));
      expect(getPath(ctx, 'Darktrace.DeviceConnectionInfo.did')).toBe(1);
      expect(getPath(ctx, 'Darktrace.Device.tagName')).toEqual(expect.arrayContaining(['Admin', 'TEST']));
      expect(getPath(ctx, 'Darktrace.ExternalEndpointDetails.endpointValue')).toBe(hostnames[0]);
      expect(getPath(ctx, 'Darktrace.MetricData')).toMatchObject({ metric: 'connections', did: 1, unit: 'count', intervalLabel: '5min' });
      const peak = getPath(ctx, 'Darktrace.MetricData.stats.peak') as number;
      const peakTime = getPath(ctx, 'Darktrace.MetricData.stats.peakTime') as string;
      expect(peak).toBe(Math.max(...(getPath(ctx, 'Darktrace.MetricData.data.value') as number[])));
      expect(Math.abs(Date.parse(peakTime) - breachTime)).toBeLessThanOrEqual(3_600_000);

      const summary = String(getPath(ctx, 'DarktraceTriage.Summary'));
      expect(summary).toMatch(/^### Darktrace triage of device 1\n/);
      expect(summary).toMatch(/- Similar devices: .*823/);
      expect(summary).toMatch(/- Connections over four weeks: \d+ \(peak \d+ at \d{4}-\d\d-\d\dT/);
      expect(summary).toContain(`- Connections around the breach (5-minute maxima): peak ${peak} at ${peakTime}\n`);
      expect(summary).toMatch(/- Tags: .*Admin/);
      expect(summary).toContain(`- External endpoints looked up: ${hostnames[0]}`);
      const printed = result.warRoom.filter((w) => w.taskId === '12');
      expect(printed.map((w) => w.entry.Contents)).toEqual([summary]);
    });

    it('looks up every external IP given (one command per IP) and joins them in the summary', async () => {
      const result = await runPlaybook(playbook(TRIAGE), {
        registry, execute: read(), incident: { id: '102', darktracedeviceid: '1' }, inputs: { ExternalIPs: ['8.8.8.8', '1.1.1.1'] },
      });
      expect(result.path).toEqual(['0', '1', '2', '3', '4', '5', '14', '6', '7', '9', '10', '11', '12', '13']);
      expect(result.steps.find((s) => s.id === '10')!.calls).toEqual([
        { endpoint_type: 'IP', endpoint_value: '8.8.8.8' },
        { endpoint_type: 'IP', endpoint_value: '1.1.1.1' },
      ]);
      expect(getPath(result.context, 'Darktrace.ExternalEndpointDetails.endpointValue')).toEqual(['8.8.8.8', '1.1.1.1']);
      expect(String(getPath(result.context, 'DarktraceTriage.Summary'))).toContain('- External endpoints looked up: 8.8.8.8,1.1.1.1');
    });

    it('stops early for a breach without a device', async () => {
      const incident = await fetchedIncident({ did: null, model: 'Device::Suspicious Domain' }, '103');
      expect(incident.darktracedeviceid).toBe('');
      const calls: string[] = [];
      const result = await runPlaybook(playbook(TRIAGE), {
        registry, incident, execute: async (command, args) => {
          calls.push(command);
          return read()(command, args);
        },
      });
      expect(result.path).toEqual(['0', '1', '2', '13']);
      expect(result.steps[2].branch).toBe('#default#');
      expect(calls).toEqual([]);
    });
  });

  describe(CONTAIN, () => {
    const state = () => h.emulator.state;
    const hasTag = (did: number, tag: string) => state().tagsForDevice(did).find((t) => t.name === tag);
    const watched = (name: string) => state().liveIntel().find((e) => e.name === name);

    it('approval "undo": tags the device, watches the endpoints, then removes both', async () => {
      const endpoints = ['undo-c2.example.com', '203.0.113.201'];
      expect(hasTag(1, 'Active Threat')).toBeUndefined();
      let during: { tagged: boolean; watched: boolean } | undefined;
      const execute = write();
      const result = await runPlaybook(playbook(CONTAIN), {
        registry, incident: { id: '201', darktracedeviceid: 1 }, inputs: { ExternalEndpoints: endpoints },
        answers: { 'Undo the containment?': 'undo' },
        execute: async (command, args) => {
          if (command === 'darktrace-remove-tag-from-device') {
            // The state the analyst approved the undo in.
            during = { tagged: hasTag(1, 'Active Threat') !== undefined, watched: endpoints.every((e) => watched(e)?.source === 'XSOAR') };
          }
          return execute(command, args);
        },
      });
      expect(result.names).toEqual([
        '', 'Contain the device', 'Tag the device', 'Any external endpoints to watch?', 'Add the endpoints to the watched list',
        'Undo the containment?', 'Undo the containment', 'Remove the tag', 'Were endpoints added?', 'Remove the endpoints from the watched list', 'Done',
      ]);
      expect(result.path).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '11']);
      expect(result.steps.find((s) => s.id === '5')!.branch).toBe('undo');
      expect(during).toEqual({ tagged: true, watched: true });
      expect(result.steps.find((s) => s.id === '2')!.calls).toEqual([{ deviceId: '1', tagName: 'Active Threat', duration: '86400' }]);
      expect(result.steps.find((s) => s.id === '4')!.calls).toEqual([
        { endpointsToWatch: endpoints, description: 'Watched by XSOAR incident 201 (device 1)', source: 'XSOAR' },
      ]);

      // Afterwards: the tag is gone and so are the watched entries.
      expect(hasTag(1, 'Active Threat')).toBeUndefined();
      for (const e of endpoints) expect(watched(e)).toBeUndefined();
      expect(getPath(result.context, 'Darktrace.Endpoint.Watched')).toEqual([false, false]);
      // The removal's key (deviceId, tagName) matches the tagging's item, so XSOAR merges them into one.
      expect(getPath(result.context, 'Darktrace.Device')).toMatchObject({
        deviceId: 1, tagName: 'Active Threat', response: 'Successfully Tagged', duration: 86400, removed: true,
      });
    });

    it('approval "keep": the tag (with its expiry) and the watched entries stay', async () => {
      const endpoints = ['keep-c2.example.com'];
      const result = await runPlaybook(playbook(CONTAIN), {
        registry, execute: write(), incident: { id: '202', darktracedeviceid: 3 },
        inputs: { ExternalEndpoints: endpoints, TagDuration: '7200' }, answers: { 5: 'keep' },
      });
      expect(result.path).toEqual(['0', '1', '2', '3', '4', '5', '10', '11']);
      expect(result.names.slice(-2)).toEqual(['Keep the containment', 'Done']);
      const tag = hasTag(3, 'Active Threat');
      expect(tag).toBeDefined();
      expect(tag!.expiry).toBeGreaterThan(state().now());
      expect(tag!.expiry).toBeLessThanOrEqual(state().now() + 7200 * 1000);
      expect(watched('keep-c2.example.com')).toMatchObject({ source: 'XSOAR', description: 'Watched by XSOAR incident 202 (device 3)' });
      expect(getPath(result.context, 'Darktrace.Device')).toMatchObject({ deviceId: 3, tagName: 'Active Threat', response: 'Successfully Tagged' });
      expect(getPath(result.context, 'Darktrace.Endpoint')).toMatchObject({ endpoint: 'keep-c2.example.com', Watched: true });
    });

    it('without external endpoints it only tags (and on undo only untags)', async () => {
      const before = state().liveIntel().length;
      const result = await runPlaybook(playbook(CONTAIN), {
        registry, execute: write(), incident: { id: '203', darktracedeviceid: 823 }, answers: { 5: 'undo' },
      });
      expect(result.path).toEqual(['0', '1', '2', '3', '5', '6', '7', '8', '11']);
      expect(result.steps.find((s) => s.id === '3')!.branch).toBe('#default#');
      expect(result.steps.find((s) => s.id === '8')!.branch).toBe('#default#');
      expect(hasTag(823, 'Active Threat')).toBeUndefined();
      expect(state().liveIntel()).toHaveLength(before);
    });

    it('a read-only plugin key cannot contain: the run stops at the first change, with the plugin\'s message', async () => {
      await expect(runPlaybook(playbook(CONTAIN), {
        registry, execute: read(), incident: { id: '204', darktracedeviceid: 2540 }, answers: { 5: 'keep' },
      })).rejects.toThrow(/task 2 \(Tag the device\) failed: .*"read" scope.*needs "write"/s);
      expect(hasTag(2540, 'Active Threat')).toBeUndefined();
    });
  });

  it('triage then containment on the same incident: containment watches the endpoints the triage looked up', async () => {
    const incident = await fetchedIncident({ did: 2540, model: 'Compromise::Beaconing Activity To External Rare' }, '301');
    const triage = await runPlaybook(playbook(TRIAGE), { registry, execute: read(), incident });
    const looked = getPath(triage.context, 'Darktrace.ExternalEndpointDetails.endpointValue');
    expect(looked).toEqual((incident.darktraceexternalhostnames as string[])[0]);

    const contain = await runPlaybook(playbook(CONTAIN), {
      registry, execute: write(), incident, context: triage.context, answers: { 5: 'keep' },
    });
    expect(contain.inputs.ExternalEndpoints).toBe(looked);
    expect(contain.path).toEqual(['0', '1', '2', '3', '4', '5', '10', '11']);
    expect(h.emulator.state.liveIntel().find((e) => e.name === looked)).toMatchObject({ source: 'XSOAR' });
    expect(h.emulator.state.tagsForDevice(2540).some((t) => t.name === 'Active Threat')).toBe(true);
  });
});
