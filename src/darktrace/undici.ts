// The four undici pieces the client uses, from their own modules. undici's index loads all of undici — fetch,
// WebSocket, cookies, caches, mocks — which is ~40–60 ms and ~8 MB of a server's start-up for classes it never
// uses (docs/PERFORMANCE.md). These are the modules the index itself exports (undici has no exports map), and the
// one thing the index does besides exporting: request() and the other call styles go onto Dispatcher.prototype.
import type * as Undici from 'undici';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import PoolClass from 'undici/lib/dispatcher/pool.js';
import ProxyAgentClass from 'undici/lib/dispatcher/proxy-agent.js';
import connector from 'undici/lib/core/connect.js';

Object.assign((DispatcherClass as { prototype: object }).prototype, api);

export const Agent = AgentClass as typeof Undici.Agent;
export const Pool = PoolClass as typeof Undici.Pool;
export const ProxyAgent = ProxyAgentClass as typeof Undici.ProxyAgent;
export const buildConnector = connector as typeof Undici.buildConnector;
export type { Dispatcher } from 'undici';
