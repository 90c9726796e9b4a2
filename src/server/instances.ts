// Where a request's Darktrace instance comes from (SPEC §5): env, a named entry of a config file, or inline.
import * as z from 'zod';
import { DarktraceClient } from '../darktrace/client.js';
import type { DarktraceInstance } from '../darktrace/client.js';
import { OutboundPolicy } from '../darktrace/outbound-policy.js';
import { DATE_FORMATS } from '../darktrace/signing.js';
import { Problem } from '../pipeline/problem.js';

const booleanish = z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'True', 'False']).transform((v) => /^(true|yes)$/i.test(v))]);

export const instanceSchema = z.object({
  url: z.string().superRefine((u, ctx) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(u);
    } catch {
      // leave parsed undefined
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL, e.g. https://darktrace.example.com' });
    } else if (parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search) {
      // Darktrace signs the path from the root, so the appliance must be addressed by its origin.
      ctx.addIssue({ code: 'custom', message: 'must be the appliance origin, e.g. https://darktrace.example.com (no path)' });
    } else if (parsed.username || parsed.password) {
      // The client would silently drop them, and /v1/instances would show them.
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password: Darktrace authenticates with the API tokens' });
    }
  }),
  // The public token is sent as a header value: a newline or a space in it can never work (undici refuses it).
  publicToken: z.string().min(1).regex(/^[\x21-\x7e]*$/, { message: 'must be printable ASCII without spaces (check for a pasted newline)' }),
  privateToken: z.string().min(1).regex(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters (check for a pasted newline)' }),
  insecure: booleanish.optional(),
  // XSOAR's `proxy` is a checkbox meaning "use the system proxy"; a string is an explicit proxy URL.
  // undici's ProxyAgent throws on other schemes when the client is built, which would be a 500.
  proxy: z.union([booleanish, z.string().refine((u) => /^https?:\/\/[^/]/i.test(u) && URL.canParse(u), {
    message: 'must be an http(s) proxy URL, e.g. http://proxy.example.com:3128',
  })]).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  dateFormat: z.enum(DATE_FORMATS as [string, ...string[]]).optional(),
  retries: z.number().int().min(0).max(10).optional(),
});
export type InstanceInput = z.input<typeof instanceSchema>;

/** Turns validated instance settings into the client's config; `proxy: true` means the environment's proxy. */
export function toInstance(input: z.output<typeof instanceSchema>, name?: string): DarktraceInstance {
  const proxy = input.proxy === true ? process.env.HTTPS_PROXY ?? process.env.https_proxy ?? process.env.HTTP_PROXY ?? process.env.http_proxy
    : typeof input.proxy === 'string' ? input.proxy : undefined;
  return {
    name,
    url: input.url,
    publicToken: input.publicToken,
    privateToken: input.privateToken,
    insecure: input.insecure ?? false,
    proxy: proxy || undefined,
    timeoutMs: input.timeoutMs,
    dateFormat: input.dateFormat as DarktraceInstance['dateFormat'],
    retries: input.retries,
  };
}

function describeIssues(error: z.ZodError, prefix: string) {
  return error.issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));
}

/** The single instance configured by DARKTRACE_URL / _PUBLIC_TOKEN / _PRIVATE_TOKEN / _INSECURE, if any. */
export function instanceFromEnv(env: NodeJS.ProcessEnv = process.env): DarktraceInstance | undefined {
  if (!env.DARKTRACE_URL) return undefined;
  const parsed = instanceSchema.safeParse({
    url: env.DARKTRACE_URL,
    publicToken: env.DARKTRACE_PUBLIC_TOKEN ?? '',
    privateToken: env.DARKTRACE_PRIVATE_TOKEN ?? '',
    insecure: env.DARKTRACE_INSECURE || undefined,
    dateFormat: env.DARKTRACE_DATE_FORMAT || undefined,
  });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => `DARKTRACE_${String(i.path[0]).replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`))];
    throw new Error(`Invalid Darktrace instance in the environment: check ${fields.join(', ')}.`);
  }
  return toInstance(parsed.data, 'default');
}

export interface LeasedClient {
  client: DarktraceClient;
  instance: DarktraceInstance;
  release(): Promise<void>;
}

