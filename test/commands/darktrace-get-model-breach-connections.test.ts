import { describe, expect, it } from 'vitest';
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-model-breach-connections.js';
import { DetailEvent } from '../../src/darktrace/resources/details.js';
import { describeCommandE2E } from '../helpers/e2e.js';

// The XSOAR sample's shape: the breach event first, then connection events.
const SAMPLE = [
  { time: '2020-09-01 05:20:19', timems: 1598937619000, pbid: 159, eventType: 'policybreach', action: 'policybreach' },
  {
    time: '2020-09-01 05:20:18', timems: 1598937618000, action: 'connection', eventType: 'connection', uid: 'CXs', direction: 'out', port: 53,
    sourcePort: 50000, destinationPort: 53, protocol: 'UDP', applicationprotocol: 'DNS', sourceDevice: { did: 823, ip: '10.0.0.1', hostname: 'ip-10-0-0-1' },
    destinationDevice: { ip: '8.8.8.8' }, destination: 'dns.google', totalbytesin: 120, totalbytesout: 60,
  },
].map((e) => DetailEvent.parse(e));

describe('transform', () => {
  it('drops the breach event, keeps at most count connections, ISO times', () => {
    expect(toOutputs(159, SAMPLE, 10)).toEqual({ pbid: 159, connections: [{
      time: '2020-09-01T05:20:18.000Z', uid: 'CXs', direction: 'out', sourceDeviceId: 823, source: 'ip-10-0-0-1', destination: 'dns.google',
      destinationIp: '8.8.8.8', port: 53, protocol: 'UDP', applicationProtocol: 'DNS', bytesIn: 120, bytesOut: 60,
    }] });
    expect(toOutputs(159, SAMPLE, 10).connections).toHaveLength(1);
    expect(toReadable(toOutputs(159, SAMPLE, 10))).toBe('### Connections of model breach 159\n|Time|Source|Destination|Port|Protocol|Bytes out|Bytes in|\n'
      + '|---|---|---|---|---|---|---|\n| 2020-09-01T05:20:18.000Z | ip-10-0-0-1 | dns.google | 53 | UDP/DNS | 60 | 120 |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('GET /details?pbid&count=count+1&offset: count connections, newest first, the breach event dropped', async () => {
    const result = await e2e.result({ pbid: 159, count: 3 });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/details', query: 'pbid=159&count=4&offset=0', body: '' }]);
    expect(result.outputs.pbid).toBe(159);
    expect(result.outputs.connections).toHaveLength(3);
    expect(result.outputs.connections[0]).toMatchObject({ time: '2020-09-01T05:20:19.000Z', sourceDeviceId: 823, source: 'ip-10-0-0-1', direction: 'out' });
    const times = result.outputs.connections.map((c: { time: string }) => c.time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(result.rawResponse[0]).toMatchObject({ eventType: 'policybreach', pbid: 159, name: 'Testing::Cheese-y DNS' });
    expect(result.readableOutput).toMatch(/^### Connections of model breach 159\n\|Time\|Source\|Destination\|Port\|Protocol\|Bytes out\|Bytes in\|\n/);
  });

  it('offset pages: offset 1 starts at the second connection', async () => {
    const first = (await e2e.result({ pbid: 159, count: 2 })).outputs.connections;
    const next = await e2e.result({ pbid: 159, count: 1, offset: 1 });
    expect(e2e.received()[0].query).toBe('pbid=159&count=2&offset=1');
    expect(next.outputs.connections).toEqual([first[1]]);
  });

  it('nothing found: an unknown breach, or an offset past the end', async () => {
    expect((await e2e.result({ pbid: 99999 })).readableOutput).toBe('### No model breach with pbid 99999');
    const past = await e2e.result({ pbid: 159, offset: 500 });
    expect(past.readableOutput).toBe('### Model breach 159 has no connections after offset 500');
    expect(past.entry.EntryContext).toEqual({});
  });

  it('the default count is DarktraceMBs\' 100 (count=101 sent)', async () => {
    await e2e.result({ pbid: 159 });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/details', query: 'pbid=159&count=101&offset=0', body: '' }]);
  });

  it('end_time (DarktraceMBs\' endtime): sent as epoch ms, only connections at or before it', async () => {
    const all = (await e2e.result({ pbid: 159, count: 20 })).outputs.connections as Array<{ time: string }>;
    expect(all.length).toBeGreaterThan(2);
    const cut = all[1].time; // the second newest: it and the older ones remain
    const ms = Date.parse(cut);
    const viaOld = await e2e.result({ pbid: 159, count: 20, endtime: String(ms) });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/details', query: `pbid=159&count=21&offset=0&endtime=${ms}`, body: '' }]);
    expect(viaOld.outputs.connections).toEqual(all.slice(1));
    const viaIso = await e2e.result({ pbid: 159, count: 20, end_time: cut });
    expect(e2e.received()[0].query).toBe(`pbid=159&count=21&offset=0&endtime=${ms}`);
    expect(viaIso.outputs.connections).toEqual(all.slice(1));
    const before = await e2e.result({ pbid: 159, end_time: '2000-01-01T00:00:00Z' });
    expect(before.readableOutput).toBe('### No model breach with pbid 159, or none of its events is at or before 2000-01-01T00:00:00.000Z');
  });

  it('a bad endtime is named as the caller spelt it', async () => {
    const res = await e2e.run({ pbid: 159, endtime: 'yesterday' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'endtime', message: 'endtime: must be epoch milliseconds or an ISO 8601 date/time such as 2024-01-15T12:00:00Z (got "yesterday")' },
    ]);
    expect(e2e.received()).toEqual([]);
  });

  it('bad arguments: count and offset ranges named', async () => {
    const res = await e2e.run({ pbid: 159, count: 0, offset: -1 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'count', message: 'count: must be at least 1 (got 0)' },
      { path: 'offset', message: 'offset: must be at least 0 (got -1)' },
    ]);
    expect(e2e.received()).toEqual([]);
  });
});
