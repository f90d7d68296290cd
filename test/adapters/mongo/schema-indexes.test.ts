/**
 * Runs without a MongoDB server: the schemas declare the indexes the design relies on
 * (DESIGN: Persistence), with the right key order, uniqueness and partial filters.
 */
import { describe, expect, it } from 'vitest';
import type { Schema } from 'mongoose';
import { memberSchema, orgSchema } from '../../../src/adapters/mongo/schemas/org.js';
import { campaignSchema } from '../../../src/adapters/mongo/schemas/campaign.js';
import { claimSchema, contactSchema } from '../../../src/adapters/mongo/schemas/contact.js';
import { conversationSchema } from '../../../src/adapters/mongo/schemas/conversation.js';
import { earlyStatusSchema, messageSchema } from '../../../src/adapters/mongo/schemas/message.js';
import { auditSchema, optOutSchema } from '../../../src/adapters/mongo/schemas/opt-out.js';
import { unroutedInboundSchema } from '../../../src/adapters/mongo/schemas/unrouted-inbound.js';

type Expected = { keys: [string, 1 | -1][]; unique?: boolean; partial?: Record<string, unknown>; ttl?: number };

/** The declared index whose keys start with exactly `keys` (in order), or undefined. */
function findIndex(schema: Schema, keys: [string, 1 | -1][]) {
  return schema.indexes().find(([fields]) => {
    const entries = Object.entries(fields);
    return keys.every(([k, dir], i) => entries[i]?.[0] === k && entries[i]?.[1] === dir);
  });
}

function expectIndex(schema: Schema, e: Expected): void {
  const found = findIndex(schema, e.keys);
  expect(found, `index on ${e.keys.map(([k]) => k).join(', ')}`).toBeDefined();
  const options = found?.[1] ?? {};
  expect(Boolean(options.unique), `unique ${e.keys.map(([k]) => k).join(', ')}`).toBe(Boolean(e.unique));
  if (e.unique) expect(Object.keys(found?.[0] ?? {})).toEqual(e.keys.map(([k]) => k)); // unique on exactly these keys
  if (e.partial) expect(options.partialFilterExpression).toEqual(e.partial);
  if (e.ttl !== undefined) expect(options.expireAfterSeconds).toBe(e.ttl);
}

describe('mongo schema indexes', () => {
  it('opt-outs: unique (orgId, phone) — org-wide suppression (R1.2, R1.5)', () => {
    expectIndex(optOutSchema, { keys: [['orgId', 1], ['phone', 1]], unique: true });
    expectIndex(optOutSchema, { keys: [['orgId', 1], ['_id', 1]] });
  });

  it('contacts: unique (campaignId, phone), (campaignId, status), (campaignId, claimId), the claim index and org-wide phone', () => {
    expectIndex(contactSchema, { keys: [['campaignId', 1], ['phone', 1]], unique: true });
    expectIndex(contactSchema, { keys: [['campaignId', 1], ['status', 1]] });
    expectIndex(contactSchema, { keys: [['campaignId', 1], ['claimId', 1]], partial: { claimId: { $exists: true } } });
    expectIndex(contactSchema, { keys: [['orgId', 1], ['campaignId', 1], ['status', 1], ['windowKey', 1], ['_id', 1]] });
    expectIndex(contactSchema, { keys: [['orgId', 1], ['claimId', 1], ['status', 1], ['_id', 1]], partial: { claimId: { $exists: true } } });
    expectIndex(contactSchema, { keys: [['orgId', 1], ['phone', 1], ['status', 1]] });
  });

  it('conversations: inbound routing by (orgId, voterPhone, lastMessageAt), thread routing, one per contact', () => {
    expectIndex(conversationSchema, { keys: [['orgId', 1], ['voterPhone', 1], ['lastMessageAt', -1]] });
    expectIndex(conversationSchema, { keys: [['threads.platform', 1], ['threads.channelId', 1], ['threads.threadId', 1]] });
    expectIndex(conversationSchema, { keys: [['orgId', 1], ['contactId', 1]], unique: true });
    expectIndex(conversationSchema, { keys: [['orgId', 1], ['volunteerId', 1], ['lastMessageAt', -1]] });
  });

  it('messages: unique providerId and (orgId, interactionId) when present, sweeper, caps, history, export', () => {
    expectIndex(messageSchema, { keys: [['providerId', 1]], unique: true, partial: { providerId: { $exists: true } } });
    expectIndex(messageSchema, { keys: [['orgId', 1], ['interactionId', 1]], unique: true, partial: { interactionId: { $exists: true } } });
    expectIndex(messageSchema, { keys: [['status', 1], ['updatedAt', 1]] });
    expectIndex(messageSchema, { keys: [['orgId', 1], ['voterPhone', 1], ['kind', 1], ['createdAt', 1]] });
    expectIndex(messageSchema, { keys: [['orgId', 1], ['conversationId', 1], ['createdAt', 1]] });
    expectIndex(messageSchema, { keys: [['orgId', 1], ['campaignId', 1], ['createdAt', 1]] });
  });

  it('early statuses: by provider id in time order, expiring', () => {
    expectIndex(earlyStatusSchema, { keys: [['providerId', 1], ['at', 1]] });
    expectIndex(earlyStatusSchema, { keys: [['createdAt', 1]], ttl: 7 * 24 * 60 * 60 });
  });

  it('orgs, members, campaigns, claims and audit', () => {
    expectIndex(orgSchema, { keys: [['platform', 1], ['externalId', 1]], unique: true });
    // A sender belongs to one org (inbound routing never crosses orgs); orgs with no sender never collide.
    expectIndex(orgSchema, { keys: [['sms.numbers', 1]], unique: true, partial: { 'sms.numbers': { $type: 'string' } } });
    expectIndex(orgSchema, { keys: [['sms.messagingServiceSid', 1]], unique: true, partial: { 'sms.messagingServiceSid': { $type: 'string' } } });
    expectIndex(unroutedInboundSchema, { keys: [['providerId', 1]], unique: true });
    expectIndex(memberSchema, { keys: [['orgId', 1], ['platformUserId', 1]], unique: true });
    expectIndex(campaignSchema, { keys: [['orgId', 1], ['slug', 1]], unique: true });
    expectIndex(claimSchema, { keys: [['orgId', 1], ['campaignId', 1], ['status', 1], ['volunteerId', 1]] });
    expectIndex(auditSchema, { keys: [['orgId', 1], ['at', -1]] });
    expectIndex(auditSchema, { keys: [['orgId', 1], ['subject.id', 1]] });
  });

  it('gives every index a name, and no two indexes of a collection the same name', () => {
    for (const schema of [orgSchema, memberSchema, campaignSchema, contactSchema, claimSchema, conversationSchema, messageSchema, earlyStatusSchema, optOutSchema, auditSchema]) {
      const names = schema.indexes().map(([, o]) => o.name);
      expect(names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
