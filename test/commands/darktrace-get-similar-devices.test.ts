import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import command from '../../commands/darktrace-get-similar-devices.js';
import type { CommandContext, CommandResult } from '../../src/registry/index.js';

/** A client that validates like the real one: the command's schema parses Darktrace's answer. */
const ctx = (answer: unknown) => ({
  client: { async get(_path: string, _query: unknown, schema: z.ZodType) { return schema.parse(answer); } },
  requestId: 'r', now: () => new Date(),
}) as unknown as CommandContext;
const args = { did: 1, max_results: 5, full_device_details: true };

describe('run with a scripted client', () => {
  it('nulls in optional device fields (score, times, tags, tag names) are tolerated, not an invalid response', async () => {
    const result = await command.run(args, ctx([
      { did: 7, score: null, firstSeen: null, lastSeen: null, hostname: null, tags: null },
      { did: 8, score: 90, firstSeen: 1596758800000, tags: [{ name: null }, { name: 'Admin' }] },
    ])) as CommandResult;
    expect(result.outputs).toEqual({
      deviceId: 1,
      did: 1,
      devices: [
        { did: 7, score: null, firstSeen: undefined, lastSeen: undefined, hostname: null, tags: null },
        { did: 8, score: 90, firstSeen: '2020-08-07T00:06:40.000Z', lastSeen: undefined, tags: [{ name: null }, { name: 'Admin' }] },
      ],
    });
    expect(result.readableOutput).toContain('| 7 |  |');
    expect(result.readableOutput).toMatch(/\| 8 \| 90 \|.*\| Admin \|\n$/);
  });
});
