/**
 * Ids for the in-memory store: 24 hex characters shaped like a Mongo ObjectId
 * (8 hex of seconds at store creation + 16 hex of a per-store counter), so they sort in
 * creation order and look like the ids the Mongo store hands out.
 */
export type IdMinter = () => string;

export function createIdMinter(createdAt: Date): IdMinter {
  const seconds = Math.max(0, Math.floor(createdAt.getTime() / 1000)) % 0x1_0000_0000;
  const prefix = seconds.toString(16).padStart(8, '0');
  let counter = 0;
  return () => {
    counter += 1;
    return prefix + counter.toString(16).padStart(16, '0');
  };
}
