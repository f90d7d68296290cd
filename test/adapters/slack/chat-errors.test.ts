// Slack refusals a person can fix say what to do instead of "something went wrong on our side":
// `/textbank post` in a channel the bot is not in answers with the /invite hint (en and es), and
// the other refusals (archived, missing scope, rate limited past retries) map to their own text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { toChatDeliveryError } from '../../../src/adapters/slack/chat-errors.js';
import { ChatDeliveryError } from '../../../src/core/chat-errors.js';
import { slashCommand } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { BEN, CHANNEL, OWNER, seedCampaign, slackActor } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

const platformError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error } });

describe('toChatDeliveryError (Slack)', () => {
  it('maps the refusals a person can fix, naming the channel', () => {
    const cases: [string, string][] = [
      ['not_in_channel', 'not_in_channel'],
      ['channel_not_found', 'channel_not_found'],
      ['is_archived', 'archived'],
      ['missing_scope', 'missing_permission'],
      ['ratelimited', 'rate_limited'],
    ];
    for (const [code, reason] of cases) {
      const err = toChatDeliveryError(platformError(code), 'C0GOTV');
      expect(err).toBeInstanceOf(ChatDeliveryError);
      expect(err).toMatchObject({ reason, platform: 'slack', channelId: 'C0GOTV', platformCode: code });
    }
  });

  it('maps a rate limit the WebClient could not wait out (retries exhausted); leaves other errors alone', () => {
    const exhausted = Object.assign(new Error('A request error occurred'), { code: webApi.ErrorCode.RequestError, original: new Error('A rate limit was exceeded (url: chat.postMessage, retry-after: 3)') });
    expect(toChatDeliveryError(exhausted)).toMatchObject({ reason: 'rate_limited' });
    for (const other of [platformError('msg_too_long'), new Error('socket hang up'), Object.assign(new Error('x'), { code: webApi.ErrorCode.RequestError, original: new Error('ECONNRESET') })]) {
      expect(toChatDeliveryError(other)).toBe(other);
    }
  });
});

describe('`/textbank post` where Slack refuses the post', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
    const { orgId } = await seedCampaign(app);
    // Ben organizes in Spanish.
    await app.handle({ kind: 'command', actor: slackActor(BEN, 'Ben', { locale: 'es-LA' }), interactionId: 'ben-help', text: 'help' });
    const ben = await app.store.members.findByPlatformUser(orgId, BEN);
    await app.store.members.setRole(orgId, ben!.id, 'organizer');
  });
  afterAll(async () => app?.close());

  async function post(user: string): Promise<string> {
    const responseUrl = app.fake.responseUrl();
    const res = await app.send(slashCommand(user, 'post gotv', { responseUrl, channel: CHANNEL }));
    expect(res.status).toBe(200);
    const reply = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(`/${r.id}`)));
    return textOfBlocks(reply.body.blocks);
  }

  it('not_in_channel: tells the organizer to /invite @Textbank, in English', async () => {
    app.fake.fail('chat.postMessage', 'not_in_channel', 1);
    const text = await post(OWNER);
    expect(text).toContain('Textbank is not in that channel yet');
    expect(text).toContain('`/invite @Textbank`');
    expect(text).not.toMatch(/went wrong/i);
  });

  it('not_in_channel: the same in Spanish for a Spanish-speaking organizer', async () => {
    app.fake.fail('chat.postMessage', 'not_in_channel', 1);
    const text = await post(BEN);
    expect(text).toContain('Textbank todavía no está en ese canal');
    expect(text).toContain('`/invite @Textbank`');
  });

  it('is_archived and missing_scope say what to do too', async () => {
    app.fake.fail('chat.postMessage', 'is_archived', 1);
    expect(await post(OWNER)).toContain('That channel is archived');
    app.fake.fail('chat.postMessage', 'missing_scope', 1);
    expect(await post(OWNER)).toContain('reinstall the app');
    app.fake.fail('chat.postMessage', 'ratelimited', 1);
    expect(await post(OWNER)).toContain('Slack is asking Textbank to slow down');
  });

  it('once the bot is in the channel, the post goes through', async () => {
    const text = await post(OWNER);
    expect(text).toContain('Posted');
    expect(app.errors).toEqual([]);
  });
});
