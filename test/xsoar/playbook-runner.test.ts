// The playbook runner's parts: XSOAR context merge (DT keys), path lookup, value resolution, conditions, and
// the walk itself with a scripted executor.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import {
  evaluateClause, getPath, mergeEntryContext, parseContextKey, resolveValue, runPlaybook, PlaybookRunError,
  type CommandExecutor, type Scope,
} from '../../src/xsoar/playbook-runner.js';
import type { Playbook } from '../../src/xsoar/playbook.js';

const registry = createRegistry();

describe('mergeEntryContext (XSOAR DT-key semantics)', () => {
  const key = 'Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId && val.tagId && val.tagId == obj.tagId)';

  it('parses the selector into its key fields', () => {
    expect(parseContextKey(key)).toEqual({ path: 'Darktrace.Device', keys: ['deviceId', 'tagId'] });
    expect(parseContextKey('Darktrace.Page(true)')).toEqual({ path: 'Darktrace.Page', keys: [] });
    expect(parseContextKey('Plain.Path')).toEqual({ path: 'Plain.Path', keys: undefined });
  });

  it('appends objects with new keys and updates the one whose keys match', () => {
    const context = {};
    mergeEntryContext(context, { [key]: [{ deviceId: 1, tagId: 9, tagName: 'Admin' }, { deviceId: 1, tagId: 117, tagName: 'TEST' }] });
    mergeEntryContext(context, { [key]: { deviceId: 1, tagId: 9, expiry: 5 } });
    mergeEntryContext(context, { [key]: { deviceId: '2', tagId: 9, tagName: 'Admin' } });
    expect(context).toEqual({
      Darktrace: {
        Device: [
          { deviceId: 1, tagId: 9, tagName: 'Admin', expiry: 5 },
          { deviceId: 1, tagId: 117, tagName: 'TEST' },
          { deviceId: '2', tagId: 9, tagName: 'Admin' },
        ],
      },
    });
  });

  it('compares keys loosely (1 == "1") and never matches on a falsy key', () => {
    const context = {};
    const k = 'X.Y(val.id && val.id == obj.id)';
    mergeEntryContext(context, { [k]: { id: 1, a: 1 } });
    mergeEntryContext(context, { [k]: { id: '1', b: 2 } });
    expect(context).toEqual({ X: { Y: { id: '1', a: 1, b: 2 } } });
    mergeEntryContext(context, { [k]: [{ id: 0, c: 3 }, { id: 0, d: 4 }] });
    expect((context as { X: { Y: unknown[] } }).X.Y).toHaveLength(3);
  });

  it('one item stays an object; several make a list; (true) replaces; no selector appends; other keys are kept', () => {
    const context: Record<string, unknown> = { Darktrace: { Other: { a: 1 } } };
    mergeEntryContext(context, { 'Darktrace.SimilarDevices(val.deviceId && val.deviceId == obj.deviceId)': { deviceId: 1, devices: [] } });
    expect(getPath(context, 'Darktrace.SimilarDevices')).toEqual({ deviceId: 1, devices: [] });
    mergeEntryContext(context, { 'Darktrace.Page(true)': { next: 1 } });
    mergeEntryContext(context, { 'Darktrace.Page(true)': { next: 2 } });
    expect(getPath(context, 'Darktrace.Page')).toEqual({ next: 2 });
    mergeEntryContext(context, { 'Notes': 'a' });
    mergeEntryContext(context, { 'Notes': ['b', 'c'] });
    expect(context.Notes).toEqual(['a', 'b', 'c']);
    expect(getPath(context, 'Darktrace.Other.a')).toBe(1);
  });
});

