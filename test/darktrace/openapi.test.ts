// The OpenAPI response schemas must describe the captured appliance responses: every fixture validates,
// and every field a fixture carries is documented (unless its object is declared open).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Schema = {
  $ref?: string; type?: string; nullable?: boolean; enum?: unknown[]; minimum?: number; maximum?: number;
  properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean | Schema;
  items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[];
};

const root = new URL('../../', import.meta.url);
const spec = parse(readFileSync(new URL('openapi/darktrace.yaml', root), 'utf8'));
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`src/emulator/fixtures/${name}`, root), 'utf8'));

const deref = (s: Schema): Schema => (s.$ref ? deref(spec.components.schemas[s.$ref.split('/').pop()!]) : s);

/** Problems of `value` against `schema` (a subset of OpenAPI 3.0 schema semantics, enough for this spec). */
function check(schema: Schema, value: unknown, at: string, out: string[]): string[] {
  const s = deref(schema);
  if (s.allOf) {
    // Properties declared by any part are documented for all parts.
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of s.allOf.map(deref)) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
    }
    return check(merged, value, at, out);
  }
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    const matches = alternatives.filter((alt) => check(alt, value, at, []).length === 0).length;
    if (matches === 0 || (s.oneOf && matches > 1)) out.push(`${at}: ${matches} of ${alternatives.length} alternatives match`);
    return out;
  }
  if (value === null) {
    if (!s.nullable) out.push(`${at}: null`);
    return out;
  }
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (s.type && s.type !== actual && !(s.type === 'number' && actual === 'integer')) {
    out.push(`${at}: expected ${s.type}, got ${actual}`);
    return out;
  }
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'number' && ((s.minimum ?? -Infinity) > value || (s.maximum ?? Infinity) < value)) {
    out.push(`${at}: ${value} out of range`);
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => check(s.items!, item, `${at}[${i}]`, out));
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in record)) out.push(`${at}.${key}: required`);
    for (const [key, item] of Object.entries(record)) {
      const property = s.properties?.[key];
      if (property) check(property, item, `${at}.${key}`, out);
      else if (s.additionalProperties !== true) out.push(`${at}.${key}: undocumented`);
    }
  }
  return out;
}

function responseSchema(path: string, method: string): Schema {
  const content = spec.paths[path][method].responses['200'].content;
  return content['application/json'].schema;
}

describe('openapi/darktrace.yaml describes the captured responses', () => {
  it.each([
    ['similar_devices.json', '/similardevices', 'get'],
    ['endpoint_details.json', '/endpointdetails', 'get'],
    ['conn_info.json', '/deviceinfo', 'get'],
    ['advanced_search_analysis.json', '/advancedsearch/api/analyze/{field}/{operation}/{query}', 'get'],
    ['tagged_devices.json', '/tags/entities', 'get'],
    ['device_tags.json', '/tags/entities', 'get'],
    ['modelbreaches.json', '/modelbreaches', 'get'],
  ])('%s (%s)', (file, path, method) => {
    expect(check(responseSchema(path, method), fixture(file), '$', [])).toEqual([]);
  });

  it.each([
    ['metrics_list.json', '/metrics'],
    ['metrics_mlid_13.json', '/metrics/{mlid}'],
    ['metricdata_single.json', '/metricdata'],
    ['metricdata_multi.json', '/metricdata'],
    ['metricdata_breachtimes.json', '/metricdata'],
  ])('darktrace-extended/%s (%s)', (file, path) => {
    const { response } = fixture(`darktrace-extended/${file}`) as { response: unknown };
    expect(check(responseSchema(path, 'get'), response, '$', [])).toEqual([]);
  });

  it.each([
    // Small POST captures (shared fixtures device_tag_post.json, watched_list_post.json), inlined.
    ['/tags/entities', { tid: 57 }],
    ['/tags/entities', { response: 'SUCCESS' }],
    ['/intelfeed', { added: 0, response: 'SUCCESS', updated: 0 }],
  ])('POST %s %j', (path, body) => {
    expect(check(responseSchema(path, 'post'), body, '$', [])).toEqual([]);
  });

  it('devices of /devicesearch (id_info.json) are Devices', () => {
    const { devices } = fixture('id_info.json') as { devices: unknown[] };
    expect(check({ type: 'array', items: { $ref: '#/components/schemas/Device' } }, devices, '$', [])).toEqual([]);
  });

  it('a single breach (pbid=) is accepted as well as a list', () => {
    const [breach] = fixture('modelbreaches.json') as unknown[];
    expect(check(responseSchema('/modelbreaches', 'get'), breach, '$', [])).toEqual([]);
  });

  it('the checker does catch mismatches', () => {
    const schema = responseSchema('/similardevices', 'get');
    expect(check(schema, [{ did: '1', score: 99, colour: 'red' }], '$', []))
      .toEqual(['$[0].did: expected integer, got string', '$[0].colour: undocumented']);
    expect(check(schema, [{ did: 1 }], '$', [])).toEqual(['$[0].score: required']);
  });
});
