import command, { toOutputs, toReadable } from '../../commands/darktrace-acknowledge-model-breach.js';
import { describeBreachAcknowledgement } from '../helpers/breach-acknowledgement-suite.js';

describeBreachAcknowledgement({
  command, toOutputs, toReadable,
  action: 'acknowledge', body: '{"acknowledge":true}', acknowledged: true,
  outputs: { pbid: 159, acknowledged: true, verified: true },
  readable: '### Model breach 159 acknowledged\nVerified: x.\n|PBID|Acknowledged|Verified|\n|---|---|---|\n| 159 | true | true |\n',
  effect: 'it acknowledged',
});
