// darktrace-pin-ai-analyst-event: POST /aianalyst/pin (form uuid=…, signed exactly as sent), then the
// event is read back (uuid overrides every filter, so it comes back whatever its state) to verify it.
import { pinEvent, incidentEvents } from '../src/darktrace/resources/aianalyst.js';
import { verifiedWrite } from '../src/darktrace/verify.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand } from '../src/registry/index.js';

export interface EventFlagRow { uuid: string; pinned: boolean; verified: boolean }

export function toOutputs(uuid: string, verified: boolean): EventFlagRow {
  return { uuid, pinned: true, verified };
}

export function toReadable(row: EventFlagRow, verification: string): string {
  return tableToMarkdown(`AI Analyst event ${row.uuid} pinned`, [{ UUID: row.uuid, 'Pinned': row.pinned, Verified: row.verified }],
    { headers: ['UUID', 'Pinned', 'Verified'], metadata: verification });
}

export default defineCommand({
  name: 'darktrace-pin-ai-analyst-event',
  description: 'Pins an AI Analyst incident event (Darktrace then returns it whatever the time window); the event is read back to verify it.',
  access: 'write',
  args: {
    uuid: arg.string({
      description: 'The incident event UUID.', required: true, aliases: ['eventId', 'event_id'],
      pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternDescription: 'an incident event UUID',
    }),
  },
  outputs: [
    { contextPath: 'Darktrace.AIAnalyst.Event.uuid', type: 'String', description: 'Event UUID.' },
    { contextPath: 'Darktrace.AIAnalyst.Event.pinned', type: 'Boolean', description: 'Whether the event is pinned now.' },
    { contextPath: 'Darktrace.AIAnalyst.Event.verified', type: 'Boolean', description: 'True when a read of the event confirmed the change.' },
  ],
  async run({ uuid }, { client }) {
    const outcome = await verifiedWrite(() => pinEvent(client, { uuid }), pinEvent, {
      entity: `AI Analyst event ${uuid}`,
      effect: 'it pinned',
      read: async () => (await incidentEvents(client, { uuid, includeacknowledged: true })).find((e) => e.id === uuid),
      done: (e) => (e.pinned === true) === true,
    });
    const outputs = toOutputs(uuid, outcome.verified);
    return {
      outputsPrefix: 'Darktrace.AIAnalyst.Event', outputsKeyField: 'uuid', outputs,
      readableOutput: toReadable(outputs, outcome.verification), rawResponse: outcome.answer ?? null,
    };
  },
});
