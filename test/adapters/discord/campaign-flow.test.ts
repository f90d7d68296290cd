// Issue 9: a whole campaign on Discord with no Discord at all. Every interaction is a signed HTTP
// request to /discord/interactions (Ed25519 key pair made here, R7.3); every REST call the adapter
// makes lands on the fake Discord API, which the assertions read. Real store, queue, simulated
// carrier, engine, dispatcher, notifier and file service (the CSV is downloaded from the fake CDN).
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL } from '../../../src/commands/actions.js';
import { startDiscordApp, ORG_NUMBER, type DiscordApp } from './support/discord-app.js';
import { ANA, BEN, CHANNEL, GUILD, OWNER, buttonId, commandPayload, componentPayload, componentsOf, messagePayload, modalPayload, textOfBody } from './support/payloads.js';
import { VOTERS_CSV, SCRIPT } from './support/fixtures.js';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The newest message the bot posted in a channel (through the fake). */
function lastIn(a: DiscordApp, channelId: string) {
  const found = [...a.fake.messages.values()].filter((m) => m.channel_id === channelId);
  const last = found.at(-1);
  if (!last) throw new Error(`no message in ${channelId}`);
  return last;
}

/** Every message body anywhere (fake + our HTTP answers) says allowed_mentions: {parse: []}. */
function expectNoMentionsAnywhere(a: DiscordApp): number {
  const bodies = [...a.fake.messageBodies(), ...a.answers.filter((x) => x.body.type === 4 || x.body.type === 7).map((x) => x.body.data as Record<string, unknown>)];
  for (const body of bodies) expect(body.allowed_mentions, JSON.stringify(body).slice(0, 200)).toEqual({ parse: [] });
  return bodies.length;
}

