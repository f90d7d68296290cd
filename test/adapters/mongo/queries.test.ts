/**
 * Runs without a MongoDB server (capture.ts): the commands the Mongo repositories send, as
 * mongoose casts them. Each test pins down a behaviour that only a real server would otherwise
 * show: export cursors on keys that never move and closed when the reader stops, patches
 * refused before they are written, upserts free of conflicting paths (server error 40), and the
 * unordered import reading the driver's bulk error through mongoose.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Types, mongo } from 'mongoose';
import { ZodError } from 'zod';
import { captureModels, conflictingPaths, FakeCursor, plain } from './capture.js';
import type { Capture } from './capture.js';
import { CONTACT_STREAM_INDEX, createMongoContacts } from '../../../src/adapters/mongo/contact-repository.js';
import { MESSAGE_STREAM_INDEX, createMongoMessages } from '../../../src/adapters/mongo/message-repository.js';
import { createMongoCampaigns } from '../../../src/adapters/mongo/campaign-repository.js';
import { createMongoMembers, createMongoOrgs } from '../../../src/adapters/mongo/org-repository.js';
import { createMongoConversations } from '../../../src/adapters/mongo/conversation-repository.js';
import { createMongoOptOuts } from '../../../src/adapters/mongo/opt-out-repository.js';
import { createMongoTallies } from '../../../src/adapters/mongo/tally-repository.js';
import { contactSchema } from '../../../src/adapters/mongo/schemas/contact.js';
import { messageSchema } from '../../../src/adapters/mongo/schemas/message.js';

const T0 = new Date('2030-03-04T15:00:00.000Z');
const ORG = 'org-1';

let cap: Capture;
afterEach(async () => {
  await cap.close();
});

const contactDoc = (i: number) => ({
  _id: new Types.ObjectId(), orgId: ORG, campaignId: 'camp-1', phone: `+1202555${String(i).padStart(4, '0')}`, firstName: '', lastName: '',
  timezones: [], windowKey: 'ET', language: 'en', customFields: {}, status: 'pending', surveyAnswers: {}, tags: [], createdAt: T0, updatedAt: T0,
});
const messageDoc = (i: number) => ({
  _id: new Types.ObjectId(), orgId: ORG, campaignId: 'camp-1', direction: 'outbound', kind: 'initial', voterPhone: `+1202555${String(i).padStart(4, '0')}`,
  body: 'Hi', segments: 1, encoding: 'GSM-7', status: 'queued', history: [{ status: 'queued', at: T0 }], attempts: 0, createdAt: T0, updatedAt: T0,
});

/** The key pattern of every index a schema declares. */
const declared = (schema: { indexes(): [Record<string, unknown>, Record<string, unknown>][] }) => schema.indexes().map(([keys]) => JSON.stringify(keys));

