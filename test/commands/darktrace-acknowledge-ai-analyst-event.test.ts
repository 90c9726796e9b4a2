import command, { toOutputs, toReadable } from '../../commands/darktrace-acknowledge-ai-analyst-event.js';
import { acknowledgeEvent as endpoint } from '../../src/darktrace/resources/aianalyst.js';
import { describeEventFlagCommand, UUID } from '../helpers/event-flag-suite.js';

describeEventFlagCommand({
  command, toOutputs, toReadable, endpoint,
  path: '/aianalyst/acknowledge', flag: 'acknowledged', value: true,
  outputs: { uuid: UUID, acknowledged: true, verified: true },
  readable: `### AI Analyst event ${UUID} acknowledged\nVerified: z.\n|UUID|Acknowledged|Verified|\n|---|---|---|\n| ${UUID} | true | true |\n`,
  effect: 'it acknowledged',
});
