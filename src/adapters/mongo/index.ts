/**
 * The MongoDB Store (DESIGN: Persistence), the store of record. Each store owns its own
 * mongoose connection (never the global mongoose), builds its indexes before it serves, and
 * keeps every atomic rule of the port in single-document conditional writes (no transactions,
 * so no replica set is required).
 */
import { createConnection } from 'mongoose';
import type { Connection } from 'mongoose';
import type { Clock, Store } from '../../core/ports.js';
import { createModels } from './models.js';
import type { Models } from './models.js';
import type { MongoContext } from './support.js';
import { createMongoMembers, createMongoOrgs, prepareOrgSenderIndexes } from './org-repository.js';
import { createMongoCampaigns } from './campaign-repository.js';
import { createMongoContacts } from './contact-repository.js';
import { createMongoClaims } from './claim-repository.js';
import { createMongoConversations } from './conversation-repository.js';
import { createMongoMessages } from './message-repository.js';
import { createMongoEarlyStatuses } from './early-status-repository.js';
import { createMongoOptOuts } from './opt-out-repository.js';
import { createMongoAudit } from './audit-repository.js';
import { createMongoTallies } from './tally-repository.js';
import { createMongoUnroutedInbound } from './unrouted-inbound-repository.js';
import { createMongoReviews } from './review-repository.js';
import { createMongoWebhooks } from './webhook-repository.js';
import { createMongoCrm } from './crm-repository.js';
import { createMongoLinks } from './link-repository.js';
import { createMongoDeliverability } from './deliverability-repository.js';
import { createMongoLookups } from './lookup-repository.js';
import { createMongoMedia } from './media-repository.js';

export interface MongoStoreOptions {
  uri: string;
  /** Overrides the database named in the URI. */
  dbName?: string;
  /** Build the schema indexes at start (default true). Turn off only where ops manage indexes. */
  autoIndex?: boolean;
  /** Stamps createdAt/updatedAt where the port passes no time (default: the system clock). */
  clock?: Clock;
  /** How long to wait for a server before failing (default 10 s). */
  serverSelectionTimeoutMS?: number;
}

export interface MongoStore extends Store {
  readonly kind: 'mongo';
  /** The store's own connection (tests drop their database through it). */
  readonly connection: Connection;
}

export async function createMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const connection = createConnection(options.uri, {
    ...(options.dbName !== undefined ? { dbName: options.dbName } : {}),
    // Indexes are built below, awaited, before the store serves: uniqueness must hold from the first write.
    autoIndex: false,
    autoCreate: false,
    // Never store `undefined` as null (a null providerId would enter the partial unique index).
    ignoreUndefined: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
  });
  try {
    await connection.asPromise();
    const models = createModels(connection);
    if (options.autoIndex !== false) await createIndexes(models, options.clock);
    return assemble(connection, { models, clock: options.clock ?? { now: () => new Date() } });
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

/** Creates every schema index (never drops one: an index removed from a schema is left for ops). */
export async function createIndexes(models: Models, clock: Clock = { now: () => new Date() }): Promise<void> {
  // The unique sender indexes replace earlier non-unique ones and need shared senders released first.
  await prepareOrgSenderIndexes(models, clock);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
}

function assemble(connection: Connection, ctx: MongoContext): MongoStore {
  return {
    kind: 'mongo',
    connection,
    orgs: createMongoOrgs(ctx),
    members: createMongoMembers(ctx),
    campaigns: createMongoCampaigns(ctx),
    contacts: createMongoContacts(ctx),
    claims: createMongoClaims(ctx),
    conversations: createMongoConversations(ctx),
    messages: createMongoMessages(ctx),
    earlyStatuses: createMongoEarlyStatuses(ctx),
    optOuts: createMongoOptOuts(ctx),
    audit: createMongoAudit(ctx),
    unroutedInbound: createMongoUnroutedInbound(ctx),
    tallies: createMongoTallies(ctx),
    reviews: createMongoReviews(ctx),
    webhooks: createMongoWebhooks(ctx),
    links: createMongoLinks(ctx),
    crm: createMongoCrm(ctx),
    deliverability: createMongoDeliverability(ctx),
    lookups: createMongoLookups(ctx),
    media: createMongoMedia(ctx),
    async ping() {
      const db = connection.db;
      if (!db) throw new Error('MongoDB connection is not open');
      await db.admin().command({ ping: 1 });
    },
    async close() {
      await connection.close();
    },
  };
}
