// fetch-events (XSIAM convention; SPEC §9 events mode): model breaches, AI Analyst events and RESPOND actions
// exactly once each, plus status and summary-statistics snapshots, as SIEM events `{source, _time, …record}`.
// Stateless like fetch-incidents: the caller keeps the lastRun returned and sends it back (ctx.lastRun).
import { ArgumentError, defineCommand } from '../src/registry/index.js';
import { EVENT_PARAMS, fetchArgs, fetchEvents, parseEventParams } from '../src/fetch/index.js';

export default defineCommand({
  name: 'fetch-events',
  description: 'Collects Darktrace records as SIEM events (model breaches, AI Analyst events, RESPOND actions exactly once; status and summary statistics as snapshots); returns {events, lastRun, stats}.',
  access: 'read',
  args: fetchArgs(EVENT_PARAMS),
  async run(args, ctx) {
    const now = ctx.now();
    const parsed = parseEventParams(args, now.getTime());
    if (!parsed.ok) throw new ArgumentError(parsed.errors);
    const { events, lastRun, stats } = await fetchEvents({ client: ctx.client, lastRun: ctx.lastRun ?? {}, params: parsed.params, now });
    const counts = Object.fromEntries(Object.entries(stats).map(([name, { slots, ...rest }]) => [name, { ...rest, slots: slots.length }]));
    ctx.logger.info({ fetchEvents: counts }, 'fetch-events');
    return { readableOutput: `Collected ${events.length} event(s).`, rawResponse: { events, lastRun, stats } };
  },
});
