// darktrace-activate-respond-action: approve a pending RESPOND action, or reactivate an expired or cleared one
// (POST /antigena {codeid, activate: true, reason, duration?}); verified by reading the action back.
import { activateRespondAction } from '../src/darktrace/resources/antigena.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { changeRespondAction, expectState, showsActive } from '../src/respond/change.js';
import { WRITE_OUTPUTS } from '../src/respond/outputs.js';

export default defineCommand({
  name: 'darktrace-activate-respond-action',
  description: 'Activates a RESPOND (Antigena) action: approves a pending one (without duration the model\'s RESPOND action duration applies) '
    + 'or reactivates an expired or cleared one (duration required). Never retried; the action is read back and the result says what was verified.',
  access: 'write',
  args: {
    codeid: arg.int({ description: 'The action ID (codeid from darktrace-list-respond-actions).', required: true, min: 1, aliases: ['codeId'] }),
    reason: arg.string({ description: 'Why (kept in the action history; required by Darktrace when RESPOND auditing is on).', maxLength: 1000 }),
    duration: arg.int({ description: 'Seconds the action stays active from now. Required to reactivate an expired or cleared action.', min: 1 }),
  },
  outputs: WRITE_OUTPUTS,
  async run(args, { client, now }) {
    return changeRespondAction(client, now, {
      codeid: args.codeid,
      verb: 'activate',
      precheck: (_before, state) => {
        if (state === 'active') {
          return new ArgumentError([{ path: 'codeid', message: `RESPOND action ${args.codeid} is already active; use darktrace-extend-respond-action to change how long it lasts` }]);
        }
        if (state !== 'pending' && args.duration === undefined) {
          return new ArgumentError([{ path: 'duration', message: `is required to reactivate ${state === 'expired' ? 'an' : 'a'} ${state} RESPOND action (${args.codeid} is ${state})` }]);
        }
        return undefined;
      },
      send: () => activateRespondAction(client, { codeid: args.codeid, reason: args.reason, duration: args.duration }),
      verify: (_before, after, at) => expectState(after, at, 'active'),
      shows: showsActive,
    });
  },
});
