// Every fetch source, under the shared exactly-once contract. A new source adds its contract here (one line).
import { aiAnalystContract } from './contracts/ai-analyst.js';
import { modelBreachContract } from './contracts/model-breaches.js';
import { respondActionContract } from './contracts/respond-actions.js';
import { stringIdContract } from './contracts/string-ids.js';
import type { MemoryContract, SourceContract } from './source-contract.js';

/** The real sources: in memory and over HTTP against the emulator. */
export const CONTRACTS: readonly SourceContract[] = [modelBreachContract, aiAnalystContract, respondActionContract];

/** Test-only sources that exercise engine paths no real source uses yet (string ids): in memory only. */
export const SYNTHETIC_CONTRACTS: readonly MemoryContract[] = [stringIdContract];