describe('export streams', () => {
  it('contacts: walk the unique (campaignId, phone) index, whose keys no status move changes', async () => {
    cap = captureModels();
    cap.answer('contacts', 'find', () => new FakeCursor([contactDoc(1), contactDoc(2)]));
    const phones: string[] = [];
    for await (const c of createMongoContacts(cap.ctx).streamByCampaign(ORG, 'camp-1')) phones.push(c.phone);
    expect(phones).toEqual(['+12025550001', '+12025550002']);
    const [call] = cap.of('contacts', 'find');
    expect(call?.args[0]).toEqual({ orgId: ORG, campaignId: 'camp-1' });
    expect(call?.args[1]).toMatchObject({ hint: CONTACT_STREAM_INDEX });
    // The hint names a declared unique index; no status in it.
    expect(declared(contactSchema)).toContain(JSON.stringify(CONTACT_STREAM_INDEX));
    expect(Object.keys(CONTACT_STREAM_INDEX)).not.toContain('status');
  });

  it('contacts: a reader that stops early closes the server cursor', async () => {
    cap = captureModels();
    const cursor = new FakeCursor([contactDoc(1), contactDoc(2), contactDoc(3)]);
    cap.answer('contacts', 'find', () => cursor);
    for await (const c of createMongoContacts(cap.ctx).streamByCampaign(ORG, 'camp-1')) {
      expect(c.phone).toBe('+12025550001');
      break;
    }
    expect(cursor.closed).toBe(1);
    const failing = new FakeCursor([contactDoc(1), contactDoc(2)]);
    cap.answer('contacts', 'find', () => failing);
    await expect(async () => {
      for await (const _ of createMongoContacts(cap.ctx).streamByCampaign(ORG, 'camp-1')) throw new Error('export write failed');
    }).rejects.toThrow('export write failed');
    expect(failing.closed).toBe(1);
  });

  it('messages: sorted by createdAt from the (orgId, campaignId, createdAt) index, and closed early', async () => {
    cap = captureModels();
    const cursor = new FakeCursor([messageDoc(1), messageDoc(2)]);
    cap.answer('messages', 'find', () => cursor);
    for await (const m of createMongoMessages(cap.ctx).streamByCampaign(ORG, 'camp-1')) {
      expect(m.voterPhone).toBe('+12025550001');
      break;
    }
    expect(cursor.closed).toBe(1);
    const [call] = cap.of('messages', 'find');
    expect(call?.args[0]).toEqual({ orgId: ORG, campaignId: 'camp-1' });
    expect(call?.args[1]).toMatchObject({ sort: { createdAt: 1 }, hint: MESSAGE_STREAM_INDEX });
    expect(declared(messageSchema)).toContain(JSON.stringify(MESSAGE_STREAM_INDEX));
  });
});

describe('patches are checked before they are written', () => {
  const id = new Types.ObjectId().toHexString();

  it('campaigns.update refuses a value the read path would refuse, and sends nothing', async () => {
    cap = captureModels();
    const campaigns = createMongoCampaigns(cap.ctx);
    await expect(campaigns.update(ORG, id, { batchSize: 0 })).rejects.toBeInstanceOf(ZodError);
    await expect(campaigns.update(ORG, id, { name: '' })).rejects.toBeInstanceOf(ZodError);
    await expect(campaigns.update(ORG, id, { survey: [{ id: 'q', text: 'Q?', answers: [] }] })).rejects.toBeInstanceOf(ZodError);
    expect(cap.calls).toEqual([]);
  });

  it('campaigns.update writes the patch as given (no model defaults added) plus updatedAt', async () => {
    cap = captureModels();
    await expect(createMongoCampaigns(cap.ctx).update(ORG, id, { name: 'Renamed', channelId: undefined })).rejects.toThrow('not found');
    const [call] = cap.of('campaigns', 'findOneAndUpdate');
    expect(plain(call?.args[1])).toEqual({ $set: { name: 'Renamed', updatedAt: T0 } });
  });

  it('orgs.update refuses an invalid patch and sends nothing', async () => {
    cap = captureModels();
    const orgs = createMongoOrgs(cap.ctx);
    await expect(orgs.update(id, { name: 'x'.repeat(81) })).rejects.toBeInstanceOf(ZodError);
    await expect(orgs.update(id, { conversationVisibility: 'everyone' as never })).rejects.toBeInstanceOf(ZodError);
    expect(cap.calls).toEqual([]);
  });
});

