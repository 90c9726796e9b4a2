import { describe, expect, it } from 'vitest';
import actionsFixture from '../../src/emulator/fixtures/darktrace-extended/antigena_actions.json' with { type: 'json' };
import fullFixture from '../../src/emulator/fixtures/darktrace-extended/antigena_fulldevicedetails_connections.json' with { type: 'json' };
import historyFixture from '../../src/emulator/fixtures/darktrace-extended/antigena_includehistory.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-list-respond-actions.js';
import { RespondActionList, respondState } from '../../src/darktrace/resources/antigena.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

// 2020-02-18T16:00:00Z: 4764 is still active, 4771 still pending, 4790 expires at that instant, 4702 was cleared.
const AT = Date.UTC(2020, 1, 18, 16, 0, 0);

describe('state (the flags alone are ambiguous)', () => {
  const now = 1_000_000;
  it('pending / active / expired / cleared from active, cleared and expires', () => {
    expect(respondState({ active: false, cleared: false, expires: now + 1 }, now)).toBe('pending');
    expect(respondState({ active: true, cleared: false, expires: now + 1 }, now)).toBe('active');
    expect(respondState({ active: true, cleared: false, expires: now }, now)).toBe('expired'); // active stays true after expiry
    expect(respondState({ active: false, cleared: false, expires: now - 1 }, now)).toBe('expired'); // never approved in time
    expect(respondState({ active: false, cleared: true, expires: now + 1 }, now)).toBe('cleared');
  });
});

describe('transform (fixtures)', () => {
  it('antigena_actions.json: one row per action, times in ISO, manual pbid 0 and empty model left out, updated as ISO', () => {
    const rows = toOutputs(RespondActionList.parse(actionsFixture.response), AT);
    expect(rows.map((r) => [r.codeid, r.state])).toEqual([[4764, 'active'], [4771, 'pending'], [4790, 'expired'], [4702, 'cleared']]);
    expect(rows[0]).toEqual({
      codeid: 4764, did: 316, ip: '10.0.18.224', action: 'quarantine', label: 'Quarantine device', state: 'active', manual: false,
      active: true, cleared: false, blocked: true, score: 0.3, pbid: 442301,
      model: 'Antigena / Network / External Threat / Antigena Quarantine Example', modeluuid: 'd92d6f73-gc1b-cg96-d4g8-df8a79f2a3cd',
      start: '2020-02-18T15:02:04.000Z', expires: '2020-02-18T16:02:04.000Z',
    });
    expect(rows[2]).toEqual({
      codeid: 4790, did: 79, ip: '10.0.18.77', action: 'connection', label: 'Block matching connections', state: 'expired', manual: true,
      active: true, cleared: false, blocked: false, score: 0, start: '2020-02-18T15:50:00.000Z', expires: '2020-02-18T16:00:00.000Z',
      updated: '2020-02-18T15:50:00.000Z', triggeredBy: 'soar-api', reason: 'Ticket INC-1042: block C2',
    });
  });

  it('antigena_fulldevicedetails_connections.json: the object shape; connections and device attached by did', () => {
    const [row] = toOutputs(RespondActionList.parse(fullFixture.response), AT);
    expect(row.connections).toEqual([
      { direction: 'outgoing', ip: '10.0.18.224', port: 443, time: '2020-02-18T13:51:00.000Z' },
      { direction: 'outgoing', ip: '10.0.18.224', port: 3128, time: '2020-02-18T15:03:20.000Z' },
    ]);
    expect(row.device).toEqual({ hostname: 'Sarah Development', ip: '10.0.18.224', typelabel: 'Desktop', os: 'Linux 3.11 and newer', macaddress: '56:2d:4b:9c:18:42' });
    expect(toReadable([row])).toContain('| 4764 | active | Quarantine device (quarantine) | 316 (Sarah Development) |');
  });

  it('antigena_includehistory.json: history rows in ISO, empty users left out', () => {
    const rows = toOutputs(RespondActionList.parse(historyFixture.response), AT);
    expect(rows[1].history).toEqual([{ time: '2020-02-18T15:33:31.000Z', action: 'created (requires confirmation)' }]);
    expect(rows[0].history?.map((h) => h.action)).toEqual(['created', 'reactivated (expired)', 'cleared']);
  });

  it('readable: counts by state, one row per action, then history and blocked connections when asked for', () => {
    const rows = toOutputs(RespondActionList.parse(actionsFixture.response), AT);
    expect(toReadable(rows)).toBe(
      '### Darktrace RESPOND actions\n1 pending, 1 active, 1 expired, 1 cleared\n' +
      '|Code ID|State|Action|Device|IP|Model|Start|Expires|Triggered by|\n|---|---|---|---|---|---|---|---|---|\n' +
      '| 4764 | active | Quarantine device (quarantine) | 316 | 10.0.18.224 | Antigena / Network / External Threat / Antigena Quarantine Example | 2020-02-18T15:02:04.000Z | 2020-02-18T16:02:04.000Z |  |\n' +
      '| 4771 | pending | Block matching connections (connection) | 532 | 10.0.18.31 | Antigena / Network / External Threat / Antigena Suspicious File Block | 2020-02-18T15:33:31.000Z | 2020-02-18T16:33:31.000Z |  |\n' +
      '| 4790 | expired | Block matching connections (connection) | 79 | 10.0.18.77 | manual | 2020-02-18T15:50:00.000Z | 2020-02-18T16:00:00.000Z | soar-api |\n' +
      '| 4702 | cleared | Quarantine device (quarantine) | 201 | 10.0.18.90 | Antigena / Network / External Threat / Antigena Quarantine Example | 2020-02-17T00:40:00.000Z | 2020-02-17T01:40:00.000Z |  |\n',
    );
  });
});

