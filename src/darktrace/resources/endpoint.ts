// One typed Darktrace call, declared as data: which OpenAPI operation it is, the parameters it sends (in
// the order they are sent and signed), its response schema, its send policy and what a 2xx answer must say
// to count as done. Parameter names and types come from the generated OpenAPI types (api-types.ts), so a
// misspelt name, a missing required parameter or a wrong type fails `tsc`, both where an endpoint is
// declared and where it is called.
import type { z } from 'zod';
import type { paths } from '../api-types.js';
import type { DarktraceClient } from '../client.js';
import { DarktraceError } from '../errors.js';
import type { QueryValue } from '../signing.js';

/** What a resource call needs of the client (DarktraceClient is one). */
export type DarktraceApi = Pick<DarktraceClient, 'get' | 'postJson' | 'postForm' | 'delete'>;

export type HttpMethod = 'get' | 'post' | 'delete';

/** The OpenAPI paths that have an operation for method M. */
export type PathWith<M extends HttpMethod> = { [P in keyof paths]: paths[P][M] extends undefined ? never : P }[keyof paths];

type Operation<P extends keyof paths, M extends HttpMethod> = Exclude<paths[P][M], undefined>;
type None = Record<never, never>;
type OrNone<T> = [T] extends [never] ? None : [T] extends [undefined] ? None : Exclude<T, undefined>;

export type QueryOf<P extends keyof paths, M extends HttpMethod> =
  OrNone<Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never>;
export type PathParamsOf<P extends keyof paths, M extends HttpMethod> =
  OrNone<Operation<P, M> extends { parameters: { path?: infer X } } ? X : never>;
type ContentOf<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody: { content: infer C } } ? C : never;
export type FormOf<P extends keyof paths, M extends HttpMethod> =
  OrNone<ContentOf<P, M> extends { 'application/x-www-form-urlencoded': infer B } ? B : never>;
export type JsonOf<P extends keyof paths, M extends HttpMethod> =
  OrNone<ContentOf<P, M> extends { 'application/json': infer B } ? B : never>;

/** A parameter of T the caller supplies (`'did'`), or one always sent with a fixed value (`['fulldevicedetails', true]`). */
export type Field<T> = { [K in keyof T & string]: K | readonly [K, Exclude<T[K], undefined>] }[keyof T & string];
type Supplied<S extends readonly unknown[]> = Extract<S[number], string>;
type Fixed<S extends readonly unknown[]> = Extract<S[number], readonly [string, unknown]>[0];
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Missing<T, S extends readonly unknown[]> = Exclude<RequiredKeys<T>, Supplied<S> | Fixed<S>>;
/** Resolves to `unknown` when S declares every required parameter of T, else to a type naming the missing ones. */
type Complete<T, S extends readonly unknown[]> = [Missing<T, S>] extends [never] ? unknown : { missingRequiredParameter: Missing<T, S> };
/** The caller's arguments for the parameters S declares as supplied. */
type ArgsFor<T, S extends readonly unknown[]> = Pick<T, Supplied<S> & keyof T>;

/**
 * How a call is sent. `retry`: idempotent, so the client retries it after 429/502/503/504 and dropped
 * connections (GETs). `once`: never retried, because repeating it could apply a change twice (POST) or its
 * outcome after an error is unknown (DELETE: the caller settles it with a read). The client decides retries
 * by method, so the type only lets an endpoint declare what the client really does.
 */
export type SendPolicy<M extends HttpMethod> = M extends 'get' ? 'retry' : 'once';

/** The keys a schema names (a loose object's index signature left out). */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: unknown } & string;

/** One test on a field of a 2xx answer; `equals` ignores case. */
export type Check<A> =
  | { field: KnownKeys<A>; equals: string }
  | { field: KnownKeys<A>; isNumber: true }
  | { field: KnownKeys<A>; absent: true };

/** What a 2xx answer must say for the change to count as done: any one of the checks. */
export interface Confirmation<A> {
  anyOf: ReadonlyArray<Check<A>>;
}

export interface EndpointSpec<
  P extends keyof paths, M extends HttpMethod, R extends z.ZodType,
  Q extends readonly Field<QueryOf<P, M>>[], F extends readonly Field<FormOf<P, M>>[], J extends readonly Field<JsonOf<P, M>>[],
> {
  method: M;
  path: P;
  /** Query parameters, in the order they are sent and signed (GET and DELETE). */
  query?: Q & Complete<QueryOf<P, M>, Q>;
  /** Fields of an application/x-www-form-urlencoded body, in order (POST). */
  form?: F & Complete<FormOf<P, M>, F>;
  /** Keys of a JSON body, in order (POST). */
  json?: J & Complete<JsonOf<P, M>, J>;
  response: R;
  send: SendPolicy<M>;
  confirm?: Confirmation<z.output<R>>;
}

/** The arguments of a call: path parameters plus every supplied (not fixed) query or body parameter. */
export type EndpointArgs<
  P extends keyof paths, M extends HttpMethod,
  Q extends readonly unknown[], F extends readonly unknown[], J extends readonly unknown[],
> = PathParamsOf<P, M> & ArgsFor<QueryOf<P, M>, Q> & ArgsFor<FormOf<P, M>, F> & ArgsFor<JsonOf<P, M>, J>;

