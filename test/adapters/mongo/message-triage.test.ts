/**
 * Runs without a MongoDB server: an inbound message's triage survives the mongoose schema
 * (strict mode drops unknown paths silently) and comes back through messageToDomain, the same
 * path store.messages.create and .get take.
 */
import { describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import { messageSchema } from '../../../src/adapters/mongo/schemas/message.js';
import { messageToDomain } from '../../../src/adapters/mongo/to-domain.js';
import type { MessageTriage } from '../../../src/core/triage/index.js';

describe('mongo message triage', () => {
  it('keeps every triage field (intent, confidence, rule, source, draft) from create to domain', () => {
    const conn = mongoose.createConnection();
    const Messages = conn.model('MessageTriageProbe', messageSchema);
    const triage: MessageTriage = { intent: 'question', confidence: 0.82, rule: 'en.question.wh', source: 'assistant', draft: 'Polls open at 7am.' };
    const now = new Date('2026-11-17T15:00:00Z');
    const doc = new Messages({
      _id: new Types.ObjectId(), orgId: 'org1', conversationId: 'c1', direction: 'inbound', kind: 'inbound', voterPhone: '+12125550100',
      body: 'when do polls open?', segments: 1, encoding: 'GSM-7', status: 'received', history: [{ status: 'received', at: now }], attempts: 0,
      createdAt: now, updatedAt: now, triage,
    });
    expect(doc.validateSync()).toBeUndefined();
    const back = messageToDomain(doc.toObject());
    expect(back.triage).toEqual(triage);
    const without = messageToDomain(new Messages({ ...doc.toObject(), _id: new Types.ObjectId(), triage: undefined }).toObject());
    expect(without.triage).toBeUndefined();
  });
});
