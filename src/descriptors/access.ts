// Function grants on descriptors (SPEC §7): the rule is registry/access.ts's `refusal`; this applies it to a
// descriptor's read/write/admin function, for the store's `authorize` hook (run inside its transaction).
import { refusal, type Access, type Caller } from '../registry/access.js';
import type { Descriptor } from './model.js';

/** Which of a descriptor's functions an operation needs granted. */
export type DescriptorGrant = 'readFunction' | 'writeFunction' | 'adminFunction';

/** A refusal: 403, naming the missing scope or function (never the key). */
export class DescriptorAccessError extends Error {
  readonly code = 'FORBIDDEN' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DescriptorAccessError';
  }
}

export function refuseUnless(caller: Caller, needs: { access: Access; functions?: readonly string[] }): void {
  const refused = refusal(caller, needs);
  if (refused !== undefined) throw new DescriptorAccessError(refused);
}

/** The store hook (AccessCheck) refusing a caller who lacks the descriptor's `grant` or the `access` scope. */
export function descriptorCheck(caller: Caller, access: Access, grant: DescriptorGrant): { authorize(d: Descriptor): void } {
  return { authorize: (d) => refuseUnless(caller, { access, functions: [d[grant]] }) };
}

/** Search options listing only descriptors whose readFunction the caller holds (all for the local operator). */
export function readableBy(caller: Caller): { readFunctions?: string[] } {
  return { readFunctions: caller.functions === 'all' ? undefined : [...caller.functions] };
}
