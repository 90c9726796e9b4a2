// A scriptable local HTTP(S) server standing in for a Darktrace appliance: it answers with the handlers it
// is given, in turn, and records every request as it arrived.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: Recorded, res: http.ServerResponse) => void;

export interface TestServer {
  base: string;
  requests: Recorded[];
  /** Handlers answer requests in turn; the last one answers all further requests. */
  respond(...handlers: Handler[]): void;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

export function text(status: number, body: string, headers: http.OutgoingHttpHeaders = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };
}

/** Drops the connection without answering. */
export const reset: Handler = (_req, res) => res.socket?.destroy();

/** Never answers (the test's client must time out). */
export const hang: Handler = () => undefined;

export async function startServer(tls?: { key: string; cert: string }): Promise<TestServer> {
  const requests: Recorded[] = [];
  let handlers: Handler[] = [json(200, {})];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(recorded);
      const handler = handlers.length > 1 ? handlers.shift()! : handlers[0];
      handler(recorded, res);
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    respond(...next) {
      handlers = next;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

