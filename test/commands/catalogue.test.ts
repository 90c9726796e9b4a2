// commands/catalogue.ts (one loader per command, for the CLI's one-command runs) must offer exactly the
// commands of commands/index.ts, in the same order, each loading the very module index.ts imports.
import { describe, expect, it } from 'vitest';
import { commandModules } from '../../commands/catalogue.js';
import { commands } from '../../commands/index.js';
import { registryOf } from '../../src/cli/invoker.js';
import { Problem } from '../../src/pipeline/problem.js';

describe('commands/catalogue.ts', () => {
  it('names every command of index.ts, in order, and each loader gives that command', async () => {
    expect(Object.keys(commandModules)).toEqual(commands.map((c) => c.name));
    for (const command of commands) expect((await commandModules[command.name]()).default).toBe(command);
  });

  it('registryOf builds a registry of just the named commands; an unknown name is UNKNOWN_COMMAND with a suggestion', async () => {
    const registry = await registryOf(['darktrace-get-similar-devices']);
    expect(registry.list().map((c) => c.name)).toEqual(['darktrace-get-similar-devices']);
    const refused = await registryOf(['darktrace-get-similar-device']).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Problem);
    expect((refused as Problem).init).toEqual({ code: 'UNKNOWN_COMMAND', detail: 'Unknown command "darktrace-get-similar-device". Did you mean "darktrace-get-similar-devices"?', suggestion: 'darktrace-get-similar-devices' });
    await expect(registryOf(['constructor'])).rejects.toThrow('Unknown command "constructor".');
  });
});
