import { describe, expect, expectTypeOf, it } from 'vitest';
import { arg, defineCommand, Registry, RESERVED_ARGS, type CommandDef } from '../../src/registry/index.js';
import { createRegistry } from '../../src/cli/runtime.js';

const similar = defineCommand({
  name: 'darktrace-get-similar-devices',
  description: 'Similar devices.',
  access: 'read',
  args: {
    did: arg.int({ description: 'Device id.', required: true, aliases: ['deviceId'] }),
    max_results: arg.int({ description: 'Max.', default: 5, min: 1, aliases: ['maxResults'] }),
    full_device_details: arg.bool({ description: 'Full.', default: false }),
  },
  outputs: [{ contextPath: 'Darktrace.SimilarDevices.deviceId', type: 'Number', description: 'Device.' }],
  async run(args) {
    expectTypeOf(args).toEqualTypeOf<{ did: number; max_results: number; full_device_details: boolean }>();
    return 'ok';
  },
});

const connection = defineCommand({
  name: 'darktrace-get-device-connection-info',
  description: 'Connections.',
  access: 'read',
  args: {
    did: arg.int({ description: 'Device id.', required: true, aliases: ['deviceId'] }),
    data_type: arg.enum(['co', 'sizeout', 'sizein'] as const, { description: 'Data.', required: true, aliases: ['dataType'] }),
    external_domain: arg.string({ description: 'Domain.', aliases: ['externalDomain'] }),
  },
  async run() {
    return [];
  },
});

const tag = defineCommand({
  name: 'darktrace-post-tag-to-device',
  description: 'Tag.',
  access: 'write',
  args: {
    deviceId: arg.int({ description: 'Device.', required: true }),
    tagName: arg.string({ description: 'Tag.', required: true }),
  },
  async run() {
    return 'done';
  },
});

const testModule = defineCommand({ name: 'test-module', description: 'Test.', access: 'read', args: {}, run: async () => 'ok' });

const registry = new Registry([similar, connection, tag, testModule]);

const cmd = (name: string, args: CommandDef['args'], aliases: Record<string, string[]> = {}): CommandDef => ({
  name,
  description: name,
  access: 'read',
  args: Object.fromEntries(Object.entries(args).map(([k, s]) => [k, { ...s, aliases: aliases[k] ?? s.aliases }])),
  run: async () => 'ok',
});

describe('Registry construction and lookup', () => {
  it('get / list keep registration order', () => {
    expect(registry.get('darktrace-post-tag-to-device')).toBe(tag);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.list().map((c) => c.name)).toEqual([
      'darktrace-get-similar-devices', 'darktrace-get-device-connection-info', 'darktrace-post-tag-to-device', 'test-module',
    ]);
  });

  it('throws on duplicate command names', () => {
    expect(() => new Registry([similar, similar])).toThrow('Duplicate command name: darktrace-get-similar-devices');
  });

  it('throws on alias collisions (alias = another arg, or two aliases alike)', () => {
    const a = arg.int({ description: 'a' });
    expect(() => new Registry([cmd('x', { a, b: a }, { b: ['a'] })])).toThrow('x: argument name a is used by both a and b');
    expect(() => new Registry([cmd('x', { a, b: a }, { a: ['z'], b: ['z'] })])).toThrow('x: argument name z is used by both a and b');
  });

  it('throws when an argument or alias is an XSOAR reserved name', () => {
    const a = arg.int({ description: 'a' });
    expect(() => new Registry([cmd('x', { using: a })])).toThrow('x: argument using is reserved by XSOAR');
    expect(() => new Registry([cmd('x', { a }, { a: ['raw-response'] })])).toThrow('x: argument raw-response is reserved by XSOAR');
  });

  // The edit distance is skipped for names far longer than any argument (a 900 KB key once blocked the
  // server for most of a second); speed is not asserted here, only the answer and that the name is shortened.
  it('a huge unknown argument name gets no suggestion and is quoted shortened', () => {
    const real = createRegistry();
    const parsed = real.parseArgs('darktrace-get-device-connection-info', { ['x'.repeat(900_000)]: '1', did: '1', data_type: 'co' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors[0].message).toMatch(/^x{57}\.\.\.: unknown argument; allowed: did \(or deviceId\)/);
      expect(parsed.errors[0].path).toHaveLength(60);
    }
  });

  it('suggest: the closest command name, or nothing when far', () => {
    expect(registry.suggest('darktrace-get-similar-device')).toBe('darktrace-get-similar-devices');
    expect(registry.suggest('DARKTRACE-POST-TAG-TO-DEVICES')).toBe('darktrace-post-tag-to-device');
    expect(registry.suggest('test-modul')).toBe('test-module');
    expect(registry.suggest('completely-unrelated')).toBeUndefined();
  });
});

