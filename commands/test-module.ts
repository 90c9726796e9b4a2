// test-module: the XSOAR "Test" button. Proves the URL, the token pair, the clock and the permission.
import { z } from 'zod';
import { defineCommand } from '../src/registry/index.js';

const Status = z.looseObject({});

export default defineCommand({
  name: 'test-module',
  description: 'Tests connectivity and credentials against the Darktrace appliance (GET /status). Returns "ok".',
  args: {},
  async run(_args, { client }) {
    await client.get('/status', undefined, Status);
    return 'ok';
  },
});
