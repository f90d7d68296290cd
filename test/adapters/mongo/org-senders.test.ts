/**
 * The Mongo orgs' sender rules as the driver sees them (no server: test/adapters/mongo/capture):
 * exact sender lookups with no "oldest org" fallback, a lost assignSender race (E11000 from the
 * unique sms.* index) answered as "taken", and the start-up step that drops the old non-unique
 * indexes and releases senders an older install let several orgs share (the oldest keeps them).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Types, mongo } from 'mongoose';
import { createMongoOrgs, prepareOrgSenderIndexes } from '../../../src/adapters/mongo/org-repository.js';
import { captureModels, FakeCursor, plain, type Capture } from './capture.js';

const T0 = new Date('2030-03-04T15:00:00.000Z');
const orgDoc = (id: Types.ObjectId, name: string, sms: { numbers: string[]; messagingServiceSid?: string }) => ({
  _id: id, platform: 'slack', externalId: name, name, defaultLocale: 'en', textingPolicy: { political: true }, optOutConfirmation: {}, conversationVisibility: 'private', sms, createdAt: T0,
});

let cap: Capture | undefined;
afterEach(async () => {
  await cap?.close();
  cap = undefined;
});

describe('mongo orgs: one sender per org', () => {
  it('findBySender asks for the exact service, then the exact number, with no sort (no oldest-org fallback)', async () => {
    cap = captureModels();
    await createMongoOrgs(cap.ctx).findBySender({ number: '+12025550100', messagingServiceSid: 'MG1' });
    const finds = cap.of('orgs', 'findOne');
    expect(finds.map((c) => plain(c.args[0]))).toEqual([{ 'sms.messagingServiceSid': 'MG1' }, { 'sms.numbers': '+12025550100' }]);
    expect(finds.every((c) => (c.args[1] as { sort?: unknown } | undefined)?.sort === undefined)).toBe(true);
  });

  it('assignSender: the unique index refusing the write (a lost race) is "taken", naming the held key', async () => {
    cap = captureModels();
    const mine = new Types.ObjectId();
    const theirs = new Types.ObjectId();
    cap.answer('orgs', 'findOneAndUpdate', async () => {
      throw new mongo.MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key error collection: orgs index: sms_numbers_unique' });
    });
    cap.answer('orgs', 'findOne', async () => orgDoc(theirs, 'B', { numbers: ['+12025550100'] }));
    const r = await createMongoOrgs(cap.ctx).assignSender(mine.toHexString(), { numbers: ['+12025550111', '+12025550100'] });
    expect(r).toEqual({ ok: false, reason: 'taken', key: '+12025550100' });
    const [write] = cap.of('orgs', 'findOneAndUpdate');
    expect(plain(write?.args[1])).toEqual({ $set: { sms: { numbers: ['+12025550111', '+12025550100'] } } });
  });

  it('start-up: old indexes dropped; a shared sender stays with the oldest org, newer orgs lose it, audited', async () => {
    cap = captureModels();
    const coll = cap.models.Org.collection as unknown as Record<string, unknown>;
    const dropped: string[] = [];
    coll.indexes = async () => [{ name: '_id_' }, { name: 'sms_numbers' }, { name: 'sms_messagingServiceSid' }, { name: 'platform_externalId_unique' }];
    coll.dropIndex = async (name: string) => void dropped.push(name);
    const [a, b, c] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    cap.answer('orgs', 'find', () => new FakeCursor([
      { _id: a, sms: { numbers: ['+12025550100'], messagingServiceSid: 'MG1' } },
      { _id: b, sms: { numbers: ['+12025550100', '+12025550111'], messagingServiceSid: 'MG1' } },
      { _id: c, sms: { numbers: [] } },
    ]));
    const released = await prepareOrgSenderIndexes(cap.models, { now: () => T0 });
    expect(dropped).toEqual(['sms_numbers', 'sms_messagingServiceSid']);
    expect(released).toBe(2);
    const updates = cap.of('orgs', 'updateOne');
    expect(updates).toHaveLength(1);
    expect(plain(updates[0]?.args[0])).toEqual({ _id: b.toHexString() });
    expect(plain(updates[0]?.args[1])).toEqual({ $set: { sms: { numbers: ['+12025550111'] } } });
    const audits = cap.of('audit', 'insertOne');
    expect(audits).toHaveLength(1);
    expect(plain(audits[0]?.args[0])).toMatchObject({ orgId: b.toHexString(), action: 'org.sender_released', data: { senders: ['MG1', '+12025550100'] } });
  });
});