/** Arguments with no key beyond those of Shape (a misspelt name is refused even outside an object literal). */
export type Exact<A, Shape> = A & Record<Exclude<keyof A, keyof Shape>, never>;

export interface Endpoint<Args, Answer> {
  /** Sends the call and returns the answer parsed by the response schema (an invalid one is INVALID_RESPONSE). */
  <A extends Args>(client: DarktraceApi, args: Exact<A, Args>): Promise<Answer>;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The OpenAPI path, with `{name}` placeholders where it has path parameters. */
  readonly path: string;
  readonly send: 'retry' | 'once';
  readonly response: z.ZodType<Answer>;
  /** Every parameter name a caller may supply. */
  readonly parameters: readonly string[];
  /** The path as sent and signed: placeholders replaced verbatim (Darktrace signs the path as it is sent). */
  pathFor(args: Args): string;
  /** Whether a 2xx answer confirms the change (always true for an endpoint without a `confirm` rule). */
  confirms(answer: Answer): boolean;
  /** The error for an answer that does not confirm the change: INVALID_RESPONSE, not retryable, its outcome known. */
  unconfirmed(message: string): DarktraceError;
}

/** An answer as quoted in error messages: its JSON, cut at 200 characters. */
export const answerText = (answer: unknown): string => JSON.stringify(answer).slice(0, 200);

function passes<A>(check: Check<A>, answer: A): boolean {
  const value = (answer as Record<string, unknown> | null)?.[check.field];
  if ('absent' in check) return value === undefined;
  if ('isNumber' in check) return typeof value === 'number';
  return typeof value === 'string' && value.toUpperCase() === check.equals.toUpperCase();
}

const nameOf = (field: unknown): string => (typeof field === 'string' ? field : (field as readonly [string, unknown])[0]);
const isFixed = (field: unknown): field is readonly [string, unknown] => typeof field !== 'string';

export function defineEndpoint<
  P extends PathWith<M>, M extends HttpMethod, R extends z.ZodType,
  const Q extends readonly Field<QueryOf<P, M>>[] = readonly [],
  const F extends readonly Field<FormOf<P, M>>[] = readonly [],
  const J extends readonly Field<JsonOf<P, M>>[] = readonly [],
>(spec: EndpointSpec<P, M, R, Q, F, J>): Endpoint<EndpointArgs<P, M, Q, F, J>, z.output<R>> {
  type Args = EndpointArgs<P, M, Q, F, J>;
  type Answer = z.output<R>;
  const method = spec.method.toUpperCase() as 'GET' | 'POST' | 'DELETE';
  const query: readonly unknown[] = spec.query ?? [];
  const form: readonly unknown[] = spec.form ?? [];
  const json: readonly unknown[] = spec.json ?? [];
  if ((query.length > 0 && (form.length > 0 || json.length > 0)) || (form.length > 0 && json.length > 0)) {
    // The appliance signs either the query or the body, never both (reference §1.2).
    throw new TypeError(`${method} ${spec.path}: declare a query, a form body or a JSON body, not several`);
  }
  const pathParams = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const parameters = [...pathParams, ...[...query, ...form, ...json].filter((f) => !isFixed(f)).map(nameOf)];
  const value = (args: Record<string, unknown>, field: unknown) =>
    (isFixed(field) ? field[1] : args[field as string]) as QueryValue;
  const pairs = (fields: readonly unknown[], args: Record<string, unknown>): Array<[string, QueryValue]> =>
    fields.map((f) => [nameOf(f), value(args, f)]);

  const pathFor = (args: Args): string =>
    spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const part = (args as Record<string, unknown>)[name];
      if (part === undefined || part === null || part === '') throw new TypeError(`${method} ${spec.path} needs the path parameter ${name}`);
      return String(part);
    });

  const call = async (client: DarktraceApi, args: Args): Promise<Answer> => {
    const given = args as Record<string, unknown>;
    const unknown = Object.keys(given).filter((k) => !parameters.includes(k));
    if (unknown.length > 0) {
      throw new TypeError(`${method} ${spec.path} has no parameter ${unknown.join(', ')} (it takes ${parameters.join(', ') || 'none'})`);
    }
    const path = pathFor(args);
    const schema = spec.response as z.ZodType<Answer>;
    if (json.length > 0) {
      const body = Object.fromEntries(pairs(json, given).filter(([, v]) => v !== undefined));
      return client.postJson(path, body, schema);
    }
    if (method === 'POST') return client.postForm(path, pairs(form, given), schema);
    if (method === 'DELETE') return client.delete(path, pairs(query, given), schema);
    return client.get(path, pairs(query, given), schema);
  };

  const rule = spec.confirm;
  return Object.assign(call, {
    method,
    path: spec.path as string,
    send: spec.send,
    response: spec.response as z.ZodType<Answer>,
    parameters,
    pathFor,
    confirms: (answer: Answer) => !rule || rule.anyOf.some((check) => passes(check, answer)),
    // Darktrace answered, and not with success: its answer is the outcome (`verified`: not OUTCOME_UNKNOWN).
    unconfirmed: (message: string) =>
      new DarktraceError('INVALID_RESPONSE', message, { method, path: spec.path, retryable: false, verified: true }),
  }) as Endpoint<Args, Answer>;
}
