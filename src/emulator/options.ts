// createEmulator's options: the one public list. A resource reads the ones it owns in its `configure`.
import type { DateFormat } from '../darktrace/signing.js';
import type { ManualResponse } from './resources/antigena/types.js';
import type { TagPostResponse } from './resources/tags/types.js';
import type { Permission } from './types.js';

export interface EmulatorOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Exact number of devices (default 50, at least the 5 fixture devices). */
  devices?: number;
  /** Exact number of model breaches including the 2 fixture ones (default 200). */
  breaches?: number;
  /** Full-permission token pair (defaults demo-public / demo-private). */
  publicToken?: string;
  privateToken?: string;
  /** Extra tokens, e.g. with restricted permissions. */
  tokens?: Array<{ publicToken: string; privateToken: string; permissions: Permission[] }>;
  /** Accepted DTAPI-Date skew (default 30). */
  maxSkewMinutes?: number;
  /** Accepted DTAPI-Date formats (default all three; ['spaced'] mimics a freshly provisioned 7.1 appliance). */
  dateFormats?: DateFormat[];
  /** The appliance clock in ms (default Date.now): skew checks, generated times, expiry. */
  now?: () => number;
  /** Return /modelbreaches in a (seeded) random order instead of newest first. */
  shuffleBreaches?: boolean;
  /** Serve the unauthenticated /__emulator control API (default true). */
  controlApi?: boolean;
  /** Keep at most this many recorded requests, oldest dropped first (default 10000). */
  maxRecordedRequests?: number;
  /**
   * What POST /tags/entities answers: 'tid' (default) `{"tid": <tid>}` as captured (device_tag_post.json), or
   * 'success' `{"response":"SUCCESS"}` as the API guide documents (reference §2.1 #15b).
   */
  tagPostResponse?: TagPostResponse;
  /**
   * What POST /antigena/manual answers: 'code' (default) `{"code": <codeid>}` as the guide's example, or 'codeid'
   * `{"codeid": <codeid>}` as its prose and the transcriptions say (reference §5.4).
   */
  antigenaManualResponse?: ManualResponse;
  /** GET /status answers as a Unified View: top-level `instances` keyed by id, each with its probes (default false). */
  statusUnifiedView?: boolean;
  /**
   * The FQDN configured on the appliance, which its UI links use (`breachUrl`, `incidentEventUrl`, `groupUrl`:
   * `https://<fqdn>/#…`) whatever host a request was sent to. Default 'my.darktrace.com' (the captured links);
   * null: none configured, so no link is added even when asked for (the reference: they need the FQDN).
   */
  fqdn?: string | null;
  /**
   * Whether POST /aianalyst/incident/comments stores the comment (default true); false mimics 7.0.42, which
   * answers SUCCESS without storing it (SDK #62).
   */
  aianalystCommentsStored?: boolean;
}
