// Follow-up campaigns, segmented posts and segment exports through the commands: the answers
// show the segment's counts; a follow-up copies exactly the matching voters (with their answers)
// into a draft with the survey copied and no script; a segmented post's Claim button carries ids
// only and its claims take only matching voters; an export takes only matching contacts.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/commands/actions.js';
import type { NewContact } from '../../src/core/model/contact.js';
import { actor, button, buttons, command, press, textOf, viewOf, world, type World } from './support/world.js';
import { CHANNEL, ana, ben, owner, runningCampaign } from './support/scenario.js';

const SURVEY = [{ id: 'support', text: 'Do you support Prop 5?', answers: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }];
const ownerEs = actor('U-owner', 'Olivia Owner', { isPlatformAdmin: true, locale: 'es-MX' });

/** The gotv campaign plus six voters: three answered yes (two of them Spanish speakers), three no. */
async function answered(w: World, opts: { start?: boolean } = {}) {
  const { org, campaignId } = await runningCampaign(w, opts);
  await w.store.campaigns.update(org.id, campaignId, { survey: SURVEY });
  const voter = (i: number, answer: 'yes' | 'no', language: 'en' | 'es'): NewContact => ({
    phone: `+1202555${String(1000 + i)}`, firstName: `Voter${i}`, lastName: 'Test', language, timezones: ['America/New_York'], windowKey: 'America/New_York', surveyAnswers: { support: answer },
  });
  await w.store.contacts.insertMany(org.id, campaignId, [voter(1, 'yes', 'es'), voter(2, 'yes', 'es'), voter(3, 'yes', 'en'), voter(4, 'no', 'es'), voter(5, 'no', 'en'), voter(6, 'no', 'en')]);
  return { org, campaignId, yes: ['+12025551001', '+12025551002', '+12025551003'] };
}

async function phonesOf(w: World, orgId: string, campaignId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const c of w.store.contacts.streamByCampaign(orgId, campaignId)) out.push(c.phone);
  return out.sort();
}

describe('/textbank followup', () => {
  it('makes a draft of exactly the matching voters, with their answers, the survey copied and no script', async () => {
    const w = await world();
    const { org, campaignId, yes } = await answered(w);
    const reply = textOf(viewOf((await w.handle(command(owner, 'followup gotv gotv-yes answer:support=yes')))[0]));
    expect(reply).toContain('Follow-up campaign');
    expect(reply).toContain('**3** voters match');
    expect(reply).toContain('script edit gotv-yes');
    const followUp = (await w.store.campaigns.findBySlug(org.id, 'gotv-yes'))!;
    expect(followUp).toMatchObject({ status: 'draft', scripts: {}, survey: SURVEY, followUpOf: { campaignId, segment: { answers: [{ questionId: 'support', answerIds: ['yes'] }] }, snapshot: { status: 'done', copied: 3, read: 3, total: 3 } } });
    expect(followUp.counters.contacts).toBe(3);
    expect(await phonesOf(w, org.id, followUp.id)).toEqual(yes);
    const copy = (await w.store.contacts.findByPhone(org.id, followUp.id, yes[0]!))!;
    const source = (await w.store.contacts.findByPhone(org.id, campaignId, yes[0]!))!;
    expect(copy).toMatchObject({ status: 'pending', language: 'es', surveyAnswers: { support: 'yes' }, followUpOf: { campaignId, contactId: source.id } });
    // The progress message went to the organizer's DM and ends with the count.
    const dms = w.gateway.of('dm').filter((c) => c.target === 'U-owner');
    expect(dms).toHaveLength(1);
    expect(textOf(w.gateway.of('update').at(-1)!.view!)).toContain('3 voters copied');
    expect(await w.store.audit.list(org.id, { action: 'campaign.follow_up_created' })).toHaveLength(1);
  });

  it('will not start while its voters are still being copied (it would start with only some of them)', async () => {
    const w = await world();
    const { org } = await answered(w);
    await w.handle(command(owner, 'followup gotv gotv-yes answer:support=yes'));
    const followUp = (await w.store.campaigns.findBySlug(org.id, 'gotv-yes'))!;
    const done = followUp.followUpOf!;
    await w.store.campaigns.update(org.id, followUp.id, { scripts: { en: { initial: 'Hi {firstName}, Texas Forward here: you told us yes! Reply STOP to opt out', followUps: [] } }, followUpOf: { ...done, snapshot: { ...done.snapshot!, status: 'running', copied: 2 } } });
    const refused = textOf(viewOf((await w.handle(command(owner, 'campaign start gotv-yes')))[0]));
    expect(refused).toContain('still being copied (2 so far)');
    expect((await w.store.campaigns.get(org.id, followUp.id))!.status).toBe('draft');
    await w.store.campaigns.update(org.id, followUp.id, { followUpOf: done });
    await w.handle(command(owner, 'campaign start gotv-yes'));
    expect((await w.store.campaigns.get(org.id, followUp.id))!.status).toBe('active');
  });

  it('answers in Spanish, and refuses a bad or taken short name, changing nothing', async () => {
    const w = await world();
    const { org } = await answered(w);
    expect(textOf(viewOf((await w.handle(command(ownerEs, 'followup gotv gotv-no answer:support=no')))[0]))).toContain('**3** votantes coinciden');
    expect(textOf(viewOf((await w.handle(command(owner, 'followup gotv Bad_Name answer:support=no')))[0]))).toContain('cannot be a short name');
    expect(textOf(viewOf((await w.handle(command(owner, 'followup gotv gotv-no answer:support=yes')))[0]))).toContain('gotv-no');
    expect((await w.store.campaigns.list(org.id)).map((c) => c.slug).sort()).toEqual(['gotv', 'gotv-no']);
    expect(textOf(viewOf((await w.handle(command(owner, 'followup gotv gotv-x answer:nope=yes')))[0]))).toContain('nope');
  });

  it('gives the volunteer who had a voter\'s conversation that voter first', async () => {
    const w = await world();
    const { org, campaignId, yes } = await answered(w);
    await w.handle(command(ana, 'claim gotv 1'));
    await w.handle(command(ben, 'claim gotv 1'));
    const member = async (userId: string) => (await w.store.members.findByPlatformUser(org.id, userId))!.id;
    const [anaId, benId] = [await member('U-ana'), await member('U-ben')];
    // Voters 1 and 2 talked with Ana, voter 3 with Ben.
    for (const [phone, who] of [[yes[0], anaId], [yes[1], anaId], [yes[2], benId]] as const) {
      const c = (await w.store.contacts.findByPhone(org.id, campaignId, phone!))!;
      await w.store.contacts.transition(org.id, c.id, ['pending'], 'messaged', w.clock.now(), { volunteerId: who });
    }
    await w.handle(command(owner, 'followup gotv gotv-yes answer:support=yes'));
    const followUp = (await w.store.campaigns.findBySlug(org.id, 'gotv-yes'))!;
    await w.store.campaigns.update(org.id, followUp.id, { scripts: { en: { initial: 'Hi {firstName}, thanks for your {answer.support} from Texas Forward! Reply STOP to opt out.', followUps: [] } } });
    expect(textOf(viewOf((await w.handle(command(owner, 'campaign start gotv-yes')))[0]))).toContain('is running');
    await w.handle(command(ben, 'claim gotv-yes 1'));
    const taken = async (who: string) => {
      const out: string[] = [];
      for await (const c of w.store.contacts.streamByCampaign(org.id, followUp.id)) if (c.volunteerId === who && c.status === 'assigned') out.push(c.phone);
      return out.sort();
    };
    expect(await taken(benId)).toEqual([yes[2]]);
    await w.handle(command(ana, 'claim gotv-yes 5'));
    expect(await taken(anaId)).toEqual([yes[0], yes[1]]);
  });

  it('is for organizers only', async () => {
    const w = await world();
    const { org } = await answered(w);
    await w.handle(command(ana, 'followup gotv gotv-yes answer:support=yes'));
    expect(await w.store.campaigns.findBySlug(org.id, 'gotv-yes')).toBeNull();
  });
});

