// A store service over a fresh in-memory SQLite store (SPEC §11: `sqlite::memory:` in tests), opened on first use.
import { openStore } from '../../src/store/open.js';
import { storeService, type StoreService } from '../../src/store/service.js';

export function memoryStore(): StoreService {
  return storeService(() => openStore('sqlite::memory:'));
}
