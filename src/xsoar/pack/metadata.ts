// pack_metadata.json and the pack's identity: folder name, version (ReleaseNotes/<version>.md follows it), the
// XSOAR version every content item needs (the integration's fromversion).
import { FROM_VERSION } from '../integration.js';

export const PACK_NAME = 'DarktraceSOAR';
/** The pack's version; bump it with a new ReleaseNotes entry (release-notes.ts). */
export const PACK_VERSION = '1.0.0';
export const PACK_FROM_VERSION = FROM_VERSION;
/** The day the pack was first built (fixed: the metadata must not change on every build). */
export const PACK_CREATED = '2026-12-02T00:00:00Z';

export function packMetadata() {
  return {
    name: 'Darktrace SOAR',
    description: 'Darktrace model breaches, AI Analyst events and RESPOND actions as mapped incidents, with device, tag, watched-list, RESPOND, metric and Advanced Search commands, executed by the Darktrace SOAR plugin.',
    support: 'community',
    currentVersion: PACK_VERSION,
    author: 'Darktrace SOAR plugin maintainers',
    url: '',
    email: '',
    created: PACK_CREATED,
    categories: ['Network Security'],
    tags: ['Network', 'Threat Intelligence'],
    useCases: ['Incident Response', 'Breach Notification'],
    keywords: ['Darktrace', 'RESPOND', 'Antigena', 'AI Analyst', 'model breach'],
    dependencies: {},
    marketplaces: ['xsoar'],
    serverMinVersion: PACK_FROM_VERSION,
  };
}

/** `ReleaseNotes/1_0_0.md` for version 1.0.0. */
export const releaseNotesPath = (version: string = PACK_VERSION) => `ReleaseNotes/${version.replace(/\./g, '_')}.md`;
