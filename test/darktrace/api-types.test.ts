import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

it('src/darktrace/api-types.ts is generated from openapi/darktrace.yaml', async () => {
  // Same as `npm run gen:api-types`: the CLI passes no options (all flags unset) and prepends COMMENT_HEADER.
  const generated = COMMENT_HEADER + astToString(await openapiTS(new URL('openapi/darktrace.yaml', root), { silent: true }));
  const committed = readFileSync(new URL('src/darktrace/api-types.ts', root), 'utf8');
  expect(committed === generated, 'src/darktrace/api-types.ts is stale: run npm run gen:api-types').toBe(true);
});
