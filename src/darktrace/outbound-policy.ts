// Where a request-supplied (inline) Darktrace instance may make this server connect. Without a policy any
// read-key holder could point the server at cloud metadata, loopback services or the private network and read
// back what answers (server-side request forgery). Configured instances (env, --config) are the operator's own
// and are not checked; inline ones are, on the address actually connected to:
//   - host names are resolved through `lookup` below, which refuses the connection when any address the name
//     resolves to is denied — every new connection resolves again, so a DNS rebinding is checked too;
//   - Node skips `lookup` for IP literals, so the connector checks those itself;
//   - the client never follows redirects (a 3xx is an error), so a redirect cannot lead anywhere;
//   - behind a proxy the proxy resolves the target, so the target's name is resolved and checked here first
//     (a rebinding between that check and the proxy's own lookup is outside what this server can see);
//     a proxy named by the request itself is refused unless DARKTRACE_SOAR_ALLOW_INLINE_PROXY=true, and
//     then its own address is checked like a target.
// Default: deny loopback, unspecified, link-local, private (RFC 1918, CGNAT, IPv6 ULA), multicast, reserved
// and IPv4-embedding IPv6 prefixes; DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS lists CIDRs to allow (real appliances
// usually sit on private addresses). Cloud metadata addresses and host names are refused even then.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { buildConnector as BuildConnector } from 'undici';
import { Agent, buildConnector, Pool, ProxyAgent, type Dispatcher } from './undici.js';

/** The error every refusal raises; the client maps it to TARGET_DENIED (403, not retryable). */
export class OutboundDeniedError extends Error {
  readonly code = 'OUTBOUND_DENIED';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundDeniedError';
  }
}

type Family = 'ipv4' | 'ipv6';
const subnets = (list: BlockList, entries: ReadonlyArray<[string, number, Family]>) => {
  for (const [net, prefix, family] of entries) list.addSubnet(net, prefix, family);
  return list;
};

