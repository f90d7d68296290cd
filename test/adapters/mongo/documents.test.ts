/**
 * Runs without a MongoDB server: the documents the Mongo store writes pass its schemas, map
 * back to exactly the domain entity (strict zod parse), and the error helpers read driver
 * errors right. Also: an unreachable server fails createMongoStore fast instead of hanging.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Types, createConnection, mongo } from 'mongoose';
import type { z } from 'zod';
import { AuditEvent, Claim, Contact, Conversation, Member, Message, OptOut } from '../../../src/core/model/index.js';
import { createModels } from '../../../src/adapters/mongo/models.js';
import { createMongoStore } from '../../../src/adapters/mongo/index.js';
import { auditToDomain, claimToDomain, contactToDomain, conversationToDomain, memberToDomain, messageToDomain, optOutToDomain } from '../../../src/adapters/mongo/to-domain.js';
import { definedOnly, duplicateIndexes, isDuplicateKeyError, toObjectId } from '../../../src/adapters/mongo/support.js';

const conn = createConnection(); // never opened: models only
const models = createModels(conn);
afterAll(() => conn.close());

const T0 = new Date('2030-03-04T15:00:00.000Z');
const T1 = new Date('2030-03-04T15:05:00.000Z');

/** A document as the store writes it, validated by the model and read back as a lean object. */
async function roundTrip<T extends object>(model: { new (doc: object): { validate(): Promise<void>; toObject(): unknown } }, record: T) {
  const _id = new Types.ObjectId();
  const doc = new model({ _id, ...definedOnly(record) });
  await doc.validate();
  return { id: _id.toHexString(), lean: doc.toObject() };
}

/**
 * The fixtures below set every field their model has: a field the schema or the mapper forgets
 * is then lost on the way through, and toEqual says which. This guard keeps a field added to a
 * model later from slipping past with the fixture left as it was.
 */
function expectEveryField(model: z.ZodObject, record: object): void {
  const unset = Object.keys(model.shape).filter((k) => k !== 'id' && (record as Record<string, unknown>)[k] === undefined);
  expect(unset, 'model fields the fixture leaves unset').toEqual([]);
}

