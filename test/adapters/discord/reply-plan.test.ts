// Where each neutral Reply goes on Discord (pure planning), where a referenced message lives, and
// which guild a DM press belongs to.
import { afterEach, describe, expect, it } from 'vitest';
import { planReplies, FRESH, type PlanContext } from '../../../src/adapters/discord/reply-plan.js';
import { createDiscordApi, createDiscordRest, messageChannel } from '../../../src/adapters/discord/index.js';
import { createLookups } from '../../../src/adapters/discord/lookups.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import type { Reply, View } from '../../../src/core/views/view.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';

const t = (key: string) => `[${key}]`;
const view = (text: string): View => ({ text, blocks: [{ type: 'section', text }] });
const command: PlanContext = { type: 'command', hasMessage: false, channelId: 'C1' };
const button: PlanContext = { type: 'component', hasMessage: true, channelId: 'C1' };
const ops = (replies: Reply[], ctx: PlanContext, start = FRESH) => planReplies(replies, ctx, start, t).steps.map((s) => (s.op === 'callback' ? `callback:${s.body.type}` : s.op));

describe('planReplies', () => {
  it('a card update is the callback (7) even when listed after an ephemeral notice', () => {
    const { steps } = planReplies([{ kind: 'ephemeral', view: view('note') }, { kind: 'update', view: view('card') }], button, FRESH, t);
    expect(steps.map((s) => (s.op === 'callback' ? s.body.type : s.op))).toEqual([7, 'followUp']);
    expect(steps[1]).toMatchObject({ body: { flags: 64 } });
  });

  it('after a deferral the first answer edits @original, later ones follow up', () => {
    expect(ops([{ kind: 'ephemeral', view: view('a') }, { kind: 'ephemeral', view: view('b') }], command, { initial: 'deferredMessage', originalIsMessage: false, originalFilled: false })).toEqual(['editOriginal', 'followUp']);
    expect(ops([{ kind: 'update', view: view('card') }], button, { initial: 'deferredUpdate', originalIsMessage: true, originalFilled: false })).toEqual(['editOriginal']);
    expect(ops([], command, { initial: 'deferredMessage', originalIsMessage: false, originalFilled: false })).toEqual(['editOriginal']);
  });

  it('modals open only as the first answer of a command or button; elsewhere a notice says so', () => {
    const modal: Reply = { kind: 'modal', modal: { id: 'settings', title: 'Settings', submitLabel: 'Save', inputs: [] } };
    expect(ops([modal], command)).toEqual(['callback:9']);
    const late = planReplies([modal], command, { initial: 'deferredMessage', originalIsMessage: false, originalFilled: false }, t).steps;
    expect(late).toEqual([{ op: 'editOriginal', body: expect.objectContaining({ content: '[discord:modal_unavailable]' }) }]);
    expect(ops([modal], { type: 'modal', hasMessage: false })).toEqual(['callback:4']);
  });

  it('channel replies to the command\'s channel answer publicly; others are bot posts; thread/dm/file go through the gateway', () => {
    const plan = planReplies([{ kind: 'channel', view: view('post') }], command, FRESH, t).steps;
    expect(plan).toEqual([{ op: 'callback', body: { type: 4, data: expect.not.objectContaining({ flags: 64 }) } }]);
    expect(ops([{ kind: 'channel', view: view('post'), channelId: 'C2' }], command)).toEqual(['post', 'callback:4']);
    expect(ops([{ kind: 'thread', conversationId: 'c', view: view('x') }, { kind: 'dm', memberId: 'm', view: view('y') }], button)).toEqual(['thread', 'dm', 'callback:6']);
    expect(ops([{ kind: 'file', file: { name: 'a.csv', content: 'x' }, view: view('ready') }], command)).toEqual(['file', 'callback:4']);
    expect(ops([{ kind: 'none' }], command)).toEqual(['callback:4']);
  });

  it('modal errors become one ephemeral list', () => {
    const [step] = planReplies([{ kind: 'modalErrors', errors: { name: 'Name is required', slug: 'Too long' } }], { type: 'modal', hasMessage: false }, FRESH, t).steps;
    expect(step).toMatchObject({ op: 'callback', body: { type: 4, data: { flags: 64, content: '[discord:modal_errors]\n• Name is required\n• Too long' } } });
  });
});

describe('messageChannel', () => {
  it('is the thread for messages in a thread, the channel otherwise (DM conversations root at a message)', () => {
    expect(messageChannel({ platform: 'discord', channelId: 'C', threadId: 'T', messageId: 'M' })).toBe('T');
    expect(messageChannel({ platform: 'discord', channelId: 'D', threadId: 'M', messageId: 'M' })).toBe('D');
    expect(messageChannel({ platform: 'discord', channelId: 'C', messageId: 'M' })).toBe('C');
  });
});

describe('the guild of a DM press', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('is the one bot guild with an org, or among several the one the user belongs to', async () => {
    fake = await startFakeDiscord();
    const store = createMemoryStore();
    const api = createDiscordApi(createDiscordRest(fake.token, fake.apiUrl), FAKE_APP_ID);
    const lookups = createLookups({ api, store, clock: { now: () => new Date() }, guildListTtlMs: 0 });
    fake.addGuild('1100000000000000001', 'A', ['7']);
    fake.addGuild('1100000000000000002', 'B', ['8']);
    expect(await lookups.guildForUser('8')).toBeNull();
    await store.orgs.create({ platform: 'discord', externalId: '1100000000000000002', name: 'B org' });
    expect(await lookups.guildForUser('8')).toBe('1100000000000000002');
    await store.orgs.create({ platform: 'discord', externalId: '1100000000000000001', name: 'A org' });
    expect(await lookups.guildForUser('7')).toBe('1100000000000000001');
    expect(await lookups.guildForUser('8')).toBe('1100000000000000002');
    expect(await lookups.guildForUser('9')).toBeNull();
  });
});