describe('Registry.parseArgs', () => {
  const parse = (name: string, raw: unknown) => registry.parseArgs(name, raw);

  it('coerces XSOAR strings and applies defaults; keys are canonical', () => {
    expect(parse('darktrace-get-similar-devices', { did: '1' })).toEqual({
      ok: true,
      args: { did: 1, max_results: 5, full_device_details: false },
    });
    expect(parse('darktrace-get-similar-devices', { did: 1, max_results: '10', full_device_details: 'yes' })).toEqual({
      ok: true,
      args: { did: 1, max_results: 10, full_device_details: true },
    });
  });

  it('accepts the command object as well as its name', () => {
    expect(registry.parseArgs(similar, { did: 3 })).toMatchObject({ ok: true, args: { did: 3 } });
  });

  it('aliases map to canonical names', () => {
    expect(parse('darktrace-get-similar-devices', { deviceId: '7', maxResults: '2' })).toEqual({
      ok: true,
      args: { did: 7, max_results: 2, full_device_details: false },
    });
  });

  it('canonical and alias together: same value is fine, different values are an error naming both', () => {
    expect(parse('darktrace-get-similar-devices', { did: '7', deviceId: 7 })).toMatchObject({ ok: true, args: { did: 7 } });
    expect(parse('darktrace-get-similar-devices', { did: '', deviceId: '7' })).toMatchObject({ ok: true, args: { did: 7 } });
    expect(parse('darktrace-get-similar-devices', { deviceId: '8', did: '7' })).toEqual({
      ok: false,
      errors: [{ path: 'did', message: 'did: given twice as did and deviceId with different values ("7" and "8"); give only one' }],
    });
  });

  it('errors name the argument as the caller spelled it', () => {
    expect(parse('darktrace-get-similar-devices', { deviceId: 'abc' })).toEqual({
      ok: false,
      errors: [{ path: 'deviceId', message: 'deviceId: expected an integer, got "abc"' }],
    });
  });

  it('ignores XSOAR reserved args', () => {
    const reserved = Object.fromEntries(RESERVED_ARGS.map((name) => [name, 'true']));
    expect(parse('darktrace-get-similar-devices', { did: 1, ...reserved })).toMatchObject({ ok: true });
    expect(parse('test-module', { using: 'Darktrace_instance_1', 'execution-timeout': '60' })).toEqual({ ok: true, args: {} });
  });

  it('unknown args: named, with a suggestion and the allowed names (canonical and aliases)', () => {
    expect(parse('darktrace-get-similar-devices', { did: 1, max_result: 3 })).toEqual({
      ok: false,
      errors: [{
        path: 'max_result',
        message:
          'max_result: unknown argument (did you mean max_results?); allowed: did (or deviceId), max_results (or maxResults), full_device_details',
      }],
    });
    expect(parse('test-module', { x: 1 })).toEqual({
      ok: false,
      errors: [{ path: 'x', message: 'x: unknown argument; this command takes no arguments' }],
    });
  });

  it('missing required args: named with their old names when neither is given, as the caller spelt them when blank', () => {
    expect(parse('darktrace-get-similar-devices', {})).toEqual({
      ok: false,
      errors: [{ path: 'did', message: 'did (or deviceId) is required' }],
    });
    const all = createRegistry();
    expect(all.parseArgs('darktrace-get-external-endpoint-details', { endpointType: 'IP' })).toEqual({
      ok: false,
      errors: [{ path: 'endpoint_value', message: 'endpoint_value (or endpointValue) is required' }],
    });
    expect(all.parseArgs('darktrace-get-external-endpoint-details', { endpointType: 'IP', endpointValue: ' ' })).toEqual({
      ok: false,
      errors: [{ path: 'endpointValue', message: 'endpointValue: is required' }],
    });
    expect(all.parseArgs('darktrace-acknowledge-ai-analyst-event', {})).toEqual({
      ok: false,
      errors: [{ path: 'uuid', message: 'uuid (or eventId, event_id) is required' }],
    });
    expect(all.parseArgs('darktrace-get-model-breach', {})).toEqual({ ok: false, errors: [{ path: 'pbid', message: 'pbid: is required' }] });
    expect(parse('darktrace-post-tag-to-device', { deviceId: '', tagName: '' })).toEqual({
      ok: false,
      errors: [
        { path: 'deviceId', message: 'deviceId: is required' },
        { path: 'tagName', message: 'tagName: is required' },
      ],
    });
  });

  it('every coercion error names the argument as the caller spelt it', () => {
    const all = createRegistry();
    expect(all.parseArgs('darktrace-get-external-endpoint-details', { endpointType: 'MAC', endpointValue: 'x' })).toEqual({
      ok: false, errors: [{ path: 'endpointType', message: 'endpointType: must be one of IP, hostname (got "MAC")' }],
    });
    expect(all.parseArgs('darktrace-get-device-connection-info', { deviceId: 'abc', dataType: 'co', numberOfSimilarDevices: '-1', showAllGraphData: 'maybe' })).toEqual({
      ok: false,
      errors: [
        { path: 'deviceId', message: 'deviceId: expected an integer, got "abc"' },
        { path: 'showAllGraphData', message: 'showAllGraphData: expected a boolean (true/false/yes/no), got "maybe"' },
        { path: 'numberOfSimilarDevices', message: expect.stringMatching(/^numberOfSimilarDevices: must be at least 0/) },
      ],
    });
  });

  it('spellings and respell: errors a command raises after parsing take the caller\'s names', () => {
    const all = createRegistry();
    const raw = { startTime: '2024-01-02', endTime: '2024-01-01', did: '1' };
    expect([...all.spellings('darktrace-list-respond-actions', raw)]).toEqual([['start_time', 'startTime'], ['end_time', 'endTime']]);
    expect(all.respell('darktrace-list-respond-actions', raw, [
      { path: 'end_time', message: 'end_time: must not be before start_time' },
      { path: 'did', message: 'did: is not a device' },
    ])).toEqual([
      { path: 'endTime', message: 'endTime: must not be before startTime' },
      { path: 'did', message: 'did: is not a device' },
    ]);
    // A canonical name given too wins (as in parseArgs); plain-word names are not renamed inside the text.
    expect([...all.spellings('darktrace-list-respond-actions', { start_time: '1', startTime: '1' })]).toEqual([]);
    expect(all.respell('darktrace-post-comment-to-model-breach', { pbid: '1', comment: 'x' }, [{ path: 'message', message: 'message: too long for a message' }]))
      .toEqual([{ path: 'comment', message: 'comment: too long for a message' }]);
  });

  it('collects ALL errors, not just the first', () => {
    const result = parse('darktrace-get-device-connection-info', {
      did: 'abc',
      data_type: 'xx',
      bogus: 1,
      external_domain: { a: 1 },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'bogus', message: 'bogus: unknown argument; allowed: did (or deviceId), data_type (or dataType), external_domain (or externalDomain)' },
        { path: 'did', message: 'did: expected an integer, got "abc"' },
        { path: 'data_type', message: 'data_type: must be one of co, sizeout, sizein (got "xx")' },
        { path: 'external_domain', message: 'external_domain: expected a string, got {"a":1}' },
      ],
    });
    expect(parse('darktrace-get-similar-devices', { did: 1, full_device_details: 'maybe', max_results: '0' })).toEqual({
      ok: false,
      errors: [
        { path: 'max_results', message: 'max_results: must be at least 1 (got 0)' },
        { path: 'full_device_details', message: 'full_device_details: expected a boolean (true/false/yes/no), got "maybe"' },
      ],
    });
  });

  it('raw must be an object; undefined/null mean no arguments', () => {
    expect(parse('test-module', undefined)).toEqual({ ok: true, args: {} });
    expect(parse('test-module', null)).toEqual({ ok: true, args: {} });
    expect(parse('test-module', [1])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'arguments must be an object of name → value, got an array' }],
    });
    expect(parse('test-module', 'did=1')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'arguments must be an object of name → value, got "did=1"' }],
    });
  });

  it('an unknown command is a programming error', () => {
    expect(() => parse('nope', {})).toThrow('Unknown command: nope');
  });
});