describe('mongo documents <-> domain', () => {
  it('contact (every optional field set)', async () => {
    const record = Contact.omit({ id: true }).parse({
      orgId: 'org-1', campaignId: 'camp-1', phone: '+12025550143', firstName: 'Ana', lastName: 'Diaz', zip: '20001', state: 'DC',
      timezones: ['America/New_York'], windowKey: 'ET', language: 'es', customFields: { precinct: '12' }, status: 'messaged',
      claimId: 'claim-1', volunteerId: 'vol-1', surveyAnswers: { support: 'yes' }, tags: ['vip'], outcome: 'moved', lastMessageAt: T1, variant: 'b',
      linkClickedAt: T1, linkClicks: 3, lineType: 'mobile', followUpOf: { campaignId: 'camp-0', contactId: 'ct-0', conversationId: 'cv-0', volunteerId: 'vol-0' },
      messagedAt: T0, repliedAt: T1, replyIntent: 'yes', initialStatus: 'delivered', initialErrorCode: '30003', importLine: 7, createdAt: T0, updatedAt: T1,
    });
    expectEveryField(Contact, record);
    const { id, lean } = await roundTrip(models.Contact, record);
    const out = contactToDomain(lean as Parameters<typeof contactToDomain>[0]);
    expect(Contact.strict().parse(out)).toEqual({ id, ...record });
  });

  it('contact with only the required fields keeps the optional ones absent', async () => {
    const record = Contact.omit({ id: true }).parse({ orgId: 'o', campaignId: 'c', phone: '+12025550143', status: 'pending', createdAt: T0, updatedAt: T0 });
    const { id, lean } = await roundTrip(models.Contact, record);
    const out = contactToDomain(lean as Parameters<typeof contactToDomain>[0]);
    expect(out).toEqual({ id, ...record });
    expect(Object.entries(out).filter(([, v]) => v === null)).toEqual([]);
  });

  it('message (every optional field set: history, error code, MMS media, triage)', async () => {
    const record = Message.omit({ id: true }).parse({
      orgId: 'o', campaignId: 'c', contactId: 'ct', conversationId: 'cv', direction: 'outbound', kind: 'initial', voterPhone: '+12025550143',
      orgNumber: '+12025550100', body: 'Hi', segments: 1, encoding: 'GSM-7', status: 'failed', providerId: 'SM1', errorCode: '30007',
      history: [{ status: 'queued', at: T0 }, { status: 'failed', at: T1, errorCode: '30007' }], sentBy: 'vol-1', pressedAt: T0,
      interactionId: 'I-1', validityPeriod: 600, attempts: 1, variant: 'a', media: [{ contentType: 'image/png', url: 'https://media.example.org/m/abc.png' }],
      triage: { intent: 'question', confidence: 0.5, rule: 'en.question.wh', source: 'rules', draft: 'Polls open at 7am.' }, createdAt: T0, updatedAt: T1,
    });
    expectEveryField(Message, record);
    const { id, lean } = await roundTrip(models.Message, record);
    expect(Message.strict().parse(messageToDomain(lean as Parameters<typeof messageToDomain>[0]))).toEqual({ id, ...record });
  });

  it('conversation, claim, member, opt-out, audit (every optional field set)', async () => {
    const conv = Conversation.omit({ id: true }).parse({
      orgId: 'o', campaignId: 'c', contactId: 'ct', volunteerId: 'v', voterPhone: '+12025550143', orgNumber: 'MG1',
      threads: [{ platform: 'slack', channelId: 'C1', threadId: 'T1', messageId: 'M1' }], lastMessageAt: T1, lastDirection: 'inbound',
      pendingOptOutReview: true, awaitingSince: T0, pooledAt: T1, closedAt: T1, closedReason: 'done', createdAt: T0,
    });
    expectEveryField(Conversation, conv);
    const c = await roundTrip(models.Conversation, conv);
    expect(Conversation.strict().parse(conversationToDomain(c.lean as Parameters<typeof conversationToDomain>[0]))).toEqual({ id: c.id, ...conv });

    const claim = Claim.omit({ id: true }).parse({ orgId: 'o', campaignId: 'c', volunteerId: 'v', status: 'released', size: 3, createdAt: T0, lastActivityAt: T1, endedAt: T1 });
    expectEveryField(Claim, claim);
    const cl = await roundTrip(models.Claim, claim);
    expect(Claim.strict().parse(claimToDomain(cl.lean as Parameters<typeof claimToDomain>[0]))).toEqual({ id: cl.id, ...claim });

    const member = Member.omit({ id: true }).parse({ orgId: 'o', platformUserId: 'U1', displayName: 'Ana', role: 'organizer', locale: 'es', createdAt: T0 });
    expectEveryField(Member, member);
    const m = await roundTrip(models.Member, member);
    expect(Member.strict().parse(memberToDomain(m.lean as Parameters<typeof memberToDomain>[0]))).toEqual({ id: m.id, ...member });

    const optOut = OptOut.omit({ id: true }).parse({ orgId: 'o', phone: '+12025550143', source: 'phrase', rule: 'phrase:remove_me', messageId: 'm', by: 'U1', at: T0, confirmationAt: T1 });
    expectEveryField(OptOut, optOut);
    const oo = await roundTrip(models.OptOut, optOut);
    expect(OptOut.strict().parse(optOutToDomain(oo.lean as Parameters<typeof optOutToDomain>[0]))).toEqual({ id: oo.id, ...optOut });

    const audit = AuditEvent.omit({ id: true }).parse({ orgId: 'o', at: T0, actor: { type: 'member', id: 'U1', name: 'Ana' }, action: 'message.pressed', subject: { type: 'message', id: 'm' }, data: { edited: false } });
    expectEveryField(AuditEvent, audit);
    const au = await roundTrip(models.Audit, audit);
    expect(AuditEvent.strict().parse(auditToDomain(au.lean as Parameters<typeof auditToDomain>[0]))).toEqual({ id: au.id, ...audit });
  });

  it('rejects documents outside the schema enums', async () => {
    const doc = new models.Contact({ orgId: 'o', campaignId: 'c', phone: '+12025550143', status: 'bogus', createdAt: T0, updatedAt: T0 });
    await expect(doc.validate()).rejects.toThrow(/status/);
  });
});

describe('mongo helpers', () => {
  it('maps only 24-hex strings to ObjectIds', () => {
    expect(toObjectId('0123456789abcdef01234567')?.toHexString()).toBe('0123456789abcdef01234567');
    expect(toObjectId('not-an-id')).toBeNull();
    expect(toObjectId('0123456789abcdef0123456')).toBeNull();
    expect(toObjectId('')).toBeNull();
  });

  it('reads duplicate-key errors, single and bulk', () => {
    expect(isDuplicateKeyError(new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(true);
    expect(isDuplicateKeyError(new mongo.MongoServerError({ message: 'other', code: 2 }))).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000'))).toBe(false);
    const bulk = (codes: number[]) =>
      new mongo.MongoBulkWriteError(
        { message: 'E11000', code: codes[0] ?? 0, writeErrors: codes.map((code, i) => ({ code, index: i * 2 })) as never },
        {} as never,
      );
    expect(duplicateIndexes(bulk([11000, 11000]))).toEqual([0, 2]);
    expect(() => duplicateIndexes(bulk([11000, 121]))).toThrow();
    expect(() => duplicateIndexes(new Error('network'))).toThrow('network');
  });
});

describe('createMongoStore without a server', () => {
  it('fails fast and cleanly when nothing listens', async () => {
    const started = performance.now();
    await expect(createMongoStore({ uri: 'mongodb://127.0.0.1:1/tb_unreachable', serverSelectionTimeoutMS: 300 })).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
