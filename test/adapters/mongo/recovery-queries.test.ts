/**
 * Runs without a MongoDB server (capture.ts): the commands behind one first text per contact,
 * the lost-callback reconcile and claims stored after their contacts, as MongoDB would get them,
 * and the indexes that serve them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Types, mongo } from 'mongoose';
import { captureModels, FakeCursor } from './capture.js';
import type { Capture } from './capture.js';
import { CONTACT_INITIAL, createMongoMessages } from '../../../src/adapters/mongo/message-repository.js';
import { createMongoClaims } from '../../../src/adapters/mongo/claim-repository.js';
import { messageSchema } from '../../../src/adapters/mongo/schemas/message.js';
import { DuplicateError, NotFoundError } from '../../../src/core/errors.js';
import type { NewMessage } from '../../../src/core/model/message.js';

const ORG = 'org-1';
const T0 = new Date('2030-03-04T15:00:00.000Z');
let cap: Capture;
beforeEach(() => {
  cap = captureModels();
});
afterEach(async () => {
  await cap.close();
});

const duplicateKey = () => new mongo.MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
const initial = (extra: Partial<NewMessage> = {}): NewMessage => ({
  orgId: ORG, campaignId: 'camp-1', contactId: 'contact-1', direction: 'outbound', kind: 'initial', voterPhone: '+12025550001', body: 'Hi', status: 'queued', ...extra,
});
const stored = (extra: Record<string, unknown> = {}) => ({
  _id: new Types.ObjectId(), orgId: ORG, campaignId: 'camp-1', contactId: 'contact-1', direction: 'outbound', kind: 'initial', voterPhone: '+12025550001',
  body: 'Hi', segments: 1, encoding: 'GSM-7', status: 'queued', history: [{ status: 'queued', at: T0 }], attempts: 0, createdAt: T0, updatedAt: T0, ...extra,
});

describe('one first text per contact', () => {
  it('the schema declares a unique (orgId, contactId) index limited to outbound initial texts', () => {
    const found = messageSchema.indexes().find(([, o]) => o.name === 'orgId_contactId_initial_unique');
    expect(found?.[0]).toEqual({ orgId: 1, contactId: 1 });
    expect(found?.[1]).toMatchObject({ unique: true, partialFilterExpression: { ...CONTACT_INITIAL, contactId: { $exists: true } } });
  });

  it('findInitial asks with the partial filter, so that index serves it', async () => {
    const doc = stored();
    cap.answer('messages', 'findOne', async () => doc);
    expect(await createMongoMessages(cap.ctx).findInitial(ORG, 'contact-1')).toMatchObject({ id: doc._id.toHexString(), contactId: 'contact-1' });
    expect(cap.of('messages', 'findOne')[0]?.args[0]).toEqual({ orgId: ORG, contactId: 'contact-1', kind: 'initial', direction: 'outbound' });
  });

  it('a create refused by that index returns the stored text as a contactInitial duplicate', async () => {
    const doc = stored({ interactionId: 'I-1' });
    cap.answer('messages', 'insertOne', async () => {
      throw duplicateKey();
    });
    cap.answer('messages', 'findOne', async (filter) => ((filter as { interactionId?: string }).interactionId === 'I-2' ? null : doc));
    const r = await createMongoMessages(cap.ctx).create(ORG, initial({ interactionId: 'I-2' }));
    expect(r).toMatchObject({ created: false, duplicate: 'contactInitial', message: { id: doc._id.toHexString(), interactionId: 'I-1' } });
    const lookups = cap.of('messages', 'findOne').map((c) => c.args[0]);
    expect(lookups).toEqual([{ orgId: ORG, interactionId: 'I-2' }, { orgId: ORG, contactId: 'contact-1', kind: 'initial', direction: 'outbound' }]);
  });
});

describe('lost status callbacks', () => {
  it('listStaleWithProvider: sending/sent with a provider id, oldest first, bounded, on the (status, updatedAt) index', async () => {
    cap.answer('messages', 'find', () => new FakeCursor([stored({ status: 'sent', providerId: 'SM1' })]));
    const before = new Date('2030-03-04T14:45:00.000Z');
    const after = new Date('2030-03-01T15:00:00.000Z');
    const got = await createMongoMessages(cap.ctx).listStaleWithProvider(before, 100, after);
    expect(got.map((m) => m.providerId)).toEqual(['SM1']);
    const [call] = cap.of('messages', 'find');
    expect(call?.args[0]).toEqual({ status: { $in: ['sending', 'sent'] }, updatedAt: { $lt: before }, providerId: { $exists: true }, direction: 'outbound', createdAt: { $gt: after } });
    expect(call?.args[1]).toMatchObject({ sort: { updatedAt: 1, _id: 1 }, limit: 100 });
    expect(messageSchema.indexes().some(([keys]) => JSON.stringify(keys) === JSON.stringify({ status: 1, updatedAt: 1 }))).toBe(true);
    expect(await createMongoMessages(cap.ctx).listStaleWithProvider(before, 0)).toEqual([]);
    expect(cap.of('messages', 'find')).toHaveLength(1);
  });

  it('markChecked only moves updatedAt forward ($max) and names a missing message', async () => {
    const id = new Types.ObjectId();
    cap.answer('messages', 'updateOne', async () => ({ acknowledged: true, matchedCount: 1, modifiedCount: 1 }));
    await createMongoMessages(cap.ctx).markChecked(ORG, id.toHexString(), T0);
    const [call] = cap.of('messages', 'updateOne');
    expect(call?.args[0]).toEqual({ _id: id, orgId: ORG });
    expect(call?.args[1]).toEqual({ $max: { updatedAt: T0 } });
    cap.answer('messages', 'updateOne', async () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0 }));
    await expect(createMongoMessages(cap.ctx).markChecked(ORG, id.toHexString(), T0)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('claims stored after their contacts', () => {
  it('newId is an ObjectId that create stores the record under, with its size; a taken id is a DuplicateError', async () => {
    const claims = createMongoClaims(cap.ctx);
    const id = claims.newId();
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(claims.newId()).not.toBe(id);
    const claim = await claims.create(ORG, { id, campaignId: 'camp-1', volunteerId: 'vol-1', now: T0, size: 12 });
    expect(claim).toMatchObject({ id, size: 12, status: 'active', createdAt: T0 });
    const [insert] = cap.of('claims', 'insertOne');
    expect((insert?.args[0] as { _id: Types.ObjectId; size: number })._id.toHexString()).toBe(id);
    expect((insert?.args[0] as { size: number }).size).toBe(12);
    cap.answer('claims', 'insertOne', async () => {
      throw duplicateKey();
    });
    await expect(claims.create(ORG, { id, campaignId: 'camp-1', volunteerId: 'vol-1', now: T0, size: 1 })).rejects.toBeInstanceOf(DuplicateError);
  });
});
