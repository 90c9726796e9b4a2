import { describe, expect, it } from 'vitest';
import fixture from '../../src/emulator/fixtures/conn_info.json' with { type: 'json' };
import command, {
  deviceNames, peerLabel, series, summarise, toOutputs, toReadable, type ConnectionInfo,
} from '../../commands/darktrace-get-device-connection-info.js';
import { Registry, type CommandResult } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';

const NAME = 'darktrace-get-device-connection-info';

/** Our outputs minus what we add (dataType, summary, *Iso) — must be exactly what the pack outputs. */
function withoutAdditions(outputs: ConnectionInfo[]): unknown {
  return JSON.parse(JSON.stringify(outputs, (key, value) =>
    key === 'dataType' || key === 'summary' || key === 'timeIso' || key === 'firstTimeIso' ? undefined : value));
}

describe('transform (fixture conn_info.json)', () => {
  const outputs = toOutputs(fixture, 'co');

  it('one object per deviceInfo entry with the same facts as the official pack (formatted_conn_info = deviceInfo)', () => {
    expect(outputs).toHaveLength(1);
    expect(withoutAdditions(outputs)).toEqual(fixture.deviceInfo);
  });

  it('adds the data type, ISO siblings and a graph summary', () => {
    const [e] = outputs;
    expect(e.did).toBe(1);
    expect(e.dataType).toBe('co');
    expect(e.similarityScore).toBe(100);
    expect(e.summary).toEqual({
      points: 66, total: 15893, peak: 624, peakTime: '2020-09-02T13:00:00.000Z',
      from: '2020-08-24T21:00:00.000Z', to: '2020-09-11T19:00:00.000Z',
    });
    expect(e.graphData[0]).toEqual({ time: 1598302800000, timeIso: '2020-08-24T21:00:00.000Z', count: 390 });
    const info = e.info as { portsUsed: unknown[]; devicesUsed: unknown[] };
    expect(info.portsUsed[0]).toEqual({ port: 53, size: 44, firstTime: 1591729360000, firstTimeIso: '2020-06-09T19:02:40.000Z' });
    // "others" has no firstTime: no ISO sibling invented.
    expect(info.portsUsed.at(-1)).toEqual({ port: 'others', size: 1 });
    expect(info.devicesUsed[2]).toEqual({ did: -5, size: 12, firstTime: 1591730027000, firstTimeIso: '2020-06-09T19:13:47.000Z' });
  });

  it('missing or empty deviceInfo is nothing found; entries without graphData or info do not crash', () => {
    expect(toOutputs({}, 'co')).toEqual([]);
    expect(toOutputs({ deviceInfo: [] }, 'co')).toEqual([]);
    const [bare] = toOutputs({ deviceInfo: [{ did: 7 }] }, 'sizein');
    expect(bare).toEqual({ did: 7, dataType: 'sizein', summary: { points: 0, total: 0 }, graphData: [] });
    expect(toReadable([bare])).toBe(
      '### Connection info for device 7 (data in)\n|did|points|total|\n|---|---|---|\n| 7 | 0 | 0 |\n',
    );
    const [partial] = toOutputs({ deviceInfo: [{ did: 8, graphData: [{ time: 1 }, { count: 3 }], info: { portsUsed: [{ size: 5 }] } }] }, 'co');
    expect(partial.summary).toEqual({ points: 0, total: 0 });
    expect(() => toReadable([partial])).not.toThrow();
  });

  it('points of any shape keep their keys in order, with timeIso after them', () => {
    const [e] = toOutputs({ deviceInfo: [{ did: 1, graphData: [
      { time: 1598302800000, count: 3 }, { count: 4, time: 1598306400000 }, { time: 1598310000000, count: 5, extra: 'x' }, { time: 1598313600000 },
    ] }] }, 'co');
    expect(e.graphData.map((p) => JSON.stringify(p))).toEqual([
      '{"time":1598302800000,"count":3,"timeIso":"2020-08-24T21:00:00.000Z"}',
      '{"count":4,"time":1598306400000,"timeIso":"2020-08-24T22:00:00.000Z"}',
      '{"time":1598310000000,"count":5,"extra":"x","timeIso":"2020-08-24T23:00:00.000Z"}',
      '{"time":1598313600000,"timeIso":"2020-08-25T00:00:00.000Z"}',
    ]);
  });

  it('keeps extra keys (domain with externaldomain, similar devices)', () => {
    const out = toOutputs({ deviceInfo: [
      { did: 1, similarityScore: 100, domain: 'example.com', graphData: [] },
      { did: 9, similarityScore: 87, domain: 'example.com', graphData: [] },
    ] }, 'sizeout');
    expect(out.map((o) => [o.did, o.similarityScore, o.domain])).toEqual([[1, 100, 'example.com'], [9, 87, 'example.com']]);
  });
});

