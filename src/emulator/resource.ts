// The resource module contract. A resource is one Darktrace resource's slice of appliance state (built by
// its seeded generator), the routes that serve it, and optionally its options, /__emulator control endpoints
// and state counts. resources/index.ts lists the resources; app.ts composes that list with `compose` and
// `mountRoutes`. Everything a route needs in common (signature check, permissions, faults, recording,
// strict parameters, JSON/HTML answers, INPUT ERROR) is done here or in http.ts, never in a resource.
import type { NextFunction, Request, Response, Router } from 'express';
import { ctxOf, Exchange, InputError, inputError, redirect, sendJson } from './http.js';
import type { EmulatorOptions } from './options.js';
import { rngFor, type Rng } from './prng.js';
import type { Permission } from './types.js';

/** What every slice constructor and handler may read about the emulator being built. */
export interface EmulatorEnv {
  readonly seed: number;
  /** The appliance clock (ms): read it for anything time-dependent (expiry, times in answers). */
  readonly now: () => number;
  /** The clock read once at creation: every generator derives its data from this same instant. */
  readonly createdAt: number;
  /** A PRNG stream derived from the seed and `parts` (independent per name), e.g. `rng('response', n)`. */
  rng(...parts: Array<string | number>): Rng;
}

/** Another resource's slice, looked up by its class: `need(DevicesSlice)`. */
export type Need = <S>(slice: abstract new (...args: never[]) => S) => S;

export interface SliceEnv<C> extends EmulatorEnv {
  /** This resource's `configure` result. */
  readonly config: C;
  /** Slices of resources registered earlier (construction runs in registration order). */
  readonly need: Need;
}

/** A slice's class: its constructor builds the slice; the class is also the key other resources reach it by. */
export type SliceClass<S, C> = new (env: SliceEnv<C>) => S;

/** What a handler (or a control endpoint) can reach. */
export interface Scope<S, C> {
  /** This resource's slice (undefined for a resource without state). */
  readonly self: S;
  readonly config: C;
  /** Any registered resource's slice. */
  readonly need: Need;
  readonly env: EmulatorEnv;
}

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteSpec<S = any, C = any> {
  method: Method;
  /** express 5 path syntax, matched case-sensitively and strictly (`/status/` is not `/status`). */
  path: string;
  /** The token permission the route needs (without it: 302 /403); null: any authenticated token. */
  permission: Permission | null;
  /** Answers through `x`; a thrown `InputError` is a 400 INPUT ERROR, anything else a 500. */
  handle(x: Exchange, scope: Scope<S, C>): void | Promise<void>;
}

export interface ControlSpec<S = any, C = any> {
  method: Method;
  /** Below /__emulator, e.g. '/breaches'. */
  path: string;
  /** One line for the GET /__emulator index. */
  description: string;
  /** Returns the JSON answer (201 for POST, else 200); a throw answers 400 `{error: message}`. POST gets the JSON object body. */
  handle(body: Record<string, unknown>, scope: Scope<S, C>): unknown;
}

export interface Resource<S = any, C = any> {
  /** The folder name; used in errors and test names. */
  name: string;
  /** Reads and checks the options this resource owns (throw a RangeError naming the option); the result is `config`. */
  configure?(options: EmulatorOptions): C;
  /** The slice class. Slices are built in registration order, so a constructor may `need` earlier ones. */
  state?: SliceClass<S, C>;
  routes: ReadonlyArray<RouteSpec<S, C>>;
  control?: ReadonlyArray<ControlSpec<S, C>>;
  /** Counts shown by GET /__emulator/state, in registration order after `seed`. */
  summary?(self: S): Record<string, number>;
}

/** Identity, for type inference: `export default defineResource({ name, state, routes, … })`. */
export const defineResource = <S = undefined, C = undefined>(resource: Resource<S, C>): Resource<S, C> => resource;

export interface Composition {
  env: EmulatorEnv;
  /** Each resource with its scope, in registration order. */
  mounted: Array<{ resource: Resource; scope: Scope<unknown, unknown> }>;
  need: Need;
}

const className = (cls: abstract new (...args: never[]) => unknown) => cls.name || 'an anonymous slice class';

/**
 * Checks every resource's options, then builds the slices in registration order. Throws when two resources
 * declare the same route or slice, or a slice constructor needs one that is not built yet.
 */
export function compose(resources: readonly Resource[], options: EmulatorOptions): Composition {
  const routes = new Map<string, string>();
  for (const r of resources) {
    for (const route of r.routes) {
      const key = `${route.method} ${route.path}`;
      const owner = routes.get(key);
      if (owner !== undefined) throw new Error(`emulator resources ${owner} and ${r.name} both declare ${key}`);
      routes.set(key, r.name);
    }
  }
  const configs = resources.map((r) => r.configure?.(options)); // every option is checked before any data is built
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const env: EmulatorEnv = { seed, now, createdAt: now(), rng: (...parts) => rngFor(seed, ...parts) };

  const slices = new Map<abstract new (...args: never[]) => unknown, unknown>();
  let building: string | undefined;
  const need: Need = (cls) => {
    if (!slices.has(cls)) {
      throw new Error(building
        ? `emulator resource ${building} needs ${className(cls)}, which is not built yet: register its resource before ${building} in resources/index.ts`
        : `no registered emulator resource has the slice ${className(cls)}`);
    }
    return slices.get(cls) as never;
  };
  const mounted = resources.map((resource, i) => {
    let self: unknown;
    if (resource.state) {
      if (slices.has(resource.state)) throw new Error(`emulator resource ${resource.name} reuses the slice ${className(resource.state)}`);
      building = resource.name;
      self = new resource.state({ ...env, config: configs[i], need });
      building = undefined;
      slices.set(resource.state, self);
    }
    return { resource, scope: { self, config: configs[i], need, env } };
  });
  return { env, mounted, need };
}

/** Adds a resource's routes to the appliance router, each behind its permission check. */
export function mountRoutes(router: Router, resource: Resource, scope: Scope<unknown, unknown>) {
  for (const route of resource.routes) {
    const handler = guarded(route, scope);
    if (route.method === 'GET') router.get(route.path, handler);
    else if (route.method === 'POST') router.post(route.path, handler);
    else router.delete(route.path, handler);
  }
}

function guarded(route: RouteSpec, scope: Scope<unknown, unknown>) {
  return async (req: Request, res: Response, _next: NextFunction) => {
    const ctx = ctxOf(res);
    if (route.permission !== null && !ctx.token?.permissions.has(route.permission)) return redirect(res, '/403');
    try {
      await route.handle(new Exchange(req, res, ctx), scope);
    } catch (err) {
      if (err instanceof InputError) return inputError(res, err.message);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' });
      else res.destroy(err as Error);
    }
  };
}
