// Slack re-delivers events it thinks we missed (X-Slack-Retry-Num) and a button can arrive
// twice: neither may send a second text (R5.2b: event_id and user.id+action_ts+message_ts are
// the idempotency keys). A bounded cache drops repeats at once; when it cannot (another web
// process, a restart), the store's idempotency on the interaction id still holds. Thread
// messages that are not a person typing in a known conversation thread are ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/core/model/common.js';
import { actionTs, blockActions, messageEvent, slashCommand } from './support/requests.js';
import { ORG_NUMBER, startSlackApp, type SlackApp } from './support/slack-app.js';
import { ANA, BEN, CHANNEL, seedCampaign } from './support/seed.js';
import { buttonOf, textOfBlocks } from './support/blocks.js';

describe('Slack retries and thread messages (R5.2b)', () => {
  let app: SlackApp;
  let orgId: string;
  let thread: ChatRef;
  let card: unknown;

  beforeAll(async () => {
    app = await startSlackApp();
    ({ orgId } = await seedCampaign(app));
    const claimUrl = app.fake.responseUrl();
    await app.send(slashCommand(ANA, 'claim gotv', { responseUrl: claimUrl, channel: CHANNEL }));
    card = (await app.fake.waitFor(() => app.fake.responses.find((r) => claimUrl.endsWith(r.id)))).body.blocks;
  });
  afterAll(async () => app?.close());

  it('the same button press delivered twice sends one text', async () => {
    const send = buttonOf(card, 'send');
    const press = { user: ANA, actionId: send.action_id, value: send.value!, channel: CHANNEL, messageTs: '1795000600.000001', ephemeral: true, actionTs: actionTs() };
    const first = app.fake.responseUrl();
    await app.send(blockActions({ ...press, responseUrl: first }));
    const next = await app.fake.waitFor(() => app.fake.responses.find((r) => first.endsWith(r.id)));
    const again = app.fake.responseUrl();
    const res = await app.send(blockActions({ ...press, responseUrl: again }));
    expect(res.status).toBe(200);
    await app.settle();
    expect(app.carrier.sent()).toHaveLength(1);
    expect(app.fake.responses.filter((r) => again.endsWith(r.id))).toEqual([]);
    card = next.body.blocks;
    // The voter answers: a thread opens in Ana's DM.
    await app.carrier.injectReply({ from: app.carrier.sent()[0]!.to, to: ORG_NUMBER, body: 'Who is this?' });
    await app.settle();
    const conversation = await app.store.conversations.findLatestForPhone(orgId, app.carrier.sent()[0]!.to);
    thread = conversation!.threads[0]!;
    expect(thread.channelId).toBe('D0ANA');
  });

  it('an event retried with X-Slack-Retry-Num is acked and not processed again', async () => {
    const event = messageEvent({ user: ANA, channel: thread.channelId, threadTs: thread.threadId!, text: 'It is Ana from Texas Forward.', eventId: 'Ev0RETRY1' });
    const before = app.carrier.sent().length;
    const notes = () => app.fake.calls('chat.postEphemeral').filter((c) => c.args.thread_ts === thread.threadId).length;
    const notesBefore = notes();
    expect((await app.send(event)).status).toBe(200);
    const retry = await app.send(event, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    expect(retry.text).toBe('');
    await app.settle();
    expect(app.carrier.sent().length - before).toBe(1);
    expect(app.carrier.sent().at(-1)?.body).toBe('It is Ana from Texas Forward.');
    expect(notes() - notesBefore).toBe(1);
  });

  it('another web process that never saw the event still sends nothing twice (store idempotency)', async () => {
    const event = messageEvent({ user: ANA, channel: thread.channelId, threadTs: thread.threadId!, text: 'Hope to see you Tuesday.', eventId: 'Ev0RETRY2' });
    const before = app.carrier.sent().length;
    const notes = () => app.fake.calls('chat.postEphemeral').filter((c) => c.args.thread_ts === thread.threadId).length;
    const notesBefore = notes();
    await app.send(event);
    await app.settle();
    const other = await app.secondServer();
    const res = await other.send(event, { headers: { 'x-slack-retry-num': '1' } });
    expect(res.status).toBe(200);
    await app.settle();
    expect(app.carrier.sent().length - before).toBe(1);
    // The second process did handle it (it answered in the thread), yet sent no second text.
    expect(notes() - notesBefore).toBe(2);
    expect(textOfBlocks(app.fake.calls('chat.postEphemeral').at(-1)?.args.blocks)).not.toContain('Sent (');
  });

  it('ignores bot posts, edits, root messages and threads that are no conversation', async () => {
    const before = app.carrier.sent().length;
    const usersInfo = app.fake.calls('users.info').length;
    await app.send(messageEvent({ botId: 'BBOT', user: 'UBOT', channel: thread.channelId, threadTs: thread.threadId!, text: 'bot echo' }));
    await app.send(messageEvent({ subtype: 'message_changed', channel: thread.channelId, threadTs: thread.threadId!, text: 'edited' }));
    await app.send(messageEvent({ user: ANA, channel: thread.channelId, text: 'not in a thread' }));
    await app.send(messageEvent({ user: ANA, channel: thread.channelId, threadTs: '1700000000.000001', text: 'another thread' }));
    await app.settle();
    expect(app.carrier.sent().length).toBe(before);
    expect(app.fake.calls('users.info').length).toBe(usersInfo);
  });

  it("a teammate typing in the volunteer's thread never texts the voter", async () => {
    const before = app.carrier.sent().length;
    await app.send(messageEvent({ user: BEN, channel: thread.channelId, threadTs: thread.threadId!, text: 'hola' }));
    await app.settle();
    expect(app.carrier.sent().length).toBe(before);
    const note = app.fake.calls('chat.postEphemeral').filter((c) => c.args.user === BEN).at(-1);
    expect(textOfBlocks(note?.args.blocks)).toContain('Ana');
  });
});
