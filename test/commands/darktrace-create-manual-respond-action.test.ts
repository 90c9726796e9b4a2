import { describe, expect, it } from 'vitest';
import manualFixture from '../../src/emulator/fixtures/darktrace-extended/antigena_manual_response.json' with { type: 'json' };
import command, { parseConnections } from '../../commands/darktrace-create-manual-respond-action.js';
import { ManualAnswer } from '../../src/darktrace/resources/antigena.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('connections and the reply', () => {
  it('parses the block list, each entry a src/dst pair with an optional port', () => {
    expect(parseConnections('[{"src":"10.10.10.10","dst":"8.8.8.8"},{"src":"10.10.10.10","dst":"example.com","port":443}]')).toEqual([
      { src: '10.10.10.10', dst: '8.8.8.8' }, { src: '10.10.10.10', dst: 'example.com', port: 443 },
    ]);
    expect(parseConnections('10.0.0.1>8.8.8.8')).toBe('must be a JSON array of {"src": IP or hostname, "dst": IP or hostname, "port"?: 1-65535} (not valid JSON)');
    expect(parseConnections('[{"src":"10.0.0.1"}]')).toBe('entry 1 needs "src" and "dst" (IP addresses or hostnames, as a pair)');
    expect(parseConnections('[{"src":"a","dst":"b","port":70000}]')).toBe('entry 1: port must be a whole number from 1 to 65535');
    expect(parseConnections('[{"src":"a","dst":"b","proto":"tcp"}]')).toBe('entry 1 has unknown key proto (allowed: src, dst, port)');
  });
  it('the guide\'s reply {"code": 10170} (antigena_manual_response.json) is read as the codeid', () => {
    const answer = ManualAnswer.parse(manualFixture.response);
    expect(answer.code ?? answer.codeid).toBe(10170);
  });
});

for (const manualResponse of ['code', 'codeid'] as const) {
  describeCommandE2E(command, { scope: 'write', emulator: { antigenaManualResponse: manualResponse }, title: `end to end, the appliance answering {"${manualResponse}": n}` }, (e2e) => {
    const slice = () => e2e.h.emulator.state.slice(AntigenaSlice);

    it('quarantine device 1 for 10 minutes: reads the device\'s actions, POSTs once, finds the new action active', async () => {
      const result = await e2e.result({ did: '1', action: 'quarantine', duration: '600', reason: 'INC-7' });
      const codeid = result.outputs.codeid;
      expect(e2e.received()).toEqual([
        { method: 'GET', path: '/antigena', query: 'includecleared=true&did=1', body: '' },
        { method: 'POST', path: '/antigena/manual', query: '', body: '{"did":1,"action":"quarantine","duration":600,"reason":"INC-7"}' },
        { method: 'GET', path: '/antigena', query: 'includecleared=true&did=1', body: '' },
      ]);
      expect(result.rawResponse.answer).toEqual({ [manualResponse]: codeid });
      expect(slice().actions.get(codeid)).toMatchObject({ did: 1, action: 'quarantine', manual: true, active: true, triggerer: { username: 'soar-api', reason: 'INC-7' } });
      expect(result.outputs).toMatchObject({ codeid, did: 1, action: 'quarantine', label: 'Quarantine device', state: 'active', manual: true, verified: true, reason: 'INC-7' });
      expect(result.readableOutput).toMatch(new RegExp(`^### Manual RESPOND action ${codeid} on device 1\\nVerified by reading device 1's actions back: action ${codeid} is active until .+Z\\.\\n`));
    });

    it('connection with its block list: the connections go in the JSON body', async () => {
      const connections = '[{"src":"10.0.0.1","dst":"203.0.113.9","port":443}]';
      const result = await e2e.result({ did: 1, action: 'connection', duration: 300, connections });
      expect(e2e.received()[1].body).toBe('{"did":1,"action":"connection","duration":300,"connections":[{"src":"10.0.0.1","dst":"203.0.113.9","port":443}]}');
      expect(result.outputs).toMatchObject({ action: 'connection', state: 'active' });
    });
  });
}

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  it('pol on the client-sensor device 79: a 400 with a clear message naming the action and the device, not retryable', async () => {
    const res = await e2e.run({ did: 79, action: 'pol', duration: 600 }, {});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.retryable).toBe(false);
    expect(res.body.detail).toBe('Darktrace refused RESPOND action pol (Enforce pattern of life) on device 79 '
      + '(Darktrace returned HTTP 400 for POST /antigena/manual: Action pol is not available for device 79.) '
      + 'Not every action applies to every device: Darktrace refuses pol, gpol and quarantineOutgoing on client-sensor (Darktrace/Endpoint) devices. '
      + 'Check that device 79 exists and choose an action it supports, e.g. quarantine or connection.');
    expect(e2e.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /antigena 200', 'POST /antigena/manual 400']);
  });

  it('"apply then 502": the re-read finds the new action → success saying so, no second POST', async () => {
    e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/antigena/manual' });
    const result = await e2e.result({ did: 3, action: 'quarantineIncoming', duration: 60 });
    expect(e2e.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /antigena 200', 'POST /antigena/manual 502', 'GET /antigena 200']);
    expect(result.outputs).toMatchObject({ did: 3, action: 'quarantineIncoming', state: 'active', verified: true });
    expect(result.readableOutput).toContain(`Darktrace reported an error (Darktrace returned HTTP 502 for POST /antigena/manual.) but a re-read shows action ${result.outputs.codeid} was created`);
  });

  it('bad arguments: the six actions listed; connection needs connections, other actions refuse them', async () => {
    const bad = await e2e.run({ did: 0, action: 'block', duration: 'long' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'did', message: 'did: must be at least 1 (got 0)' },
      { path: 'action', message: 'action: must be one of connection, pol, gpol, quarantine, quarantineOutgoing, quarantineIncoming (got "block")' },
      { path: 'duration', message: 'duration: expected an integer, got "long"' },
    ]);
    const noList = await e2e.run({ did: 1, action: 'connection', duration: 60 });
    expect(noList.body.errors).toEqual([{ path: 'connections', message: 'connections: is required for action connection: a JSON array of {"src": IP or hostname, "dst": IP or hostname, "port"?: 1-65535}' }]);
    const extra = await e2e.run({ did: 1, action: 'quarantine', duration: 60, connections: '[{"src":"a","dst":"b"}]' });
    expect(extra.body.errors).toEqual([{ path: 'connections', message: 'connections: applies only to action connection (got action quarantine)' }]);
    expect((await e2e.run({ did: 1, action: 'quarantine', duration: 60 }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});
