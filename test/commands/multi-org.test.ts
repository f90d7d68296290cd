// Several workspaces on one carrier: a sender (number or Messaging Service) belongs to exactly one
// org, inbound texts route only by the exact sender they reached, and an opt-out never crosses
// orgs (R1.2, R1.4, R1.5, R1.6). The measured failure: org Two's voter replied STOP, and the
// opt-out, the confirmation ("Org One: ...") and the reply all went to org One.
import { describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import type { Org } from '../../src/core/model/org.js';
import { ORG_NUMBER, actor, button, command, press, submit, textOf, viewOf, world, type World } from './support/world.js';
import { fixtureUrl } from './support/scenario.js';

const ONE = { owner: actor('U-one-owner', 'Olivia One', { isPlatformAdmin: true, orgExternalId: 'T-one', orgName: 'Org One' }), vol: actor('U-one-ana', 'Ana One', { orgExternalId: 'T-one', orgName: 'Org One' }) };
const TWO = { owner: actor('U-two-owner', 'Tom Two', { isPlatformAdmin: true, orgExternalId: 'T-two', orgName: 'Org Two' }), vol: actor('U-two-bo', 'Bo Two', { orgExternalId: 'T-two', orgName: 'Org Two' }) };
const TWO_NUMBER = '+13125550100';
const SCRIPT = 'Hi {firstName}, this is {texterName} with {orgName}. Can we count on your vote? Reply STOP to opt out.';

type Side = typeof ONE;

async function orgOf(w: World, side: Side): Promise<Org> {
  return (await w.store.orgs.findByExternal('sandbox', side.owner.orgExternalId)) as Org;
}

/** setup + campaign create + import + script + start, all through commands. Returns the start reply text. */
async function campaignFor(w: World, side: Side, slug = 'gotv'): Promise<string> {
  await w.handle(command(side.owner, `campaign create ${slug} Get out the vote`, { channelId: 'C-gotv' }));
  await w.handle(command(side.owner, `import ${slug}`, { attachments: [{ name: 'voters.csv', url: fixtureUrl('voters.csv') }] }));
  const [opened] = await w.handle(command(side.owner, `script edit ${slug} en`));
  if (opened?.kind !== 'modal') throw new Error('script edit did not open a modal');
  await w.handle(submit(side.owner, MODAL.script, opened.modal.privateValue, { initial: SCRIPT }));
  return textOf(viewOf((await w.handle(command(side.owner, `campaign start ${slug}`)))[0]));
}

/** The volunteer claims and presses Send once; returns the text the carrier accepted. */
async function sendOne(w: World, side: Side, slug = 'gotv') {
  const card = viewOf((await w.handle(command(side.vol, `claim ${slug}`)))[0]);
  const before = w.carrier.sent().length;
  await w.handle(press(side.vol, ACTION.send, button(card, ACTION.send).value));
  await w.settle();
  const sent = w.carrier.sent().slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

describe('one sender per org', () => {
  it('setup of a second org on the configured sender creates it without one and says how to get one; it cannot start a campaign', async () => {
    const w = await world();
    await w.handle(command(ONE.owner, 'setup'));
    const reply = textOf(viewOf((await w.handle(command(TWO.owner, 'setup')))[0]));
    expect(reply).toContain('Org Two');
    expect(reply).toContain('has no SMS sender yet');
    expect(reply).toContain('/textbank settings sender:MG...');
    expect((await orgOf(w, ONE)).sms.numbers).toEqual([ORG_NUMBER]);
    expect((await orgOf(w, TWO)).sms).toEqual({ numbers: [] });
    const start = await campaignFor(w, TWO);
    expect(start).toContain('has no SMS sender yet, so it cannot start a campaign');
    expect((await w.store.campaigns.findBySlug((await orgOf(w, TWO)).id, 'gotv'))?.status).toBe('draft');
    // Spanish too.
    const es = actor('U-three-owner', 'Tres', { isPlatformAdmin: true, orgExternalId: 'T-three', orgName: 'Org Tres', locale: 'es-MX' });
    expect(textOf(viewOf((await w.handle(command(es, 'setup')))[0]))).toContain('todavía no tiene remitente SMS');
  });

  it("the measured case: org Two's voter replies STOP; only org Two records it, confirms it in its own name, and never texts them again", async () => {
    const w = await world();
    await w.handle(command(ONE.owner, 'setup'));
    await w.handle(command(TWO.owner, 'setup'));
    // Org Two's owner gives it its own sender; org One's number is refused.
    expect(textOf(viewOf((await w.handle(command(TWO.owner, `settings sender:${ORG_NUMBER}`)))[0]))).toContain('already used by another organization');
    const set = textOf(viewOf((await w.handle(command(TWO.owner, `settings sender:${TWO_NUMBER}`)))[0]));
    expect(set).toContain(TWO_NUMBER);
    const one = await orgOf(w, ONE);
    const two = await orgOf(w, TWO);
    expect(await campaignFor(w, ONE)).toContain('is running');
    expect(await campaignFor(w, TWO)).toContain('is running');

    // Both orgs text the same voter, each from its own number.
    const fromOne = await sendOne(w, ONE);
    const fromTwo = await sendOne(w, TWO);
    expect(fromOne.to).toBe(fromTwo.to);
    expect(fromOne.from).toBe(ORG_NUMBER);
    expect(fromTwo.from).toBe(TWO_NUMBER);
    const voter = fromTwo.to;
    const callsBefore = w.gateway.calls.length;

    // The voter answers org Two's text with STOP.
    const sentBefore = w.carrier.sent().length;
    await w.carrier.injectReply({ from: voter, to: TWO_NUMBER, body: 'STOP' });
    await w.settle();
    expect(await w.store.optOuts.isOptedOut(two.id, voter)).toBe(true);
    expect(await w.store.optOuts.isOptedOut(one.id, voter)).toBe(false);
    const confirmations = w.carrier.sent().slice(sentBefore);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ to: voter, from: TWO_NUMBER });
    expect(confirmations[0]!.body).toMatch(/^Org Two: You are unsubscribed/);
    // Org One sees nothing: no stored inbound, no audit, no chat post for its people.
    const oneConversation = await w.store.conversations.findLatestForPhone(one.id, voter);
    expect(oneConversation?.lastDirection).toBe('outbound');
    expect(oneConversation?.threads).toEqual([]);
    expect(await w.store.messages.listUnmatched(one.id)).toEqual([]);
    expect(await w.store.audit.list(one.id, { action: 'message.received' })).toEqual([]);
    expect(await w.store.audit.list(two.id, { action: 'optout.recorded' })).toHaveLength(1);
    const posted = w.gateway.calls.slice(callsBefore);
    expect(posted.length).toBeGreaterThan(0);
    for (const c of posted) expect(c.target).not.toContain('U-one');
    expect(posted.some((c) => c.target === 'U-two-bo' || JSON.stringify(c.view ?? {}).includes('Bo Two'))).toBe(true);

    // Org Two's later campaign and claim refuse to text them; org One still may (its own list).
    expect(await campaignFor(w, TWO, 'gotv-2')).toContain('is running');
    const second = (await w.store.campaigns.findBySlug(two.id, 'gotv-2'))!;
    const phones: string[] = [];
    for await (const c of w.store.contacts.streamByCampaign(two.id, second.id)) phones.push(c.phone);
    expect(phones.length).toBeGreaterThan(0);
    expect(phones).not.toContain(voter);
    const sentAfterStop = w.carrier.sent().length;
    for (let i = 0; i < 6; i += 1) {
      const card = viewOf((await w.handle(command(TWO.vol, 'claim gotv-2')))[0]);
      const send = card.blocks.some((b) => b.type === 'actions' && b.elements.some((e) => e.id === ACTION.send));
      if (!send) break;
      await w.handle(press(TWO.vol, ACTION.send, button(card, ACTION.send).value));
    }
    await w.settle();
    expect(w.carrier.sent().slice(sentAfterStop).filter((s) => s.to === voter)).toEqual([]);
    expect(w.carrier.sent().slice(sentAfterStop).every((s) => s.from === TWO_NUMBER)).toBe(true);
    expect(await w.store.optOuts.isOptedOut(one.id, voter)).toBe(false);
  });

  it('the simulated carrier gives each further org its own number, so replies reach the org that texted', async () => {
    const w = await world();
    w.services.orgDefaults = { sms: { numbers: [ORG_NUMBER] }, spareSenders: [{ numbers: [TWO_NUMBER] }], keywordReplies: 'textbank' };
    await w.handle(command(ONE.owner, 'setup'));
    const reply = textOf(viewOf((await w.handle(command(TWO.owner, 'setup')))[0]));
    expect(reply).not.toContain('no SMS sender');
    expect((await orgOf(w, TWO)).sms.numbers).toEqual([TWO_NUMBER]);
    expect((await orgOf(w, TWO)).keywordReplies).toBe('textbank');
    await campaignFor(w, ONE);
    await campaignFor(w, TWO);
    await sendOne(w, ONE);
    const t = await sendOne(w, TWO);
    await w.carrier.injectReply({ from: t.to, to: t.from!, body: 'please remove me' });
    await w.settle();
    expect(await w.store.optOuts.isOptedOut((await orgOf(w, TWO)).id, t.to)).toBe(true);
    expect(await w.store.optOuts.isOptedOut((await orgOf(w, ONE)).id, t.to)).toBe(false);
  });

  it('R1.4: STOP to a number no org owns is kept unrouted (no org opts out) and applied to the org that later takes the number', async () => {
    const w = await world();
    await w.handle(command(ONE.owner, 'setup'));
    await w.handle(command(TWO.owner, 'setup'));
    const voter = '+12125550101';
    await w.carrier.injectReply({ from: voter, to: TWO_NUMBER, body: 'Stop.' });
    await w.settle();
    const one = await orgOf(w, ONE);
    const two = await orgOf(w, TWO);
    expect(await w.store.optOuts.isOptedOut(one.id, voter)).toBe(false);
    expect(await w.store.optOuts.isOptedOut(two.id, voter)).toBe(false);
    expect(await w.store.unroutedInbound.listForSenders([TWO_NUMBER])).toMatchObject([{ from: voter, kind: 'opt_out', rule: 'keyword:STOP' }]);
    expect(w.carrier.sent()).toEqual([]);
    await w.handle(command(TWO.owner, `settings sender:${TWO_NUMBER}`));
    expect(await w.store.optOuts.isOptedOut(two.id, voter)).toBe(true);
    expect(await w.store.optOuts.isOptedOut(one.id, voter)).toBe(false);
    const [audit] = await w.store.audit.list(two.id, { action: 'org.sender_set' });
    expect(audit?.data).toMatchObject({ to: [TWO_NUMBER], adoptedOptOuts: 1 });
  });
});

