// docs/adding-a-command.md walks through real code: its command block is the whole command file, and its
// resource and test blocks are excerpts that appear in the repository line for line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const doc = read('docs/adding-a-command.md');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```\n/g)].map((m) => m[1]);

/** Lines of `excerpt` that do not appear, in order, among the lines of `file` (comments after code ignored). */
function missingLines(excerpt: string, file: string): string[] {
  const lines = file.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const line of excerpt.split('\n').filter((l) => l.trim() !== '')) {
    const code = line.replace(/\s+\/\/ [^'`]*$/, '');
    const found = lines.findIndex((l, i) => i >= at && l.startsWith(code));
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

describe('docs/adding-a-command.md', () => {
  it('shows the whole command file as it is', () => {
    expect(blocks.find((b) => b.startsWith('// darktrace-get-tags-for-device:'))).toBe(read('commands/darktrace-get-tags-for-device.ts'));
  });

  it('quotes the resource call and the test as they are', () => {
    const resource = blocks.find((b) => b.includes('export const tagsOfDevice'))!;
    expect(missingLines(resource, read('src/darktrace/resources/tags.ts'))).toEqual([]);
    const test = blocks.find((b) => b.includes('describeCommandE2E(command'))!;
    expect(missingLines(test, read('test/commands/darktrace-get-tags-for-device.test.ts'))).toEqual([]);
  });
});
