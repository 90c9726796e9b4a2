import command, { toOutputs, toReadable } from '../../commands/darktrace-unacknowledge-ai-analyst-event.js';
import { unacknowledgeEvent as endpoint } from '../../src/darktrace/resources/aianalyst.js';
import { describeEventFlagCommand, UUID } from '../helpers/event-flag-suite.js';

describeEventFlagCommand({
  command, toOutputs, toReadable, endpoint,
  path: '/aianalyst/unacknowledge', flag: 'acknowledged', value: false,
  outputs: { uuid: UUID, acknowledged: false, verified: true },
  readable: `### AI Analyst event ${UUID} unacknowledged\nVerified: z.\n|UUID|Acknowledged|Verified|\n|---|---|---|\n| ${UUID} | false | true |\n`,
  effect: 'it not acknowledged',
});