/** Hands out clients: one cached pool per configured instance; a fresh pool per request for inline ones. */
export class InstanceResolver {
  private readonly clients = new Map<string, DarktraceClient>();
  /** Where inline instances may connect; configured ones are the operator's and are not checked. */
  readonly outbound: OutboundPolicy;

  constructor(
    private readonly configured: Map<string, DarktraceInstance>,
    private readonly options: { defaultName?: string; allowInline: boolean; outbound?: OutboundPolicy },
  ) {
    this.outbound = options.outbound ?? new OutboundPolicy();
  }

  names(): string[] {
    return [...this.configured.keys()];
  }

  /** Non-secret description of the configured instances (admin endpoint). */
  describe() {
    return [...this.configured.entries()].map(([name, i]) => ({
      name, url: i.url, insecure: i.insecure ?? false, proxy: Boolean(i.proxy), default: name === this.defaultName(),
    }));
  }

  get allowInline(): boolean {
    return this.options.allowInline;
  }

  isReady(): boolean {
    return this.configured.size > 0 || this.options.allowInline;
  }

  private defaultName(): string | undefined {
    return this.options.defaultName ?? (this.configured.size === 1 ? [...this.configured.keys()][0] : undefined);
  }

  lease(selector: unknown): LeasedClient {
    if (selector !== undefined && selector !== null && typeof selector === 'object') return this.leaseInline(selector);
    if (selector !== undefined && selector !== null && typeof selector !== 'string') {
      throw new Problem({ code: 'INVALID_ARGUMENTS', detail: 'instance must be an instance name or an object {url, publicToken, privateToken, insecure}.', errors: [{ path: 'instance', message: 'must be a string or an object' }] });
    }
    const name = selector || this.defaultName();
    if (!name) {
      const detail = this.configured.size === 0
        ? 'No Darktrace instance is configured on this server: set DARKTRACE_URL, DARKTRACE_PUBLIC_TOKEN and DARKTRACE_PRIVATE_TOKEN, start it with --config, or send the instance inline.'
        : `Several Darktrace instances are configured; choose one with "instance": ${this.names().map((n) => JSON.stringify(n)).join(', ')}.`;
      throw new Problem({ code: 'INVALID_ARGUMENTS', detail, errors: [{ path: 'instance', message: 'no instance selected' }] });
    }
    const instance = this.configured.get(name);
    if (!instance) {
      throw new Problem({ code: 'INVALID_ARGUMENTS', detail: `Unknown Darktrace instance "${name}". Configured: ${this.names().join(', ') || 'none'}.`, errors: [{ path: 'instance', message: `unknown instance "${name}"` }] });
    }
    let client = this.clients.get(name);
    if (!client) {
      client = new DarktraceClient(instance);
      this.clients.set(name, client);
    }
    return { client, instance, release: async () => {} };
  }

  private leaseInline(raw: object): LeasedClient {
    if (!this.options.allowInline) {
      throw new Problem({ code: 'FORBIDDEN', detail: 'This server does not accept inline Darktrace instances; set DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES=true to allow them, or use a configured instance name.' });
    }
    const parsed = instanceSchema.safeParse(raw);
    if (!parsed.success) {
      // Messages name the field but never echo its value: the value may be a token.
      throw new Problem({ code: 'INVALID_ARGUMENTS', detail: 'The inline Darktrace instance is invalid.', errors: describeIssues(parsed.error, 'instance') });
    }
    const proxyFromRequest = typeof parsed.data.proxy === 'string';
    if (proxyFromRequest && !this.outbound.allowInlineProxy) {
      const detail = 'instance.proxy: this server does not accept a proxy URL in the request; send proxy: true to use the server\'s own proxy (HTTPS_PROXY), or ask the operator to set DARKTRACE_SOAR_ALLOW_INLINE_PROXY=true.';
      throw new Problem({ code: 'FORBIDDEN', detail, errors: [{ path: 'instance.proxy', message: detail }] });
    }
    const instance = toInstance(parsed.data, 'inline');
    const client = new DarktraceClient(instance, { outbound: { policy: this.outbound, proxyFromRequest } });
    return { client, instance, release: () => client.close() };
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}
