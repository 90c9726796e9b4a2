// darktrace-unpin-ai-analyst-event: POST /aianalyst/unpin (form uuid=…, signed exactly as sent), then the
// event is read back (uuid overrides every filter, so it comes back whatever its state) to verify it.
import { defineEventFlagCommand } from '../src/aianalyst/event-flag.js';
import { unpinEvent } from '../src/darktrace/resources/aianalyst.js';

export const { command, toOutputs, toReadable } = defineEventFlagCommand({
  name: 'darktrace-unpin-ai-analyst-event',
  description: 'Unpins an AI Analyst incident event; the event is read back to verify it.',
  endpoint: unpinEvent, flag: 'pinned', value: false,
});
export default command;
