// Every fetch source, under the shared exactly-once contract. A new source adds its contract here (one line).
import { modelBreachContract } from './contracts/model-breaches.js';
import type { SourceContract } from './source-contract.js';

export const CONTRACTS: readonly SourceContract[] = [modelBreachContract];
