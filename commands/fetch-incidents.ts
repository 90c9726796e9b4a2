// fetch-incidents: model breaches as XSOAR incidents, exactly once (SPEC §4). Stateless: the caller sends its
// previous lastRun (ctx.lastRun) and keeps the one returned; the engine in src/fetch does the work. The
// arguments are the fetch parameters as declared in src/fetch (FETCH_PARAMS).
import { ArgumentError, defineCommand } from '../src/registry/index.js';
import { FETCH_PARAMS, fetchArgs, fetchIncidents, modelBreachSource, parseFetchParams } from '../src/fetch/index.js';

export default defineCommand({
  name: 'fetch-incidents',
  description: 'Fetches Darktrace model breaches created since the last fetch as incidents; returns {incidents, lastRun, stats} (stats per source).',
  access: 'read',
  args: fetchArgs(FETCH_PARAMS),
  async run(args, ctx) {
    const parsed = parseFetchParams(args, ctx.now().getTime());
    if (!parsed.ok) throw new ArgumentError(parsed.errors);
    const { incidents, lastRun, stats } = await fetchIncidents({
      source: modelBreachSource(ctx.client),
      lastRun: ctx.lastRun ?? {},
      params: parsed.params,
      now: ctx.now(),
    });
    // One structured line per fetch (SPEC §9): the counts, never the items or the lastRun.
    const { slots, ...counts } = stats;
    ctx.logger.info({ fetch: { ...counts, slots: slots.length } }, stats.reset ? 'fetch (first_fetch changed: state reset)' : 'fetch');
    return {
      readableOutput: `Fetched ${incidents.length} incident(s).`,
      rawResponse: { incidents, lastRun, stats: { [stats.source]: stats } },
    };
  },
});