/** Cloud instance metadata services: never a Darktrace appliance, refused even inside an allowed range. */
const METADATA_ADDRESSES = subnets(new BlockList(), [
  ['169.254.169.254', 32, 'ipv4'], // AWS, GCP, Azure, OpenStack, …
  ['169.254.170.2', 32, 'ipv4'], // AWS ECS task metadata
  ['100.100.100.200', 32, 'ipv4'], // Alibaba Cloud
  ['fd00:ec2::254', 128, 'ipv6'], // AWS IPv6
]);
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** Denied by default; the first matching category names the refusal. */
const DENIED: ReadonlyArray<[category: string, list: BlockList]> = [
  ['loopback', subnets(new BlockList(), [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']])],
  ['unspecified', subnets(new BlockList(), [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']])],
  ['link-local', subnets(new BlockList(), [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']])],
  ['private', subnets(new BlockList(), [
    ['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'],
    ['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4'], ['fc00::', 7, 'ipv6'],
  ])],
  ['multicast or reserved', subnets(new BlockList(), [['224.0.0.0', 4, 'ipv4'], ['240.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']])],
  // IPv4-mapped addresses (::ffff:a.b.c.d) are matched by the IPv4 rules above; these embed IPv4 otherwise.
  ['IPv4-translating (NAT64, 6to4 or IPv4-compatible)', subnets(new BlockList(), [
    ['64:ff9b::', 96, 'ipv6'], ['64:ff9b:1::', 48, 'ipv6'], ['2002::', 16, 'ipv6'], ['::', 96, 'ipv6'],
  ])],
];

export interface OutboundPolicyOptions {
  /** CIDRs (or single addresses) inline instances may reach although they are loopback/private/…. */
  allowPrivateTargets?: readonly string[];
  /** Whether an inline instance may name its own proxy URL. Default false. */
  allowInlineProxy?: boolean;
  /** Name resolution (dns.lookup, all addresses); replaceable in tests. */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

const ENV_PRIVATE = 'DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS';
const ENV_PROXY = 'DARKTRACE_SOAR_ALLOW_INLINE_PROXY';

const family = (address: string): Family => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/** `10.0.0.0/8`, `fd00::/8` or a single address → [network, prefix, family]; undefined when malformed. */
export function parseCidr(text: string): [string, number, Family] | undefined {
  const [net, bits, extra] = text.trim().split('/');
  const version = isIP(net);
  if (extra !== undefined || version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = bits === undefined ? max : Number(bits);
  return prefix <= max ? [net, prefix, version === 4 ? 'ipv4' : 'ipv6'] : undefined;
}

const defaultResolve = (hostname: string) => new Promise<LookupAddress[]>((resolve, reject) => {
  const options: LookupAllOptions = { all: true };
  dnsLookup(hostname, options, (err, addresses) => (err ? reject(err) : resolve(addresses)));
});

export class OutboundPolicy {
  readonly allowInlineProxy: boolean;
  readonly allowed: readonly string[];
  private readonly allowList = new BlockList();
  private readonly resolve: (hostname: string) => Promise<LookupAddress[]>;

  constructor(options: OutboundPolicyOptions = {}) {
    this.allowInlineProxy = options.allowInlineProxy ?? false;
    this.resolve = options.resolve ?? defaultResolve;
    this.allowed = [...(options.allowPrivateTargets ?? [])];
    for (const entry of this.allowed) {
      const cidr = parseCidr(entry);
      if (!cidr) throw new Error(`${ENV_PRIVATE}: ${JSON.stringify(entry.slice(0, 60))} is not a CIDR such as 10.0.0.0/8 or fd00::/8, nor an IP address.`);
      this.allowList.addSubnet(...cidr);
    }
  }

  /** DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS (comma-separated CIDRs) and DARKTRACE_SOAR_ALLOW_INLINE_PROXY (true/false). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
    const list = (env[ENV_PRIVATE] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const proxy = (env[ENV_PROXY] ?? '').trim();
    if (proxy && !/^(true|false|yes|no|1|0)$/i.test(proxy)) throw new Error(`${ENV_PROXY} must be true or false.`);
    return new OutboundPolicy({ allowPrivateTargets: list, allowInlineProxy: /^(true|yes|1)$/i.test(proxy) });
  }

  /** Why this IP address may not be connected to, or undefined when it may. */
  addressDenial(address: string): string | undefined {
    const f = family(address);
    if (METADATA_ADDRESSES.check(address, f)) return 'a cloud metadata address';
    if (this.allowList.check(address, f)) return undefined;
    const hit = DENIED.find(([, list]) => list.check(address, f));
    return hit ? `${/^[aeiouIU]/.test(hit[0]) ? 'an' : 'a'} ${hit[0]} address` : undefined;
  }

  /** Why this host (name or literal) may not be connected to, before any resolution; undefined when it may. */
  hostDenial(host: string): string | undefined {
    const h = bare(host).toLowerCase().replace(/\.$/, '');
    if (isIP(h)) return this.addressDenial(h);
    return METADATA_HOSTS.has(h) ? 'a cloud metadata host name' : undefined;
  }

  /**
   * Resolves `host` (a literal resolves to itself) and returns its addresses, or throws OutboundDeniedError when
   * the host or any of its addresses is denied. `what` names it in the message ('the Darktrace host').
   */
  async vet(host: string, what: string): Promise<LookupAddress[]> {
    const h = bare(host);
    const early = this.hostDenial(h);
    if (early) throw new OutboundDeniedError(`${what} ${h} is ${early}`);
    if (isIP(h)) return [{ address: h, family: isIP(h) }];
    const addresses = await this.resolve(h);
    for (const { address } of addresses) {
      const reason = this.addressDenial(address);
      if (reason) throw new OutboundDeniedError(`${what} ${h} resolves to ${reason}`);
    }
    return addresses;
  }

  /** A net/tls `lookup` that connects only to addresses it has vetted (one resolution: no gap to rebind in). */
  lookupFor(what: string): LookupFunction {
    return (hostname, options, callback) => {
      this.vet(hostname, what).then((addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      }).catch((err: NodeJS.ErrnoException) => callback(err, '', 0));
    };
  }

  /** An undici connector that checks IP literals itself (Node does not call `lookup` for them). */
  connectorFor(what: string, tls: { rejectUnauthorized: boolean }): BuildConnector.connector {
    const connect = buildConnector({ ...tls, lookup: this.lookupFor(what) });
    return (options, callback) => {
      const host = bare(options.hostname);
      const reason = isIP(host) ? this.addressDenial(host) : undefined;
      if (reason) return callback(new OutboundDeniedError(`${what} ${host} is ${reason}`), null);
      return connect(options, callback);
    };
  }
}

export interface OutboundGuard {
  policy: OutboundPolicy;
  /** The proxy came with the request (not the server's own HTTPS_PROXY): its address is checked too. */
  proxyFromRequest: boolean;
}

export interface DispatcherPlan {
  dispatcher: Dispatcher;
  /** Runs before every request: behind a proxy, the target is resolved and checked here. */
  preflight?: () => Promise<void>;
}

/** The undici dispatcher for one instance: direct or through its proxy, guarded when it came inline. */
export function createDispatcher(origin: string, options: { proxy?: string; tls: { rejectUnauthorized: boolean }; guard?: OutboundGuard }): DispatcherPlan {
  const { proxy, tls, guard } = options;
  if (!guard) return { dispatcher: proxy ? new ProxyAgent({ uri: proxy, requestTls: tls }) : new Agent({ connect: tls }) };
  const { policy } = guard;
  const target = new URL(origin).hostname;
  if (!proxy) return { dispatcher: new Agent({ connect: policy.connectorFor('the Darktrace host', tls) }) };
  const proxyConnector = guard.proxyFromRequest ? policy.connectorFor('the proxy host', { rejectUnauthorized: true }) : undefined;
  const dispatcher = new ProxyAgent({
    uri: proxy,
    requestTls: tls,
    ...(proxyConnector ? { clientFactory: (proxyOrigin: URL, opts: object) => new Pool(proxyOrigin, { ...opts, connect: proxyConnector }) } : {}),
  });
  // A name this machine cannot resolve may still resolve at the proxy (locked-down networks often work that way):
  // then only the name checks apply, and the proxy's own rules decide (see the header).
  const preflight = async () => {
    await policy.vet(target, 'the Darktrace host').catch((err: NodeJS.ErrnoException) => {
      if (err instanceof OutboundDeniedError || !/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|ENODATA)$/.test(err.code ?? '')) throw err;
    });
  };
  return { dispatcher, preflight };
}
