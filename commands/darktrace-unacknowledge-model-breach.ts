// darktrace-unacknowledge-model-breach: POST /modelbreaches/{pbid}/unacknowledge (JSON {"unacknowledge":true}), then a read of
// the breach decides the outcome: the answer body differs between versions and a 5xx may follow an applied change.
import { breach, breachWriteConfirmed, unacknowledgeBreach } from '../src/darktrace/resources/modelbreaches.js';
import { verifiedWrite } from '../src/darktrace/verify.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand } from '../src/registry/index.js';

export interface AcknowledgementRow {
  pbid: number;
  acknowledged: boolean;
  /** True when a read of the breach showed the change. */
  verified: boolean;
}

/** Pure transform: the outcome → the `Darktrace.ModelBreach` row. */
export function toOutputs(pbid: number, verified: boolean): AcknowledgementRow {
  return { pbid, acknowledged: false, verified };
}

export function toReadable(row: AcknowledgementRow, verification: string): string {
  return tableToMarkdown(`Model breach ${row.pbid} unacknowledged`, [{ PBID: row.pbid, Acknowledged: row.acknowledged, Verified: row.verified }],
    { headers: ['PBID', 'Acknowledged', 'Verified'], metadata: verification });
}

export default defineCommand({
  name: 'darktrace-unacknowledge-model-breach',
  description: 'Unacknowledges a model breach (it appears in default breach lists again). The breach is read back to verify it.',
  access: 'write',
  args: { pbid: arg.int({ description: 'Darktrace model breach ID (pbid).', required: true, min: 1 }) },
  outputs: [
    { contextPath: 'Darktrace.ModelBreach.pbid', type: 'Number', description: 'Model breach ID.' },
    { contextPath: 'Darktrace.ModelBreach.acknowledged', type: 'Boolean', description: 'Whether the breach is acknowledged now.' },
    { contextPath: 'Darktrace.ModelBreach.verified', type: 'Boolean', description: 'True when a read of the breach confirmed the change.' },
  ],
  async run({ pbid }, { client }) {
    const outcome = await verifiedWrite(
      () => unacknowledgeBreach(client, { pbid }),
      { confirms: breachWriteConfirmed, unconfirmed: unacknowledgeBreach.unconfirmed },
      {
        entity: `model breach ${pbid}`,
        effect: 'it not acknowledged',
        read: async () => breach(client, { pbid }).catch((e: unknown) => {
          if ((e as { code?: string }).code === 'NOT_FOUND') return undefined;
          throw e;
        }),
        done: (b) => (b.acknowledged === true) === false,
      },
    );
    const outputs = toOutputs(pbid, outcome.verified);
    return {
      outputsPrefix: 'Darktrace.ModelBreach', outputsKeyField: 'pbid', outputs,
      readableOutput: toReadable(outputs, outcome.verification), rawResponse: outcome.answer ?? null,
    };
  },
});
