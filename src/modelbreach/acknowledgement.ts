// Model breach acknowledge / unacknowledge: POST /modelbreaches/{pbid}/(un)acknowledge, then a read of the
// breach decides the outcome: the answer body differs between versions and a 5xx may follow an applied change.
import type { acknowledgeBreach } from '../darktrace/resources/modelbreaches.js';
import { breach, breachWriteConfirmed } from '../darktrace/resources/modelbreaches.js';
import { absentWhenNotFound, verifiedWrite } from '../darktrace/verify.js';
import { tableToMarkdown } from '../markdown/table.js';
import { defineCommand } from '../registry/index.js';
import { BREACH_PREFIX, PBID_ARG, PBID_OUTPUT } from './breach.js';

export interface AcknowledgementRow {
  pbid: number;
  acknowledged: boolean;
  /** True when a read of the breach showed the change. */
  verified: boolean;
}

export interface AcknowledgementSpec {
  name: string;
  description: string;
  /** acknowledgeBreach or unacknowledgeBreach (they share a type). */
  endpoint: typeof acknowledgeBreach;
  /** What the write sets `acknowledged` to. */
  acknowledged: boolean;
}

export function defineAcknowledgementCommand({ name, description, endpoint, acknowledged }: AcknowledgementSpec) {
  const verb = acknowledged ? 'acknowledged' : 'unacknowledged';

  /** Pure transform: the outcome → the `Darktrace.ModelBreach` row. */
  const toOutputs = (pbid: number, verified: boolean): AcknowledgementRow => ({ pbid, acknowledged, verified });

  const toReadable = (row: AcknowledgementRow, verification: string): string =>
    tableToMarkdown(`Model breach ${row.pbid} ${verb}`, [{ PBID: row.pbid, Acknowledged: row.acknowledged, Verified: row.verified }],
      { headers: ['PBID', 'Acknowledged', 'Verified'], metadata: verification });

  const command = defineCommand({
    name,
    description,
    access: 'write',
    args: { pbid: PBID_ARG },
    outputs: [
      PBID_OUTPUT,
      { contextPath: `${BREACH_PREFIX}.acknowledged`, type: 'Boolean', description: 'Whether the breach is acknowledged now.' },
      { contextPath: `${BREACH_PREFIX}.verified`, type: 'Boolean', description: 'True when a read of the breach confirmed the change.' },
    ],
    async run({ pbid }, { client }) {
      const outcome = await verifiedWrite(
        () => endpoint(client, { pbid }),
        { confirms: breachWriteConfirmed, unconfirmed: endpoint.unconfirmed },
        {
          entity: `model breach ${pbid}`,
          effect: acknowledged ? 'it acknowledged' : 'it not acknowledged',
          read: () => absentWhenNotFound(breach(client, { pbid })),
          done: (b) => (b.acknowledged === true) === acknowledged,
        },
      );
      const outputs = toOutputs(pbid, outcome.verified);
      return {
        outputsPrefix: BREACH_PREFIX, outputsKeyField: 'pbid', outputs,
        readableOutput: toReadable(outputs, outcome.verification), rawResponse: outcome.answer ?? null,
      };
    },
  });
  return { command, toOutputs, toReadable };
}
