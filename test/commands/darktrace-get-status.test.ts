import { describe, expect, it } from 'vitest';
import cloud from '../../src/emulator/fixtures/darktrace-extended/status_master_cloud_real.json' with { type: 'json' };
import probes from '../../src/emulator/fixtures/darktrace-extended/status_master_6x_probes.json' with { type: 'json' };
import unified from '../../src/emulator/fixtures/darktrace-extended/status_unified_view.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-status.js';
import { StatusReport } from '../../src/darktrace/resources/status.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('transform (fixtures)', () => {
  it('status_master_6x_probes.json: probes keyed by id become a list; the errored probe is flagged', () => {
    const row = toOutputs(StatusReport.parse(probes.response));
    expect(row).toMatchObject({ hostname: 'example-darktrace', label: 'holdingsinc-master', version: '6.1.23 (f35936c6)', systemUptime: '1894:29:43', erroredProbes: 1, instances: [] });
    expect(row.probes).toEqual([
      { id: 12, label: 'Testing 2019', hostname: 'testprobe1', configuredServer: 'example-vsensor-2.example.com', ipAddress: '10.10.12.12', version: '6.1.23 (f35936c6)', type: 'vSensor', time: '2023-12-08 10:20', cpu: 6, memoryUsed: 18, load: 25, error: false },
      { id: 13, label: 'Testing 2020', configuredServer: '10.15.3.39', ipAddress: '10.15.3.39', error: true, lastContact: '2023-02-06 02:30:00' },
    ]);
    expect(toReadable(row)).toContain('### Instances and probes\n|Kind|ID|Instance|Name|Address|Version|CPU|Memory|Status|\n|---|---|---|---|---|---|---|---|---|\n'
      + '| probe | 12 |  | Testing 2019 | example-vsensor-2.example.com | 6.1.23 (f35936c6) | 6% | 18% | ok |\n'
      + '| probe | 13 |  | Testing 2020 | 10.15.3.39 |  |  |  | ERROR: unreachable since 2023-02-06 02:30:00 |\n');
  });

  it('status_master_cloud_real.json: version 0.0.0, empty licence left out, systemUptime camel-case', () => {
    const row = toOutputs(StatusReport.parse(cloud.response));
    expect(row).toMatchObject({ hostname: 'euw2-75824-01', version: '0.0.0', systemUptime: '4182:36:13', erroredProbes: 0 });
    expect(row.license).toBeUndefined();
    expect(row.probes.map((p) => p.id)).toEqual([1]);
  });

  it('status_unified_view.json: instances keyed by id become a list, each with its probes; an instance\'s errored probe counts', () => {
    const row = toOutputs(StatusReport.parse(unified.response));
    expect(row.instances.map((i) => [i.id, i.label, i.probes.map((p) => [p.id, p.error])])).toEqual([[1, 'EMEA', [[123, false]]], [2, 'AMER', [[456, true]]]]);
    expect(row.erroredProbes).toBe(1);
    const md = toReadable(row);
    expect(md).toMatch(/^### Darktrace appliance uv-darktrace\n\|Hostname\|Label\|Version\|Type\|Time\|CPU\|Memory\|Load\|Uptime\|RESPOND running\|Instances\|Probes\|Errored probes\|\n/);
    expect(md).toContain('| uv-darktrace | unified-view | 6.1.23 (f35936c6) | master | 2024-01-05 14:44 | 9% | 61% | 12% |  |  | 2 | 2 | 1 |');
    expect(md).toContain('| instance | 2 |  | AMER | 10.2.0.10 | 6.1.21 (a09c2d13) | 22% | 81% | ok |\n| probe | 456 | 2 | AMER lab probe | 10.2.9.9 |  |  |  | ERROR: unreachable since 2024-01-04 22:10:00 |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('GET /status?includechildren=true&fast=false: the emulator\'s probes, errored probe 13 flagged', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/status', query: 'includechildren=true&fast=false', body: '' }]);
    expect(result.outputsKeyField).toBe('hostname');
    expect(result.outputs).toMatchObject({ hostname: 'dt-emulator', version: '6.1.23 (f35936c6)', erroredProbes: 1 });
    expect(result.outputs.probes.map((p: { id: number; error: boolean }) => [p.id, p.error])).toEqual([[12, false], [13, true]]);
    expect(result.readableOutput).toContain('| probe | 13 |  | Testing 2020 | 10.15.3.39 |  |  |  | ERROR: unreachable since 2023-02-06 02:30:00 |');
  });

  it('include_children=false, fast=true: no probes, and the table says so', async () => {
    const result = await e2e.result({ include_children: 'false', fast: 'true' });
    expect(e2e.received()[0].query).toBe('includechildren=false&fast=true');
    expect(result.outputs.probes).toEqual([]);
    expect(result.readableOutput).not.toContain('Instances and probes');
    expect(result.rawResponse.subnetData).toBeUndefined();
  });

  it('bad arguments: a 400 naming each, nothing sent', async () => {
    const bad = await e2e.run({ include_children: 'sometimes', fast: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'include_children', message: 'include_children: expected a boolean (true/false/yes/no), got "sometimes"' },
      { path: 'fast', message: 'fast: expected a boolean (true/false/yes/no), got 2' },
    ]);
    expect(e2e.received()).toEqual([]);
  });
});

describeCommandE2E(command, { emulator: { statusUnifiedView: true }, title: 'end to end against a Unified View' }, (e2e) => {
  it('instances become a list with their probes; one row per instance and probe', async () => {
    const result = await e2e.result({});
    expect(result.outputs.instances.map((i: { id: number; probes: unknown[] }) => [i.id, i.probes.length])).toEqual([[1, 1], [2, 1]]);
    expect(result.outputs.erroredProbes).toBe(1);
    expect(result.readableOutput).toContain('| instance | 1 |  | EMEA | 10.1.0.10 | 6.1.23 (f35936c6) | 14% | 70% | ok |\n| probe | 123 | 1 |');
  });
});
