// The descriptor REST routes (SPEC §11) over the process's store, declared once as a table: the router, the
// endpoint's OpenAPI (openapi.ts) and the access walk (test/server/descriptors.test.ts) all read DESCRIPTOR_ROUTES.
// Access (SPEC §7) is two steps: the route's scope before the body is read (401/403), then the descriptor's
// function grant inside the store's transaction (`authorize`), so the check and the work see the same descriptor.
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Descriptor } from '../descriptors/model.js';
import { searchFromQueryString } from '../descriptors/search.js';
import { validateDescriptor } from '../descriptors/validate.js';
import { descriptorCheck, readableBy, refuseUnless, type DescriptorGrant } from '../descriptors/access.js';
import type { Access, Caller, Requirement } from '../registry/access.js';
import { toProblemInit, type ProblemInit } from '../pipeline/problem.js';
import type { AccessCheck, Store } from '../store/types.js';
import type { StoreService } from '../store/service.js';
import { isObject } from '../util/json.js';
import { DESCRIPTOR_SCHEMAS } from './descriptor-schemas.js';


export interface RouteInput {
  store: Store;
  caller: Caller;
  /** `:ref` — an id or a shortName. */
  ref: string;
  body: unknown;
  query: Record<string, string | string[] | undefined>;
  /** The store hook that refuses (403) a caller lacking the route's function on the descriptor. */
  check: AccessCheck;
  now: number;
}

export interface DescriptorRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express syntax; `:ref` is the descriptor's id or shortName. */
  path: string;
  operationId: string;
  summary: string;
  /** The API key scope checked before the body is read. */
  access: Access;
  /**
   * The descriptor function the key must also hold: refused with 403 for one descriptor; for the list and search,
   * descriptors whose readFunction the key lacks are left out (count included); on create, the new adminFunction.
   */
  grant: DescriptorGrant;
  status: 200 | 201;
  /** OpenAPI schema names (descriptor-schemas.ts). */
  request?: keyof typeof DESCRIPTOR_SCHEMAS;
  response: keyof typeof DESCRIPTOR_SCHEMAS;
  /** Larger than the default for record batches (up to 100,000 records). */
  bodyLimit?: string;
  handle(input: RouteInput): Promise<unknown>;
}


