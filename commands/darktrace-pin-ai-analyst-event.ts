// darktrace-pin-ai-analyst-event: POST /aianalyst/pin (form uuid=…, signed exactly as sent), then the
// event is read back (uuid overrides every filter, so it comes back whatever its state) to verify it.
import { defineEventFlagCommand } from '../src/aianalyst/event-flag.js';
import { pinEvent } from '../src/darktrace/resources/aianalyst.js';

export const { command, toOutputs, toReadable } = defineEventFlagCommand({
  name: 'darktrace-pin-ai-analyst-event',
  description: 'Pins an AI Analyst incident event (Darktrace then returns it whatever the time window); the event is read back to verify it.',
  endpoint: pinEvent, flag: 'pinned', value: true,
});
export default command;