describeCommandE2E(command, (e2e) => {
  const slice = () => e2e.h.emulator.state.slice(AntigenaSlice);

  it('pending actions of device 1: GET /antigena?needconfirming=true&did=1, rows keyed by codeid with the derived state', async () => {
    const result = await e2e.result({ did: '1', need_confirming: 'true' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/antigena', query: 'needconfirming=true&did=1', body: '' }]);
    const a = slice().actions.get(5001)!;
    expect(result.outputsKeyField).toBe('codeid');
    expect(result.outputs).toEqual([expect.objectContaining({ codeid: 5001, did: 1, ip: '10.0.0.1', action: 'connection', state: 'pending', active: false, cleared: false, manual: false })]);
    expect(result.outputs[0].expires).toBe(new Date(Math.floor(a.expires / 1000) * 1000).toISOString());
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.RespondAction(val.codeid && val.codeid == obj.codeid)': result.outputs });
    expect(result.readableOutput).toMatch(/^### Darktrace RESPOND actions\n1 pending, 0 active, 0 expired, 0 cleared\n\|Code ID\|State\|Action\|Device\|IP\|Model\|Start\|Expires\|Triggered by\|\n/);
    expect(result.readableOutput).toContain('| 5001 | pending | Block matching connections (connection) | 1 | 10.0.0.1 |');
  });

  it('the default window shows all four states; cleared ones only with include_cleared', async () => {
    const plain = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/antigena', query: '', body: '' }]);
    expect(new Set(plain.outputs.map((r: { state: string }) => r.state))).toEqual(new Set(['pending', 'active', 'expired']));
    expect(plain.outputs.map((r: { codeid: number }) => r.codeid)).not.toContain(5008); // expired 30 days ago
    const all = await e2e.result({ include_cleared: true });
    expect(e2e.received()[0].query).toBe('includecleared=true');
    expect(all.outputs.filter((r: { state: string }) => r.state === 'cleared').map((r: { codeid: number }) => r.codeid)).toEqual([...slice().actions.values()].filter((a) => a.cleared && a.codeid > 5000).sort((a, b) => a.start - b.start).map((a) => a.codeid));
  });

  it('a window over the fixtures with every detail: history, blocked connections and device 316 as captured', async () => {
    const result = await e2e.result({
      start_time: '2020-02-17T00:00:00Z', end_time: '1582070400000', include_cleared: 'yes', include_history: 'true',
      include_connections: true, full_device_details: true, pbid: 442301,
    });
    expect(e2e.received()).toEqual([{
      method: 'GET', path: '/antigena', body: '',
      query: 'fulldevicedetails=true&includecleared=true&includehistory=true&includeconnections=true&pbid=442301&starttime=1581897600000&endtime=1582070400000',
    }]);
    expect(result.outputs).toHaveLength(1);
    expect(result.outputs[0]).toMatchObject({
      codeid: 4764, state: 'expired', device: { hostname: 'Sarah Development', macaddress: '56:2d:4b:9c:18:42' },
      history: [{ time: '2020-02-18T15:02:04.000Z', action: 'created' }],
      connections: [{ direction: 'outgoing', ip: '10.0.18.224', port: 443, time: '2020-02-18T13:51:00.000Z' }, { direction: 'outgoing', ip: '10.0.18.224', port: 3128, time: '2020-02-18T15:03:20.000Z' }],
    });
    expect(result.readableOutput).toContain('### History\n|Code ID|Time|Change|User|Reason|\n|---|---|---|---|---|\n| 4764 | 2020-02-18T15:02:04.000Z | created |  |  |\n');
    expect(result.readableOutput).toContain('### Blocked connections\n|Code ID|Time|Direction|IP|Port|\n|---|---|---|---|---|\n| 4764 | 2020-02-18T13:51:00.000Z | outgoing | 10.0.18.224 | 443 |\n');
  });

  it('nothing found: a clear line and no context', async () => {
    const result = await e2e.result({ did: 3, need_confirming: true });
    expect(e2e.received()[0].query).toBe('needconfirming=true&did=3');
    expect(result.readableOutput).toBe('### No RESPOND actions match');
    expect(result.outputs ?? undefined).toBeUndefined();
    expect(result.entry.EntryContext).toEqual({});
  });

  it('bad arguments: 400 naming each, nothing sent; a window needs both ends', async () => {
    const bad = await e2e.run({ did: 'x', start_time: 'yesterday', include_cleared: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'did', message: 'did: expected an integer, got "x"' },
      { path: 'include_cleared', message: 'include_cleared: expected a boolean (true/false/yes/no), got "maybe"' },
      { path: 'start_time', message: 'start_time: must be epoch milliseconds or an ISO 8601 date/time such as 2024-01-15T12:00:00Z (got "yesterday")' },
    ]);
    const half = await e2e.run({ start_time: '2024-01-01' });
    expect(half.status).toBe(400);
    expect(half.body.errors).toEqual([{ path: 'end_time', message: 'end_time: start_time and end_time go together (Darktrace takes the window as a pair)' }]);
    expect(e2e.received()).toEqual([]);
  });
});