describe('summary, series and labels', () => {
  it('summarise ignores broken points', () => {
    expect(summarise([{ time: 0, count: 2 }, { time: 3_600_000, count: 5 }, { time: null, count: 9 }])).toEqual({
      points: 2, total: 7, peak: 5, peakTime: '1970-01-01T01:00:00.000Z', from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T01:00:00.000Z',
    });
  });
  it('series fills the intervals Darktrace leaves out with 0', () => {
    const h = 3_600_000;
    expect(series([{ time: 0, count: 1 }, { time: 3 * h, count: 4 }, { time: h, count: 2 }])).toEqual([1, 2, 0, 4]);
    expect(series([{ time: 0, count: 1 }, { time: 4 * h, count: 4 }], 2 * h)).toEqual([1, 0, 4]);
    expect(series([{ time: 0, count: 1 }])).toEqual([1]);
  });
  it('labels pseudo-devices, others and named devices', () => {
    const names = deviceNames({ devices: [{ did: 2, hostname: 'dns-1' }, { did: 3, ip: '10.0.0.3' }] });
    expect(peerLabel(0)).toBe('external (Internet)');
    expect(peerLabel(-5)).toBe('pseudo-device -5');
    expect(peerLabel(-42)).toBe('pseudo-device -42');
    expect(peerLabel('others')).toBe('others');
    expect(peerLabel(2, names)).toBe('dns-1 (2)');
    expect(peerLabel(3, names)).toBe('10.0.0.3 (3)');
    expect(peerLabel(4, names)).toBe('device 4');
  });
});

