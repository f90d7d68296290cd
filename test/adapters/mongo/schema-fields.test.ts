/**
 * Runs without a MongoDB server: every field of every domain model has a path in its mongoose
 * schema. Mongoose is `strict`: a field the schema lacks is dropped from create() and from
 * $set/$inc without an error, so a field added to a model but not to its schema would be lost
 * silently (a new campaign counter would never count, issue 5).
 */
import { describe, expect, it } from 'vitest';
import type { Schema } from 'mongoose';
import type { z } from 'zod';
import { AuditEvent, Campaign, CampaignCounters, Claim, Contact, Conversation, Member, Message, OptOut, Org } from '../../../src/core/model/index.js';
import { memberSchema, orgSchema } from '../../../src/adapters/mongo/schemas/org.js';
import { campaignSchema } from '../../../src/adapters/mongo/schemas/campaign.js';
import { claimSchema, contactSchema } from '../../../src/adapters/mongo/schemas/contact.js';
import { conversationSchema } from '../../../src/adapters/mongo/schemas/conversation.js';
import { messageSchema } from '../../../src/adapters/mongo/schemas/message.js';
import { auditSchema, optOutSchema } from '../../../src/adapters/mongo/schemas/opt-out.js';

const PAIRS: [string, z.ZodObject, Schema][] = [
  ['Org', Org, orgSchema],
  ['Member', Member, memberSchema],
  ['Campaign', Campaign, campaignSchema],
  ['Contact', Contact, contactSchema],
  ['Claim', Claim, claimSchema],
  ['Conversation', Conversation, conversationSchema],
  ['Message', Message, messageSchema],
  ['OptOut', OptOut, optOutSchema],
  ['AuditEvent', AuditEvent, auditSchema],
];

describe('mongo schemas hold every model field', () => {
  it.each(PAIRS)('%s', (_name, model, schema) => {
    // `id` is the document's _id.
    const missing = Object.keys(model.shape).filter((k) => k !== 'id' && schema.path(k) === undefined && schema.pathType(k) !== 'nested');
    expect(missing).toEqual([]);
  });

  it('every campaign counter is a counters path starting at 0 ($inc on a missing path is dropped)', () => {
    const counters = campaignSchema.path('counters') as unknown as { schema: Schema };
    for (const name of Object.keys(CampaignCounters.shape)) {
      const path = counters.schema.path(name) as unknown as { instance: string; defaultValue: unknown } | undefined;
      expect(path, `counters.${name}`).toBeDefined();
      expect(path?.instance).toBe('Number');
      expect(path?.defaultValue).toBe(0);
    }
  });
});
