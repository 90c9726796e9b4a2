// Playbooks/: each playbook of playbooks/ as it is, its README and its image (the task graph, render-png.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../util/package-root.js';
import { parsePlaybook, type Playbook } from '../playbook.js';
import type { PackFile } from './integration-folder.js';
import { playbookReadme } from './readme.js';
import { renderPlaybookPng } from './render-png.js';

export const PLAYBOOKS_DIR = join(PACKAGE_ROOT, 'playbooks');

export interface PlaybookSource { file: string; text: string; playbook: Playbook }

/** playbooks/*.yml, by file name. */
export function playbookSources(dir: string = PLAYBOOKS_DIR): PlaybookSource[] {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return { file, text, playbook: parsePlaybook(text) };
  });
}

/** `playbook-X.yml` → `playbook-X` (the README and image are named after it, as in the content repo). */
export const playbookStem = (file: string) => file.replace(/\.ya?ml$/, '');

export function playbookFiles(sources: PlaybookSource[] = playbookSources()): PackFile[] {
  return sources.flatMap(({ file, text, playbook }) => {
    const stem = playbookStem(file);
    return [
      { path: `Playbooks/${stem}.yml`, content: text },
      { path: `Playbooks/${stem}_README.md`, content: playbookReadme(playbook, `${stem}.png`) },
      { path: `Playbooks/${stem}.png`, content: renderPlaybookPng(playbook) },
    ];
  });
}
