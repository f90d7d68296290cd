// The web sandbox end to end over its HTTP API: after the demo's voters answered the survey (some
// yes, some no), `/textbank followup demo demo-yes answer:vote=yes` makes a campaign of exactly
// the yes voters; with a script of its own (`{answer.vote}` renders their answer) it texts only
// them, and each text and the voter's reply land in that voter's existing conversation and thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../src/commands/actions.js';
import type { Button, View } from '../../src/core/views/view.js';
import { fixedStartClock, startSandboxApp, SANDBOX_ID, type SandboxApp } from './support/sandbox-app.js';

/** Tuesday 2026-11-17 17:00Z: inside texting hours for every sample voter (R2.3). */
const TUESDAY = new Date('2026-11-17T17:00:00Z');
const CHANNEL = 'campaign';
const FOLLOW_UP_SCRIPT = 'Hi {firstName}, {texterName} with {orgName} again. You told us "{answer.vote}" about voting: polls open 7am Tuesday! Reply STOP to opt out. {disclaimer}';

const buttonsOf = (view: View): Button[] => view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.filter((e): e is Button => e.type === 'button') : []));
const textOf = (view: View): string => [view.text, ...view.blocks.map((b) => ('text' in b && typeof b.text === 'string' ? b.text : ''))].join('\n');

