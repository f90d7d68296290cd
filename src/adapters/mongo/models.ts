/** The models of one connection (never the global mongoose: each store owns its connection). */
import type { Connection } from 'mongoose';
import { memberSchema, orgSchema } from './schemas/org.js';
import { campaignSchema } from './schemas/campaign.js';
import { claimSchema, contactSchema } from './schemas/contact.js';
import { conversationSchema } from './schemas/conversation.js';
import { earlyStatusSchema, messageSchema } from './schemas/message.js';
import { auditSchema, optOutSchema } from './schemas/opt-out.js';
import { tallySchema } from './schemas/tally.js';
import { unroutedInboundSchema } from './schemas/unrouted-inbound.js';
import { reviewSchema } from './schemas/review.js';
import { webhookDeliverySchema, webhookLaneSchema, webhookSchema } from './schemas/webhook.js';
import { crmConnectionSchema, crmContactStateSchema, crmRunSchema } from './schemas/crm.js';
import { trackedLinkSchema } from './schemas/link.js';
import { deliverabilityWindowSchema } from './schemas/deliverability.js';
import { lookupSchema } from './schemas/lookup.js';
import { mediaSchema } from './schemas/media.js';

export function createModels(conn: Connection) {
  return {
    Org: conn.model('Org', orgSchema),
    Member: conn.model('Member', memberSchema),
    Campaign: conn.model('Campaign', campaignSchema),
    Contact: conn.model('Contact', contactSchema),
    Claim: conn.model('Claim', claimSchema),
    Conversation: conn.model('Conversation', conversationSchema),
    Message: conn.model('Message', messageSchema),
    EarlyStatus: conn.model('EarlyStatus', earlyStatusSchema),
    OptOut: conn.model('OptOut', optOutSchema),
    Audit: conn.model('Audit', auditSchema),
    Tally: conn.model('Tally', tallySchema),
    UnroutedInbound: conn.model('UnroutedInbound', unroutedInboundSchema),
    Review: conn.model('Review', reviewSchema),
    Webhook: conn.model('Webhook', webhookSchema),
    WebhookDelivery: conn.model('WebhookDelivery', webhookDeliverySchema),
    WebhookLane: conn.model('WebhookLane', webhookLaneSchema),
    CrmConnection: conn.model('CrmConnection', crmConnectionSchema),
    CrmContactState: conn.model('CrmContactState', crmContactStateSchema),
    CrmRun: conn.model('CrmRun', crmRunSchema),
    TrackedLink: conn.model('TrackedLink', trackedLinkSchema),
    DeliverabilityWindow: conn.model('DeliverabilityWindow', deliverabilityWindowSchema),
    NumberLookup: conn.model('NumberLookup', lookupSchema),
    Media: conn.model('Media', mediaSchema),
  };
}
export type Models = ReturnType<typeof createModels>;
