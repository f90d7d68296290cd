// The Slack ChatGateway against the fake Web API: ChatRef.channelId = channel id, messageId =
// ts, threadId = thread_ts; DMs through conversations.open (cached); identity from users.info
// (include_locale) and team.info, cached per member with a TTL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClient, type SlackClient } from '../../../src/adapters/slack/index.js';
import { silentLog } from '../../../src/adapters/slack/log.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';

const view = (text: string) => ({ text, blocks: [{ type: 'section' as const, text }] });

describe('Slack ChatGateway', () => {
  let fake: FakeSlack;
  let client: SlackClient;
  let now = new Date('2026-11-17T15:00:00Z').getTime();
  const clock = { now: () => new Date(now) };

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: 'U1', name: 'Ana', locale: 'es-LA' });
    fake.addUser({ id: 'U2', name: 'Olivia', isOwner: true });
    client = createSlackClient({ botToken: fake.token, apiUrl: fake.apiUrl, clock, log: silentLog, t: (k) => k });
  });
  afterAll(async () => fake?.close());

  it('starts a thread in a channel and posts into it by thread_ts', async () => {
    const root = await client.gateway.startThread('C1', view('**Maria** · (212) •••-0101'));
    expect(root).toEqual({ platform: 'slack', channelId: 'C1', messageId: expect.stringMatching(/^\d+\.\d+$/), threadId: root.messageId });
    const reply = await client.gateway.postInThread(root, view('Yes!'));
    expect(reply.threadId).toBe(root.threadId);
    const [first, second] = fake.calls('chat.postMessage');
    expect(first?.args).toMatchObject({ channel: 'C1', text: '*Maria* · (212) •••-0101' });
    expect(first?.args.thread_ts).toBeUndefined();
    expect(second?.args).toMatchObject({ channel: 'C1', thread_ts: root.threadId });
    expect(fake.calls('chat.postMessage').every((c) => c.token === fake.token)).toBe(true);
  });

  it('DMs a member through conversations.open (once) and edits messages with chat.update', async () => {
    const a = await client.gateway.dm('U1', view('one'));
    await client.gateway.dm('U1', view('two'));
    expect(a.channelId).toBe('D1');
    expect(fake.calls('conversations.open')).toHaveLength(1);
    await client.gateway.update(a, view('edited'));
    expect(fake.calls('chat.update').at(-1)?.args).toMatchObject({ channel: 'D1', ts: a.messageId, text: 'edited' });
  });

  it('member locale and identity come from users.info (include_locale) and are cached', async () => {
    expect(await client.gateway.memberLocale?.('U1')).toBe('es-LA');
    const actor = await client.identity.actorFor({ teamId: fake.team.id, userId: 'U1' });
    expect(actor).toEqual({ platform: 'slack', orgExternalId: fake.team.id, orgName: 'Texas Forward', userId: 'U1', displayName: 'Ana', locale: 'es-LA', isPlatformAdmin: false });
    expect(fake.calls('users.info').filter((c) => c.args.user === 'U1')).toHaveLength(1);
    expect(fake.calls('users.info')[0]?.args.include_locale).toBe('true');
    expect((await client.identity.actorFor({ teamId: fake.team.id, userId: 'U2' })).isPlatformAdmin).toBe(true);
    await client.identity.actorFor({ teamId: fake.team.id, userId: 'U2' });
    expect(fake.calls('team.info')).toHaveLength(1);
    // After the TTL the member is asked again.
    now += 11 * 60_000;
    await client.identity.actorFor({ teamId: fake.team.id, userId: 'U1' });
    expect(fake.calls('users.info').filter((c) => c.args.user === 'U1')).toHaveLength(2);
  });

  it('when users.info fails, acts with the payload name and never as an admin', async () => {
    fake.fail('users.info', 'ratelimited', 1);
    const actor = await client.identity.actorFor({ teamId: fake.team.id, userId: 'U9', fallbackName: 'pat', teamDomain: 'texasforward' });
    expect(actor).toMatchObject({ displayName: 'pat', isPlatformAdmin: false });
    expect(actor.locale).toBeUndefined();
  });
});
