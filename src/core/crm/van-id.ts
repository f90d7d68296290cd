/**
 * The VAN ID an import carried in a custom column. Voter files name it many ways (VanID, VANID,
 * van_id, "Van ID", vanid...): the header is compared without case, spaces, underscores or dashes.
 */
const VAN_ID_HEADER = 'vanid';
/** VAN and EveryAction person ids are numbers. */
const VAN_ID = /^\d{1,12}$/;

export const headerKey = (header: string): string => header.toLowerCase().replace(/[\s_-]+/g, '');

export type VanIdLookup = { found: true; vanId: string } | { found: false; reason: 'no_van_id' | 'invalid_van_id' };

export function vanIdOf(customFields: Readonly<Record<string, string>>): VanIdLookup {
  let invalid = false;
  for (const [header, raw] of Object.entries(customFields)) {
    if (headerKey(header) !== VAN_ID_HEADER) continue;
    const value = raw.trim();
    if (VAN_ID.test(value)) return { found: true, vanId: value };
    if (value !== '') invalid = true;
  }
  return { found: false, reason: invalid ? 'invalid_van_id' : 'no_van_id' };
}
