// The endpoint's own OpenAPI 3.1 document, generated from the registry: one operation per command, so
// Shuffle/n8n importers show one action per command.
import type { Registry } from '../registry/registry.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export function buildOpenApi(registry: Registry) {
  const paths: Record<string, unknown> = {};
  for (const command of registry.manifest()) {
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const arg of command.args) {
      properties[arg.name] = { ...arg.jsonSchema, description: arg.description };
      for (const alias of arg.aliases) properties[alias] = { ...arg.jsonSchema, description: `Alias of \`${arg.name}\`.`, deprecated: true };
      if (arg.required) required.push(arg.name);
    }
    paths[`/v1/commands/${command.name}`] = {
      post: {
        operationId: command.name,
        summary: command.description.split('\n')[0],
        description: command.description,
        tags: [command.execution ? 'Response actions (write scope)' : 'Investigation (read scope)'],
        'x-execution': command.execution,
        security: [{ bearer: [] }],
        ...(command.execution ? {
          parameters: [{
            name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 },
            description: 'The same key (same API key, command and body) within 24 h replays the first outcome instead of acting again. Kept in memory by the server process.',
          }],
        } : {}),
        requestBody: {
          required: required.length > 0,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  args: { type: 'object', properties, required: required.length ? required : undefined, additionalProperties: false },
                  instance: ref('InstanceSelector'),
                },
              },
            },
          },
        },
        responses: {
          200: { description: 'Command results', content: { 'application/json': { schema: ref('CommandResponse') } } },
          default: { description: 'Problem', content: { 'application/problem+json': { schema: ref('Problem') } } },
        },
      },
    };
  }
  const simple = (summary: string, schema: unknown, scope = 'read') => ({
    summary, security: [{ bearer: [] }], 'x-scope': scope,
    responses: { 200: { description: 'OK', content: { 'application/json': { schema } } }, default: { description: 'Problem', content: { 'application/problem+json': { schema: ref('Problem') } } } },
  });
  paths['/v1/test'] = { post: { operationId: 'test-module', ...simple('Test the Darktrace connection (and fetch parameters)', { type: 'object', properties: { ok: { type: 'boolean' }, message: { type: 'string' } } }), requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { instance: ref('InstanceSelector'), params: { type: 'object' } } } } } } } };
  paths['/v1/fetch-incidents'] = { post: { operationId: 'fetch-incidents', ...simple('Fetch model breaches as incidents (stateless: send the last lastRun back)', { type: 'object', properties: { incidents: { type: 'array', items: { type: 'object' } }, lastRun: { type: 'object', additionalProperties: { type: 'string' } } } }), requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { lastRun: { type: 'object' }, params: { type: 'object' }, instance: ref('InstanceSelector') } } } } } } };
  paths['/v1/commands'] = { get: { operationId: 'list-commands', ...simple('The command manifest', { type: 'object' }) } };
  paths['/healthz'] = { get: { operationId: 'healthz', summary: 'Liveness', responses: { 200: { description: 'OK' } } } };
  paths['/readyz'] = { get: { operationId: 'readyz', summary: 'Readiness', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } } };
  paths['/metrics'] = { get: { operationId: 'metrics', summary: 'Prometheus metrics (admin scope)', security: [{ bearer: [] }], responses: { 200: { description: 'Metrics', content: { 'text/plain': {} } } } } };

  return {
    openapi: '3.1.0',
    info: { title: 'Darktrace SOAR plugin', version: '1.0.0', description: 'XSOAR-style Darktrace commands over HTTP. Every command returns XSOAR context outputs, a markdown readable output and the exact war-room entry.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        InstanceSelector: {
          description: 'A configured instance name, or inline credentials when the server allows them.',
          oneOf: [
            { type: 'string' },
            { type: 'object', required: ['url', 'publicToken', 'privateToken'], properties: { url: { type: 'string', format: 'uri' }, publicToken: { type: 'string' }, privateToken: { type: 'string', writeOnly: true }, insecure: { type: 'boolean' }, proxy: { oneOf: [{ type: 'boolean' }, { type: 'string' }] } } },
          ],
        },
        CommandResponse: {
          type: 'object',
          required: ['ok', 'command', 'requestId', 'results', 'durationMs'],
          properties: {
            ok: { const: true }, command: { type: 'string' }, requestId: { type: 'string' }, durationMs: { type: 'number' },
            results: { type: 'array', items: { type: 'object', properties: { outputsPrefix: { type: ['string', 'null'] }, outputsKeyField: {}, outputs: {}, readableOutput: { type: ['string', 'null'] }, rawResponse: {}, entry: { type: 'object' } } } },
          },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code', 'retryable', 'requestId', 'entry'],
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            code: { enum: ['INVALID_ARGUMENTS', 'UNAUTHENTICATED', 'FORBIDDEN', 'UNKNOWN_COMMAND', 'NOT_FOUND', 'IDEMPOTENCY_IN_PROGRESS', 'PAYLOAD_TOO_LARGE', 'IDEMPOTENCY_KEY_REUSED', 'RATE_LIMITED', 'UPSTREAM_ERROR', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'OUTCOME_UNKNOWN', 'INTERNAL'] },
            retryable: { type: 'boolean' }, command: { type: ['string', 'null'] }, requestId: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            entry: { type: 'object' },
          },
        },
      },
    },
  };
}