describe('readable (fixture)', () => {
  const md = toReadable(toOutputs(fixture, 'co'));

  it('summary row per device', () => {
    expect(md).toMatch(
      /^### Connection info for device 1 \(connections\)\n\|did\|similarityScore\|points\|total\|peak\|peakTime\|from\|to\|\n\|---\|---\|---\|---\|---\|---\|---\|---\|\n\| 1 \| 100 \| 66 \| 15893 \| 624 \| 2020-09-02T13:00:00.000Z \| 2020-08-24T21:00:00.000Z \| 2020-09-11T19:00:00.000Z \|\n/,
    );
  });

  it('a unicode sparkline of the gap-filled graph', () => {
    const line = /\*\*Activity \(connections\)\*\* 2020-08-24T21:00:00\.000Z → 2020-09-11T19:00:00\.000Z: `([▁▂▃▄▅▆▇█ ]+)`/.exec(md);
    expect(line).not.toBeNull();
    expect([...line![1]]).toHaveLength(60);
    expect(line![1]).toContain('█');
  });

  it('top ports and peers as percentages with labels, never raw objects', () => {
    expect(md).toContain('### Top ports used by device 1\n|port|share|firstSeen|\n|---|---|---|\n| 53 | 44% | 2020-06-09T19:02:40.000Z |\n');
    expect(md).toContain('| 5001 - 10000 | 11% | 2020-06-18T16:07:55.000Z |\n');
    expect(md).toContain('| others | 1% |  |\n');
    expect(md).toContain('### Top peer devices used by device 1\n|did|device|share|firstSeen|\n|---|---|---|---|\n| 0 | external (Internet) | 37% | 2020-06-09T19:02:40.000Z |\n| 2 | device 2 | 25% |');
    expect(md).toContain('| -5 | pseudo-device -5 | 12% |');
    expect(md).toContain('| others | others | 1% |  |\n');
    expect(md).toContain('### Top connections of device 1\n|direction|device|port|share|\n|---|---|---|---|\n| out | device 2 | 53 | 24% |\n');
    expect(md).toContain('|  | others |  | 1% |\n');
    // Empty lists (portsServed, devicesServed) get no table.
    expect(md).not.toContain('served');
    expect(md).not.toMatch(/\{|deviceAndPort|\[object/);
  });

  it('names peers from full device details', () => {
    const md2 = toReadable(toOutputs(fixture, 'co'), { names: deviceNames({ devices: [{ did: 2, hostname: 'dns-server' }] }) });
    expect(md2).toContain('| 2 | dns-server (2) | 25% |');
  });
});

describe('request (what Darktrace receives)', () => {
  const dt = useFakeDarktrace();
  const defaults = {
    did: 1, data_type: 'co' as const, show_all_graph_data: false, full_device_details: false, num_similar_devices: 0,
    external_domain: undefined, destination_did: undefined, port: undefined, interval_hours: undefined,
  };
  const query = async (args: Parameters<typeof command.run>[0]) => {
    dt.script(json(200, { deviceInfo: [] }));
    await command.run(args, dt.ctx);
    return dt.received().map((r) => `${r.method} ${r.path}?${r.query}`);
  };

  it('defaults: did, datatype and showallgraphdata only', async () => {
    expect(await query(defaults)).toEqual(['GET /deviceinfo?did=1&datatype=co&showallgraphdata=false']);
  });
  it('everything set, destination as odid (never oid)', async () => {
    expect(await query({
      ...defaults, data_type: 'sizeout', external_domain: 'example.com', destination_did: 0, port: 443, interval_hours: 2,
      show_all_graph_data: true, full_device_details: true, num_similar_devices: 3,
    })).toEqual(['GET /deviceinfo?did=1&datatype=sizeout&externaldomain=example.com&odid=0&port=443&intervalhours=2&showallgraphdata=true&fulldevicedetails=true&similardevices=3']);
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('accepts the official pack aliases, camelCase booleans and "connections"', () => {
    expect(registry.parseArgs(NAME, {
      deviceId: '1', dataType: 'connections', externalDomain: 'example.com', destinationDeviceId: '0',
      showAllGraphData: 'true', numberOfSimilarDevices: '2', fullDeviceDetails: 'yes',
    })).toEqual({
      ok: true,
      args: {
        did: 1, data_type: 'co', external_domain: 'example.com', destination_did: 0, show_all_graph_data: true,
        num_similar_devices: 2, full_device_details: true, port: undefined, interval_hours: undefined,
      },
    });
  });
  it('names every bad argument', () => {
    const parsed = registry.parseArgs(NAME, { did: 'abc', data_type: 'bytes', port: '70000', interval_hours: '0', show_all_graph_data: 'maybe', num_similar_devices: '-1' });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.errors.map((e) => e.path);
    expect(paths.sort()).toEqual(['data_type', 'did', 'interval_hours', 'num_similar_devices', 'port', 'show_all_graph_data']);
  });
});

describeCommandE2E(command, (e2e) => {

  it('device 1 with defaults: exact request, outputs, DT key and readable', async () => {
    const result = await e2e.result({ did: 1, data_type: 'co' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/deviceinfo', query: 'did=1&datatype=co&showallgraphdata=false', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.DeviceConnectionInfo');
    expect(result.outputsKeyField).toBe('did');
    expect(result.outputs[0]).toMatchObject({ did: 1, dataType: 'co' });
    expect(result.outputs[0].summary.points).toBe(result.outputs[0].graphData.length);
    expect(Object.keys(result.entry.EntryContext)).toEqual(['Darktrace.DeviceConnectionInfo(val.did && val.did == obj.did)']);
    expect(result.readableOutput).toMatch(/^### Connection info for device 1 \(connections\)\n/);
    expect(result.readableOutput).toMatch(/\*\*Activity \(connections\)\*\* .* → .*: `[▁▂▃▄▅▆▇█ ]{60}`/);
    expect(result.readableOutput).toContain('| 0 | external (Internet) | 37% |');
    expect(result.readableOutput).toContain('| -5 | pseudo-device -5 | 12% |');
  });

  it('a device without data: success, clear line, no context', async () => {
    const result = await e2e.result({ did: 99999, data_type: 'co' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/deviceinfo', query: 'did=99999&datatype=co&showallgraphdata=false', body: '' }]);
    expect(result.outputs).toBeNull();
    expect(result.readableOutput).toBe('### No connection data found for device 99999');
    expect(result.entry.EntryContext).toEqual({});
  });

  it('pack aliases: the destination goes out as odid, only set params are sent', async () => {
    const res = await e2e.run({
      deviceId: '1', dataType: 'sizeout', destinationDeviceId: '2', externalDomain: 'example.com',
      showAllGraphData: 'true', fullDeviceDetails: 'true', numberOfSimilarDevices: '1', port: '53', interval_hours: '1',
    });
    expect(res.status).toBe(200);
    const [sent] = e2e.received();
    expect(sent).toEqual({
      method: 'GET', path: '/deviceinfo', body: '',
      query: 'did=1&datatype=sizeout&externaldomain=example.com&odid=2&port=53&intervalhours=1&showallgraphdata=true&fulldevicedetails=true&similardevices=1',
    });
    expect(sent.query).not.toMatch(/(^|&)oid=/);
  });

  it('bad arguments are a 400 naming each argument, and nothing is sent to Darktrace', async () => {
    const res = await e2e.run({ deviceId: 'one', dataType: 'packets', port: 'http' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['dataType', 'deviceId', 'port']);
    expect(e2e.received()).toEqual([]);
  });
});

describe('run with answers the emulator does not give', () => {
  const dt = useFakeDarktrace();

  it('full device details with a null did are tolerated, not an invalid response', async () => {
    dt.script(json(200, {
      deviceInfo: [{ did: 1, graphData: [], info: { devicesUsed: [{ did: 2, size: 100 }] } }],
      devices: [{ did: null, hostname: 'ghost' }, { did: 2, hostname: 'dns-server', ip: null }],
    }));
    const args = { did: 1, data_type: 'co' as const, show_all_graph_data: false, num_similar_devices: 0, full_device_details: true, external_domain: undefined, destination_did: undefined, port: undefined, interval_hours: undefined };
    const result = await command.run(args, dt.ctx) as CommandResult;
    expect(result.outputsKeyField).toBe('did');
    expect(result.readableOutput).toContain('| 2 | dns-server (2) | 100% |');
  });
});