describe('Registry.manifest', () => {
  it('describes every command, arg and output', () => {
    const manifest = registry.manifest();
    expect(manifest.map((c) => c.name)).toHaveLength(4);
    expect(manifest[0]).toEqual({
      name: 'darktrace-get-similar-devices',
      description: 'Similar devices.',
      access: 'read',
      args: [
        {
          name: 'did', aliases: ['deviceId'], type: 'int', required: true, isArray: false, secret: false,
          description: 'Device id.', jsonSchema: { type: 'integer', description: 'Device id.' },
        },
        {
          name: 'max_results', aliases: ['maxResults'], type: 'int', required: false, default: 5, isArray: false, secret: false,
          description: 'Max.', jsonSchema: { type: 'integer', minimum: 1, description: 'Max.', default: 5 },
        },
        {
          name: 'full_device_details', aliases: [], type: 'bool', required: false, default: false, isArray: false,
          predefined: ['true', 'false'], secret: false, description: 'Full.',
          jsonSchema: { type: 'boolean', description: 'Full.', default: false },
        },
      ],
      outputs: [{ contextPath: 'Darktrace.SimilarDevices.deviceId', type: 'Number', description: 'Device.' }],
    });
    expect(manifest[1].args[1]).toMatchObject({ name: 'data_type', type: 'enum', predefined: ['co', 'sizeout', 'sizein'] });
    expect(manifest[2].access).toBe('write');
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
  });
});

describe('values too deep for JSON.stringify (issue 8, finding 3; the HTTP edge refuses them first)', () => {
  const registry = new Registry([similar]);
  let deepArray: unknown = 1;
  let deepObject: unknown = 1;
  for (let i = 0; i < 200_000; i++) {
    deepArray = [deepArray];
    deepObject = { a: deepObject };
  }

  it('are reported as bad arguments, never thrown', () => {
    expect(registry.parseArgs(similar, { did: deepObject })).toEqual({
      ok: false, errors: [{ path: 'did', message: 'did: expected an integer, got a deeply nested object' }],
    });
    expect(registry.parseArgs(similar, { did: deepArray })).toEqual({
      ok: false, errors: [{ path: 'did', message: 'did: expected an integer, got a deeply nested array' }],
    });
  });

  it('an alias clash with one is a clash, not a crash', () => {
    const result = registry.parseArgs(similar, { did: 1, deviceId: deepArray });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.message)).toEqual([
      'did: given twice as did and deviceId with different values (1 and a deeply nested array); give only one',
    ]);
  });
});
