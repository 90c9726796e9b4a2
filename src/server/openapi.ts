// The endpoint's own OpenAPI 3.1 document, generated from the registry: one operation per command, so
// Shuffle/n8n importers show one action per command.
import type { Access } from '../registry/access.js';
import type { Registry } from '../registry/registry.js';
import { PROBLEM_CODES } from '../pipeline/problem.js';
import { DEFAULT_VIEW, VIEWS } from './views.js';
import { DESCRIPTOR_ROUTES } from './descriptors.js';
import { DESCRIPTOR_SCHEMAS } from './descriptor-schemas.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** Every operation's error answers: one shared response whose body is the Problem schema. */
const problemResponses = { default: { $ref: '#/components/responses/Problem' } };
const TAGS: Record<Access, string> = {
  read: 'Investigation (read scope)',
  write: 'Response actions (write scope)',
  admin: 'Administration (admin scope)',
};

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
        tags: [TAGS[command.access]],
        // The API key scope this operation needs (SPEC §7): read < write < admin.
        'x-scope': command.access,
        security: [{ bearer: [] }],
        ...(command.access !== 'read' ? {
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
                  view: ref('View'),
                },
              },
            },
          },
        },
        responses: {
          200: { description: 'Command results', content: { 'application/json': { schema: ref('CommandResponse') } } },
          ...problemResponses,
        },
      },
    };
  }
  const simple = (operationId: string, summary: string, schema: unknown, scope: Access = 'read') => ({
    operationId, summary, security: [{ bearer: [] }], 'x-scope': scope,
    responses: { 200: { description: 'OK', content: { 'application/json': { schema } } }, ...problemResponses },
  });
  // operationIds are unique in the document: /v1/commands/test-module already is `test-module`.
  paths['/v1/test'] = { post: { ...simple('test', 'Test the Darktrace connection (and fetch parameters)', { type: 'object', properties: { ok: { type: 'boolean' }, message: { type: 'string' } } }), requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { instance: ref('InstanceSelector'), params: { type: 'object' } } } } } } } };
  paths['/v1/fetch-incidents'] = { post: { ...simple('fetch', 'Fetch model breaches as incidents (stateless: send the last lastRun back)', { type: 'object', properties: { incidents: { type: 'array', items: { type: 'object' } }, lastRun: { type: 'object', additionalProperties: { type: 'string' } } } }), requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { lastRun: { type: 'object' }, params: { type: 'object' }, instance: ref('InstanceSelector') } } } } } } };
  paths['/v1/fetch-events'] = { post: { ...simple('fetch-events-endpoint', 'Collect Darktrace records as SIEM events: model breaches, AI Analyst events, RESPOND actions exactly once, status and summary-statistics snapshots (stateless: send the last lastRun back)', { type: 'object', properties: { events: { type: 'array', items: { type: 'object', properties: { source: { type: 'string' }, _time: { type: 'string', format: 'date-time' } }, required: ['source', '_time'] } }, lastRun: { type: 'object', additionalProperties: { type: 'string' } }, stats: { type: 'object' } } }), requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { lastRun: { type: 'object' }, params: { type: 'object' }, instance: ref('InstanceSelector') } } } } } } };
  paths['/v1/commands'] = { get: simple('list-commands', 'The command manifest', { type: 'object' }) };
  paths['/v1/instances'] = { get: simple('list-instances', 'The configured Darktrace instances, without their tokens (admin scope)', { type: 'object', properties: { instances: { type: 'array', items: { type: 'object' } }, inlineInstances: { type: 'boolean' } } }, 'admin') };
  // The descriptor routes (SPEC §11), from the same table the router is built from.
  for (const route of DESCRIPTOR_ROUTES) {
    const path = route.path.replace(/:ref\b/, '{ref}');
    const operation: Record<string, unknown> = {
      operationId: route.operationId, summary: route.summary, tags: ['Metric descriptors'],
      'x-scope': route.access, 'x-function': route.grant, security: [{ bearer: [] }],
      responses: { [route.status]: { description: route.status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema: ref(route.response) } } }, ...problemResponses },
    };
    if (path.includes('{ref}')) operation.parameters = [{ name: 'ref', in: 'path', required: true, description: 'The descriptor\'s id or shortName.', schema: { type: 'string' } }];
    if (route.operationId === 'list-descriptors') {
      operation.parameters = ['keywords', 'keywordMatchStrategy', 'keywordFieldStrategy', 'limit', 'offset'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));
    }
    if (route.request) operation.requestBody = { required: route.request !== 'DescriptorSearch' && route.request !== 'AggregateQuery', content: { 'application/json': { schema: ref(route.request) } } };
    paths[path] = { ...(paths[path] as object | undefined), [route.method]: operation };
  }
  paths['/healthz'] = { get: { operationId: 'healthz', summary: 'Liveness', responses: { 200: { description: 'OK' }, ...problemResponses } } };
  paths['/readyz'] = { get: { operationId: 'readyz', summary: 'Readiness', responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' }, ...problemResponses } } };
  paths['/metrics'] = { get: { operationId: 'metrics', summary: 'Prometheus metrics (admin scope)', security: [{ bearer: [] }], 'x-scope': 'admin', responses: { 200: { description: 'Metrics', content: { 'text/plain': {} } }, ...problemResponses } } };

  return {
    openapi: '3.1.0',
    info: { title: 'Darktrace SOAR plugin', version: '1.0.0', description: 'XSOAR-style Darktrace commands over HTTP. Every command returns XSOAR context outputs, a markdown readable output and the raw answer, or (view entry) the exact war-room entry.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Problem: {
          description: `A problem: ${Object.entries(PROBLEM_CODES).map(([code, [status]]) => `${status} ${code}`).join(', ')}.`,
          headers: { 'Retry-After': { description: 'On 429: seconds to wait, as Darktrace asked.', schema: { type: 'integer' } } },
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
      },
      schemas: {
        ...DESCRIPTOR_SCHEMAS,
        InstanceSelector: {
          description: 'A configured instance name, or inline credentials when the server allows them.',
          oneOf: [
            { type: 'string' },
            { type: 'object', required: ['url', 'publicToken', 'privateToken'], properties: { url: { type: 'string', format: 'uri' }, publicToken: { type: 'string' }, privateToken: { type: 'string', writeOnly: true }, insecure: { type: 'boolean' }, proxy: { oneOf: [{ type: 'boolean' }, { type: 'string' }] } } },
          ],
        },
        View: {
          description: `What a successful answer carries (default \`${DEFAULT_VIEW}\`). \`result\`: outputs, the readable markdown (the command's, or XSOAR's default table) and the raw Darktrace answer (left out when it is the outputs themselves). \`entry\`: the XSOAR war-room entry alone (the XSOAR shim's choice). \`full\`: both, i.e. every value twice.`,
          enum: [...VIEWS],
          default: DEFAULT_VIEW,
        },
        CommandResponse: {
          type: 'object',
          required: ['ok', 'command', 'requestId', 'view', 'results', 'durationMs'],
          properties: {
            ok: { const: true }, command: { type: 'string' }, requestId: { type: 'string' }, view: ref('View'), durationMs: { type: 'number' },
            results: {
              type: 'array',
              description: 'One per result the command produced; the fields present depend on the view.',
              items: {
                type: 'object',
                properties: {
                  outputsPrefix: { type: ['string', 'null'], description: 'result, full: the context path the outputs go under.' },
                  outputsKeyField: { description: 'result, full: the field(s) that identify an output object.' },
                  outputs: { description: 'result, full: the context outputs.' },
                  readableOutput: { type: ['string', 'null'], description: 'result: the markdown the war room shows; full: the command\'s own markdown, or null.' },
                  rawResponse: { description: 'result (only when it differs from outputs), full: the raw Darktrace answer. When it is one Darktrace answer as a whole, it is Darktrace\'s response body byte for byte (key order and number formatting as sent); a command that combines answers builds it as JSON. entry.Contents is the same.' },
                  entry: { type: 'object', description: 'entry, full: the XSOAR war-room entry (Type, Contents, HumanReadable, EntryContext, …).' },
                },
              },
            },
          },
        },
        Problem: {
          description: 'RFC 9457 problem details (application/problem+json), with the XSOAR error entry. `requestId` identifies the request (also the X-Request-Id header); RFC 9457\'s optional `instance` is not used, because requests use `instance` for the Darktrace instance selector.',
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code', 'retryable', 'command', 'requestId', 'entry'],
          properties: {
            type: { type: 'string', format: 'uri', description: 'The problem type, a URN per code: urn:darktrace-soar:problem:<code in kebab case>.', examples: ['urn:darktrace-soar:problem:invalid-arguments'] },
            title: { type: 'string', description: 'Short summary of the problem type; the same for every occurrence of a code.' },
            status: { type: 'integer', description: 'The HTTP status code of this response.', enum: [...new Set(Object.values(PROBLEM_CODES).map(([status]) => status))].sort() },
            detail: { type: 'string', description: 'What went wrong in this occurrence and what to do about it; never contains a token or key.' },
            code: { enum: Object.keys(PROBLEM_CODES), description: 'Machine-readable problem code.' },
            retryable: { type: 'boolean', description: 'Whether repeating the same request unchanged may succeed without doubling an effect: never true for a change Darktrace may already have made (OUTCOME_UNKNOWN).' },
            command: { type: ['string', 'null'], description: 'The command the request was for, or null.' },
            requestId: { type: 'string', description: 'This request\'s id (the X-Request-Id response header); quote it when asking for the server log.' },
            errors: { type: 'array', description: 'INVALID_ARGUMENTS: every bad argument, each message naming it.', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            upstreamStatus: { type: 'integer', description: 'The HTTP status Darktrace answered, when the problem comes from Darktrace.' },
            suggestion: { type: 'string', description: 'UNKNOWN_COMMAND: the closest command name.' },
            entry: {
              description: 'The war-room error entry XSOAR\'s return_error would produce.',
              type: 'object', required: ['Type', 'ContentsFormat', 'Contents'],
              properties: { Type: { const: 4 }, ContentsFormat: { const: 'text' }, Contents: { type: 'string', description: '"Failed to execute <command> command.\\nError:\\n<detail>"' } },
            },
          },
        },
      },
    },
  };
}
