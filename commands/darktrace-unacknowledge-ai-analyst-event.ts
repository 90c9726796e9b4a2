// darktrace-unacknowledge-ai-analyst-event: POST /aianalyst/unacknowledge (form uuid=…, signed exactly as sent), then the
// event is read back (uuid overrides every filter, so it comes back whatever its state) to verify it.
import { defineEventFlagCommand } from '../src/aianalyst/event-flag.js';
import { unacknowledgeEvent } from '../src/darktrace/resources/aianalyst.js';

export const { command, toOutputs, toReadable } = defineEventFlagCommand({
  name: 'darktrace-unacknowledge-ai-analyst-event',
  description: 'Unacknowledges an AI Analyst incident event (it appears in default event lists again); the event is read back to verify it.',
  endpoint: unacknowledgeEvent, flag: 'acknowledged', value: false,
});
export default command;
