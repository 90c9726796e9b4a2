// The shared suite of the four AI Analyst event flag commands (acknowledge / unacknowledge / pin / unpin):
// transforms, the exact request Darktrace received, "apply then 502", an unknown uuid, bad arguments and
// scope, and an ERROR answer. Each test file passes its command's specifics as the user sees them.
import { describe, expect, it } from 'vitest';
import ack from '../../src/emulator/fixtures/darktrace-extended/aianalyst_acknowledge_response.json' with { type: 'json' };
import type { EventFlag } from '../../src/aianalyst/event-flag.js';
import { AiAnalystSlice } from '../../src/emulator/resources/aianalyst/state.js';
import type { CommandDefinition } from '../../src/registry/index.js';
import { describeCommandE2E } from './e2e.js';
import { json, useFakeDarktrace } from './fake-darktrace.js';

export const UUID = '05fd5d04-a285-4d19-91bb-6be1563204e2';

export interface EventFlagCase {
  command: CommandDefinition;
  toOutputs(uuid: string, verified: boolean): object;
  toReadable(row: never, verification: string): string;
  endpoint: { confirms(answer: never): boolean };
  /** The POST path: `/aianalyst/unpin`. */
  path: string;
  flag: EventFlag;
  /** What the command sets the flag to. */
  value: boolean;
  /** `toOutputs(UUID, true)`. */
  outputs: object;
  /** `toReadable(toOutputs(UUID, true), 'Verified: z.')`. */
  readable: string;
  /** What a read showing the change proves: `it not pinned`. */
  effect: string;
}

export function describeEventFlagCommand(c: EventFlagCase): void {
  const { command, path, flag, value } = c;
  const toReadable = c.toReadable as (row: unknown, verification: string) => string;

  describe('transform', () => {
    it('the captured answer {"aianalyst":"SUCCESS"} confirms; others do not', () => {
      const confirms = c.endpoint.confirms as (answer: unknown) => boolean;
      expect(confirms(ack.response)).toBe(true);
      expect(confirms({ aianalyst: 'ERROR' })).toBe(false);
    });
    it('one row keyed by uuid, and what was verified', () => {
      expect(c.toOutputs(UUID, true)).toEqual(c.outputs);
      expect(toReadable(c.toOutputs(UUID, true), 'Verified: z.')).toBe(c.readable);
    });
    it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
  });

  describeCommandE2E(command, { scope: 'write' }, (e2e) => {
    const set = (state: boolean) => e2e.h.emulator.state.slice(AiAnalystSlice).set([UUID], flag, state);

    it(`POST ${path} with the form uuid=…, signed as sent; the event is read back by uuid`, async () => {
      set(!value);
      const result = await e2e.result({ eventId: UUID });
      expect(e2e.received()).toEqual([
        { method: 'POST', path, query: '', body: `uuid=${UUID}` },
        { method: 'GET', path: '/aianalyst/incidentevents', query: `includeacknowledged=true&uuid=${UUID}`, body: '' },
      ]);
      expect(e2e.requests()[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(result.outputs).toEqual(c.outputs);
      expect(result.entry.EntryContext).toEqual({ 'Darktrace.AIAnalyst.Event(val.uuid && val.uuid == obj.uuid)': result.outputs });
      expect(result.readableOutput).toBe(toReadable(result.outputs, `Verified: a read of AI Analyst event ${UUID} shows ${c.effect}.`));
      expect(result.rawResponse).toEqual({ aianalyst: 'SUCCESS' });
      const read = await e2e.h.call('darktrace-list-ai-analyst-incident-events', { uuid: UUID });
      expect(read.body.results[0].outputs[0][flag]).toBe(value);
    });

    it('"apply then 502": the read shows the change → success, saying so', async () => {
      set(!value);
      e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: path });
      const result = await e2e.result({ uuid: UUID });
      expect(e2e.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`POST ${path} 502`, 'GET /aianalyst/incidentevents 200']);
      expect(result.readableOutput).toContain(`Darktrace reported an error (Darktrace returned HTTP 502 for POST ${path}.) but a read of AI Analyst event ${UUID} shows ${c.effect}.`);
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
      dt.script(json(200, { aianalyst: 'ERROR' }), json(200, [{ id: UUID, [flag]: !value }]));
      await expect(command.run({ uuid: UUID }, dt.ctx)).rejects.toMatchObject({
        code: 'INVALID_RESPONSE', message: `Darktrace answered {"aianalyst":"ERROR"} but a read of AI Analyst event ${UUID} does not show ${c.effect}.`,
      });
    });
  });
}
