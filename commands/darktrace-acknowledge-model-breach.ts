// darktrace-acknowledge-model-breach: POST /modelbreaches/{pbid}/acknowledge (JSON {"acknowledge":true}), then a read of
// the breach decides the outcome: the answer body differs between versions and a 5xx may follow an applied change.
import { acknowledgeBreach } from '../src/darktrace/resources/modelbreaches.js';
import { defineAcknowledgementCommand } from '../src/modelbreach/acknowledgement.js';

export const { command, toOutputs, toReadable } = defineAcknowledgementCommand({
  name: 'darktrace-acknowledge-model-breach',
  description: 'Acknowledges a model breach (it then no longer appears in default breach lists). The breach is read back to verify it.',
  endpoint: acknowledgeBreach, acknowledged: true,
});
export default command;
