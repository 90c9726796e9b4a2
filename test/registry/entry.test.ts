import { describe, expect, it } from 'vitest';
import { contextKey, errorEntry, normaliseResults, toEntry } from '../../src/registry/entry.js';

const base = { ReadableContentsFormat: 'markdown', IndicatorTimeline: [], IgnoreAutoExtract: false, Note: false, Relationships: [] };

describe('contextKey (DT selector)', () => {
  it('builds the exact XSOAR keys', () => {
    expect(contextKey('Darktrace.Device', 'deviceId')).toBe('Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId)');
    expect(contextKey('Darktrace.Device', ['deviceId'])).toBe('Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId)');
    expect(contextKey('Darktrace.ModelBreach', ['pbid', 'did'])).toBe(
      'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid && val.did && val.did == obj.did)',
    );
    expect(contextKey('Darktrace.Endpoint')).toBe('Darktrace.Endpoint');
    expect(contextKey('Darktrace.Endpoint', [])).toBe('Darktrace.Endpoint');
  });
});

describe('toEntry', () => {
  it('full result with one key field', () => {
    const outputs = { deviceId: 1, devices: [{ did: 2 }] };
    expect(
      toEntry({
        outputsPrefix: 'Darktrace.SimilarDevices',
        outputsKeyField: 'deviceId',
        outputs,
        readableOutput: '### Similar',
        rawResponse: [{ did: 2 }],
      }),
    ).toEqual({
      Type: 1,
      ContentsFormat: 'json',
      Contents: [{ did: 2 }],
      HumanReadable: '### Similar',
      EntryContext: { 'Darktrace.SimilarDevices(val.deviceId && val.deviceId == obj.deviceId)': outputs },
      ...base,
    });
  });

  it('two key fields; Contents falls back to outputs; the field order is XSOAR’s', () => {
    const outputs = [{ pbid: 1, did: 2 }];
    const entry = toEntry({ outputsPrefix: 'Darktrace.ModelBreach', outputsKeyField: ['pbid', 'did'], outputs, readableOutput: 'x' });
    expect(entry.EntryContext).toEqual({
      'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid && val.did && val.did == obj.did)': outputs,
    });
    expect(entry.Contents).toBe(outputs);
    expect(Object.keys(entry)).toEqual([
      'Type', 'ContentsFormat', 'Contents', 'HumanReadable', 'ReadableContentsFormat', 'EntryContext',
      'IndicatorTimeline', 'IgnoreAutoExtract', 'Note', 'Relationships',
    ]);
  });

  it('prefix without key field: the prefix alone', () => {
    expect(toEntry({ outputsPrefix: 'Darktrace.AdvancedSearch', outputs: { hits: 1 }, readableOutput: 'r' }).EntryContext).toEqual({
      'Darktrace.AdvancedSearch': { hits: 1 },
    });
  });

  it('no readable: HumanReadable is tableToMarkdown("Results", outputs)', () => {
    expect(toEntry({ outputsPrefix: 'P', outputs: [{ a: 1 }] }).HumanReadable).toBe('### Results\n|a|\n|---|\n| 1 |\n');
    expect(toEntry({ outputsPrefix: 'P', outputs: {} }).HumanReadable).toBe('### Results\n**No entries.**\n');
    expect(toEntry({ outputsPrefix: 'P', outputs: 'plain' }).HumanReadable).toBe('plain');
    // XSOAR would raise "Missing headers param"; we render a Value column instead.
    expect(toEntry({ outputsPrefix: 'P', outputs: ['a', 'b'] }).HumanReadable).toBe('### Results\n|Value|\n|---|\n| a |\n| b |\n');
  });

  it('null or [] outputs: no context, no table; readable kept', () => {
    expect(toEntry({ outputsPrefix: 'P', outputsKeyField: 'k', outputs: [], readableOutput: 'Nothing found.' })).toEqual({
      Type: 1, ContentsFormat: 'json', Contents: [], HumanReadable: 'Nothing found.', EntryContext: {}, ...base,
    });
    expect(toEntry({ readableOutput: 'Nothing found.' })).toEqual({
      Type: 1, ContentsFormat: 'json', Contents: null, HumanReadable: 'Nothing found.', EntryContext: {}, ...base,
    });
    expect(toEntry({ outputsPrefix: 'P', outputs: null }).HumanReadable).toBeNull();
  });

  it('ContentsFormat is text for string / integer / boolean raw responses', () => {
    expect(toEntry({ rawResponse: 'ok', readableOutput: 'ok' }).ContentsFormat).toBe('text');
    expect(toEntry({ rawResponse: 5 }).ContentsFormat).toBe('text');
    expect(toEntry({ rawResponse: true }).ContentsFormat).toBe('text');
    expect(toEntry({ rawResponse: 1.5 }).ContentsFormat).toBe('json');
    expect(toEntry({ rawResponse: { a: 1 } }).ContentsFormat).toBe('json');
  });

  it('no prefix: dict outputs merge as prebuilt context keys; non-dicts are an error', () => {
    expect(toEntry({ outputs: { 'A.B(val.x == obj.x)': [1] }, readableOutput: 'r' }).EntryContext).toEqual({ 'A.B(val.x == obj.x)': [1] });
    expect(() => toEntry({ outputs: [1] })).toThrow('outputsPrefix is missing');
    expect(() => toEntry({ outputsPrefix: '.', outputs: { a: 1 } })).toThrow('outputsPrefix cannot be "."');
  });
});

describe('errorEntry', () => {
  it('is the return_error entry with the SPEC message', () => {
    expect(errorEntry('darktrace-get-similar-devices', 'Device 99 was not found.')).toEqual({
      Type: 4,
      ContentsFormat: 'text',
      Contents: 'Failed to execute darktrace-get-similar-devices command.\nError:\nDevice 99 was not found.',
    });
  });
});

describe('normaliseResults', () => {
  it('string, single, array', () => {
    expect(normaliseResults('ok')).toEqual([{ readableOutput: 'ok', rawResponse: 'ok' }]);
    const one = { outputsPrefix: 'P', outputs: { a: 1 } };
    expect(normaliseResults(one)).toEqual([one]);
    expect(normaliseResults([one, one])).toEqual([one, one]);
    expect(normaliseResults([])).toEqual([]);
  });
  it('a bare string becomes a text note entry', () => {
    expect(toEntry(normaliseResults('ok')[0])).toMatchObject({ ContentsFormat: 'text', Contents: 'ok', HumanReadable: 'ok', EntryContext: {} });
  });
});
