import { describe, expect, it } from 'vitest';
import { contactsFor, harness, SCRIPTS, startedCampaign } from './harness.js';

describe('CampaignService', () => {
  it('creates drafts for organizers only, with a unique slug per org', async () => {
    const h = await harness();
    const [ana] = h.volunteers;
    expect(await h.engine.campaigns.create(h.org.id, { slug: 'gotv', name: 'GOTV' }, ana!.id)).toMatchObject({ ok: false, reason: 'engine:auth.forbidden', params: { needed: 'organizer' } });
    const first = await h.engine.campaigns.create(h.org.id, { slug: 'gotv', name: 'GOTV' }, h.organizer.id);
    expect(first).toMatchObject({ ok: true, campaign: { status: 'draft', slug: 'gotv', createdBy: h.organizer.id } });
    expect(await h.engine.campaigns.create(h.org.id, { slug: 'gotv', name: 'Again' }, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.slug_taken', params: { slug: 'gotv' } });
    expect(await h.engine.campaigns.create(h.org.id, { slug: 'Bad Slug!', name: 'x' }, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.invalid', params: { field: 'slug' } });
    expect(await h.store.audit.list(h.org.id, { action: 'campaign.created' })).toHaveLength(1);
  });

  it('R3.1/R3.2: lint findings come back on save; errors block start, warnings do not', async () => {
    const h = await harness();
    const created = await h.engine.campaigns.create(h.org.id, { slug: 'c1', name: 'C1', scripts: { en: { initial: 'Hi {firstName}, vote on Tuesday!', followUps: [] } } }, h.organizer.id);
    if (!created.ok) throw new Error(created.reason);
    expect(created.findings.map((f) => [f.rule, f.severity, f.where])).toEqual(expect.arrayContaining([['R3.1', 'error', 'initial'], ['R3.2', 'error', 'initial']]));
    await h.store.contacts.insertMany(h.org.id, created.campaign.id, contactsFor(3));
    const refused = await h.engine.campaigns.start(h.org.id, created.campaign.id, h.organizer.id);
    expect(refused).toMatchObject({ ok: false, reason: 'engine:campaign.script_errors', params: { count: 2 } });
    expect(!refused.ok && refused.findings?.length).toBe(2);
    const fixed = await h.engine.campaigns.updateScripts(h.org.id, created.campaign.id, { en: { initial: 'Hi {firstName}, {orgName} here. Free beer at the rally! Reply STOP to opt out.' } }, h.organizer.id);
    expect(fixed).toMatchObject({ ok: true });
    expect(fixed.ok && fixed.findings.map((f) => [f.rule, f.severity])).toEqual([['R3.4', 'warning']]);
    expect(await h.engine.campaigns.start(h.org.id, created.campaign.id, h.organizer.id)).toMatchObject({ ok: true, campaign: { status: 'active' } });
  });

  it('a running campaign refuses scripts with errors (R3.5 shortener), a draft keeps them for later', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 3);
    const bad = { en: { initial: 'Hi from {orgName}! See bit.ly/x. Reply STOP to opt out.', followUps: [] } };
    expect(await h.engine.campaigns.updateScripts(h.org.id, campaign.id, bad, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.script_errors' });
    expect((await h.store.campaigns.get(h.org.id, campaign.id))?.scripts).toEqual(SCRIPTS);
    const draft = await h.engine.campaigns.create(h.org.id, { slug: 'draft', name: 'Draft' }, h.organizer.id);
    if (!draft.ok) throw new Error(draft.reason);
    const saved = await h.engine.campaigns.updateScripts(h.org.id, draft.campaign.id, bad, h.organizer.id);
    expect(saved.ok && saved.findings.some((f) => f.rule === 'R3.5' && f.severity === 'error')).toBe(true);
    expect(await h.engine.campaigns.updateCannedReplies(h.org.id, campaign.id, [{ id: 'x', label: 'X', text: { en: 'see tinyurl.com/abc' } }], h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.script_errors' });
  });

  it('refuses to start without contacts or without any script', async () => {
    const h = await harness();
    const noScript = await h.engine.campaigns.create(h.org.id, { slug: 'empty', name: 'Empty' }, h.organizer.id);
    if (!noScript.ok) throw new Error(noScript.reason);
    expect(await h.engine.campaigns.start(h.org.id, noScript.campaign.id, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.no_contacts' });
    await h.store.contacts.insertMany(h.org.id, noScript.campaign.id, contactsFor(2));
    expect(await h.engine.campaigns.start(h.org.id, noScript.campaign.id, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.no_script' });
  });

  it('validates survey links, tags and canned replies', async () => {
    const h = await harness();
    const c = await h.engine.campaigns.create(h.org.id, { slug: 's', name: 'S' }, h.organizer.id);
    if (!c.ok) throw new Error(c.reason);
    const dangling = [{ id: 'q1', text: 'Q?', answers: [{ id: 'a', label: 'A', nextQuestionId: 'nope' }] }];
    expect(await h.engine.campaigns.updateSurvey(h.org.id, c.campaign.id, dangling, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.unknown_question', params: { questionId: 'nope' } });
    expect(await h.engine.campaigns.updateTags(h.org.id, c.campaign.id, [{ id: '', label: 'x' }], h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.invalid' });
    expect(await h.engine.campaigns.updateTags(h.org.id, c.campaign.id, [{ id: 'lead', label: 'Lead' }], h.organizer.id)).toMatchObject({ ok: true, campaign: { tags: [{ id: 'lead', label: 'Lead' }] } });
  });

  it('pause / resume / archive: transitions are atomic, and archiving releases active claims', async () => {
    const h = await harness();
    const campaign = await startedCampaign(h, 10, { batchSize: 3 });
    const [ana] = h.volunteers;
    const claim = await h.engine.claims.claim(h.org.id, campaign.id, ana!.id);
    expect(claim.ok).toBe(true);
    expect(await h.engine.campaigns.pause(h.org.id, campaign.id, h.organizer.id)).toMatchObject({ ok: true, campaign: { status: 'paused' } });
    expect(await h.engine.campaigns.pause(h.org.id, campaign.id, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.bad_transition', params: { from: 'paused', to: 'paused' } });
    expect(await h.engine.claims.claim(h.org.id, campaign.id, h.volunteers[1]!.id)).toMatchObject({ ok: false, reason: 'engine:claim.campaign_paused' });
    if (claim.ok && claim.next) {
      const press = await h.engine.send.sendInitial({ orgId: h.org.id, claimId: claim.claim.id, contactId: claim.next.id, pressedBy: ana!.id, interactionId: 'ix-paused', platform: 'slack' });
      expect(press).toMatchObject({ ok: false, reason: 'engine:claim.campaign_paused' });
    }
    expect(await h.engine.campaigns.resume(h.org.id, campaign.id, h.organizer.id)).toMatchObject({ ok: true, campaign: { status: 'active' } });
    expect(await h.engine.campaigns.archive(h.org.id, campaign.id, h.organizer.id)).toMatchObject({ ok: true, campaign: { status: 'archived' } });
    expect(await h.store.claims.listActive(h.org.id, campaign.id)).toEqual([]);
    expect((await h.store.contacts.countByStatus(h.org.id, campaign.id)).pending).toBe(10);
    expect(await h.engine.campaigns.updateScripts(h.org.id, campaign.id, SCRIPTS, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.archived' });
    expect(await h.engine.campaigns.resume(h.org.id, campaign.id, h.organizer.id)).toMatchObject({ ok: false, reason: 'engine:campaign.archived' });
    const actions = (await h.store.audit.list(h.org.id, { limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['campaign.started', 'campaign.paused', 'campaign.resumed', 'campaign.archived']));
  });
});
