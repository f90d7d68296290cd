// A volunteer typing in the DM with Textbank outside a voter's thread is never met with silence:
// an ephemeral hint says nothing was sent to any voter and how to answer in the voter's thread
// (en/es), at most once a minute per member. Bots (Textbank itself included), edits, deletions
// and channel chatter get nothing, so no loops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, slashCommand } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { ANA, BEN, CHANNEL, OWNER, seedCampaign, slackActor } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

const hints = (app: SlackApp) =>
  [...app.fake.calls('chat.postEphemeral'), ...app.fake.calls('chat.postMessage')].filter((c) => /Nothing was sent to any voter|No se envió nada a ningún votante/.test(textOfBlocks(c.args.blocks)));

describe('typing in the DM with Textbank outside a voter thread', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
    await seedCampaign(app);
    // Ben has used Textbank before, in Spanish: his language is known to the store.
    await app.handle({ kind: 'command', actor: slackActor(BEN, 'Ben', { locale: 'es-LA' }), interactionId: 'ben-help', text: 'help' });
    // Any request lets the app learn its own bot user id (auth.test, in the background).
    await app.send(slashCommand(OWNER, 'help', { responseUrl: app.fake.responseUrl(), channel: CHANNEL }));
    await app.settle();
  });
  afterAll(async () => app?.close());

  it('a top-level DM message gets an ephemeral hint in that DM, and nothing is texted', async () => {
    const res = await app.send(messageEvent({ user: ANA, channel: 'D0ANA', text: 'hi, how do I answer Maria?' }));
    expect(res.status).toBe(200);
    await app.settle();
    const [hint] = hints(app);
    expect(hint?.method).toBe('chat.postEphemeral');
    expect(hint?.args).toMatchObject({ channel: 'D0ANA', user: ANA });
    expect(hint?.args.thread_ts).toBeUndefined();
    const text = textOfBlocks(hint?.args.blocks);
    expect(text).toContain('Nothing was sent to any voter.');
    expect(text).toContain('Reply in thread');
    expect(app.carrier.sent()).toEqual([]);
  });

  it('is rate-limited per member: a chatty volunteer gets one hint a minute', async () => {
    const before = hints(app).length;
    await app.send(messageEvent({ user: ANA, channel: 'D0ANA', text: 'hello?' }));
    await app.send(messageEvent({ user: ANA, channel: 'D0ANA', text: 'anyone?' }));
    await app.settle();
    expect(hints(app).length).toBe(before);
    app.clock.shift(61_000);
    await app.send(messageEvent({ user: ANA, channel: 'D0ANA', text: 'still there?' }));
    await app.settle();
    expect(hints(app).length).toBe(before + 1);
  });

  it('in a DM thread that is no conversation: the hint goes in that thread, in the member’s language', async () => {
    await app.send(messageEvent({ user: BEN, channel: 'D0BEN', threadTs: '1700000000.000001', text: 'hola' }));
    await app.settle();
    const hint = hints(app).find((c) => c.args.user === BEN);
    expect(hint?.args).toMatchObject({ channel: 'D0BEN', thread_ts: '1700000000.000001' });
    expect(textOfBlocks(hint?.args.blocks)).toContain('No se envió nada a ningún votante.');
  });

  it('never answers bots (its own posts included), edits, deletions or channel chatter', async () => {
    const before = hints(app).length;
    await app.send(messageEvent({ botId: 'BBOT', user: 'UBOT', channel: 'D0OWNER', text: 'our own post' }));
    await app.send(messageEvent({ user: 'UBOT', channel: 'D0OWNER', text: 'our own post without bot_id' }));
    await app.send(messageEvent({ subtype: 'bot_message', botId: 'BOTHER', channel: 'D0OWNER', text: 'another bot' }));
    await app.send(messageEvent({ botId: 'BOTHER', user: 'U0OTHERBOT', channel: 'D0OWNER', text: 'another bot as a user' }));
    await app.send(messageEvent({ subtype: 'message_changed', channel: 'D0OWNER', text: 'edited' }));
    await app.send(messageEvent({ subtype: 'message_deleted', channel: 'D0OWNER', text: '' }));
    await app.send(messageEvent({ user: OWNER, channel: CHANNEL, channelType: 'channel', text: 'team chatter' }));
    await app.settle();
    expect(hints(app).length).toBe(before);
  });

  it('falls back to a plain DM message when the ephemeral cannot be shown', async () => {
    app.fake.addUser({ id: 'U0CARL', name: 'Carl' });
    app.fake.fail('chat.postEphemeral', 'user_not_in_channel', 1);
    await app.send(messageEvent({ user: 'U0CARL', channel: 'D0CARL', text: 'hey' }));
    await app.settle();
    const hint = hints(app).find((c) => c.args.channel === 'D0CARL' && c.method === 'chat.postMessage');
    expect(textOfBlocks(hint?.args.blocks)).toContain('Nothing was sent to any voter.');
    expect(app.errors).toEqual([]);
  });
});
