// Follow-up campaigns in core: the draft's copy of its source, `{answer.<question>}` merge fields,
// the streamed snapshot (batched, re-runnable without copying twice) and thread continuity.
import { describe, expect, it } from 'vitest';
import { engineTestStore } from '../engine/harness.js';
import { answerFieldNames, answerFields } from '../../../src/core/followups/answer-fields.js';
import { continueConversation } from '../../../src/core/followups/continue-conversation.js';
import { defaultFollowUpName, followUpCampaign } from '../../../src/core/followups/create.js';
import { followUpContact, runFollowUpSnapshot } from '../../../src/core/followups/snapshot.js';
import { mergeFieldsFor } from '../../../src/core/conversations/initial-text.js';
import { renderTemplate } from '../../../src/core/scripts/template.js';
import { lintCampaign } from '../../../src/core/campaigns/campaign-lint.js';
import type { Campaign } from '../../../src/core/model/campaign.js';
import type { NewContact } from '../../../src/core/model/contact.js';
import type { Store } from '../../../src/core/ports.js';

const NOW = new Date('2026-11-17T15:00:00Z');
const clock = { now: () => new Date(NOW) };
const SURVEY = [
  { id: 'support', text: 'Do you support Prop 5?', answers: [{ id: 'yes', label: 'Yes, strongly' }, { id: 'no', label: 'No' }] },
  { id: 'plan', text: 'Voting plan', answers: [{ id: 'early', label: 'Early' }] },
];

