// The XSOAR content pack (pack/<Pack>/, drift-checked; `darktrace-soar gen pack`): every file with its exact
// content, and the uploadable zip's files.
import type { Registry } from '../../registry/registry.js';
import { incidentDefinitionFiles } from './incident-definitions.js';
import { INTEGRATION_DIR, integrationFolderFiles, unifiedIntegrationYaml, type PackFile } from './integration-folder.js';
import { PACK_NAME, PACK_VERSION, packMetadata, releaseNotesPath } from './metadata.js';
import { playbookFiles, playbookSources } from './playbooks.js';
import { packReadme, releaseNotes } from './readme.js';
import { renderIntegrationImage } from './render-png.js';
import { buildIntegration } from '../integration.js';

export type { PackFile } from './integration-folder.js';
export { PACK_NAME } from './metadata.js';

/** Where the pack folder is committed, relative to the repository root. */
export const PACK_DIR = `pack/${PACK_NAME}`;
/** Where `gen pack` writes the zip, relative to the repository root (not committed). */
export const PACK_ZIP = `dist/${PACK_NAME}.zip`;

/** Every file of the pack folder, paths relative to it, sorted. */
export function packFiles(registry: Registry): PackFile[] {
  const sources = playbookSources();
  const image = renderIntegrationImage();
  const integration = buildIntegration(registry);
  const playbooks = sources.map((s) => s.playbook);
  const files: PackFile[] = [
    { path: 'pack_metadata.json', content: `${JSON.stringify(packMetadata(), null, 4)}\n` },
    { path: 'README.md', content: packReadme(integration, playbooks) },
    { path: releaseNotesPath(PACK_VERSION), content: releaseNotes(integration, playbooks) },
    ...integrationFolderFiles(registry, image),
    ...playbookFiles(sources),
    ...incidentDefinitionFiles(),
  ];
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The zip's files: the folder's, with the integration folder replaced by the unified yml and its README. */
export function zipFiles(registry: Registry, folder: PackFile[] = packFiles(registry)): PackFile[] {
  const image = folder.find((f) => f.path === `${INTEGRATION_DIR}/${PACK_NAME}_image.png`)!.content as Uint8Array;
  const readme = folder.find((f) => f.path === `${INTEGRATION_DIR}/README.md`)!;
  return [
    ...folder.filter((f) => !f.path.startsWith(`${INTEGRATION_DIR}/`)),
    { path: `Integrations/integration-${PACK_NAME}.yml`, content: unifiedIntegrationYaml(registry, image) },
    { path: `Integrations/integration-${PACK_NAME}_README.md`, content: readme.content },
  ];
}
