// Responding within Discord's 3 seconds (deferrals and @original edits), exports into the
// organizer's DM, duplicates, the gateway transport (REST callbacks; raw dispatches from a real
// discord.js Client), conversations rooted in a DM, and thread lookups from another process.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, createDiscordClient, createDiscordRest, listenRaw } from '../../../src/adapters/discord/index.js';
import { ACTION } from '../../../src/commands/actions.js';
import { FAKE_APP_ID } from '../../support/fake-discord.js';
import { startDiscordApp, ORG_NUMBER, type DiscordApp } from './support/discord-app.js';
import { ANA, CHANNEL, GUILD, OWNER, buttonId, commandPayload, componentPayload, messagePayload, modalPayload, textOfBody } from './support/payloads.js';
import { runToFirstText } from './support/scenario.js';
import { VOTERS_CSV } from './support/fixtures.js';

let app: DiscordApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const original = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
const followUps = /^\/webhooks\/\d+\/[^/]+$/;

describe('answering within 3 seconds (R7.3)', () => {
  it('a command still working after deferAfterMs is deferred (5, ephemeral), then @original is edited', async () => {
    app = await startDiscordApp({ deferAfterMs: 30, slowHandle: (inv) => (inv.kind === 'command' ? 200 : 0) });
    const started = Date.now();
    const res = await app.interact(commandPayload(OWNER, ['help']));
    expect(Date.now() - started).toBeLessThan(200);
    expect(res.body).toEqual({ type: 5, data: { flags: 64 } });
    await app.settle();
    const edits = app.fake.of('PATCH', original);
    expect(edits).toHaveLength(1);
    expect(textOfBody(edits[0]!.body)).toContain('/textbank');
    expect(edits[0]!.authorization).toBeUndefined();
  });

  it('a slow button press is deferred with 6 and its ephemeral answer follows up', async () => {
    app = await startDiscordApp({ deferAfterMs: 30, slowHandle: (inv) => (inv.kind === 'action' ? 200 : 0) });
    await app.interact(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
    const res = await app.interact(componentPayload(OWNER, 'tb:no_such_action:', { id: app.fake.snowflake(), channel_id: CHANNEL }));
    expect(res.body).toEqual({ type: 6 });
    await app.settle();
    const sent = app.fake.of('POST', followUps);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
  });

  it('export: deferred at once; the CSV goes to the organizer\'s DM as files[0]; @original says so', async () => {
    app = await startDiscordApp();
    await runToFirstText(app);
    const res = await app.interact(commandPayload(OWNER, ['export'], { campaign: 'gotv', kind: 'contacts' }));
    expect(res.body).toEqual({ type: 5, data: { flags: 64 } });
    await app.settle();
    const dm = app.fake.of('POST', /^\/users\/@me\/channels$/).map((c) => c.body);
    expect(dm).toEqual([{ recipient_id: OWNER.id }]);
    const dmChannel = [...app.fake.channels.values()].find((c) => c.type === 1 && c.recipient === OWNER.id)!;
    const upload = app.fake.of('POST', new RegExp(`^/channels/${dmChannel.id}/messages$`))[0]!;
    expect(upload.files.map((f) => f.field)).toEqual(['files[0]']);
    expect(upload.files[0]!.name).toMatch(/^gotv-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(upload.files[0]!.content.toString('utf8')).toMatch(/phone/i);
    expect(upload.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(textOfBody(app.fake.of('PATCH', original).at(-1)!.body)).toMatch(/gotv-contacts/);
  });

  it('an export to a member who blocks DMs says how to allow them', async () => {
    app = await startDiscordApp();
    await runToFirstText(app);
    app.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, code: 50007, message: 'Cannot send messages to this user' });
    await app.interact(commandPayload(OWNER, ['export'], { campaign: 'gotv' }));
    await app.settle();
    expect(app.fake.of('POST', followUps).map((c) => textOfBody(c.body))).toEqual([expect.stringContaining('Allow direct messages')]);
    expect(app.errors).toEqual([]);
  });
});

describe('interaction ids and unusual answers', () => {
  it('the same interaction delivered twice is handled once (R5.2b, R7.3)', async () => {
    app = await startDiscordApp();
    const setup = commandPayload(OWNER, ['setup'], { name: 'Texas Forward' });
    expect(textOfBody((await app.interact(setup)).body.data)).toContain('Texas Forward');
    expect(textOfBody((await app.interact(setup)).body.data)).toBe('This was already handled.');
  });

  it('form errors come back as an ephemeral list; unknown buttons say they are gone', async () => {
    app = await startDiscordApp();
    await app.interact(commandPayload(OWNER, ['setup'], { name: 'Texas Forward' }));
    const settings = (await app.interact(commandPayload(OWNER, ['settings']))).body.data as { custom_id: string };
    const bad = await app.interact(modalPayload(OWNER, settings.custom_id, { name: ' ', help_contact: '', optout_en: '', optout_es: '', visibility: { select: 'private' } }));
    expect(bad.body.type).toBe(4);
    expect(textOfBody(bad.body.data)).toMatch(/^Nothing was saved[^\n]*\n• /);
    const gone = await app.interact(componentPayload(OWNER, 'not-ours', { id: app.fake.snowflake(), channel_id: CHANNEL }));
    expect(gone.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('no longer available') } });
  });
});