describe('upserts send no conflicting update paths (server error 40)', () => {
  const last = (c: Capture, coll: string, method: 'findOneAndUpdate' | 'updateOne') => plain(c.of(coll, method).at(-1)?.args[1]) as Record<string, unknown>;

  it('members, conversations, opt-outs and tallies', async () => {
    cap = captureModels();
    cap.answer('members', 'findOneAndUpdate', async () => ({ _id: new Types.ObjectId(), orgId: ORG, platformUserId: 'U1', displayName: 'Ana', role: 'owner', createdAt: T0 }));
    await createMongoMembers(cap.ctx).upsert(ORG, { platformUserId: 'U1', displayName: 'Ana', role: 'owner', locale: 'es' });
    expect(conflictingPaths(last(cap, 'members', 'findOneAndUpdate'))).toEqual([]);

    cap.answer('conversations', 'findOneAndUpdate', async () => ({
      _id: new Types.ObjectId(), orgId: ORG, campaignId: 'c', contactId: 'ct', volunteerId: 'v', voterPhone: '+12025550100', threads: [],
      lastMessageAt: T0, lastDirection: 'outbound', pendingOptOutReview: false, createdAt: T0,
    }));
    await createMongoConversations(cap.ctx).upsertForContact(ORG, { orgId: ORG, campaignId: 'c', contactId: 'ct', volunteerId: 'v', voterPhone: '+12025550100', lastMessageAt: T0, lastDirection: 'outbound' });
    const conv = last(cap, 'conversations', 'findOneAndUpdate');
    expect(conflictingPaths(conv)).toEqual([]);
    // The filter's keys come from the filter on insert; the rest only on insert.
    expect(Object.keys(conv)).toEqual(['$setOnInsert']);

    cap.answer('opt_outs', 'findOneAndUpdate', async () => ({
      value: { _id: new Types.ObjectId(), orgId: ORG, phone: '+12025550100', source: 'keyword', at: T0 },
      lastErrorObject: { n: 1, updatedExisting: false, upserted: new Types.ObjectId() },
      ok: 1,
    }));
    const recorded = await createMongoOptOuts(cap.ctx).record(ORG, { orgId: ORG, phone: '+12025550100', source: 'keyword', at: T0 });
    expect(recorded.created).toBe(true);
    expect(conflictingPaths(last(cap, 'opt_outs', 'findOneAndUpdate'))).toEqual([]);

    await createMongoTallies(cap.ctx).increment(ORG, 'campaign:c1:errors', { '30007': 1, 'm1/initials': 2 });
    const tally = last(cap, 'tallies', 'updateOne');
    expect(conflictingPaths(tally)).toEqual([]);
    expect(tally.$inc).toEqual({ 'counts.30007': 1, 'counts.m1/initials': 2 });
  });
});

describe('unordered import through mongoose', () => {
  /** A driver WriteError: `index` and `code` are getters over `err`, which mongoose re-indexes. */
  const writeError = (index: number, code: number) => {
    const err = { index, code, errmsg: code === 11000 ? 'E11000 duplicate key error' : 'other' };
    return { err, get index() { return err.index; }, get code() { return err.code; } };
  };
  const bulkError = (errors: ReturnType<typeof writeError>[]) =>
    new mongo.MongoBulkWriteError({ message: 'E11000', code: errors[0]?.code ?? 0, writeErrors: errors as never }, { insertedCount: 0 } as never);

  it('reports the refused rows of each 1,000-row round trip as duplicates, by their phones', async () => {
    cap = captureModels();
    cap.answer('campaigns', 'findOne', async () => ({ _id: new Types.ObjectId() })); // the campaign is the org's
    let round = 0;
    cap.answer('contacts', 'insertMany', async () => {
      round += 1;
      throw bulkError(round === 1 ? [writeError(0, 11000), writeError(999, 11000)] : [writeError(1, 11000)]);
    });
    const rows = Array.from({ length: 1002 }, (_, i) => ({ phone: `+1202556${String(i).padStart(4, '0')}` }));
    const campaignId = new Types.ObjectId().toHexString();
    const result = await createMongoContacts(cap.ctx).insertMany(ORG, campaignId, rows);
    expect(result).toEqual({ inserted: 999, duplicates: ['+12025560000', '+12025560999', '+12025561001'] });
    const chunks = cap.of('contacts', 'insertMany').map((c) => (c.args[0] as unknown[]).length);
    expect(chunks).toEqual([1000, 2]);
    expect(cap.of('contacts', 'insertMany')[0]?.args[1]).toMatchObject({ ordered: false });
  });

  it('rethrows a bulk error that is not only duplicates', async () => {
    cap = captureModels();
    cap.answer('campaigns', 'findOne', async () => ({ _id: new Types.ObjectId() }));
    cap.answer('contacts', 'insertMany', async () => {
      throw bulkError([writeError(0, 11000), writeError(1, 121)]);
    });
    const campaignId = new Types.ObjectId().toHexString();
    await expect(createMongoContacts(cap.ctx).insertMany(ORG, campaignId, [{ phone: '+12025550001' }, { phone: '+12025550002' }])).rejects.toBeInstanceOf(mongo.MongoBulkWriteError);
  });
});