describe('getPath and resolveValue', () => {
  const scope: Scope = {
    incident: { id: '7', darktracedeviceid: 1, darktraceexternalhostnames: ['a.com', 'b.com'] },
    inputs: { DeviceId: 1, Empty: '' },
    context: {
      Darktrace: {
        SimilarDevices: { deviceId: 1, devices: [{ did: 823 }, { did: 3 }] },
        Device: [{ deviceId: 1, tagName: 'Admin' }, { deviceId: 1, tagName: 'TEST' }],
      },
    },
  };

  it('walks through lists and flattens, as XSOAR does', () => {
    expect(getPath(scope.context, 'Darktrace.SimilarDevices.devices.did')).toEqual([823, 3]);
    expect(getPath(scope.context, 'Darktrace.Device.tagName')).toEqual(['Admin', 'TEST']);
    expect(getPath(scope.context, 'Darktrace.SimilarDevices.deviceId')).toBe(1);
    expect(getPath(scope.context, 'Darktrace.Nothing.here')).toBeUndefined();
  });

  it('a lone reference keeps its value; references in text become text (lists comma-joined)', () => {
    expect(resolveValue({ simple: '${incident.darktraceexternalhostnames}' }, scope)).toEqual(['a.com', 'b.com']);
    expect(resolveValue({ simple: '${inputs.DeviceId}' }, scope)).toBe(1);
    expect(resolveValue({ simple: 'device ${inputs.DeviceId}: ${Darktrace.Device.tagName}${nothing.here}' }, scope)).toBe('device 1: Admin,TEST');
    expect(resolveValue({ simple: 'co' }, scope)).toBe('co');
    expect(resolveValue({ complex: { root: 'Darktrace.SimilarDevices', accessor: 'devices.did' } }, scope)).toEqual([823, 3]);
    expect(() => resolveValue({ complex: { root: 'incident', transformers: [{ operator: 'uniq' }] } }, scope)).toThrow(/not supported/);
  });

  it('evaluates the condition operators', () => {
    const clause = (operator: string, left: string, right?: string, iscontext = true) =>
      evaluateClause({ operator, left: { value: { simple: left }, iscontext }, ...(right === undefined ? {} : { right: { value: { simple: right } } }) }, scope);
    expect(clause('isNotEmpty', 'inputs.DeviceId')).toBe(true);
    expect(clause('isNotEmpty', 'inputs.Empty')).toBe(false);
    expect(clause('isEmpty', 'inputs.Missing')).toBe(true);
    expect(clause('isExists', 'Darktrace.SimilarDevices')).toBe(true);
    expect(clause('isNotExists', 'Darktrace.Nope')).toBe(true);
    expect(clause('isEqualString', 'Darktrace.Device.tagName', 'TEST')).toBe(true);
    expect(clause('isEqualString', 'Darktrace.Device.tagName', 'test')).toBe(false);
    expect(clause('containsGeneral', 'Darktrace.Device.tagName', 'dmi')).toBe(true);
    expect(clause('inList', 'Darktrace.Device.tagName', 'X,Admin')).toBe(true);
    expect(clause('greaterThan', 'Darktrace.SimilarDevices.devices.did', '800')).toBe(true);
    expect(clause('lessThan', 'Darktrace.SimilarDevices.devices.did', '3')).toBe(false);
    expect(clause('isEqualNumber', 'inputs.DeviceId', '1')).toBe(true);
    expect(() => clause('isVeryFull', 'inputs.DeviceId')).toThrow(/Unsupported/);
  });
});