describe('{answer.<question>} merge fields', () => {
  it('gives each answered question\'s answer label, by question id and by question text', () => {
    const fields = answerFields(SURVEY, { support: 'yes' });
    expect(fields).toEqual({ 'answer.support': 'Yes, strongly', 'answer.doyousupportprop5?': 'Yes, strongly' });
    const merged = mergeFieldsFor({ customFields: {}, firstName: 'Ana', lastName: 'Diaz', surveyAnswers: { support: 'yes' } }, 'Val', 'Org', { survey: SURVEY });
    expect(renderTemplate('{firstName}: {answer.support} / {Answer.Do you support Prop 5?}', merged)).toEqual({ ok: true, text: 'Ana: Yes, strongly / Yes, strongly' });
    // Unanswered (or an answer the survey no longer has) reads as missing, so nothing is sent with a hole.
    expect(renderTemplate('{answer.plan}', merged)).toEqual({ ok: false, missing: ['answer.plan'] });
    expect(answerFields(SURVEY, { support: 'gone' })).toEqual({});
    expect(renderTemplate('{answer.plan|soon}', merged)).toEqual({ ok: true, text: 'soon' });
    expect(answerFieldNames(SURVEY)).toContain('answer.plan');
  });

  it('a follow-up script using {answer.<question>} lints clean (no unknown or missing field)', async () => {
    const { followUp } = await seeded(0);
    const scripts = { en: { initial: 'Hi {firstName}, you said {answer.support} to Prop 5. Org here: polls open 7am. Reply STOP to opt out.', followUps: [] } };
    const findings = lintCampaign({ ...followUp, scripts }, 'Org');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('never replaces the standard fields', () => {
    const survey = [{ id: 'q', text: 'q', answers: [{ id: 'a', label: 'A' }] }];
    const merged = mergeFieldsFor({ customFields: { 'answer.q': 'column' }, firstName: 'Ana', lastName: '', surveyAnswers: { q: 'a' } }, 'Val', 'Org', { survey });
    expect(merged['answer.q']).toBe('A');
    expect(merged.firstName).toBe('Ana');
  });
});

async function seeded(rows = 25): Promise<{ store: Store; orgId: string; source: Campaign; followUp: Campaign }> {
  const store = await engineTestStore(clock);
  const org = await store.orgs.create({ platform: 'sandbox', externalId: 'x', name: 'Org' });
  const member = await store.members.upsert(org.id, { platformUserId: 'U1', displayName: 'Olivia', role: 'organizer' });
  const source = await store.campaigns.create(org.id, {
    orgId: org.id, slug: 'gotv', name: 'GOTV', createdBy: member.id, survey: SURVEY,
    cannedReplies: [{ id: 'thanks', label: 'Thanks', text: { en: 'Thanks!' } }], tags: [{ id: 'vol', label: 'Volunteer' }], batchSize: 30,
    disclaimer: { text: 'Paid for by Org' },
  });
  const contacts: NewContact[] = [];
  for (let i = 0; i < rows; i += 1) {
    contacts.push({ phone: `+1202555${String(1000 + i)}`, firstName: `V${i}`, language: i % 2 ? 'es' : 'en', customFields: { ward: String(i) }, surveyAnswers: { support: i % 5 === 0 ? 'no' : 'yes' }, tags: ['vol'], timezones: ['America/New_York'], windowKey: 'k' });
  }
  await store.contacts.insertMany(org.id, source.id, contacts);
  const followUp = await store.campaigns.create(org.id, followUpCampaign(source, { slug: 'gotv-yes', name: defaultFollowUpName(source, 'gotv-yes'), segment: { answers: [{ questionId: 'support', answerIds: ['yes'] }] }, createdBy: member.id, total: 20 }));
  return { store, orgId: org.id, source, followUp };
}

describe('the follow-up draft', () => {
  it('copies survey, canned replies, tags and settings (its own copies), no script, and remembers its source and segment', async () => {
    const { source, followUp } = await seeded(0);
    expect(followUp).toMatchObject({ status: 'draft', name: 'GOTV · gotv-yes', scripts: {}, survey: source.survey, cannedReplies: source.cannedReplies, tags: source.tags, batchSize: 30, disclaimer: source.disclaimer });
    expect(followUp.followUpOf).toEqual({ campaignId: source.id, segment: { answers: [{ questionId: 'support', answerIds: ['yes'] }] }, snapshot: { status: 'running', read: 0, copied: 0, duplicates: 0, total: 20 } });
    const draft = followUpCampaign(source, { slug: 'x', name: 'x', segment: {}, createdBy: 'm' });
    draft.survey![0]!.answers[0]!.label = 'changed';
    expect(source.survey[0]!.answers[0]!.label).toBe('Yes, strongly');
    expect(defaultFollowUpName({ name: 'n'.repeat(100) }, 'slug')).toHaveLength(100);
  });
});

describe('the snapshot', () => {
  it('copies exactly the segment in batches (fields, language, answers, tags, source), and a re-run copies nothing twice', async () => {
    const { store, orgId, source, followUp } = await seeded(25);
    const progress: number[] = [];
    const first = await runFollowUpSnapshot({ store, clock }, orgId, followUp.id, { batchSize: 7, onProgress: async (p) => void progress.push(p.read) });
    expect(first.ok && first.snapshot).toMatchObject({ status: 'done', read: 20, copied: 20, duplicates: 0, total: 20, finishedAt: NOW });
    expect(progress).toEqual([7, 14, 20]);
    const copies: Record<string, unknown>[] = [];
    for await (const c of store.contacts.streamByCampaign(orgId, followUp.id)) copies.push(c);
    expect(copies).toHaveLength(20);
    const one = (await store.contacts.findByPhone(orgId, followUp.id, '+12025551001'))!;
    const from = (await store.contacts.findByPhone(orgId, source.id, '+12025551001'))!;
    expect(one).toMatchObject({ status: 'pending', firstName: 'V1', language: 'es', customFields: { ward: '1' }, surveyAnswers: { support: 'yes' }, tags: ['vol'], windowKey: 'k', followUpOf: { campaignId: source.id, contactId: from.id } });
    expect((await store.campaigns.get(orgId, followUp.id))?.counters.contacts).toBe(20);

    const again = await runFollowUpSnapshot({ store, clock }, orgId, followUp.id);
    expect(again.ok && again.snapshot).toMatchObject({ status: 'done', read: 20, copied: 0, duplicates: 20 });
    expect((await store.campaigns.get(orgId, followUp.id))?.counters.contacts).toBe(20);
  });

  it('keeps who had the conversation, and stops (failed) when the source campaign is gone', async () => {
    const { store, orgId } = await seeded(0);
    const c = followUpContact({ id: 'c1', orgId, campaignId: 'src', phone: '+12025550100', firstName: 'A', lastName: '', timezones: [], windowKey: '', language: 'en', customFields: {}, status: 'replied', volunteerId: 'vol-9', surveyAnswers: {}, tags: [], createdAt: NOW, updatedAt: NOW });
    expect(c.followUpOf).toEqual({ campaignId: 'src', contactId: 'c1', volunteerId: 'vol-9' });
    expect(c).not.toHaveProperty('claimId');
    const orphan = await store.campaigns.create(orgId, { orgId, slug: 'orphan', name: 'Orphan', createdBy: 'm', followUpOf: { campaignId: '0123456789abcdef01234567', segment: {} } });
    expect(await runFollowUpSnapshot({ store, clock }, orgId, orphan.id)).toEqual({ ok: false, reason: 'source_gone' });
    expect((await store.campaigns.get(orgId, orphan.id))?.followUpOf?.snapshot?.status).toBe('failed');
  });
});

describe('thread continuity', () => {
  it('the follow-up contact takes over its source conversation once; none when the voter never had one', async () => {
    const { store, orgId, source, followUp } = await seeded(3);
    await runFollowUpSnapshot({ store, clock }, orgId, followUp.id);
    const from = (await store.contacts.findByPhone(orgId, source.id, '+12025551001'))!;
    const conv = await store.conversations.upsertForContact(orgId, { orgId, campaignId: source.id, contactId: from.id, volunteerId: 'vol-1', voterPhone: from.phone, lastDirection: 'inbound', lastMessageAt: new Date(NOW.getTime() - 60_000) });
    const copy = (await store.contacts.findByPhone(orgId, followUp.id, '+12025551001'))!;
    const moved = await continueConversation(store, copy, 'vol-2', NOW);
    expect(moved).toMatchObject({ previousVolunteerId: 'vol-1', conversation: { id: conv.id, campaignId: followUp.id, contactId: copy.id, volunteerId: 'vol-2' } });
    expect(await continueConversation(store, copy, 'vol-2', NOW)).toBeNull();
    const other = (await store.contacts.findByPhone(orgId, followUp.id, '+12025551002'))!;
    expect(await continueConversation(store, other, 'vol-2', NOW)).toBeNull();
  });
});
