// The endpoint's OpenAPI document: access levels as x-scope, unique operation ids, and the Problem schema
// documented, referenced by every operation, and true to the bodies the server sends.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { PROBLEM_CODES, type ProblemCode } from '../../src/pipeline/problem.js';
import { buildOpenApi } from '../../src/server/openapi.js';
import { problemBody } from '../../src/server/problem.js';

const registry = createRegistry();
const doc = buildOpenApi(registry) as any;
const operations = Object.entries(doc.paths as Record<string, Record<string, any>>)
  .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));

describe('endpoint OpenAPI', () => {
  it('every command operation states the scope it needs and is tagged by it', () => {
    for (const command of registry.list()) {
      const op = doc.paths[`/v1/commands/${command.name}`].post;
      expect(op['x-scope'], command.name).toBe(command.access);
      expect(op.tags).toEqual([{ read: 'Investigation (read scope)', write: 'Response actions (write scope)', admin: 'Administration (admin scope)' }[command.access]]);
      expect(op).not.toHaveProperty('x-execution');
    }
    expect(doc.paths['/v1/instances'].get['x-scope']).toBe('admin');
    expect(doc.paths['/metrics'].get['x-scope']).toBe('admin');
  });

  it('operation ids are unique', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every operation\'s error responses are the documented Problem', () => {
    expect(doc.components.responses.Problem.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    for (const { where, op } of operations) expect(op.responses.default, where).toEqual({ $ref: '#/components/responses/Problem' });
  });

  it('the Problem schema lists every code and status, and describes every field', () => {
    const schema = doc.components.schemas.Problem;
    expect(schema.properties.code.enum).toEqual(Object.keys(PROBLEM_CODES));
    expect(schema.properties.status.enum).toEqual([400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504]);
    expect(schema.properties).not.toHaveProperty('instance');
    for (const [name, property] of Object.entries(schema.properties as Record<string, { description?: string }>)) {
      expect(property.description, name).toBeTruthy();
    }
  });

  it('the bodies the server sends match the schema: required fields present, no undocumented ones', () => {
    const schema = doc.components.schemas.Problem;
    for (const code of Object.keys(PROBLEM_CODES) as ProblemCode[]) {
      const body = problemBody({ code, detail: 'd', errors: [{ path: 'p', message: 'm' }], upstreamStatus: 500, suggestion: 's' }, { requestId: 'r', command: 'c' });
      for (const field of schema.required) expect(body, `${code}.${field}`).toHaveProperty(field);
      for (const field of Object.keys(body)) expect(schema.properties, `${code}.${field}`).toHaveProperty(field);
      expect(body.status).toBe(PROBLEM_CODES[code][0]);
      expect(body.type).toBe(`urn:darktrace-soar:problem:${code.toLowerCase().replaceAll('_', '-')}`);
      expect(body.entry).toEqual({ Type: 4, ContentsFormat: 'text', Contents: 'Failed to execute c command.\nError:\nd' });
    }
  });
});
