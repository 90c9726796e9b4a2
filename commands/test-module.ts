// test-module: the XSOAR "Test" button. Proves the URL, the token pair, the clock and the permission, and,
// when fetching is enabled, that the fetch parameters are valid.
import { z } from 'zod';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { parseFetchParams } from '../src/fetch/index.js';

const Status = z.looseObject({});
// XSOAR sends the fetch parameters even when fetching is off, so they are checked only when isFetch is true.
const loose = (description: string, aliases: string[] = []) => arg.string({ description, aliases });

export default defineCommand({
  name: 'test-module',
  description: 'Tests connectivity and credentials against the Darktrace appliance (GET /status). Returns "ok".',
  access: 'read',
  args: {
    isFetch: arg.bool({ description: 'Whether the instance fetches incidents (then the fetch parameters are checked).', default: false }),
    min_score: loose('Fetch: minimum score 0-100.'),
    max_alerts: loose('Fetch: incidents per fetch 1-1000.', ['max_fetch']),
    first_fetch: loose('Fetch: first fetch time.'),
    look_back: loose('Fetch: overlap minutes.'),
  },
  async run(args, { client, now }) {
    if (args.isFetch) {
      const { isFetch: _isFetch, ...params } = args;
      const parsed = parseFetchParams(params, now().getTime());
      if (!parsed.ok) throw new ArgumentError(parsed.errors);
    }
    await client.get('/status', undefined, Status);
    return 'ok';
  },
});
