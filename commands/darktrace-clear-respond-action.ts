// darktrace-clear-respond-action: end a RESPOND action by hand (POST /antigena {codeid, clear: true, reason});
// verified by reading the action back. Clearing a cleared action sends nothing.
import { clearRespondAction } from '../src/darktrace/resources/antigena.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { changeRespondAction, expectState } from '../src/respond/change.js';
import { WRITE_OUTPUTS } from '../src/respond/outputs.js';

export default defineCommand({
  name: 'darktrace-clear-respond-action',
  description: 'Clears a RESPOND (Antigena) action: it stops blocking, and Darktrace suppresses the same action for that model condition for the rest of its original period. '
    + 'Never retried; the action is read back and the result says what was verified. An action that is already cleared is reported as such without sending anything.',
  access: 'write',
  args: {
    codeid: arg.int({ description: 'The action ID (codeid from darktrace-list-respond-actions).', required: true, min: 1, aliases: ['codeId'] }),
    reason: arg.string({ description: 'Why (kept in the action history; required by Darktrace when RESPOND auditing is on).', maxLength: 1000 }),
  },
  outputs: WRITE_OUTPUTS,
  async run(args, { client, now }) {
    return changeRespondAction(client, now, {
      codeid: args.codeid,
      verb: 'clear',
      alreadyDone: (state) => state === 'cleared',
      precheck: () => undefined,
      send: () => clearRespondAction(client, { codeid: args.codeid, reason: args.reason }),
      verify: (_before, after, at) => expectState(after, at, 'cleared'),
      shows: (row) => `action ${row.codeid} is cleared`,
    });
  },
});
