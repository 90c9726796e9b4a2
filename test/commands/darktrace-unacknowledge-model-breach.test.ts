import command, { toOutputs, toReadable } from '../../commands/darktrace-unacknowledge-model-breach.js';
import { describeBreachAcknowledgement } from '../helpers/breach-acknowledgement-suite.js';

describeBreachAcknowledgement({
  command, toOutputs, toReadable,
  action: 'unacknowledge', body: '{"unacknowledge":true}', acknowledged: false,
  outputs: { pbid: 159, acknowledged: false, verified: true },
  readable: '### Model breach 159 unacknowledged\nVerified: x.\n|PBID|Acknowledged|Verified|\n|---|---|---|\n| 159 | false | true |\n',
  effect: 'it not acknowledged',
});
