// test-module: the XSOAR "Test" button. Proves the URL, the token pair, the clock and the permission, and,
// when fetching is enabled, that the fetch parameters are valid.
import { status } from '../src/darktrace/resources/status.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { FETCH_PARAMS, fetchCheckArgs, parseFetchParams } from '../src/fetch/index.js';

export default defineCommand({
  name: 'test-module',
  description: 'Tests connectivity and credentials against the Darktrace appliance (GET /status). Returns "ok".',
  access: 'read',
  args: {
    isFetch: arg.bool({ description: 'Whether the instance fetches incidents (then the fetch parameters are checked).', default: false }),
    // XSOAR sends the fetch parameters even when fetching is off, so they are checked only when isFetch is true.
    ...fetchCheckArgs(FETCH_PARAMS),
  },
  async run(args, { client, now }) {
    if (args.isFetch) {
      const { isFetch: _isFetch, ...params } = args;
      const parsed = parseFetchParams(params, now().getTime());
      if (!parsed.ok) throw new ArgumentError(parsed.errors);
    }
    await status(client, {});
    return 'ok';
  },
});
