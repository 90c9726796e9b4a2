// Integrations/<Pack>/ in the content repository's split layout: the yml with an empty `script` (the code is
// <Name>.py, which demisto-sdk unifies back in), <Name>_description.md (the detailed description), <Name>_image.png
// (120×50), README.md, <Name>.py (the shim with its generated lines) and <Name>_test.py (its unit tests). The
// uploadable zip carries the unified form instead (unifiedIntegration).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '../../registry/registry.js';
import { PACKAGE_ROOT } from '../../util/package-root.js';
import { buildIntegration, shimSource, toYaml, type IntegrationDoc } from '../integration.js';
import { CLASSIFIER_ID, MAPPER_ID } from './incident-definitions.js';
import { PACK_NAME } from './metadata.js';
import { integrationReadme } from './readme.js';
import { renderIntegrationImage } from './render-png.js';

/** The shim's unit tests (stdlib unittest, run by pytest in the content repo and by our suite with python3). */
export const SHIM_TEST_SOURCE_PATH = join(PACKAGE_ROOT, 'src/xsoar/shim_test.py');

export const INTEGRATION_DIR = `Integrations/${PACK_NAME}`;

export interface PackFile { path: string; content: string | Uint8Array }

/** The integration as the pack ships it: the registry's, plus the pack's classifier and incoming mapper. */
export function packIntegration(registry: Registry): IntegrationDoc & { defaultclassifier: string; defaultmapperin: string } {
  return { ...buildIntegration(registry), defaultclassifier: CLASSIFIER_ID, defaultmapperin: MAPPER_ID };
}

/** The split yml: no code, no detailed description, no image (they are files beside it). */
export function splitIntegrationYaml(registry: Registry): string {
  const { detaileddescription: _detailed, ...doc } = packIntegration(registry);
  return toYaml({ ...doc, script: { ...doc.script, script: '' } });
}

/** The unified yml (what demisto-sdk unify makes of the folder): code, description and image embedded. */
export function unifiedIntegrationYaml(registry: Registry, image: Uint8Array = renderIntegrationImage()): string {
  const doc = packIntegration(registry);
  return toYaml({ ...doc, image: `data:image/png;base64,${Buffer.from(image).toString('base64')}` });
}

export function integrationFolderFiles(registry: Registry, image: Uint8Array = renderIntegrationImage()): PackFile[] {
  const doc = packIntegration(registry);
  return [
    { path: `${INTEGRATION_DIR}/${PACK_NAME}.yml`, content: splitIntegrationYaml(registry) },
    { path: `${INTEGRATION_DIR}/${PACK_NAME}.py`, content: shimSource(registry) },
    { path: `${INTEGRATION_DIR}/${PACK_NAME}_test.py`, content: readFileSync(SHIM_TEST_SOURCE_PATH, 'utf8') },
    { path: `${INTEGRATION_DIR}/${PACK_NAME}_description.md`, content: `${doc.detaileddescription.trimEnd()}\n` },
    { path: `${INTEGRATION_DIR}/${PACK_NAME}_image.png`, content: image },
    { path: `${INTEGRATION_DIR}/README.md`, content: integrationReadme(doc) },
  ];
}