describe('web sandbox: a follow-up to the voters who said yes', () => {
  let app: SandboxApp;

  beforeAll(async () => {
    app = await startSandboxApp({ clock: fixedStartClock(TUESDAY) });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  async function api(path: string, body: unknown): Promise<{ modal?: { privateValue?: string } }> {
    const res = await fetch(`${app.url}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { modal?: { privateValue?: string } };
  }
  const command = (memberId: string, text: string) => api('command', { memberId, channelId: CHANNEL, text });
  const pressButton = (memberId: string, messageId: string, b: Button) => api('action', { memberId, messageId, actionId: b.id, ...(b.value !== undefined ? { value: b.value } : {}) });
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i += 1) {
      await app.queue.drain();
      await app.carrier.flush();
    }
  }
  function seenBy(memberId: string) {
    return app.chat.channels().flatMap((c) => app.chat.messagesFor(memberId, c.id).flatMap((m) => [m, ...app.chat.threadFor(memberId, m.id)]));
  }
  /** Claims from the campaign's post and presses Send until the batch is done. */
  async function claimAndSendAll(memberId: string, slug: string): Promise<void> {
    const post = app.chat.messagesFor(memberId, CHANNEL).filter((m) => buttonsOf(m.view).some((b) => b.id === ACTION.claim) && textOf(m.view).includes(`claim ${slug}\``)).at(-1);
    expect(post, `a claim post for ${slug}`).toBeDefined();
    await pressButton(memberId, post!.id, buttonsOf(post!.view).find((b) => b.id === ACTION.claim)!);
    for (let i = 0; i < 50; i += 1) {
      const card = seenBy(memberId).filter((m) => buttonsOf(m.view).some((b) => b.id === ACTION.send)).at(-1);
      if (!card) break;
      await pressButton(memberId, card.id, buttonsOf(card.view).find((b) => b.id === ACTION.send)!);
      await settle();
    }
  }

  it('makes a campaign of exactly the yes voters and texts only them, in their existing threads', async () => {
    await command('U-olivia', '/textbank setup');
    await command('U-olivia', '/textbank sandbox demo');
    await claimAndSendAll('U-val', 'demo');
    const firstTexts = app.carrier.sent();
    expect(firstTexts.length).toBeGreaterThanOrEqual(6);
    const org = (await app.store.orgs.findByExternal('sandbox', SANDBOX_ID))!;
    const demo = (await app.store.campaigns.findBySlug(org.id, 'demo'))!;

    // Six voters reply; Val records three yes and three no from the survey buttons in their threads.
    const phones = firstTexts.slice(0, 6).map((m) => m.to);
    const yes = phones.slice(0, 3);
    const no = phones.slice(3);
    for (const phone of phones) await api('phone', { from: phone, body: yes.includes(phone) ? 'I will be there' : 'Not this time' });
    await settle();
    const threadOf = new Map<string, string>();
    for (const phone of phones) {
      const conversation = (await app.store.conversations.findLatestForPhone(org.id, phone))!;
      expect(conversation.threads.length, 'the reply opened a thread').toBe(1);
      threadOf.set(phone, conversation.threads[0]!.threadId!);
      const message = seenBy('U-val').filter((m) => buttonsOf(m.view).some((b) => b.id === ACTION.survey && String(b.value).includes(conversation.id))).at(-1)!;
      const answer = buttonsOf(message.view).find((b) => b.id === ACTION.survey && b.label === (yes.includes(phone) ? 'Yes' : 'No'))!;
      await pressButton('U-val', message.id, answer);
    }
    await settle();
    const textsBefore = app.carrier.sent().length;

    // The follow-up: exactly the yes voters, with the survey copied and no script yet.
    await command('U-olivia', '/textbank followup demo demo-yes answer:vote=yes');
    await settle();
    const followUp = (await app.store.campaigns.findBySlug(org.id, 'demo-yes'))!;
    expect(followUp.status).toBe('draft');
    expect(followUp.followUpOf).toMatchObject({ campaignId: demo.id, segment: { answers: [{ questionId: 'vote', answerIds: ['yes'] }] }, snapshot: { status: 'done', copied: 3 } });
    expect(followUp.survey).toEqual(demo.survey);
    expect(followUp.cannedReplies).toEqual(demo.cannedReplies);
    const copied: string[] = [];
    for await (const c of app.store.contacts.streamByCampaign(org.id, followUp.id)) copied.push(c.phone);
    expect(copied.sort()).toEqual([...yes].sort());
    expect(seenBy('U-olivia').some((m) => textOf(m.view).includes('3 voters copied'))).toBe(true);

    // Its own script, then start, post and send.
    const opened = await command('U-olivia', '/textbank script edit demo-yes en');
    expect(opened.modal?.privateValue).toBeDefined();
    await api('modal', { memberId: 'U-olivia', channelId: CHANNEL, modalId: MODAL.script, privateValue: opened.modal!.privateValue, values: { initial: FOLLOW_UP_SCRIPT } });
    await command('U-olivia', '/textbank campaign start demo-yes');
    expect((await app.store.campaigns.get(org.id, followUp.id))?.status).toBe('active');
    await command('U-olivia', '/textbank post demo-yes');
    await claimAndSendAll('U-val', 'demo-yes');
    await settle();

    const followUpTexts = app.carrier.sent().slice(textsBefore);
    expect(followUpTexts.map((m) => m.to).sort()).toEqual([...yes].sort());
    for (const m of followUpTexts) expect(m.body).toContain('You told us "Yes"');
    for (const phone of no) expect(followUpTexts.some((m) => m.to === phone)).toBe(false);

    // Same conversation and thread: the text shows there, and the voter's answer lands under it.
    for (const phone of yes) {
      const conversation = (await app.store.conversations.findLatestForPhone(org.id, phone))!;
      expect(conversation.campaignId).toBe(followUp.id);
      expect(conversation.threads.map((t) => t.threadId)).toEqual([threadOf.get(phone)]);
      const messages = await app.store.messages.listByConversation(org.id, conversation.id, 50);
      expect(messages.filter((m) => m.kind === 'initial').map((m) => m.campaignId).sort()).toEqual([demo.id, followUp.id].sort());
      const thread = app.chat.threadFor('U-val', threadOf.get(phone)!);
      expect(thread.some((m) => textOf(m.view).includes('Follow-up from'))).toBe(true);
    }
    const replier = yes[0]!;
    await api('phone', { from: replier, body: 'See you there' });
    await settle();
    const conversation = (await app.store.conversations.findLatestForPhone(org.id, replier))!;
    const contact = (await app.store.contacts.get(org.id, conversation.contactId))!;
    expect(contact.campaignId).toBe(followUp.id);
    expect(contact.status).toBe('needs_reply');
    expect(app.chat.threadFor('U-val', threadOf.get(replier)!).some((m) => textOf(m.view).includes('See you there'))).toBe(true);
    expect(app.errors).toEqual([]);
  }, 60_000);
});