export const DESCRIPTOR_ROUTES: readonly DescriptorRoute[] = [
  {
    method: 'post', path: '/v1/descriptors', operationId: 'create-descriptor', summary: 'Create a metric descriptor (admin scope and its adminFunction)',
    access: 'admin', grant: 'adminFunction', status: 201, request: 'DescriptorInput', response: 'Descriptor',
    async handle({ store, caller, body }) {
      // Validated first so the grant is checked against the adminFunction the descriptor will really have: a key
      // cannot create a descriptor it could not administer afterwards.
      const spec = validateDescriptor(body);
      refuseUnless(caller, { access: 'admin', functions: [spec.adminFunction] });
      return store.createDescriptor(body);
    },
  },
  {
    method: 'get', path: '/v1/descriptors', operationId: 'list-descriptors', summary: 'List metric descriptors (keywords, limit, offset); only those whose readFunction the key holds',
    access: 'read', grant: 'readFunction', status: 200, response: 'DescriptorPage',
    handle: ({ store, caller, query }) => store.searchDescriptors(searchFromQueryString(query), readableBy(caller)),
  },
  {
    method: 'post', path: '/v1/descriptors/search', operationId: 'search-descriptors', summary: 'Search metric descriptors by keywords; only those whose readFunction the key holds',
    access: 'read', grant: 'readFunction', status: 200, request: 'DescriptorSearch', response: 'DescriptorPage',
    handle: ({ store, caller, body }) => store.searchDescriptors(body, readableBy(caller)),
  },
  {
    method: 'get', path: '/v1/descriptors/:ref', operationId: 'get-descriptor', summary: 'One metric descriptor by id or shortName (read scope and its readFunction)',
    access: 'read', grant: 'readFunction', status: 200, response: 'Descriptor',
    handle: ({ store, ref, check }) => store.getDescriptor(ref, check),
  },
  {
    method: 'put', path: '/v1/descriptors/:ref', operationId: 'update-descriptor', summary: 'Change a metric descriptor: fields, addKeys/removeKeys/addValues/removeValues (admin scope and its adminFunction)',
    access: 'admin', grant: 'adminFunction', status: 200, request: 'DescriptorUpdate', response: 'Descriptor',
    handle: ({ store, caller, ref, body }) => store.updateDescriptor(ref, body, {
      // A new adminFunction must be held too, as on create: an update never hands a descriptor out of the key's reach.
      authorize: (d) => refuseUnless(caller, {
        access: 'admin',
        functions: [d.adminFunction, ...(isObject(body) && typeof body.adminFunction === 'string' ? [body.adminFunction] : [])],
      }),
    }),
  },
  {
    method: 'delete', path: '/v1/descriptors/:ref', operationId: 'delete-descriptor', summary: 'Delete a metric descriptor and its records (admin scope and its adminFunction); answers the deleted descriptor',
    access: 'admin', grant: 'adminFunction', status: 200, response: 'Descriptor',
    handle: ({ store, ref, check }) => store.deleteDescriptor(ref, check),
  },
  {
    method: 'post', path: '/v1/descriptors/:ref/records', operationId: 'submit-records', summary: 'Submit records to a metric descriptor (write scope and its writeFunction)',
    access: 'write', grant: 'writeFunction', status: 200, request: 'RecordsBody', response: 'SubmitResult', bodyLimit: '32mb',
    handle: ({ store, ref, body, check }) => store.submitRecords(ref, body, check),
  },
  {
    method: 'post', path: '/v1/descriptors/:ref/aggregate', operationId: 'aggregate-records', summary: 'Aggregate a metric descriptor\'s records in the database (read scope and its readFunction)',
    access: 'read', grant: 'readFunction', status: 200, request: 'AggregateQuery', response: 'AggregateResult',
    handle: ({ store, ref, body, check }) => store.aggregate(ref, body, check),
  },
];


export interface DescriptorRouterOptions {
  store: StoreService;
  now(): Date;
  /** 401/403 for the route's scope; sets the caller (`callerOf`). */
  admit(needs: Requirement): RequestHandler;
  callerOf(res: Response): Caller;
  fail(res: Response, problem: ProblemInit): void;
  /** Logs an INTERNAL failure (with the request id); never the body. */
  logInternal(res: Response, err: unknown): void;
  /** The JSON body parser, for a body limit. */
  json(limit?: string): RequestHandler;
}

export function descriptorRouter(options: DescriptorRouterOptions): express.Router {
  const router = express.Router();
  for (const route of DESCRIPTOR_ROUTES) {
    const handler = async (req: Request, res: Response) => {
      const caller = options.callerOf(res);
      try {
        const store = await options.store.get();
        const result = await route.handle({
          store, caller, ref: String(req.params.ref ?? ''), body: req.body,
          query: req.query as Record<string, string | string[] | undefined>,
          check: descriptorCheck(caller, route.access, route.grant), now: options.now().getTime(),
        });
        if (route.status === 201) res.setHeader('Location', `/v1/descriptors/${(result as Descriptor).id}`);
        res.status(route.status).json(result);
      } catch (err) {
        const problem = toProblemInit(err);
        if (problem.code === 'INTERNAL') options.logInternal(res, err);
        options.fail(res, problem);
      }
    };
    const steps: RequestHandler[] = [options.admit({ access: route.access })];
    if (route.method !== 'get' && route.method !== 'delete') steps.push(options.json(route.bodyLimit));
    router[route.method](route.path, ...steps, (req: Request, res: Response, _next: NextFunction) => void handler(req, res));
  }
  return router;
}
