// Temporary directories for tests that write files (state files, configs, logs): removed when the test that made
// them finishes, pass or fail, so runs do not leave them behind in the machine's temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A new, empty directory `<tmp>/<prefix>XXXXXX`; call it inside a test. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
