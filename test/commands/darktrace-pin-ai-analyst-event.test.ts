import command, { toOutputs, toReadable } from '../../commands/darktrace-pin-ai-analyst-event.js';
import { pinEvent as endpoint } from '../../src/darktrace/resources/aianalyst.js';
import { describeEventFlagCommand, UUID } from '../helpers/event-flag-suite.js';

describeEventFlagCommand({
  command, toOutputs, toReadable, endpoint,
  path: '/aianalyst/pin', flag: 'pinned', value: true,
  outputs: { uuid: UUID, pinned: true, verified: true },
  readable: `### AI Analyst event ${UUID} pinned\nVerified: z.\n|UUID|Pinned|Verified|\n|---|---|---|\n| ${UUID} | true | true |\n`,
  effect: 'it pinned',
});
