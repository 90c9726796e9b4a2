import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRegistry, createServices } from '../../src/cli/runtime.js';
import { memoryStore } from '../helpers/store.js';
import { startServer } from '../../src/server/index.js';
import { InstanceResolver } from '../../src/server/instances.js';

describe('startServer', () => {
  it('bounds the time a client may take to send its request (slow bodies), while answers may take as long as Darktrace does', async () => {
    const running = await startServer({
      registry: createRegistry(), instances: new InstanceResolver(new Map(), { allowInline: true }), apiKeys: [], services: createServices({ logger: pino({ level: 'silent' }), store: memoryStore() }),
    });
    try {
      // Node's requestTimeout only covers receiving the request: it never cuts a slow command's answer.
      expect(running.server.requestTimeout).toBe(60_000);
      expect(running.server.headersTimeout).toBe(60_000);
    } finally {
      await running.close();
    }
  });
});
