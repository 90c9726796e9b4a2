// darktrace-unacknowledge-model-breach: POST /modelbreaches/{pbid}/unacknowledge (JSON {"unacknowledge":true}), then a read of
// the breach decides the outcome: the answer body differs between versions and a 5xx may follow an applied change.
import { unacknowledgeBreach } from '../src/darktrace/resources/modelbreaches.js';
import { defineAcknowledgementCommand } from '../src/modelbreach/acknowledgement.js';

export const { command, toOutputs, toReadable } = defineAcknowledgementCommand({
  name: 'darktrace-unacknowledge-model-breach',
  description: 'Unacknowledges a model breach (it appears in default breach lists again). The breach is read back to verify it.',
  endpoint: unacknowledgeBreach, acknowledged: false,
});
export default command;
