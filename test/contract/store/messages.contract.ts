/** Store contract: messages (outbox, forward-only statuses, R4.6) and early statuses. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/ports.js';
import { DuplicateError, NotFoundError } from '../../../src/core/errors.js';
import { CONTRACT_NOW, at, collect, inbound, outbound, phone, seedCampaign, seedOrg } from './fixtures.js';

export function messagesContract(get: () => Store): void {
  describe('messages', () => {
    it('creates with its first status in history and zero attempts', async () => {
      const s = get();
      const org = await seedOrg(s);
      const r = await s.messages.create(org.id, outbound(org.id, { campaignId: 'camp-1', interactionId: 'I-1', sentBy: 'vol-1', pressedAt: at(-1) }));
      expect(r.created).toBe(true);
      expect(r.message).toMatchObject({
        orgId: org.id, status: 'queued', attempts: 0, segments: 1, encoding: 'GSM-7', interactionId: 'I-1',
        history: [{ status: 'queued', at: CONTRACT_NOW }], createdAt: CONTRACT_NOW, updatedAt: CONTRACT_NOW, pressedAt: at(-1),
      });
      expect(await s.messages.get(org.id, r.message.id)).toEqual(r.message);
    });

    it('keeps an MMS\'s media and a voter text\'s triage through get and the claim for sending', async () => {
      const s = get();
      const org = await seedOrg(s);
      const media = [{ contentType: 'image/jpeg', url: 'https://textbank.example.org/media/abc.jpg' }];
      const { message } = await s.messages.create(org.id, outbound(org.id, { media, variant: 'b' }));
      expect(await s.messages.get(org.id, message.id)).toMatchObject({ media, variant: 'b' });
      // The send job hands the carrier these addresses from what the claim reads back.
      expect((await s.messages.claimForSending(org.id, message.id, at(1)))?.media).toEqual(media);
      const triage = { intent: 'question', confidence: 0.8, source: 'rules', rule: 'en.question.wh' } as const;
      const voter = await s.messages.create(org.id, inbound(org.id, { providerId: 'MM1', media: [{ contentType: 'image/png', url: 'media-id-1' }], triage }));
      expect(await s.messages.findByProviderId('MM1')).toMatchObject({ id: voter.message.id, media: [{ contentType: 'image/png', url: 'media-id-1' }], triage });
      expect((await s.messages.create(org.id, outbound(org.id))).message.media).toBeUndefined();
    });

    it('refuses an invalid message even when its interaction id is taken', async () => {
      const s = get();
      const org = await seedOrg(s);
      await s.messages.create(org.id, outbound(org.id, { interactionId: 'I-1' }));
      await expect(s.messages.create(org.id, outbound(org.id, { interactionId: 'I-1', body: 'x'.repeat(1601) }))).rejects.toThrow();
      await expect(s.messages.create(org.id, outbound(org.id, { body: 'x'.repeat(1601) }))).rejects.toThrow();
    });

    it('is idempotent on (orgId, interactionId) — one press, one message (R5.2b)', async () => {
      const s = get();
      const a = await seedOrg(s, 'A');
      const b = await seedOrg(s, 'B');
      const first = await s.messages.create(a.id, outbound(a.id, { interactionId: 'I-1' }));
      const again = await s.messages.create(a.id, outbound(a.id, { interactionId: 'I-1', body: 'different' }));
      expect(again).toEqual({ created: false, message: first.message, duplicate: 'interactionId' });
      const racing = await Promise.all(Array.from({ length: 5 }, () => s.messages.create(a.id, outbound(a.id, { interactionId: 'I-2' }))));
      expect(racing.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
      expect((await s.messages.create(b.id, outbound(b.id, { interactionId: 'I-1' }))).created).toBe(true);
      expect((await s.messages.create(a.id, outbound(a.id))).created).toBe(true);
      expect((await s.messages.create(a.id, outbound(a.id))).created).toBe(true);
    });

    it('is idempotent on providerId; another org cannot take a provider id', async () => {
      const s = get();
      const a = await seedOrg(s, 'A');
      const b = await seedOrg(s, 'B');
      const first = await s.messages.create(a.id, inbound(a.id, { providerId: 'SM1' }));
      expect(await s.messages.create(a.id, inbound(a.id, { providerId: 'SM1' }))).toEqual({ created: false, message: first.message, duplicate: 'providerId' });
      await expect(s.messages.create(b.id, inbound(b.id, { providerId: 'SM1' }))).rejects.toBeInstanceOf(DuplicateError);
      expect(await s.messages.findByProviderId('SM1')).toEqual(first.message);
      expect(await s.messages.findByProviderId('SM404')).toBeNull();
    });

    it('claims a queued message for sending exactly once; requeue makes it claimable again', async () => {
      const s = get();
      const org = await seedOrg(s);
      const { message } = await s.messages.create(org.id, outbound(org.id));
      const racing = await Promise.all(Array.from({ length: 6 }, () => s.messages.claimForSending(org.id, message.id, at(1))));
      const winners = racing.filter((m) => m !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ status: 'sending', attempts: 1, updatedAt: at(1) });
      await s.messages.requeue(org.id, message.id, at(2), '30003');
      expect(await s.messages.get(org.id, message.id)).toMatchObject({ status: 'queued', errorCode: '30003', updatedAt: at(2) });
      await s.messages.requeue(org.id, message.id, at(3));
      expect((await s.messages.get(org.id, message.id))?.updatedAt).toEqual(at(2));
      expect(await s.messages.claimForSending(org.id, message.id, at(4))).toMatchObject({ status: 'sending', attempts: 2 });
      expect((await s.messages.get(org.id, message.id))?.history.map((h) => h.status)).toEqual(['queued', 'sending', 'queued', 'sending']);
      await expect(s.messages.requeue(org.id, '0123456789abcdef01234567', at(5))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('sets the provider id once per message and refuses one already in use', async () => {
      const s = get();
      const org = await seedOrg(s);
      const m1 = (await s.messages.create(org.id, outbound(org.id))).message;
      const m2 = (await s.messages.create(org.id, outbound(org.id))).message;
      await s.messages.setProviderId(org.id, m1.id, 'SM1', at(1));
      await s.messages.setProviderId(org.id, m1.id, 'SM1', at(1));
      expect(await s.messages.findByProviderId('SM1')).toMatchObject({ id: m1.id, providerId: 'SM1', updatedAt: at(1) });
      await expect(s.messages.setProviderId(org.id, m2.id, 'SM1', at(2))).rejects.toBeInstanceOf(DuplicateError);
      await expect(s.messages.setProviderId(org.id, '0123456789abcdef01234567', 'SM2', at(2))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('applies statuses forward only; terminal statuses are final (R4.6)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const { message } = await s.messages.create(org.id, outbound(org.id));
      expect(await s.messages.applyStatus(org.id, message.id, 'queued', at(1))).toBe(false);
      expect(await s.messages.applyStatus(org.id, message.id, 'delivered', at(2))).toBe(true);
      expect(await s.messages.applyStatus(org.id, message.id, 'sent', at(3))).toBe(false);
      expect(await s.messages.applyStatus(org.id, message.id, 'failed', at(3), '30007')).toBe(false);
      const m = await s.messages.get(org.id, message.id);
      expect(m).toMatchObject({ status: 'delivered', updatedAt: at(2) });
      expect(m?.errorCode).toBeUndefined();
      expect(m?.history).toEqual([{ status: 'queued', at: CONTRACT_NOW }, { status: 'delivered', at: at(2) }]);

      const other = (await s.messages.create(org.id, outbound(org.id))).message;
      expect(await s.messages.applyStatus(org.id, other.id, 'sent', at(1))).toBe(true);
      expect(await s.messages.applyStatus(org.id, other.id, 'failed', at(2), '30003')).toBe(true);
      expect(await s.messages.applyStatus(org.id, other.id, 'delivered', at(3))).toBe(false);
      expect(await s.messages.get(org.id, other.id)).toMatchObject({ status: 'failed', errorCode: '30003' });
      expect((await s.messages.get(org.id, other.id))?.history.at(-1)).toEqual({ status: 'failed', at: at(2), errorCode: '30003' });
      expect(await s.messages.applyStatus(org.id, '0123456789abcdef01234567', 'sent', at(1))).toBe(false);
    });

    it('lists stale queued messages for the outbox sweeper, oldest first, across orgs', async () => {
      const s = get();
      const a = await seedOrg(s, 'A');
      const b = await seedOrg(s, 'B');
      const m1 = (await s.messages.create(a.id, outbound(a.id))).message;
      const m2 = (await s.messages.create(b.id, outbound(b.id))).message;
      const m3 = (await s.messages.create(a.id, outbound(a.id))).message;
      await s.messages.create(a.id, inbound(a.id));
      await s.messages.claimForSending(a.id, m3.id, at(1));
      expect(await s.messages.listStaleQueued(CONTRACT_NOW, 10)).toEqual([]);
      expect(ids(await s.messages.listStaleQueued(at(1), 10))).toEqual([m1.id, m2.id]);
      expect(ids(await s.messages.listStaleQueued(at(1), 1))).toEqual([m1.id]);
      await s.messages.requeue(a.id, m3.id, at(2));
      await s.messages.claimForSending(a.id, m1.id, at(3));
      await s.messages.requeue(a.id, m1.id, at(3));
      expect(ids(await s.messages.listStaleQueued(at(10), 10))).toEqual([m2.id, m3.id, m1.id]);
    });

    it('lists sends left in `sending` with no provider id (interrupted workers), oldest first', async () => {
      const s = get();
      const org = await seedOrg(s);
      const m1 = (await s.messages.create(org.id, outbound(org.id))).message;
      const m2 = (await s.messages.create(org.id, outbound(org.id))).message;
      const m3 = (await s.messages.create(org.id, outbound(org.id))).message;
      await s.messages.create(org.id, outbound(org.id)); // stays queued
      await s.messages.claimForSending(org.id, m2.id, at(1));
      await s.messages.claimForSending(org.id, m1.id, at(2));
      await s.messages.claimForSending(org.id, m3.id, at(3));
      await s.messages.setProviderId(org.id, m3.id, 'SM-accepted', at(3)); // the carrier has it: not stuck
      expect(await s.messages.listStaleSending(at(1), 10)).toEqual([]);
      expect(ids(await s.messages.listStaleSending(at(10), 10))).toEqual([m2.id, m1.id]);
      expect(ids(await s.messages.listStaleSending(at(10), 1))).toEqual([m2.id]);
      await s.messages.applyStatus(org.id, m2.id, 'failed', at(4), 'interrupted');
      expect(ids(await s.messages.listStaleSending(at(10), 10))).toEqual([m1.id]);
    });

    it('keeps one outbound first text per contact: a second create returns the stored one (R5.2a)', async () => {
      const s = get();
      const a = await seedOrg(s, 'A');
      const b = await seedOrg(s, 'B');
      expect(await s.messages.findInitial(a.id, 'contact-1')).toBeNull();
      const first = await s.messages.create(a.id, outbound(a.id, { contactId: 'contact-1', interactionId: 'I-1' }));
      expect(first.created).toBe(true);
      const again = await s.messages.create(a.id, outbound(a.id, { contactId: 'contact-1', interactionId: 'I-2', body: 'other' }));
      expect(again).toEqual({ created: false, message: first.message, duplicate: 'contactInitial' });
      expect(await s.messages.findInitial(a.id, 'contact-1')).toEqual(first.message);
      // Replies to the same contact, first texts to other contacts and other orgs are not duplicates.
      expect((await s.messages.create(a.id, outbound(a.id, { contactId: 'contact-1', kind: 'reply' }))).created).toBe(true);
      expect((await s.messages.create(a.id, outbound(a.id, { contactId: 'contact-2' }))).created).toBe(true);
      expect((await s.messages.create(b.id, outbound(b.id, { contactId: 'contact-1' }))).created).toBe(true);
      expect(await s.messages.findInitial(b.id, 'contact-2')).toBeNull();
      expect(await s.messages.findInitial(a.id, 'contact-9')).toBeNull();
    });

    it('20 concurrent first texts for one contact store exactly one (racing Send presses)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const racing = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.messages.create(org.id, outbound(org.id, { contactId: 'contact-1', interactionId: `I-${i}` }))),
      );
      expect(racing.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
      expect(racing.filter((r) => !r.created).every((r) => !r.created && r.duplicate === 'contactInitial')).toBe(true);
    });

    it('lists outbound messages with a provider id still sending/sent since a time, oldest first, bounded (lost callbacks)', async () => {
      const s = get();
      const org = await seedOrg(s);
      const make = async () => (await s.messages.create(org.id, outbound(org.id))).message;
      const [m1, m2, m3, m4, m5] = [await make(), await make(), await make(), await make(), await make()];
      for (const m of [m1, m2, m3, m4]) await s.messages.claimForSending(org.id, m!.id, at(1));
      await s.messages.setProviderId(org.id, m1!.id, 'SM-1', at(3));
      await s.messages.setProviderId(org.id, m2!.id, 'SM-2', at(2));
      await s.messages.applyStatus(org.id, m2!.id, 'sent', at(2));
      await s.messages.setProviderId(org.id, m3!.id, 'SM-3', at(2));
      await s.messages.applyStatus(org.id, m3!.id, 'delivered', at(4)); // final: nothing to reconcile
      // m4 is `sending` with no provider id (the interrupted-send sweep's), m5 still queued.
      expect(m5).toBeDefined();
      expect(await s.messages.listStaleWithProvider(at(2), 10)).toEqual([]);
      expect(ids(await s.messages.listStaleWithProvider(at(10), 10))).toEqual([m2!.id, m1!.id]);
      expect(ids(await s.messages.listStaleWithProvider(at(10), 1))).toEqual([m2!.id]);
      expect(await s.messages.listStaleWithProvider(at(10), 0)).toEqual([]);
      expect(await s.messages.listStaleWithProvider(at(10), 10, at(1))).toEqual([]); // created at CONTRACT_NOW
      // Asked the carrier and nothing changed: it waits for the next stale period.
      await s.messages.markChecked(org.id, m2!.id, at(20));
      expect(ids(await s.messages.listStaleWithProvider(at(10), 10))).toEqual([m1!.id]);
      expect((await s.messages.get(org.id, m2!.id))?.status).toBe('sent');
      await s.messages.markChecked(org.id, m2!.id, at(5)); // never moves updatedAt back
      expect((await s.messages.get(org.id, m2!.id))?.updatedAt).toEqual(at(20));
      await expect(s.messages.markChecked(org.id, 'nope', at(1))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('lists a conversation chronologically; a limit keeps the latest', async () => {
      const s = get();
      const org = await seedOrg(s);
      const made = [];
      for (let i = 0; i < 4; i += 1) made.push((await s.messages.create(org.id, i % 2 ? inbound(org.id, { conversationId: 'conv-1' }) : outbound(org.id, { conversationId: 'conv-1' }))).message);
      await s.messages.create(org.id, outbound(org.id, { conversationId: 'conv-2' }));
      expect(ids(await s.messages.listByConversation(org.id, 'conv-1'))).toEqual(ids(made));
      expect(ids(await s.messages.listByConversation(org.id, 'conv-1', 2))).toEqual(ids(made.slice(2)));
    });

    it('reports initial texts to a phone since a time (R6.3) and unmatched inbound texts', async () => {
      const s = get();
      const org = await seedOrg(s);
      const other = await seedOrg(s, 'B');
      const campaign = await seedCampaign(s, org.id);
      await s.messages.create(org.id, outbound(org.id, { campaignId: campaign.id }));
      await s.messages.create(org.id, outbound(org.id, { campaignId: campaign.id, kind: 'reply' }));
      await s.messages.create(org.id, outbound(org.id, { campaignId: campaign.id, voterPhone: phone(2) }));
      await s.messages.create(other.id, outbound(other.id, { campaignId: 'x' }));
      expect(await s.messages.initialsToPhone(org.id, phone(1), at(-60))).toEqual([{ campaignId: campaign.id, at: CONTRACT_NOW }]);
      expect(await s.messages.initialsToPhone(org.id, phone(1), at(1))).toEqual([]);
      const u1 = (await s.messages.create(org.id, inbound(org.id, { body: 'hello?' }))).message;
      const u2 = (await s.messages.create(org.id, inbound(org.id, { body: 'anyone?' }))).message;
      await s.messages.create(org.id, inbound(org.id, { conversationId: 'conv-1' }));
      await s.messages.create(other.id, inbound(other.id));
      expect(ids(await s.messages.listUnmatched(org.id))).toEqual([u2.id, u1.id]);
      expect(ids(await s.messages.listUnmatched(org.id, 1))).toEqual([u2.id]);
    });

    it('streams a campaign\'s messages', async () => {
      const s = get();
      const org = await seedOrg(s);
      const made = [];
      for (let i = 0; i < 12; i += 1) made.push((await s.messages.create(org.id, outbound(org.id, { campaignId: 'camp-1', voterPhone: phone(i) }))).message);
      await s.messages.create(org.id, outbound(org.id, { campaignId: 'camp-2' }));
      const streamed = await collect(s.messages.streamByCampaign(org.id, 'camp-1'));
      expect(new Set(ids(streamed))).toEqual(new Set(ids(made)));
    });
  });

  describe('early statuses', () => {
    it('keeps statuses that beat the provider id, hands them out once, oldest first', async () => {
      const s = get();
      await s.earlyStatuses.put('SM1', 'delivered', at(2));
      await s.earlyStatuses.put('SM1', 'sent', at(1));
      await s.earlyStatuses.put('SM1', 'failed', at(3), '30003');
      await s.earlyStatuses.put('SM2', 'sent', at(1));
      expect(await s.earlyStatuses.take('SM1')).toEqual([
        { status: 'sent', at: at(1) }, { status: 'delivered', at: at(2) }, { status: 'failed', at: at(3), errorCode: '30003' },
      ]);
      expect(await s.earlyStatuses.take('SM1')).toEqual([]);
      const racing = await Promise.all([s.earlyStatuses.take('SM2'), s.earlyStatuses.take('SM2')]);
      expect(racing.flat()).toEqual([{ status: 'sent', at: at(1) }]);
    });
  });
}

const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id);