async function setUpCampaign(a: DiscordApp): Promise<void> {
  const setup = await a.interact(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
  expect(setup.body.type).toBe(4);
  expect(setup.body.data?.flags).toBe(64);
  expect(textOfBody(setup.body.data)).toContain('Texas Forward');
  const created = await a.interact(commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' }));
  expect(textOfBody(created.body.data)).toContain('gotv');
  const optout = await a.interact(commandPayload(OWNER, ['optout', 'add'], { phone: '(718) 555-0105' }));
  expect(textOfBody(optout.body.data)).toContain('0105');
}

describe('Discord adapter: a campaign end to end over signed HTTP interactions (issue 9)', () => {
  it('setup, import via attachment, script modal, start, post, claim, Send x3 in place, a thread reply, STOP (R1.4 R5.2 R7.3)', async () => {
    app = await startDiscordApp();
    const a = app;
    await setUpCampaign(a);
    const org = (await a.store.orgs.findByExternal('discord', GUILD))!;
    expect(org.name).toBe('Texas Forward');
    expect((await a.store.members.findByPlatformUser(org.id, OWNER.id))?.role).toBe('owner');

    // --- import: the attachment option's CDN URL is downloaded; deferred at once, then edited ---
    const csvUrl = a.fake.serveFile('voters.csv', VOTERS_CSV, { delayMs: 150 });
    const imported = await a.interact(commandPayload(OWNER, ['import'], { campaign: 'gotv', file: { attachment: { filename: 'voters.csv', url: csvUrl } } }));
    expect(imported.body).toEqual({ type: 5, data: { flags: 64 } });
    await a.settle();
    const edits = a.fake.of('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(textOfBody(edits[0]!.body)).toContain('Importing voters.csv');
    expect(textOfBody(edits.at(-1)!.body)).toContain('4 of 7 rows imported');

    // --- script edit: a Discord modal (type 9, Label components), then its submit ---
    const opened = await a.interact(commandPayload(OWNER, ['script', 'edit'], { campaign: 'gotv', lang: 'en' }));
    expect(opened.body.type).toBe(9);
    const modal = opened.body.data as { custom_id: string; title: string; components: { type: number; component: { custom_id: string } }[] };
    expect(modal.custom_id.startsWith(`tbm:${MODAL.script}:`)).toBe(true);
    expect(modal.components.map((c) => [c.type, c.component.custom_id])).toEqual([[18, 'initial'], [18, 'follow_ups'], [18, 'canned']]);
    const saved = await a.interact(modalPayload(OWNER, modal.custom_id, { initial: SCRIPT, follow_ups: '', canned: 'Thanks: Thanks {firstName}!' }));
    expect(textOfBody(saved.body.data)).toContain('Saved the English script');

    // --- settings: conversations in private threads of the campaign channel ---
    const settings = await a.interact(commandPayload(OWNER, ['settings']));
    const settingsModal = settings.body.data as { custom_id: string };
    const changed = await a.interact(modalPayload(OWNER, settingsModal.custom_id, { name: 'Texas Forward', help_contact: '', optout_en: '', optout_es: '', visibility: { select: 'channel' } }));
    expect(changed.status).toBe(200);
    expect((await a.store.orgs.get(org.id))?.conversationVisibility).toBe('channel');

    // --- start and post: the post is a bot message in the channel with a Claim button ---
    expect(textOfBody((await a.interact(commandPayload(OWNER, ['campaign', 'start'], { campaign: 'gotv' }))).body.data)).toContain('is running');
    const posted = await a.interact(commandPayload(OWNER, ['post'], { campaign: 'gotv' }));
    expect(textOfBody(posted.body.data)).toContain('Posted');
    await a.settle();
    const post = lastIn(a, CHANNEL);
    expect(textOfBody(post.body)).toContain('**4** voters left to claim');

    // --- Ana presses Claim: her card arrives ephemeral; the post is edited to 0 left ---
    const claimed = await a.interact(componentPayload(ANA, buttonId(post.body, ACTION.claim), { id: post.id, channel_id: CHANNEL }));
    expect(claimed.body.type).toBe(4);
    expect(claimed.body.data?.flags).toBe(64);
    let card = claimed.body.data as Record<string, unknown>;
    expect(textOfBody(card)).toContain('1 of 4');
    await a.settle();
    expect(textOfBody(a.fake.messages.get(post.id)?.body)).toContain('**0** voters left to claim');

    // --- Send x3: each press answers 7 UPDATE_MESSAGE, so the card changes in place (R5.2a) ---
    const cardMessage = { id: a.fake.snowflake(), channel_id: CHANNEL, flags: 64 };
    for (let i = 0; i < 3; i += 1) {
      const sent = await a.interact(componentPayload(ANA, buttonId(card, ACTION.send), cardMessage));
      expect(sent.body.type).toBe(7);
      card = sent.body.data as Record<string, unknown>;
      expect(textOfBody(card)).toContain('✓ Sent to');
    }
    expect(textOfBody(card)).toContain('4 of 4');
    const send = componentsOf(card).find((c) => c.custom_id?.startsWith('tb:send:'));
    expect(send?.custom_id?.length).toBeLessThanOrEqual(100);

    // --- Ben presses Ana's Send: refused, nothing sent ---
    await a.settle();
    const before = a.carrier.sent().length;
    const stolen = await a.interact(componentPayload(BEN, buttonId(card, ACTION.send), cardMessage));
    expect(stolen.body.type).toBe(4);
    expect(stolen.body.data?.flags).toBe(64);
    expect(textOfBody(stolen.body.data)).toContain('No se envió nada');
    await a.settle();
    expect(a.carrier.sent()).toHaveLength(before);
    expect(before).toBe(3);

    // --- the voter replies with markup and @everyone: a private thread opens in the campaign channel ---
    const first = a.carrier.sent()[0]!;
    await a.carrier.injectReply({ from: first.to, to: ORG_NUMBER, body: 'Yes! *Count* me in @everyone <@&123>' });
    await a.settle();
    const threads = a.fake.of('POST', new RegExp(`^/channels/${CHANNEL}/threads$`));
    expect(threads).toHaveLength(1);
    expect(threads[0]!.body).toMatchObject({ type: 12, invitable: false });
    const threadId = [...a.fake.channels.values()].find((c) => c.type === 12)!.id;
    expect([...(a.fake.threadMembers.get(threadId) ?? [])]).toEqual([ANA.id]);
    const conversation = await a.store.conversations.findLatestForPhone(org.id, first.to);
    expect(conversation?.threads).toEqual([{ platform: 'discord', channelId: CHANNEL, threadId, messageId: expect.any(String) }]);
    const inbound = lastIn(a, threadId);
    const shown = textOfBody(inbound.body);
    expect(shown).toContain('> Yes! \\*Count\\* me in @\u200beveryone \\<@&123\\>');
    expect(componentsOf(inbound.body).some((c) => c.custom_id?.startsWith(`tb:${ACTION.canned}:`))).toBe(true);

    // --- Ana types in the thread: texted to the voter; the answer is a reply in the thread ---
    const typed = messagePayload(ANA, threadId, 'Great, see you at the polls!');
    expect(await a.adapter.handleMessageCreate(typed)).toBe('handled');
    await a.settle();
    expect(a.carrier.sent().at(-1)?.body).toBe('Great, see you at the polls!');
    const ack = lastIn(a, threadId);
    expect(textOfBody(ack.body)).toContain('Sent');
    expect(ack.body.message_reference).toMatchObject({ message_id: typed.id });
    // Ben typing in the same thread never texts the voter; bots and other channels are ignored.
    await a.adapter.handleMessageCreate(messagePayload(BEN, threadId, 'hola'));
    expect(await a.adapter.handleMessageCreate({ ...messagePayload(ANA, threadId, 'bot echo'), author: { id: '999', username: 'bot', bot: true } })).toBe('ignored');
    expect(await a.adapter.handleMessageCreate(messagePayload(ANA, CHANNEL, 'chatting in the channel'))).toBe('ignored');
    await a.settle();
    expect(a.carrier.sent().map((s) => s.body)).not.toContain('hola');

    // --- the thread was archived meanwhile; STOP reopens it (50083 -> unarchive -> post) (R1.4a) ---
    a.fake.archive(threadId);
    await a.carrier.injectReply({ from: first.to, to: ORG_NUMBER, body: 'STOP' });
    await a.settle();
    expect(await a.store.optOuts.isOptedOut(org.id, first.to)).toBe(true);
    expect(a.fake.of('PATCH', new RegExp(`^/channels/${threadId}$`)).map((c) => c.body)).toEqual([{ archived: false }]);
    expect(textOfBody(lastIn(a, threadId).body)).toContain('> STOP');
    expect(a.carrier.sent().at(-1)?.body).toContain('You are unsubscribed');

    // Nothing the bot said could ping anyone, and nothing failed on the way.
    expect(expectNoMentionsAnywhere(a)).toBeGreaterThan(15);
    expect(a.errors).toEqual([]);
  });
});
