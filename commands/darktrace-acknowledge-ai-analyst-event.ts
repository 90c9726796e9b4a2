// darktrace-acknowledge-ai-analyst-event: POST /aianalyst/acknowledge (form uuid=…, signed exactly as sent), then the
// event is read back (uuid overrides every filter, so it comes back whatever its state) to verify it.
import { defineEventFlagCommand } from '../src/aianalyst/event-flag.js';
import { acknowledgeEvent } from '../src/darktrace/resources/aianalyst.js';

export const { command, toOutputs, toReadable } = defineEventFlagCommand({
  name: 'darktrace-acknowledge-ai-analyst-event',
  description: 'Acknowledges an AI Analyst incident event (it then leaves default event lists); the event is read back to verify it.',
  endpoint: acknowledgeEvent, flag: 'acknowledged', value: true,
});
export default command;
