// darktrace-extend-respond-action: set how long an active RESPOND action still lasts (POST /antigena
// {codeid, duration, reason}). `duration` is the new remaining time, not an increment (reference §5.3).
import { extendRespondAction } from '../src/darktrace/resources/antigena.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { msToIso } from '../src/registry/time.js';
import { changeRespondAction, expectState, showsActive } from '../src/respond/change.js';
import { WRITE_OUTPUTS } from '../src/respond/outputs.js';

export default defineCommand({
  name: 'darktrace-extend-respond-action',
  description: 'Extends or shortens an active RESPOND (Antigena) action. duration is the NEW REMAINING TIME from now, not an increment: '
    + 'with 100 s left, duration 110 adds 10 s and duration 10 makes it expire 90 s early. Never retried; the action is read back and the result says what was verified.',
  access: 'write',
  args: {
    codeid: arg.int({ description: 'The action ID (codeid from darktrace-list-respond-actions).', required: true, min: 1, aliases: ['codeId'] }),
    duration: arg.int({ description: 'The new remaining time in seconds, counted from now (not added to the current expiry).', required: true, min: 1 }),
    reason: arg.string({ description: 'Why (kept in the action history).', maxLength: 1000 }),
  },
  outputs: WRITE_OUTPUTS,
  async run(args, { client, now }) {
    return changeRespondAction(client, now, {
      codeid: args.codeid,
      verb: 'extend',
      precheck: (_before, state) => (state === 'active' ? undefined : new ArgumentError([{
        path: 'codeid',
        message: `RESPOND action ${args.codeid} is ${state}: only an active action can be extended${state === 'pending' ? ' (approve it with darktrace-activate-respond-action)' : ' (reactivate it with darktrace-activate-respond-action and a duration)'}`,
      }])),
      send: () => extendRespondAction(client, { codeid: args.codeid, duration: args.duration, reason: args.reason }),
      verify: (before, after, at) => expectState(after, at, 'active')
        ?? (after.expires === before.expires ? `the expiry did not move (still ${msToIso(after.expires)})` : undefined),
      shows: showsActive,
    });
  },
});
