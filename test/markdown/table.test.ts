import { describe, expect, it } from 'vitest';
import {
  formatCell,
  pascalToSpace,
  stringEscapeMD,
  stringToTableHeader,
  tableToMarkdown,
} from '../../src/markdown/table.js';

// Golden strings from soar-conventions §2.5 (produced by running XSOAR's Python code).
const devices = [
  { name: 'host-a', did: 1, ip: '10.0.0.1' },
  { name: 'host-b', did: 2, ip: '10.0.0.2', extra: 'x' },
];

describe('tableToMarkdown golden examples (soar-conventions §2.5)', () => {
  it('A: our documented improvement — headers are the union of keys, so `extra` is NOT dropped', () => {
    // XSOAR would give "### Devices\n|did|ip|name|\n|---|---|---|\n| 1 | 10.0.0.1 | host-a |\n| 2 | 10.0.0.2 | host-b |\n".
    expect(tableToMarkdown('Devices', devices)).toBe(
      '### Devices\n|did|extra|ip|name|\n|---|---|---|---|\n| 1 |  | 10.0.0.1 | host-a |\n| 2 | x | 10.0.0.2 | host-b |\n',
    );
  });

  it('A: identical to XSOAR when every row has the same keys', () => {
    const same = [devices[0], { name: 'host-b', did: 2, ip: '10.0.0.2' }];
    expect(tableToMarkdown('Devices', same)).toBe(
      '### Devices\n|did|ip|name|\n|---|---|---|\n| 1 | 10.0.0.1 | host-a |\n| 2 | 10.0.0.2 | host-b |\n',
    );
  });

  it('A: union keeps first-seen order before sorting (sortHeaders: false)', () => {
    expect(tableToMarkdown('D', [{ b: 1 }, { a: 2, b: 3 }], { sortHeaders: false })).toBe(
      '### D\n|b|a|\n|---|---|\n| 1 |  |\n| 3 | 2 |\n',
    );
  });

  it('B: sortHeaders false keeps insertion order', () => {
    expect(tableToMarkdown('Devices', [devices[0]], { sortHeaders: false })).toBe(
      '### Devices\n|name|did|ip|\n|---|---|---|\n| host-a | 1 | 10.0.0.1 |\n',
    );
  });

  it('C: explicit headers; a missing key is an empty cell with two spaces', () => {
    expect(tableToMarkdown('Devices', [devices[0]], { headers: ['did', 'name', 'missing'] })).toBe(
      '### Devices\n|did|name|missing|\n|---|---|---|\n| 1 | host-a |  |\n',
    );
  });

  it('D: headerTransform applies after sorting by the raw keys', () => {
    const breach = { pbid: 5, model_name: 'Anomalous Connection', acknowledged: false };
    expect(tableToMarkdown('Model Breach', breach, { headerTransform: stringToTableHeader })).toBe(
      '### Model Breach\n|Acknowledged|Model Name|Pbid|\n|---|---|---|\n| false | Anomalous Connection | 5 |\n',
    );
  });

  it('E: mixed cells', () => {
    const row = { a: { x: 1, y: 'z' }, b: [1, 2], c: [{ k: 'v' }], d: true, e: null, f: 0, g: 1.5, h: [] };
    expect(tableToMarkdown('N', [row])).toBe(
      "### N\n|a|b|c|d|e|f|g|h|\n|---|---|---|---|---|---|---|---|\n| x: 1<br>y: z | 1,<br>2 | {'k': 'v'} | true |  | 0 | 1.5 |  |\n",
    );
  });

  it('F: minimal escaping — pipe, backtick and newlines only', () => {
    expect(tableToMarkdown('Esc', [{ msg: 'a|b\nc `code` *bold* _u_' }])).toBe(
      '### Esc\n|msg|\n|---|\n| a\\|b<br>c \\`code\\` *bold* _u_ |\n',
    );
  });

  it('G: empty input and missing title', () => {
    expect(tableToMarkdown('Empty', [])).toBe('### Empty\n**No entries.**\n');
    expect(tableToMarkdown('', [])).toBe('**No entries.**\n');
    expect(tableToMarkdown(null, [{ a: 1 }])).toBe('|a|\n|---|\n| 1 |\n');
    expect(tableToMarkdown('E', {})).toBe('### E\n**No entries.**\n');
    expect(tableToMarkdown('E', null)).toBe('### E\n**No entries.**\n');
  });

  it('H: single-key dict holding a list of scalars; list of strings with a string header', () => {
    expect(tableToMarkdown('One', { ips: ['1.1.1.1', '2.2.2.2'] })).toBe(
      '### One\n|ips|\n|---|\n| 1.1.1.1 |\n| 2.2.2.2 |\n',
    );
    expect(tableToMarkdown('Strings', ['a', 'b'], { headers: 'Value' })).toBe(
      '### Strings\n|Value|\n|---|\n| a |\n| b |\n',
    );
  });

  it('I: removeNull, metadata, escaped header', () => {
    const rows = [
      { a: 1, b: null, c: '' },
      { a: 2, b: '', c: [] },
    ];
    expect(tableToMarkdown('RN', rows, { removeNull: true })).toBe('### RN\n|a|\n|---|\n| 1 |\n| 2 |\n');
    expect(tableToMarkdown('Meta', [{ a: 1 }], { metadata: 'Total: 1' })).toBe('### Meta\nTotal: 1\n|a|\n|---|\n| 1 |\n');
    expect(tableToMarkdown('H', [{ 'a|b': 1 }])).toBe('### H\n|a\\|b|\n|---|\n| 1 |\n');
  });

  it('J: quirks of the default CommandResults readable', () => {
    expect(tableToMarkdown('Results', { devices: [{ a: 1 }, { a: 2 }] })).toBe(
      '### Results\n|devices|\n|---|\n|  |\n|  |\n',
    );
    expect(tableToMarkdown('Results', { devices: [{ a: 1 }], did: 5 })).toBe(
      "### Results\n|devices|did|\n|---|---|\n| {'a': 1} | 5 |\n",
    );
  });
});