describe('/textbank settings: sender and keyword replies', () => {
  it('shows them, validates the sender, and saves the keyword-reply mode (en, es)', async () => {
    const w = await world();
    await w.handle(command(ONE.owner, 'setup'));
    const shown = textOf(viewOf((await w.handle(command(ONE.owner, 'settings sms')))[0]));
    expect(shown).toContain('SMS settings of');
    expect(shown).toContain(ORG_NUMBER);
    expect(shown).toContain('Textbank sends the one opt-out confirmation');
    expect(textOf(viewOf((await w.handle(command(ONE.owner, 'settings sender:hello')))[0]))).toContain('is not a Messaging Service SID');
    const mg = `MG${'ab'.repeat(16)}`;
    expect(textOf(viewOf((await w.handle(command(ONE.owner, `settings sender:${mg} keyword_replies:carrier`)))[0]))).toContain(mg);
    const org = await orgOf(w, ONE);
    expect(org.sms).toEqual({ numbers: [], messagingServiceSid: mg });
    expect(org.keywordReplies).toBe('carrier');
    // The configured number is free again for another org.
    expect((await w.store.orgs.findBySender({ number: ORG_NUMBER }))).toBeNull();
    const es = actor('U-one-owner', 'Olivia One', { isPlatformAdmin: true, orgExternalId: 'T-one', orgName: 'Org One', locale: 'es-MX' });
    expect(textOf(viewOf((await w.handle(command(es, 'settings keyword_replies:textbank')))[0]))).toContain('Textbank envía la única confirmación');
    expect((await orgOf(w, ONE)).keywordReplies).toBe('textbank');
    // Volunteers may not change it.
    const denied = textOf(viewOf((await w.handle(command(ONE.vol, 'settings keyword_replies:carrier')))[0]));
    expect(denied).toContain('owner');
    expect((await orgOf(w, ONE)).keywordReplies).toBe('textbank');
    // While a campaign runs, voters answer the current sender: it cannot change.
    await w.handle(command(ONE.owner, 'campaign create gotv Get out the vote', { channelId: 'C-gotv' }));
    await w.handle(command(ONE.owner, 'import gotv', { attachments: [{ name: 'voters.csv', url: fixtureUrl('voters.csv') }] }));
    const [opened] = await w.handle(command(ONE.owner, 'script edit gotv en'));
    if (opened?.kind !== 'modal') throw new Error('script edit did not open a modal');
    await w.handle(submit(ONE.owner, MODAL.script, opened.modal.privateValue, { initial: SCRIPT }));
    expect(textOf(viewOf((await w.handle(command(ONE.owner, 'campaign start gotv')))[0]))).toContain('is running');
    expect(textOf(viewOf((await w.handle(command(ONE.owner, `settings sender:${TWO_NUMBER}`)))[0]))).toContain('cannot change while a campaign is running');
    expect((await orgOf(w, ONE)).sms).toEqual({ numbers: [], messagingServiceSid: mg });
    // The form still opens with no option.
    expect((await w.handle(command(ONE.owner, 'settings')))[0]?.kind).toBe('modal');
  });
});
