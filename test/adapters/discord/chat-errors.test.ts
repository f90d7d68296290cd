// Discord refusals a person can fix become ChatDeliveryError (then "give the bot View Channel /
// Send Messages in that channel" instead of "something went wrong"): discord.js's own
// DiscordAPIError/RateLimitError objects, and the chat gateway over REST against the fake Discord.
import { DiscordAPIError, RateLimitError } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordApi, createDiscordChat, createDiscordRest } from '../../../src/adapters/discord/index.js';
import { toChatDeliveryError, withDeliveryErrors } from '../../../src/adapters/discord/chat-errors.js';
import { createLookups } from '../../../src/adapters/discord/lookups.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { ChatDeliveryError } from '../../../src/core/chat-errors.js';
import { FAKE_APP_ID, FAKE_BOT_TOKEN, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';

const apiError = (code: number, status: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.test/api/v10/channels/1/messages', { body: undefined, files: undefined });

describe('toChatDeliveryError (Discord)', () => {
  it('maps Missing Access, Missing Permissions and Unknown Channel to reasons a person can fix', () => {
    const cases: [number, number, string, string][] = [
      [50001, 403, 'Missing Access', 'not_in_channel'],
      [50013, 403, 'Missing Permissions', 'missing_permission'],
      [10003, 404, 'Unknown Channel', 'channel_not_found'],
    ];
    for (const [code, status, message, reason] of cases) {
      const err = toChatDeliveryError(apiError(code, status, message), '1100000000000000002');
      expect(err).toBeInstanceOf(ChatDeliveryError);
      expect(err).toMatchObject({ reason, platform: 'discord', channelId: '1100000000000000002', platformCode: String(code) });
    }
  });

  it('maps a rate limit the REST client gave up on; leaves every other error as it was', () => {
    const limited = new RateLimitError({ timeToReset: 1000, limit: 5, method: 'POST', hash: 'h', url: 'u', route: '/channels/:id/messages', majorParameter: '1', global: false, retryAfter: 1000, sublimitTimeout: 0, scope: 'user' });
    expect(toChatDeliveryError(limited)).toMatchObject({ reason: 'rate_limited', platform: 'discord' });
    const other = apiError(50035, 400, 'Invalid Form Body');
    expect(toChatDeliveryError(other)).toBe(other);
    const plain = new Error('socket hang up');
    expect(toChatDeliveryError(plain)).toBe(plain);
  });

  it('wraps every gateway call, naming the channel from the call', async () => {
    const gateway = withDeliveryErrors({
      post: async (_channelId: string) => Promise.reject(apiError(50013, 403, 'Missing Permissions')),
      postInThread: async (_ref: { channelId: string }) => Promise.reject(apiError(50001, 403, 'Missing Access')),
    });
    await expect(gateway.post('C1')).rejects.toMatchObject({ reason: 'missing_permission', channelId: 'C1' });
    await expect(gateway.postInThread({ channelId: 'C2' })).rejects.toMatchObject({ reason: 'not_in_channel', channelId: 'C2' });
  });
});

describe('the Discord chat gateway against the fake Discord', () => {
  let fake: FakeDiscord;
  const CHANNEL = '1100000000000000002';
  beforeAll(async () => {
    fake = await startFakeDiscord();
    fake.addChannel({ id: CHANNEL, type: 0, guild_id: '1100000000000000001' } as never);
  });
  afterAll(async () => fake?.close());

  function chat() {
    const api = createDiscordApi(createDiscordRest(FAKE_BOT_TOKEN, fake.apiUrl), FAKE_APP_ID);
    const lookups = createLookups({ api, store: createMemoryStore({ clock: { now: () => new Date() } }), clock: { now: () => new Date() } });
    return createDiscordChat({ api, lookups });
  }
  const view = { text: 'Claim a batch', blocks: [{ type: 'section' as const, text: 'Claim a batch' }] };

  it('a post Discord refuses with Missing Permissions throws ChatDeliveryError', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, code: 50013, message: 'Missing Permissions' });
    await expect(chat().post(CHANNEL, view)).rejects.toMatchObject({ reason: 'missing_permission', platform: 'discord', channelId: CHANNEL });
  });

  it('a post into a channel Discord does not know (Unknown Channel) throws channel_not_found', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 404, code: 10003, message: 'Unknown Channel' });
    await expect(chat().post('1100000000000000999', view)).rejects.toMatchObject({ reason: 'channel_not_found', platform: 'discord' });
  });

  it('a normal post still works', async () => {
    const ref = await chat().post(CHANNEL, view);
    expect(ref).toMatchObject({ platform: 'discord', channelId: CHANNEL });
  });
});
