// Raw HTTP against a started emulator: the request-target goes on the wire exactly as written, so tests
// control encoding, signing text and headers byte for byte.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatDtDate, signature, type DateFormat } from '../../src/darktrace/signing.js';
import { startEmulator, type Emulator, type StartOptions } from '../../src/emulator/index.js';

/** A fixed appliance clock, so data and dates are reproducible. */
export const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);

export interface CallOptions {
  method?: string;
  body?: string;
  contentType?: string;
  publicToken?: string;
  privateToken?: string;
  /** DTAPI-Date value (default: NOW in iso format). */
  date?: string;
  dateFormat?: DateFormat;
  /** What to sign (default: `target`, or `path?body` for a body). */
  signTarget?: string;
  /** Headers to leave out. */
  omit?: string[];
  /** Rewrites the computed DTAPI-Signature (e.g. to upper case). */
  mapSignature?: (signature: string) => string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export function call(base: string, target: string, o: CallOptions = {}): Promise<CallResult> {
  const url = new URL(base);
  const publicToken = o.publicToken ?? 'demo-public';
  const date = o.date ?? formatDtDate(new Date(NOW), o.dateFormat ?? 'iso');
  const path = target.split('?')[0];
  const signed = o.signTarget ?? (o.body !== undefined ? `${path}?${o.body}` : target);
  const headers: Record<string, string> = {
    'DTAPI-Token': publicToken,
    'DTAPI-Date': date,
    'DTAPI-Signature': (o.mapSignature ?? ((s: string) => s))(signature(o.privateToken ?? 'demo-private', publicToken, signed, date)),
  };
  if (o.body !== undefined) {
    headers['Content-Type'] = o.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(o.body));
  }
  for (const name of o.omit ?? []) delete headers[name];
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'), path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** Starts an emulator on a random port with the fixed clock; returns it plus a bound `call`. */
export async function start(options: StartOptions = {}) {
  const running = await startEmulator({ port: 0, now: () => NOW, ...options });
  return {
    ...running,
    state: running.emulator.state,
    call: (target: string, o?: CallOptions) => call(running.url, target, o),
    get: async (target: string, o?: CallOptions) => {
      const res = await call(running.url, target, o);
      if (res.status !== 200) throw new Error(`GET ${target} → ${res.status} ${res.text}`);
      return res.json();
    },
  };
}
export type Started = Awaited<ReturnType<typeof start>>;

/** Serves an already composed emulator (e.g. from composeEmulator) on a random loopback port. */
export async function serve(emulator: Pick<Emulator, 'app'>) {
  const server = createServer(emulator.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    call: (target: string, o?: CallOptions) => call(url, target, o),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
