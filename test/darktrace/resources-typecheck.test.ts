// The resource layer's parameter checks. Each `@ts-expect-error` line below must be a type error, or
// `tsc --noEmit` (npm run typecheck, the first half of npm test) fails with "Unused '@ts-expect-error'
// directive": these lines are the proof that tsc rejects an undeclared parameter, a missing required one
// and a wrong type, at a call and in an endpoint's declaration. The calls also run, against the fake
// appliance, to show what each mistake does at run time.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyze } from '../../src/darktrace/resources/advancedsearch.js';
import { defineEndpoint } from '../../src/darktrace/resources/endpoint.js';
import { similarDevices } from '../../src/darktrace/resources/similardevices.js';
import { TagAnswer, tagDevice, untagDevice } from '../../src/darktrace/resources/tags.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';

describe('a call with a parameter the OpenAPI operation does not declare', () => {
  const dt = useFakeDarktrace();

  it('fails tsc, and at run time is refused before anything is sent', async () => {
    dt.script(json(200, []));
    // @ts-expect-error conut is not a query parameter of GET /similardevices
    await expect(similarDevices(dt.client, { did: 1, conut: 2 })).rejects.toThrow(
      new TypeError('GET /similardevices has no parameter conut (it takes did, count, fulldevicedetails)'));
    const built = { did: 1, conut: 2 }; // not a fresh object literal: still refused
    // @ts-expect-error conut is not a query parameter of GET /similardevices
    await expect(similarDevices(dt.client, built)).rejects.toThrow(TypeError);
    // @ts-expect-error token is an OpenAPI parameter, but not one this endpoint declares it sends
    await expect(similarDevices(dt.client, { did: 1, token: 'x' })).rejects.toThrow(
      new TypeError('GET /similardevices has no parameter token (it takes did, count, fulldevicedetails)'));
    expect(dt.received()).toEqual([]);
  });
});

describe('a call without a required parameter, or with a wrong type', () => {
  const dt = useFakeDarktrace();

  it('fails tsc; what would go out instead is visible on the wire', async () => {
    dt.script(json(200, []), json(200, []), json(200, { tid: 1 }), json(200, { tid: 1 }), json(200, {}));
    // @ts-expect-error did is required by GET /similardevices
    await similarDevices(dt.client, { count: 2 });
    // @ts-expect-error did is an integer, not a string
    await similarDevices(dt.client, { did: '1' });
    // @ts-expect-error tag is required by POST /tags/entities
    await tagDevice(dt.client, { did: 1 });
    // @ts-expect-error duration is an integer of seconds
    await tagDevice(dt.client, { did: 1, tag: 'Admin', duration: '1h' });
    // @ts-expect-error operation is one of score, trend, terms, mean
    await analyze(dt.client, { field: '@fields.source_ip', operation: 'sum', query: 'e30=' });
    // @ts-expect-error the query document (a path parameter) is required
    await expect(analyze(dt.client, { field: '@fields.source_ip', operation: 'score' })).rejects.toThrow(
      new TypeError('GET /advancedsearch/api/analyze/{field}/{operation}/{query} needs the path parameter query'));
    expect(dt.received().map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} ${r.body}`.trim())).toEqual([
      'GET /similardevices?count=2',
      'GET /similardevices?did=1',
      'POST /tags/entities did=1',
      'POST /tags/entities did=1&tag=Admin&duration=1h',
      'GET /advancedsearch/api/analyze/@fields.source_ip/sum/e30=',
    ]);
  });
});

describe('an endpoint declaration', () => {
  it('is checked against the OpenAPI operation', () => {
    const declarations = [
      // @ts-expect-error conut is not a query parameter of GET /similardevices (tsc suggests count)
      () => defineEndpoint({ method: 'get', path: '/similardevices', query: ['did', 'conut'], response: z.unknown(), send: 'retry' }),
      // @ts-expect-error the required did is not declared
      () => defineEndpoint({ method: 'get', path: '/similardevices', query: ['count'], response: z.unknown(), send: 'retry' }),
      // @ts-expect-error a fixed value of the wrong type (fulldevicedetails is a boolean)
      () => defineEndpoint({ method: 'get', path: '/similardevices', query: ['did', ['fulldevicedetails', 'yes']], response: z.unknown(), send: 'retry' }),
      // @ts-expect-error /similardevices has no POST operation
      () => defineEndpoint({ method: 'post', path: '/similardevices', response: z.unknown(), send: 'once' }),
      // @ts-expect-error a POST is never retried by the client, so it cannot declare `retry`
      () => defineEndpoint({ method: 'post', path: '/intelfeed', json: ['addlist'], response: z.unknown(), send: 'retry' }),
      // @ts-expect-error a POST /tags/entities form needs tag as well as did
      () => defineEndpoint({ method: 'post', path: '/tags/entities', form: ['did'], response: z.unknown(), send: 'once' }),
      // @ts-expect-error a DELETE must send both did and tag
      () => defineEndpoint({ method: 'delete', path: '/tags/entities', query: ['did'], response: z.unknown(), send: 'once' }),
      // @ts-expect-error a confirmation can only test a field of the response schema
      () => defineEndpoint({ method: 'post', path: '/tags/entities', form: ['did', 'tag'], response: TagAnswer, send: 'once', confirm: { anyOf: [{ field: 'status', equals: 'SUCCESS' }] } }),
    ];
    expect(declarations).toHaveLength(8);
  });

  it('may declare a query, a form body or a JSON body, never two: the appliance signs one of them', () => {
    // @ts-expect-error POST /tags/entities takes a form body, not JSON
    const both = () => defineEndpoint({ method: 'post', path: '/tags/entities', form: ['did', 'tag'], json: ['addlist'], response: z.unknown(), send: 'once' });
    expect(both).toThrow(new TypeError('POST /tags/entities: declare a query, a form body or a JSON body, not several'));
  });
});

describe('an endpoint', () => {
  it('lists the parameters a caller supplies, and places path parameters verbatim', () => {
    expect(similarDevices.parameters).toEqual(['did', 'count', 'fulldevicedetails']);
    expect(untagDevice.parameters).toEqual(['did', 'tag']);
    expect(analyze.parameters).toEqual(['field', 'operation', 'query']);
    expect(analyze.pathFor({ field: '@fields.source_ip', operation: 'terms', query: 'a+b/c=' })).toBe('/advancedsearch/api/analyze/@fields.source_ip/terms/a+b/c=');
    expect(() => analyze.pathFor({ field: '', operation: 'terms', query: 'e30=' })).toThrow(
      new TypeError('GET /advancedsearch/api/analyze/{field}/{operation}/{query} needs the path parameter field'));
  });
});
