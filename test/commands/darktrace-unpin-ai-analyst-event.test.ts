import command, { toOutputs, toReadable } from '../../commands/darktrace-unpin-ai-analyst-event.js';
import { unpinEvent as endpoint } from '../../src/darktrace/resources/aianalyst.js';
import { describeEventFlagCommand, UUID } from '../helpers/event-flag-suite.js';

describeEventFlagCommand({
  command, toOutputs, toReadable, endpoint,
  path: '/aianalyst/unpin', flag: 'pinned', value: false,
  outputs: { uuid: UUID, pinned: false, verified: true },
  readable: `### AI Analyst event ${UUID} unpinned\nVerified: z.\n|UUID|Pinned|Verified|\n|---|---|---|\n| ${UUID} | false | true |\n`,
  effect: 'it not pinned',
});