describe('tableToMarkdown details', () => {
  it('sorts headers by UTF-16 code units: uppercase, underscore, lowercase', () => {
    expect(tableToMarkdown('S', [{ b: 1, a: 2, _z: 3, Z: 4, A: 5 }])).toBe(
      '### S\n|A|Z|_z|a|b|\n|---|---|---|---|---|\n| 5 | 4 | 3 | 2 | 1 |\n',
    );
  });

  it('a list of scalars without headers is an error, as in XSOAR', () => {
    expect(() => tableToMarkdown('X', ['a'])).toThrow("Missing headers param for tableToMarkdown. Example: headers=['Some Header']");
  });

  it('a single dict becomes one row; a single-key dict with a scalar is one row', () => {
    expect(tableToMarkdown('One', { did: 7 })).toBe('### One\n|did|\n|---|\n| 7 |\n');
    expect(tableToMarkdown('One', { ips: [] })).toBe('### One\n**No entries.**\n');
  });

  it('removeNull drops explicit headers too, and with no columns left says No entries', () => {
    expect(tableToMarkdown('R', [{ a: null, b: 1 }], { headers: ['a', 'b'], removeNull: true })).toBe('### R\n|b|\n|---|\n| 1 |\n');
    expect(tableToMarkdown('R', [{ a: null }], { removeNull: true })).toBe('### R\n**No entries.**\n');
    // 0 and false are values, not nulls
    expect(tableToMarkdown('R', [{ a: 0, b: false }], { removeNull: true })).toBe('### R\n|a|b|\n|---|---|\n| 0 | false |\n');
  });

  it('a custom headerTransform is not escaped', () => {
    expect(tableToMarkdown('T', [{ a: 1 }], { headerTransform: () => 'x|y' })).toBe('### T\n|x|y|\n|---|\n| 1 |\n');
  });

  it('CRLF and CR become <br>; tabs and markdown characters are left alone', () => {
    expect(tableToMarkdown('T', [{ a: 'x\r\ny\rz\t*_#' }])).toBe('### T\n|a|\n|---|\n| x<br>y<br>z\t*_# |\n');
  });
});

describe('formatCell', () => {
  it.each<[unknown, string]>([
    ['text', 'text'],
    [5, '5'],
    [1.5, '1.5'],
    [true, 'true'],
    [false, 'false'],
    [[], ''],
    [{}, ''],
    [['a', 'b'], 'a,\nb'],
    [[true, null, 1], 'True,\nNone,\n1'],
    [[[1, 2]], '[1, 2]'],
    [[{ k: 'v', n: null, b: false }], "{'k': 'v', 'n': None, 'b': False}"],
    [["it's"], "it's"],
    [[["it's"]], `["it's"]`],
    [[['a\nb']], "['a\\nb']"],
    [{ q: { r: 1 }, e: {}, n: null, b: true, l: ['x', 'y'], s: 'é' }, 'q: {"r": 1}\ne: {}\nn: null\nb: true\nl: x,\ny\ns: é'],
  ])('%j → %j', (value, expected) => {
    expect(formatCell(value)).toBe(expected);
  });
});

describe('stringEscapeMD', () => {
  it('minimal + multiline (the table mode)', () => {
    expect(stringEscapeMD('a|b`c\nd*', true, true)).toBe('a\\|b\\`c<br>d*');
  });
  it('full mode escapes every markdown character; newlines kept without multiline', () => {
    expect(stringEscapeMD('a_b*c [x](y) #1 -2 +3 !', false, false)).toBe('a\\_b\\*c \\[x\\]\\(y\\) \\#1 \\-2 \\+3 \\!');
    expect(stringEscapeMD('a\nb')).toBe('a\nb');
  });
});

describe('header helpers', () => {
  it.each([
    ['model_breach_id', 'Model Breach Id'],
    ['deviceId', 'Deviceid'],
    ['ip_address  v4', 'Ip Address V4'],
  ])('stringToTableHeader(%j) → %j', (input, expected) => {
    expect(stringToTableHeader(input)).toBe(expected);
  });

  it.each([
    ['ThreatScore', 'Threat Score'],
    ['thisIsIPAddressName', 'This Is IP Address Name'],
    ['deviceId', 'Device Id'],
  ])('pascalToSpace(%j) → %j', (input, expected) => {
    expect(pascalToSpace(input)).toBe(expected);
  });
});

describe('keys that are also Object.prototype members', () => {
  it('a row without the key has an empty cell, not the inherited function', () => {
    expect(tableToMarkdown('T', [{ constructor: 'a', toString: 'b' }, { did: 1 }])).toBe(
      '### T\n|constructor|did|toString|\n|---|---|---|\n| a |  | b |\n|  | 1 |  |\n',
    );
    expect(tableToMarkdown('T', [{ did: 1 }], { headers: ['did', 'valueOf'], removeNull: true })).toBe('### T\n|did|\n|---|\n| 1 |\n');
  });
});
