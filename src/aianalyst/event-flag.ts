// The four AI Analyst event flag writes (acknowledge / unacknowledge / pin / unpin): one form POST of the
// event's uuid, then the event is read back by uuid (which overrides every filter, so it comes back whatever
// its state) to verify the flag. Each command file names its endpoint, flag and value; the rest is here.
import type { acknowledgeEvent } from '../darktrace/resources/aianalyst.js';
import { incidentEvents } from '../darktrace/resources/aianalyst.js';
import { verifiedWrite } from '../darktrace/verify.js';
import { tableToMarkdown } from '../markdown/table.js';
import { defineCommand } from '../registry/index.js';
import { EVENT_PREFIX, EVENT_UUID_ARG, EVENT_UUID_OUTPUT } from './event.js';

export type EventFlag = 'acknowledged' | 'pinned';
export type EventFlagRow<F extends EventFlag> = { uuid: string } & { [K in F]: boolean } & { verified: boolean };

export interface EventFlagSpec<F extends EventFlag> {
  name: string;
  description: string;
  /** One of the four form-uuid endpoints (they share a type). */
  endpoint: typeof acknowledgeEvent;
  flag: F;
  /** What the write sets the flag to. */
  value: boolean;
}

export function defineEventFlagCommand<F extends EventFlag>({ name, description, endpoint, flag, value }: EventFlagSpec<F>) {
  const verb = value ? flag : `un${flag}`;
  const column = flag[0].toUpperCase() + flag.slice(1);

  /** Pure transform: the outcome → the `Darktrace.AIAnalyst.Event` row. */
  const toOutputs = (uuid: string, verified: boolean): EventFlagRow<F> => ({ uuid, [flag]: value, verified }) as EventFlagRow<F>;

  const toReadable = (row: EventFlagRow<F>, verification: string): string =>
    tableToMarkdown(`AI Analyst event ${row.uuid} ${verb}`, [{ UUID: row.uuid, [column]: row[flag], Verified: row.verified }],
      { headers: ['UUID', column, 'Verified'], metadata: verification });

  const command = defineCommand({
    name,
    description,
    access: 'write',
    args: { uuid: EVENT_UUID_ARG },
    outputs: [
      EVENT_UUID_OUTPUT,
      { contextPath: `${EVENT_PREFIX}.${flag}`, type: 'Boolean', description: `Whether the event is ${flag} now.` },
      { contextPath: `${EVENT_PREFIX}.verified`, type: 'Boolean', description: 'True when a read of the event confirmed the change.' },
    ],
    async run({ uuid }, { client }) {
      const outcome = await verifiedWrite(() => endpoint(client, { uuid }), endpoint, {
        entity: `AI Analyst event ${uuid}`,
        effect: value ? `it ${flag}` : `it not ${flag}`,
        read: async () => (await incidentEvents(client, { uuid, includeacknowledged: true })).find((e) => e.id === uuid),
        done: (e) => (e[flag] === true) === value,
      });
      const outputs = toOutputs(uuid, outcome.verified);
      return {
        outputsPrefix: EVENT_PREFIX, outputsKeyField: 'uuid', outputs,
        readableOutput: toReadable(outputs, outcome.verification), rawResponse: outcome.answer ?? null,
      };
    },
  });
  return { command, toOutputs, toReadable };
}
