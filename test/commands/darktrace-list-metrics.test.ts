import { describe, expect, it } from 'vitest';
import command, { toOutputs } from '../../commands/darktrace-list-metrics.js';
import { MetricListSchema } from '../../src/darktrace/resources/metrics.js';
import { CATALOGUE } from '../../src/emulator/resources/metrics/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { fixture } from '../metrics/helpers.js';

describe('transform (fixture metrics_list.json)', () => {
  it('one Darktrace.Metric row per entry, the fields as the appliance sends them', () => {
    const rows = toOutputs(MetricListSchema.parse(fixture('metrics_list').response));
    expect(rows.map((r) => [r.mlid, r.name, r.label, r.units])).toEqual([
      [1, 'externalconnections', 'External Connections', ''],
      [4, 'internaldatatransfervolume', 'Internal Data Transfer', 'bytes'],
      [13, 'multicasts', 'Multicasts', ''],
      [16, 'connections', 'Connections', ''],
      [17, 'datatransfervolume', 'Data Transfer', 'bytes'],
      [291, 'smbmovesuccess', 'SMB Move Success', ''],
    ]);
    expect(rows[0]).toEqual({
      mlid: 1, name: 'externalconnections', label: 'External Connections', set: 'A', units: '',
      filtertypes: ['Feature model', 'Process popularity', 'Destination IP', 'Protocol', 'Destination port', 'Application protocol', 'Direction', 'Day of the week', 'Hour of the day'],
      unitsinterval: 3600, lengthscale: 9_999_960,
    });
  });

  it('missing and null fields are left out; filtertypes is always a list', () => {
    expect(toOutputs([{ mlid: 7, name: 'x', label: null, set: undefined }])).toEqual([{ mlid: 7, name: 'x', filtertypes: [] }]);
  });
});

describeCommandE2E(command, (e2e) => {
  it('no mlid: GET /metrics, every metric keyed by name', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/metrics', query: '', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.Metric');
    expect(result.outputsKeyField).toBe('name');
    expect(result.outputs.map((m: { name: string }) => m.name)).toEqual(CATALOGUE.map((m) => m.name));
    expect(result.readableOutput).toMatch(new RegExp(`^### Darktrace metrics \\(${CATALOGUE.length}\\)\n\\|mlid\\|Name\\|Label\\|Units\\|Set\\|Filters\\|\n`));
    expect(result.readableOutput).toContain('| 16 | connections | Connections | count | A | 9 |');
    expect(Object.keys(result.entry.EntryContext)).toEqual(['Darktrace.Metric(val.name && val.name == obj.name)']);
  });

  it('mlid 13: GET /metrics/13, one row', async () => {
    const result = await e2e.result({ mlid: '13' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/metrics/13', query: '', body: '' }]);
    expect(result.outputs).toEqual([expect.objectContaining({ mlid: 13, name: 'multicasts', label: 'Multicasts', units: '' })]);
  });

  it('an unknown mlid: the 404 is "nothing found", with no context', async () => {
    const result = await e2e.result({ mlid: 999 });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/metrics/999', query: '', body: '' }]);
    expect(result.readableOutput).toBe('### No Darktrace metric with mlid 999\ndarktrace-list-metrics without mlid lists them all.');
    expect(result.outputs ?? undefined).toBeUndefined();
    expect(result.entry.EntryContext).toEqual({});
  });

  it('a bad mlid is a 400 naming it, and nothing reaches Darktrace', async () => {
    const res = await e2e.run({ mlid: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'mlid', message: 'mlid: expected an integer, got "abc"' }]);
    expect(e2e.received()).toEqual([]);
  });
});
