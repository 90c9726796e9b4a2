// A second process on the same store, for the contract suite's concurrency tests:
//   node --import tsx test/store/child-store.ts <store spec> <schema|-> '<ops JSON>'
// ops: [{ "submit": <descriptor ref>, "body": {...} } | { "update": <descriptor ref>, "body": {...} }]
// Prints the results as one JSON array.
import { openStore } from '../../src/store/index.js';

const [spec, schema, opsJson] = process.argv.slice(2);
const store = await openStore(spec, schema === '-' ? {} : { schema });
const results: unknown[] = [];
try {
  for (const op of JSON.parse(opsJson) as Array<{ submit?: number | string; update?: number | string; body: unknown }>) {
    if (op.submit !== undefined) results.push(await store.submitRecords(op.submit, op.body));
    else if (op.update !== undefined) results.push(await store.updateDescriptor(op.update, op.body));
  }
} finally {
  await store.close();
}
process.stdout.write(JSON.stringify(results));
