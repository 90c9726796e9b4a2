import { describe, expect, it } from 'vitest';
import ack from '../../src/emulator/fixtures/darktrace-extended/aianalyst_acknowledge_response.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-unpin-ai-analyst-event.js';
import { unpinEvent as endpoint } from '../../src/darktrace/resources/aianalyst.js';
import { AiAnalystSlice } from '../../src/emulator/resources/aianalyst/state.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const UUID = '05fd5d04-a285-4d19-91bb-6be1563204e2';

describe('transform', () => {
  it('the captured answer {"aianalyst":"SUCCESS"} confirms; others do not', () => {
    expect(endpoint.confirms(ack.response)).toBe(true);
    expect(endpoint.confirms({ aianalyst: 'ERROR' })).toBe(false);
  });
  it('one row keyed by uuid, and what was verified', () => {
    expect(toOutputs(UUID, true)).toEqual({ uuid: UUID, pinned: false, verified: true });
    expect(toReadable(toOutputs(UUID, true), 'Verified: z.')).toBe(
      `### AI Analyst event ${UUID} unpinned\nVerified: z.\n|UUID|Pinned|Verified|\n|---|---|---|\n| ${UUID} | false | true |\n`);
  });
  it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const set = (value: boolean) => e2e.h.emulator.state.slice(AiAnalystSlice).set([UUID], 'pinned', value);

  it('POST /aianalyst/unpin with the form uuid=…, signed as sent; the event is read back by uuid', async () => {
    set(true);
    const result = await e2e.result({ eventId: UUID });
    expect(e2e.received()).toEqual([
      { method: 'POST', path: '/aianalyst/unpin', query: '', body: `uuid=${UUID}` },
      { method: 'GET', path: '/aianalyst/incidentevents', query: `includeacknowledged=true&uuid=${UUID}`, body: '' },
    ]);
    expect(e2e.requests()[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(result.outputs).toEqual({ uuid: UUID, pinned: false, verified: true });
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.AIAnalyst.Event(val.uuid && val.uuid == obj.uuid)': result.outputs });
    expect(result.readableOutput).toBe(toReadable(result.outputs, `Verified: a read of AI Analyst event ${UUID} shows it not pinned.`));
    expect(result.rawResponse).toEqual({ aianalyst: 'SUCCESS' });
    const read = await e2e.h.call('darktrace-list-ai-analyst-incident-events', { uuid: UUID });
    expect(read.body.results[0].outputs[0].pinned).toBe(false);
  });

  it('"apply then 502": the read shows the change → success, saying so', async () => {
    set(true);
    e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/aianalyst/unpin' });
    const result = await e2e.result({ uuid: UUID });
    expect(e2e.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /aianalyst/unpin 502', 'GET /aianalyst/incidentevents 200']);
    expect(result.readableOutput).toContain(`Darktrace reported an error (Darktrace returned HTTP 502 for POST /aianalyst/unpin.) but a read of AI Analyst event ${UUID} shows it not pinned.`);
  });

  it('nothing found: the appliance refuses an unknown uuid (400); the read confirms it does not exist → 404', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await e2e.run({ uuid: missing });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`Darktrace has no AI Analyst event ${missing}.`);
    expect(e2e.requests().map((r) => r.status)).toEqual([400, 200]);
  });

  it('bad arguments: uuid named; needs the write scope', async () => {
    const bad = await e2e.run({ uuid: 'g05fd5d04-a285-4d19-91bb-6be1563204e2' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'uuid', message: 'uuid: must be an incident event UUID (got "g05fd5d04-a285-4d19-91bb-6be1563204e2")' }]);
    expect((await e2e.run({ uuid: UUID }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});

describe('{"aianalyst":"ERROR"} and the event unchanged', () => {
  const dt = useFakeDarktrace();
  it('is INVALID_RESPONSE quoting the answer', async () => {
    dt.script(json(200, { aianalyst: 'ERROR' }), json(200, [{ id: UUID, pinned: true }]));
    await expect(command.run({ uuid: UUID }, dt.ctx)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE', message: `Darktrace answered {"aianalyst":"ERROR"} but a read of AI Analyst event ${UUID} does not show it not pinned.`,
    });
  });
});
