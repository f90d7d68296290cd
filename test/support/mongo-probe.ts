/** Finds a MongoDB: MONGODB_URI, else an embedded replica set from mongodb-memory-server. */
export type MongoProbe = { uri: string; stop?: () => Promise<void> } | { skip: string };

export async function startMongo(): Promise<MongoProbe> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI };
  // Offline machines fail the binary download; one try is enough to know.
  process.env.MONGOMS_MAX_RETRIES ??= '0';
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  // The library prints its download failure at length; keep the test output to one line.
  const saved = { error: console.error, warn: console.warn };
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    // A replica set, so transactions work where the adapter uses them.
    const rs = await MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } });
    return { uri: rs.getUri(), stop: () => rs.stop().then(() => undefined) };
  } catch (err) {
    const msg = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    return { skip: `no MONGODB_URI and mongodb-memory-server could not start a mongod here (${msg?.slice(0, 160)})` };
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
  }
}