/** A small valid playbook around one command and one manual approval. */
function miniPlaybook(): Playbook {
  const task = (id: string, type: string, name: string, extra: Record<string, unknown> = {}, inner: Record<string, unknown> = {}) => ({
    id, taskid: `00000000-0000-4000-8000-${id.padStart(12, '0')}`, type,
    task: { id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`, version: -1, name, type, iscommand: false, brand: '', ...inner },
    view: '{"position":{"x":0,"y":0}}', ...extra,
  });
  return {
    id: 'Mini', version: -1, name: 'Mini', description: 'test', starttaskid: '0', fromversion: '6.10.0', view: '{}',
    inputs: [{ key: 'Hosts', value: { simple: '${incident.hosts}' } }],
    tasks: {
      0: task('0', 'start', '', { nexttasks: { '#none#': ['1'] } }),
      1: task('1', 'regular', 'Look up', {
        scriptarguments: { endpoint_type: { simple: 'hostname' }, endpoint_value: { simple: '${inputs.Hosts}' } },
        nexttasks: { '#none#': ['2'] },
      }, { script: 'DarktraceSOAR|||darktrace-get-external-endpoint-details', iscommand: true, brand: 'DarktraceSOAR' }),
      2: task('2', 'condition', 'Approve?', { nexttasks: { go: ['3'], stop: ['4'] } }),
      3: task('3', 'regular', 'Note', { scriptarguments: { key: { simple: 'Out.Values' }, value: { simple: '${Darktrace.ExternalEndpointDetails.endpointValue}' } }, nexttasks: { '#none#': ['4'] } }, { scriptName: 'Set' }),
      4: task('4', 'title', 'Done'),
    },
  } as unknown as Playbook;
}

describe('runPlaybook with a scripted executor', () => {
  const recorder = () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    const execute: CommandExecutor = async (command, args) => {
      calls.push([command, args]);
      const key = 'Darktrace.ExternalEndpointDetails(val.endpointType && val.endpointType == obj.endpointType && val.endpointValue && val.endpointValue == obj.endpointValue)';
      return [{ Type: 1, HumanReadable: 'x', EntryContext: { [key]: { endpointType: args.endpoint_type, endpointValue: args.endpoint_value } } }];
    };
    return { calls, execute };
  };

  it('loops a list over a non-list argument, merges context, follows the analyst\'s answer', async () => {
    const { calls, execute } = recorder();
    const result = await runPlaybook(miniPlaybook(), { registry, execute, incident: { hosts: ['a.com', 'b.com'] }, answers: { 'Approve?': 'go' } });
    expect(calls).toEqual([
      ['darktrace-get-external-endpoint-details', { endpoint_type: 'hostname', endpoint_value: 'a.com' }],
      ['darktrace-get-external-endpoint-details', { endpoint_type: 'hostname', endpoint_value: 'b.com' }],
    ]);
    expect(result.path).toEqual(['0', '1', '2', '3', '4']);
    expect(result.steps[2].branch).toBe('go');
    expect(result.context.Out).toEqual({ Values: ['a.com', 'b.com'] });
    expect(result.warRoom).toHaveLength(2);
  });

  it('a one-item list is sent as the item; the other answer takes the other branch', async () => {
    const { calls, execute } = recorder();
    const result = await runPlaybook(miniPlaybook(), { registry, execute, inputs: { Hosts: ['only.com'] }, answers: { 2: 'stop' } });
    expect(calls).toEqual([['darktrace-get-external-endpoint-details', { endpoint_type: 'hostname', endpoint_value: 'only.com' }]]);
    expect(result.path).toEqual(['0', '1', '2', '4']);
  });

  it('needs an answer for a manual task, and a valid one', async () => {
    const { execute } = recorder();
    await expect(runPlaybook(miniPlaybook(), { registry, execute, inputs: { Hosts: 'a.com' } })).rejects.toThrow(/manual task "Approve\?" needs an answer: one of go, stop/);
    await expect(runPlaybook(miniPlaybook(), { registry, execute, inputs: { Hosts: 'a.com' }, answers: { 2: 'maybe' } })).rejects.toThrow(/"maybe" is not one of go, stop/);
  });

  it('a failing command stops the run with the path so far (unless the task continues on error)', async () => {
    const execute: CommandExecutor = async () => {
      throw new Error('Failed to execute x command.\nError:\nboom');
    };
    const error = await runPlaybook(miniPlaybook(), { registry, execute, inputs: { Hosts: 'a.com' }, answers: { 2: 'stop' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaybookRunError);
    expect((error as PlaybookRunError).path).toEqual(['0', '1']);
    expect((error as Error).message).toMatch(/task 1 \(Look up\) failed: .*boom/s);

    const tolerant = miniPlaybook();
    tolerant.tasks['1'].continueonerror = true;
    const result = await runPlaybook(tolerant, { registry, execute, inputs: { Hosts: 'a.com' }, answers: { 2: 'stop' } });
    expect(result.path).toEqual(['0', '1', '2', '4']);
    expect(result.steps[1].error).toMatch(/boom/);
  });

  it('refuses a playbook the checker rejects', async () => {
    const broken = miniPlaybook();
    broken.tasks['1'].task.script = 'DarktraceSOAR|||darktrace-nope';
    await expect(runPlaybook(broken, { registry, execute: recorder().execute, answers: { 2: 'go' } })).rejects.toThrow(/is invalid:\n- task 1 .*darktrace-nope is not in the registry/);
  });
});
