import { describe, expect, it } from 'vitest';
import command from '../../commands/darktrace-get-similar-devices.js';
import type { CommandResult } from '../../src/registry/index.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';

const args = { did: 1, max_results: 5, full_device_details: true };

describe('run with answers the emulator does not give', () => {
  const dt = useFakeDarktrace();

  it('nulls in optional device fields (score, times, tags, tag names) are tolerated, not an invalid response', async () => {
    dt.script(json(200, [
      { did: 7, score: null, firstSeen: null, lastSeen: null, hostname: null, tags: null },
      { did: 8, score: 90, firstSeen: 1596758800000, tags: [{ name: null }, { name: 'Admin' }] },
    ]));
    const result = await command.run(args, dt.ctx) as CommandResult;
    expect(dt.received()).toEqual([{ method: 'GET', path: '/similardevices', query: 'did=1&count=5&fulldevicedetails=true', body: '' }]);
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
