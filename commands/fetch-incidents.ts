// fetch-incidents: model breaches, AI Analyst events and RESPOND actions (fetch_sources) as XSOAR incidents,
// exactly once each (SPEC §4, §9). Stateless: the caller sends its previous lastRun (ctx.lastRun) and keeps the
// one returned; the engine in src/fetch does the work, max_fetch shared fairly between the sources. The
// arguments are the fetch parameters as declared in src/fetch (FETCH_PARAMS).
import { ArgumentError, defineCommand } from '../src/registry/index.js';
import { FETCH_PARAMS, fetchArgs, fetchFromSources, incidentSources, parseFetchParams } from '../src/fetch/index.js';

export default defineCommand({
  name: 'fetch-incidents',
  description: 'Fetches Darktrace model breaches, AI Analyst events and RESPOND actions (fetch_sources) created since the last fetch as incidents; returns {incidents, lastRun, stats} (stats per source).',
  access: 'read',
  args: fetchArgs(FETCH_PARAMS),
  async run(args, ctx) {
    const now = ctx.now();
    const parsed = parseFetchParams(args, now.getTime());
    if (!parsed.ok) throw new ArgumentError(parsed.errors);
    const { params } = parsed;
    const { incidents, lastRun, stats } = await fetchFromSources({
      sources: incidentSources(params.fetchSources, ctx.client, () => now.getTime()),
      lastRun: ctx.lastRun ?? {},
      params: params as unknown as typeof params & Record<string, unknown>,
      now,
    });
    // One structured line per fetch (SPEC §9): the counts per source, never the items or the lastRun.
    const counts = Object.fromEntries(Object.entries(stats).map(([name, { slots, ...rest }]) => [name, { ...rest, slots: slots.length }]));
    const resets = Object.values(stats).filter((s) => s.reset).map((s) => s.source);
    ctx.logger.info({ fetch: counts }, resets.length ? `fetch (first_fetch changed: state reset for ${resets.join(', ')})` : 'fetch');
    return {
      readableOutput: `Fetched ${incidents.length} incident(s).`,
      rawResponse: { incidents, lastRun, stats },
    };
  },
});
