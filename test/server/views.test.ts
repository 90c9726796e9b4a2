// The views as pure transforms of one invoked result (the HTTP behaviour is in endpoint.test.ts).
import { describe, expect, it } from 'vitest';
import { toEntry } from '../../src/registry/entry.js';
import type { CommandResult } from '../../src/registry/command.js';
import { rememberBody } from '../../src/darktrace/raw-body.js';
import { parseView, serialiseResult, viewResult, VIEWS } from '../../src/server/views.js';

const invoked = (r: CommandResult) => ({ ...r, entry: toEntry(r) });

describe('viewResult', () => {
  it('result: the raw response is left out when it is the outputs themselves, the readable is the default table', () => {
    const outputs = [{ did: 1, name: 'a' }];
    const r = invoked({ outputsPrefix: 'X.Y', outputsKeyField: 'did', outputs, rawResponse: outputs });
    expect(viewResult('result', r)).toEqual({ outputsPrefix: 'X.Y', outputsKeyField: 'did', outputs, readableOutput: '### Results\n|did|name|\n|---|---|\n| 1 | a |\n' });
    expect(viewResult('full', r)).toMatchObject({ rawResponse: outputs, readableOutput: null, entry: r.entry });
  });

  it('result: a plain text note has no outputs, its text is the readable, the raw stays when different', () => {
    const r = invoked({ readableOutput: 'done', rawResponse: { response: 'SUCCESS' } });
    expect(viewResult('result', r)).toEqual({ outputsPrefix: null, outputsKeyField: null, outputs: null, readableOutput: 'done', rawResponse: { response: 'SUCCESS' } });
    expect(viewResult('entry', r)).toEqual({ entry: r.entry });
  });
});

describe('serialiseResult', () => {
  it('is viewResult as JSON text, with a raw answer the client parsed spliced in as the bytes it came as', () => {
    const text = '{"10":1,"2":[1.50,2e3],"name":"a"}';
    const raw = JSON.parse(text) as Record<string, unknown>;
    rememberBody(raw, text);
    const outputs = [{ did: 1 }];
    for (const r of [invoked({ outputsPrefix: 'X.Y', outputs, rawResponse: raw }), invoked({ readableOutput: 'done', rawResponse: 'plain' }), invoked({ outputsPrefix: 'X', outputs, rawResponse: outputs })]) {
      for (const view of VIEWS) expect(JSON.parse(serialiseResult(view, r))).toEqual(viewResult(view, r));
    }
    const r = invoked({ outputsPrefix: 'X.Y', outputs, rawResponse: raw });
    expect(serialiseResult('result', r)).toBe(`{"outputsPrefix":"X.Y","outputsKeyField":null,"outputs":[{"did":1}],"readableOutput":"### Results\\n|did|\\n|---|\\n| 1 |\\n","rawResponse":${text}}`);
    expect(serialiseResult('entry', r)).toBe(`{"entry":{"Type":1,"ContentsFormat":"json","Contents":${text},"HumanReadable":"### Results\\n|did|\\n|---|\\n| 1 |\\n","ReadableContentsFormat":"markdown","EntryContext":{"X.Y":[{"did":1}]},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}}`);
  });
});

describe('parseView', () => {
  it('absent or null is the result view; anything else must be one of the three', () => {
    expect(parseView(undefined)).toEqual({ ok: true, view: 'result' });
    expect(parseView(null)).toEqual({ ok: true, view: 'result' });
    expect(parseView('full')).toEqual({ ok: true, view: 'full' });
    expect(parseView('Entry')).toEqual({ ok: false, problem: { code: 'INVALID_ARGUMENTS', detail: 'view must be one of result, entry, full (got "Entry").', errors: [{ path: 'view', message: 'must be one of result, entry, full (got "Entry")' }] } });
  });
});
