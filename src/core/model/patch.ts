import type { z } from 'zod';

/**
 * Checks each field of an update against its model schema before a store writes it: an invalid
 * value, once written, would make every later read of the record fail. Only the patch's own
 * values are checked (no defaults added). Throws a ZodError. Both stores call it (same rules).
 */
export function assertValidPatch(shape: Record<string, z.ZodType>, patch: object): void {
  for (const [k, v] of Object.entries(patch)) {
    const field = Object.hasOwn(shape, k) ? shape[k] : undefined;
    if (field && v !== undefined) field.parse(v);
  }
}