describe('the gateway transport', () => {
  it('answers INTERACTION_CREATE with POST /interactions/{id}/{token}/callback (no bot token), then edits @original', async () => {
    app = await startDiscordApp();
    const setup = commandPayload(OWNER, ['setup'], { name: 'Texas Forward' });
    expect(await app.adapter.handleGatewayInteraction(setup)).toBe('answered');
    const [callback] = app.fake.of('POST', /\/callback$/);
    expect(callback?.path).toBe(`/interactions/${setup.id}/${setup.token}/callback`);
    expect(callback?.authorization).toBeUndefined();
    expect(callback?.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    // Gateway presses are recorded as not signature-verified (the audit row says how it came).
    await app.adapter.handleGatewayInteraction(commandPayload(OWNER, ['campaign', 'create'], { slug: 'gotv', name: 'Get out the vote' }));
    const url = app.fake.serveFile('v.csv', VOTERS_CSV, { delayMs: 100 });
    await app.adapter.handleGatewayInteraction(commandPayload(OWNER, ['import'], { campaign: 'gotv', file: { attachment: { filename: 'v.csv', url } } }));
    await app.settle();
    expect(app.fake.of('POST', /\/callback$/).at(-1)?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(textOfBody(app.fake.of('PATCH', original).at(-1)?.body)).toMatch(/\d of 7 rows imported/);
  });

  it('routes raw dispatches of a discord.js client (built with the intents, not connected) to the handlers', async () => {
    app = await startDiscordApp();
    const client = createDiscordClient({ token: app.fake.token, apiUrl: app.fake.apiUrl });
    const seen: string[] = [];
    const stop = listenRaw(client, { onInteraction: (d) => void seen.push(`i:${(d as { id: string }).id}`), onMessageCreate: (d) => void seen.push(`m:${(d as { id: string }).id}`) });
    client.emit('raw' as never, { t: 'INTERACTION_CREATE', d: { id: '1' } } as never);
    client.emit('raw' as never, { t: 'MESSAGE_CREATE', d: { id: '2' } } as never);
    client.emit('raw' as never, { t: 'GUILD_CREATE', d: { id: '3' } } as never);
    stop();
    client.emit('raw' as never, { t: 'MESSAGE_CREATE', d: { id: '4' } } as never);
    expect(seen).toEqual(['i:1', 'm:2']);
    expect(client.options.intents.toArray()).toEqual(['Guilds', 'GuildMessages', 'DirectMessages', 'MessageContent']);
    expect(client.rest.options.api).toBe(app.fake.apiUrl);
    await client.destroy();
  });
});

describe('conversation threads', () => {
  it('private visibility (the default): the conversation gets a private thread in the campaign channel, the volunteer added', async () => {
    app = await startDiscordApp();
    const { org, voterPhone } = await runToFirstText(app);
    expect(org.conversationVisibility).toBe('private');
    await app.carrier.injectReply({ from: voterPhone, to: ORG_NUMBER, body: 'Who is this?' });
    await app.settle();
    const threads = [...app.fake.channels.values()].filter((c) => c.type === 12);
    expect(threads).toHaveLength(1);
    expect(app.fake.of('PUT', new RegExp(`^/channels/${threads[0]!.id}/thread-members/${ANA.id}$`))).toHaveLength(1);
    const messages = [...app.fake.messages.values()];
    const dms = [...app.fake.channels.values()].filter((c) => c.type === 1 && c.recipient === ANA.id);
    expect(dms.flatMap((dm) => messages.filter((m) => m.channel_id === dm.id))).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it('DM fallback (no members-only threads): the voter\'s reply is a reply to the header; Reply there texts back; buttons work without a guild id', async () => {
    app = await startDiscordApp({ dmConversations: true });
    const { org, voterPhone } = await runToFirstText(app);
    expect(org.conversationVisibility).toBe('private');
    await app.carrier.injectReply({ from: voterPhone, to: ORG_NUMBER, body: 'Who is this?' });
    await app.settle();
    const dm = [...app.fake.channels.values()].find((c) => c.type === 1 && c.recipient === ANA.id)!;
    const inDm = [...app.fake.messages.values()].filter((m) => m.channel_id === dm.id);
    expect(inDm).toHaveLength(2);
    const [header, inbound] = inDm;
    expect(inbound!.body.message_reference).toEqual({ message_id: header!.id, fail_if_not_exists: false });
    // Ana uses Reply on the voter's message: Discord sends the referenced message along.
    const reply = { ...messagePayload(ANA, dm.id, 'Hi, this is Ana with Texas Forward!'), guild_id: undefined, member: undefined,
      type: 19, message_reference: { message_id: inbound!.id }, referenced_message: { id: inbound!.id, message_reference: { message_id: header!.id } } };
    expect(await app.adapter.handleMessageCreate(reply)).toBe('handled');
    await app.settle();
    expect(app.carrier.sent().at(-1)?.body).toBe('Hi, this is Ana with Texas Forward!');
    // A DM that replies to nothing of a conversation is not a text to anyone.
    expect(await app.adapter.handleMessageCreate({ ...reply, id: app.fake.snowflake(), message_reference: undefined, referenced_message: null, type: 0 })).toBe('ignored');
    // The canned-reply button in the DM: the interaction has no guild id; the org is found by the bot's guilds.
    const press = { ...componentPayload(ANA, buttonId(inbound!.body, ACTION.canned), { id: inbound!.id, channel_id: dm.id }), guild_id: undefined, member: undefined, user: { id: ANA.id, username: 'ana', global_name: 'Ana' } };
    const pressed = await app.interact(press);
    expect(pressed.status).toBe(200);
    await app.settle();
    expect(app.fake.of('GET', /^\/users\/@me\/guilds$/)).toHaveLength(1);
    expect(app.carrier.sent().at(-1)?.body).toBe('Thanks Maria!');
    expect(app.errors).toEqual([]);
  });

  it('another web process (no cache) finds the thread\'s parent channel over REST', async () => {
    app = await startDiscordApp();
    const { voterPhone } = await runToFirstText(app, { visibility: 'channel' });
    await app.carrier.injectReply({ from: voterPhone, to: ORG_NUMBER, body: 'yes' });
    await app.settle();
    const thread = [...app.fake.channels.values()].find((c) => c.type === 12)!;
    const a = app;
    const other = createDiscordAdapter({
      applicationId: FAKE_APP_ID, rest: createDiscordRest(a.fake.token, a.fake.apiUrl), store: a.store, clock: a.clock, translator: () => (k) => k,
      handle: async (inv) => (inv.kind === 'thread_message' && inv.channelId === CHANNEL && inv.threadId === thread.id ? [] : [{ kind: 'none' }]),
    });
    expect(await other.handleMessageCreate(messagePayload(ANA, thread.id, 'typed elsewhere'))).toBe('handled');
    expect(a.fake.of('GET', new RegExp(`^/channels/${thread.id}$`))).toHaveLength(1);
    expect(await other.handleMessageCreate({ ...messagePayload(ANA, thread.id, 'wrong guild'), guild_id: '1100000000000000099' })).toBe('ignored');
    expect(await other.handleMessageCreate(messagePayload(ANA, CHANNEL, 'not a thread'))).toBe('ignored');
    expect(GUILD).toBe(thread.guild_id);
  });

  it('lets a reassigned volunteer into the private thread, reopening it when archived', async () => {
    app = await startDiscordApp();
    const { org, voterPhone } = await runToFirstText(app, { visibility: 'channel' });
    await app.carrier.injectReply({ from: voterPhone, to: ORG_NUMBER, body: 'yes' });
    await app.settle();
    const conversation = await app.store.conversations.findLatestForPhone(org.id, voterPhone);
    const ref = conversation!.threads[0]!;
    app.fake.archive(ref.threadId!);
    app.fake.failNext('PUT', /thread-members/, { status: 400, code: 50083, message: 'Thread is archived' });
    await app.adapter.chat.addThreadMembers(ref, [OWNER.id]);
    expect([...app.fake.threadMembers.get(ref.threadId!)!]).toEqual([ANA.id, OWNER.id]);
    expect(app.fake.of('PATCH', new RegExp(`^/channels/${ref.threadId}$`)).map((c) => c.body)).toEqual([{ archived: false }]);
  });
});