describe('/textbank post with filters', () => {
  it('posts a Claim button carrying ids only; its claims take only matching voters, then none are left', async () => {
    const w = await world();
    const { org, campaignId } = await answered(w);
    const replies = await w.handle(command(owner, 'post gotv lang:es', { channelId: CHANNEL }));
    expect(textOf(viewOf(replies.at(-1)))).toContain('**3** voters match');
    const posted = w.gateway.of('post').at(-1)!.view!;
    expect(textOf(posted)).toContain('Only voters who match');
    const claim = button(posted, ACTION.claimSegment);
    expect(JSON.parse(claim.value!)).toEqual([campaignId, (await w.store.campaigns.get(org.id, campaignId))!.posts![0]!.id]);
    expect(claim.value).not.toContain('lang');

    const card = viewOf((await w.handle(press(ana, ACTION.claimSegment, claim.value)))[0]);
    expect(buttons(card).some((b) => b.id === ACTION.send)).toBe(true);
    const [claimRecord] = await w.store.claims.listActive(org.id, campaignId, (await w.store.members.findByPlatformUser(org.id, 'U-ana'))!.id);
    const taken: string[] = [];
    for await (const c of w.store.contacts.streamByCampaign(org.id, campaignId)) if (c.claimId === claimRecord!.id) taken.push(c.language);
    expect(taken).toEqual(['es', 'es', 'es']);
    // The post shows what is left; another volunteer gets a plain "none left" answer.
    expect(textOf(w.gateway.of('update').at(-1)!.view!)).toContain('**0** matching voters left');
    expect(textOf(viewOf((await w.handle(press(ben, ACTION.claimSegment, claim.value)))[0]))).toContain('No voter who matches this post');
    const pending = await w.store.contacts.countByStatus(org.id, campaignId);
    expect(pending.pending).toBeGreaterThan(0);
  });

  it('a button of a post that is gone claims nothing', async () => {
    const w = await world();
    const { campaignId } = await answered(w);
    expect(textOf(viewOf((await w.handle(press(ana, ACTION.claimSegment, JSON.stringify([campaignId, 'missing']))))[0]))).toContain('was removed');
  });
});

describe('/textbank export with filters', () => {
  it('exports only the matching contacts; filters with another kind are refused', async () => {
    const w = await world();
    await answered(w);
    const [reply] = await w.handle(command(owner, 'export gotv answer:support=yes'));
    if (reply?.kind !== 'file') throw new Error('no file');
    const lines = String(reply.file.content).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.includes('+1202555100'))).toBe(true);
    expect(textOf(reply.view)).toContain('Only voters who match');
    expect(textOf(viewOf((await w.handle(command(owner, 'export gotv messages lang:es')))[0]))).toContain('contacts export only');
  });
});
