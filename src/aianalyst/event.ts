// The argument and output every command about one AI Analyst incident event shares.
import { arg, type OutputSpec } from '../registry/index.js';
import { EVENT_UUID } from './filters.js';

/** The event, by its UUID (the pack's `eventId` / `event_id` spellings as aliases); not the g-prefixed group id. */
export const EVENT_UUID_ARG = arg.string({
  description: 'The incident event UUID.', required: true, aliases: ['eventId', 'event_id'],
  pattern: EVENT_UUID, patternDescription: 'an incident event UUID',
});

export const EVENT_PREFIX = 'Darktrace.AIAnalyst.Event';
export const EVENT_UUID_OUTPUT: OutputSpec = { contextPath: `${EVENT_PREFIX}.uuid`, type: 'String', description: 'Event UUID.' };
