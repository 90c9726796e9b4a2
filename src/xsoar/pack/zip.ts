// The uploadable pack zip (dist/<Pack>.zip): what demisto-sdk zip-packs makes, i.e. the pack's files at the zip's
// root with the integration unified into Integrations/integration-<Name>.yml (XSOAR's "Upload pack" reads that
// form, not the split folder). Entries are sorted and dated 1980-01-01 so the same pack gives the same bytes.
import { zipSync, type Zippable } from 'fflate';
import type { PackFile } from './integration-folder.js';

const FIXED_DATE = new Date(1980, 0, 1, 0, 0, 0);

export function zipPack(files: readonly PackFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const data = typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content;
    entries[file.path] = [data, { mtime: FIXED_DATE, level: 9 }];
  }
  return zipSync(entries);
}
