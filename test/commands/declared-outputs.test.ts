// Every context key a command writes is declared in its `outputs` (integration.yml and the manifest are built
// from them, so an undeclared key is invisible to playbook authors).
import { beforeAll, describe, expect, it } from 'vitest';
import { T0, freshCollected, freshConnections } from './descriptor-fixture.js';
import fixture from '../../src/emulator/fixtures/advanced_search_analysis.json' with { type: 'json' };
import advancedSearch, { toOutputs as advancedSearchOutputs } from '../../commands/darktrace-run-advanced-search-analysis.js';
import { createRegistry } from '../../src/cli/runtime.js';
import { useHarness } from '../helpers/harness.js';

// The tag commands are checked in their own tests.
const CASES: Array<[string, Record<string, unknown>]> = [
  ['darktrace-get-similar-devices', { did: 1, full_device_details: true }],
  ['darktrace-get-external-endpoint-details', { endpoint_type: 'hostname', endpoint_value: 'test.com' }],
  ['darktrace-get-device-connection-info', { did: 1, data_type: 'co', num_similar_devices: 2, full_device_details: true }],
  ['darktrace-run-advanced-search-analysis', { initialDate: '2024-01-01', endDate: '2024-01-02', query: 'x', operation: 'trend', metric: '@fields.source_ip' }],
  ['darktrace-post-to-watched-list', { endpointsToWatch: 'declared.example', description: 'd', source: 's', expiry: '2030-01-01' }],
  ['darktrace-get-watched-list', {}],
  ['darktrace-remove-from-watched-list', { endpointsToRemove: 'declared.example', source: 's' }],
  ['darktrace-get-tags-for-device', { deviceId: 1 }],
  ['darktrace-remove-tag-from-device', { deviceId: 1, tagName: 'Admin' }],
  // RESPOND and appliance status: every optional part present
  ['darktrace-list-respond-actions', {
    start_time: '2020-02-01', end_time: '2020-03-01', include_cleared: true, include_history: true, include_connections: true, full_device_details: true,
  }],
  ['darktrace-get-respond-summary', { start_time: '2020-02-01', end_time: '2020-03-01' }],
  ['darktrace-activate-respond-action', { codeid: 5002 }],
  ['darktrace-extend-respond-action', { codeid: 5002, duration: 60 }],
  ['darktrace-clear-respond-action', { codeid: 5002 }],
  ['darktrace-create-manual-respond-action', { did: 1, action: 'quarantine', duration: 60, reason: 'r' }],
  ['darktrace-get-status', {}],
  ['darktrace-get-summary-statistics', {}],
  ['darktrace-get-summary-statistics', { event_type: 'network' }],
  ['darktrace-get-summary-statistics', { mitre_tactics: true }],
  ['darktrace-get-summary-statistics', { csensor: true }],
  // model breaches and AI Analyst (issue 11)
  ['darktrace-get-model-breach', { pbid: 159 }],
  ['darktrace-acknowledge-model-breach', { pbid: 159 }],
  ['darktrace-unacknowledge-model-breach', { pbid: 159 }],
  ['darktrace-post-comment-to-model-breach', { pbid: 159, message: 'declared' }],
  ['darktrace-get-model-breach-comments', { pbid: 159 }],
  ['darktrace-get-model-breach-connections', { pbid: 159 }],
  ['darktrace-get-model', { pid: 202 }],
  ['darktrace-get-model-component', { cid: 2998 }],
  ['darktrace-list-ai-analyst-incident-events', { include_all_pinned: true, include_acknowledged: true }],
  ['darktrace-list-ai-analyst-groups', { include_all_pinned: true, include_acknowledged: true }],
  ['darktrace-acknowledge-ai-analyst-event', { uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c' }],
  ['darktrace-unacknowledge-ai-analyst-event', { uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c' }],
  ['darktrace-pin-ai-analyst-event', { uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c' }],
  ['darktrace-unpin-ai-analyst-event', { uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c' }],
  ['darktrace-post-comment-to-ai-analyst-event', { uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c', message: 'declared' }],
  ['darktrace-get-ai-analyst-comments', { uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c' }],
  // metric data (issue 12); the comparison entry is checked in darktrace-get-metric-data.test.ts
  ['darktrace-list-metrics', {}],
  ['darktrace-get-metric-data', { metrics: 'connections,datatransfervolume,externalconnections', did: 1, start_time: '1 day ago', interval: '1hour', breachtimes: true }],
  // metric descriptors and records (issue 14): over the descriptor seeded below
  ['darktrace-list-metric-descriptors', {}],
  ['darktrace-get-metric-descriptor', { descriptor: 'deviceConnections' }],
  ['darktrace-submit-metric-records', { descriptor: 'deviceConnections', ignore_on_failed: true, records: JSON.stringify([
    { timestamp: T0, keys: { did: 1, dst: '10.0.0.1' }, values: { bytes: 1, latency: 1 } }, { timestamp: T0, keys: { did: 1 }, values: {} }]) }],
  ['darktrace-aggregate-metric-records', { descriptor: 'deviceConnections', group_by: 'did', resolution: '1 hour', start_time: T0, end_time: T0 + 3_600_000 }],
  // profiles (issue 15); the stored-descriptor form has the same shape (darktrace-get-profile.test.ts)
  ['darktrace-get-profile', { profile: 'darktrace:connections', entity: 1, window: '1 hour window every 24 hours from 14 days ago excluding weekends', now: '2024-03-12T12:00:00Z' }],
  ['darktrace-collect-metric-data', { descriptor: 'collectedConnections', devices: '1,2', start_time: '3 hours ago' }],
];

const registry = createRegistry();

/** Top-level keys of `outputs` that no declared context path names (as itself or as a parent). */
function undeclared(command: string, prefix: string, outputs: unknown): string[] {
  const declared = (registry.get(command)!.outputs ?? []).map((o) => o.contextPath);
  const keys = new Set((Array.isArray(outputs) ? outputs : [outputs]).flatMap((o) => Object.keys(o as object)));
  return [...keys].filter((k) => !declared.some((d) => d === `${prefix}.${k}` || d.startsWith(`${prefix}.${k}.`)));
}

describe('declared outputs', () => {
  const h = useHarness();
  beforeAll(async () => { await freshConnections(await h.store()); await freshCollected(await h.store()); });

  for (const [command, args] of CASES) {
    it(command, async () => {
      const res = await h.call(command, args, { scope: 'write' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const [result] = res.body.results;
      expect(result.outputs, 'the case must produce context').toBeTruthy();
      expect(undeclared(command, result.outputsPrefix, result.outputs)).toEqual([]);
    });
  }

  it('darktrace-run-advanced-search-analysis with a probe error', () => {
    const args = { initialDate: '2022-12-10', initialTime: '09:00:00', endDate: '2022-12-11', endTime: '08:00:00', query: '@type:conn', operation: 'score', metric: '@fields.source_ip', offset: 0 } as const;
    const out = advancedSearchOutputs(args, { ...fixture, darktraceChildError: 'probe-2' });
    expect(undeclared(advancedSearch.name, 'Darktrace.AdvancedSearch', out)).toEqual([]);
  });
});
