// The web sandbox end to end over its HTTP API (the same calls the page makes, no browser): the
// organizer loads the demo, a volunteer claims and sends, a voter answers "Yes" from the phones
// panel, and the reply in the volunteer's thread shows "Looks like: Yes" with ONE primary button
// that records the survey answer and sends exactly one text (R5.2a); pressing it again sends
// nothing more (R5.2b).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Button, View } from '../../src/core/views/view.js';
import { fixedStartClock, startSandboxApp, SANDBOX_ID, type SandboxApp } from './support/sandbox-app.js';

/** Tuesday 2026-11-17 17:00Z: inside texting hours for every sample voter (R2.3). */
const TUESDAY = new Date('2026-11-17T17:00:00Z');
const CHANNEL = 'campaign';

const buttonsOf = (view: View): Button[] => view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.filter((e): e is Button => e.type === 'button') : []));
const textOf = (view: View): string => [view.text, ...view.blocks.map((b) => ('text' in b && typeof b.text === 'string' ? b.text : ''))].join('\n');

describe('web sandbox: one press after a voter says yes', () => {
  let app: SandboxApp;

  beforeAll(async () => {
    app = await startSandboxApp({ clock: fixedStartClock(TUESDAY) });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  async function api(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${app.url}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
    await res.arrayBuffer();
  }
  const command = (memberId: string, text: string) => api('command', { memberId, channelId: CHANNEL, text });
  const pressButton = (memberId: string, messageId: string, b: Button) => api('action', { memberId, messageId, actionId: b.id, ...(b.value !== undefined ? { value: b.value } : {}) });
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i += 1) {
      await app.queue.drain();
      await app.carrier.flush();
    }
  }
  /** Every message Val can see, thread replies included, newest last. */
  function seenByVal() {
    return app.chat.channels().flatMap((c) => app.chat.messagesFor('U-val', c.id).flatMap((m) => [m, ...app.chat.threadFor('U-val', m.id)]));
  }

  it('a voter\'s "yes" shows Record Yes and reply; one press records the answer and sends exactly one text', async () => {
    await command('U-olivia', '/textbank setup');
    await command('U-olivia', '/textbank sandbox demo');
    const post = app.chat.messagesFor('U-val', CHANNEL).find((m) => buttonsOf(m.view).some((b) => b.id === 'claim'));
    expect(post).toBeDefined();
    await pressButton('U-val', post!.id, buttonsOf(post!.view).find((b) => b.id === 'claim')!);
    const card = seenByVal().filter((m) => buttonsOf(m.view).some((b) => b.id === 'send')).at(-1)!;
    await pressButton('U-val', card.id, buttonsOf(card.view).find((b) => b.id === 'send')!);
    await settle();
    expect(app.carrier.sent()).toHaveLength(1);
    const phone = app.carrier.sent()[0]!.to;

    // The voter answers from the phones panel.
    await api('phone', { from: phone, body: 'Yes' });
    await settle();
    const inbound = seenByVal().filter((m) => textOf(m.view).includes('Looks like: **Yes**')).at(-1);
    expect(inbound, 'the voter reply with its triage in Val\'s thread').toBeDefined();
    const primary = buttonsOf(inbound!.view).filter((b) => b.style === 'primary');
    expect(primary.map((b) => b.label)).toEqual(['Record Yes and reply']);

    await pressButton('U-val', inbound!.id, primary[0]!);
    await settle();
    const toVoter = app.carrier.sent().filter((m) => m.to === phone);
    expect(toVoter).toHaveLength(2);
    const org = (await app.store.orgs.findByExternal('sandbox', SANDBOX_ID))!;
    const conversation = (await app.store.conversations.findLatestForPhone(org.id, phone))!;
    const contact = (await app.store.contacts.get(org.id, conversation.contactId))!;
    const campaign = (await app.store.campaigns.get(org.id, conversation.campaignId))!;
    const [question] = campaign.survey;
    expect(contact.surveyAnswers).toEqual({ [question!.id]: 'yes' });
    const stored = await app.store.messages.listByConversation(org.id, conversation.id, 50);
    const surveyTexts = stored.filter((m) => m.direction === 'outbound' && m.kind === 'survey');
    expect(surveyTexts.map((m) => m.body)).toEqual([toVoter[1]!.body]);
    expect(seenByVal().some((m) => textOf(m.view).includes('and sent the reply'))).toBe(true);

    // A second press of the same button sends nothing more.
    await pressButton('U-val', inbound!.id, primary[0]!);
    await settle();
    expect(app.carrier.sent().filter((m) => m.to === phone)).toHaveLength(2);
    expect(app.errors).toEqual([]);
  });
});
