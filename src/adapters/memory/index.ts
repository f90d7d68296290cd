/**
 * The in-memory Store (DESIGN: Persistence). For tests and the sandbox only: it forgets
 * everything on exit, so it must never back a real SMS provider (losing an opt-out is a legal
 * failure). It keeps the same atomicity and uniqueness rules as the Mongo store: every method
 * does its reads and writes in one synchronous step, so concurrent calls cannot interleave.
 */
import type { Clock, Store } from '../../core/ports.js';
import { AppError } from '../../core/errors.js';
import { createIdMinter } from './ids.js';
import type { MemoryContext } from './support.js';
import { createMemoryMembers, createMemoryOrgs } from './org-repository.js';
import { createMemoryCampaigns } from './campaign-repository.js';
import { createMemoryContacts } from './contact-repository.js';
import { createMemoryClaims } from './claim-repository.js';
import { createMemoryConversations } from './conversation-repository.js';
import { createMemoryMessages } from './message-repository.js';
import { createMemoryEarlyStatuses } from './early-status-repository.js';
import { createMemoryOptOuts } from './opt-out-repository.js';
import { createMemoryAudit } from './audit-repository.js';
import { createMemoryTallies } from './tally-repository.js';
import { createMemoryWebhooks } from './webhook-repository.js';
import { createMemoryUnroutedInbound } from './unrouted-inbound-repository.js';
import { createMemoryReviews } from './review-repository.js';
import { createMemoryCrm } from './crm-repository.js';
import { createMemoryLinks } from './link-repository.js';
import { createMemoryDeliverability } from './deliverability-repository.js';
import { createMemoryLookups } from './lookup-repository.js';
import { createMemoryMedia } from './media-repository.js';

export interface MemoryStoreOptions {
  /** Stamps createdAt/updatedAt where the port passes no time (default: the system clock). */
  clock?: Clock;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const ctx: MemoryContext = { clock, newId: createIdMinter(clock.now()) };
  const campaigns = createMemoryCampaigns(ctx);
  const optOuts = createMemoryOptOuts(ctx);
  let closed = false;
  return {
    kind: 'memory',
    orgs: createMemoryOrgs(ctx),
    members: createMemoryMembers(ctx),
    campaigns,
    contacts: createMemoryContacts(ctx, (campaignId) => campaigns.orgOf(campaignId), (orgId) => optOuts.phonesOf(orgId)),
    claims: createMemoryClaims(ctx),
    conversations: createMemoryConversations(ctx),
    messages: createMemoryMessages(ctx),
    earlyStatuses: createMemoryEarlyStatuses(),
    optOuts,
    audit: createMemoryAudit(ctx),
    unroutedInbound: createMemoryUnroutedInbound(ctx),
    tallies: createMemoryTallies(),
    reviews: createMemoryReviews(ctx),
    crm: createMemoryCrm(ctx),
    lookups: createMemoryLookups(),
    webhooks: createMemoryWebhooks(ctx),
    links: createMemoryLinks(ctx),
    deliverability: createMemoryDeliverability(),
    media: createMemoryMedia(ctx),
    async ping() {
      if (closed) throw new AppError('STORE_CLOSED', 'the in-memory store is closed');
    },
    async close() {
      closed = true;
    },
  };
}
