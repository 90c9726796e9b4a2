// fetch-incidents: model breaches as XSOAR incidents, exactly once (SPEC §4). Stateless: the caller sends its
// previous lastRun (ctx.lastRun) and keeps the one returned; the engine in src/fetch does the work.
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { fetchIncidents, modelBreachSource, parseFetchParams, parseFirstFetch } from '../src/fetch/index.js';

/** Checked with the other arguments so one answer names every bad parameter. */
function firstFetchProblem(text: string): string | undefined {
  try {
    parseFirstFetch(text, Date.now());
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^first_fetch /, '');
  }
}

export const fetchArgs = {
  min_score: arg.number({ description: 'Minimum model breach score, 0-100 (sent to Darktrace as 0-1).', default: 0, min: 0, max: 100 }),
  max_alerts: arg.int({ description: 'Maximum incidents per fetch, 1-1000.', default: 50, min: 1, max: 1000, aliases: ['max_fetch'] }),
  first_fetch: arg.string({ description: 'Where the first fetch starts: "3 days", "2 hours ago", an ISO date, or epoch ms.', default: '3 days', check: firstFetchProblem }),
  look_back: arg.int({ description: 'Minutes of overlap re-queried each fetch, for breaches indexed late.', default: 10, min: 0, max: 1440 }),
};

export default defineCommand({
  name: 'fetch-incidents',
  description: 'Fetches Darktrace model breaches created since the last fetch as incidents; returns {incidents, lastRun}.',
  access: 'read',
  args: fetchArgs,
  async run(args, ctx) {
    const parsed = parseFetchParams(args, ctx.now().getTime());
    if (!parsed.ok) throw new ArgumentError(parsed.errors);
    const { incidents, lastRun } = await fetchIncidents({
      source: modelBreachSource(ctx.client),
      lastRun: ctx.lastRun ?? {},
      params: parsed.params,
      now: ctx.now(),
    });
    return { readableOutput: `Fetched ${incidents.length} incident(s).`, rawResponse: { incidents, lastRun } };
  },
});
