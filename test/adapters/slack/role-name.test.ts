// `/textbank role grant @member` answers with the member's name, never the raw user id: the
// store's name when Textbank knows the member, else the name Slack's escaped mention carries
// (`<@U123|name>`, should_escape), else the display name from users.info (asked after the ack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { CHANNEL, OWNER, seedCampaign } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

describe('role grant names the member (Slack)', () => {
  let app: SlackApp;
  let orgId: string;
  beforeAll(async () => {
    app = await startSlackApp();
    ({ orgId } = await seedCampaign(app));
    app.fake.addUser({ id: 'U0DANA', name: 'Dana Díaz' });
  });
  afterAll(async () => app?.close());

  async function run(text: string): Promise<string> {
    const responseUrl = app.fake.responseUrl();
    const res = await app.send(slashCommand(OWNER, text, { responseUrl, channel: CHANNEL }));
    expect(res.status).toBe(200);
    const reply = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(`/${r.id}`)));
    return textOfBlocks(reply.body.blocks);
  }

  it('a member Textbank never saw, mentioned as <@U…|name>: the mention’s name, stored for the member', async () => {
    const text = await run('role grant <@U0CARL|carl> organizer');
    expect(text).toContain('carl now has the organizer role.');
    expect(text).not.toContain('U0CARL');
    const carl = await app.store.members.findByPlatformUser(orgId, 'U0CARL');
    expect(carl).toMatchObject({ displayName: 'carl', role: 'organizer' });
  });

  it('a mention without a name: Slack’s display name (users.info, after the ack)', async () => {
    const text = await run('role grant <@U0DANA>');
    expect(text).toContain('Dana Díaz now has the organizer role.');
    expect(text).not.toContain('U0DANA');
    expect(app.fake.calls('users.info').some((c) => c.args.user === 'U0DANA')).toBe(true);
  });

  it('a member known only by id gets their name now; a known name is kept', async () => {
    await app.store.members.upsert(orgId, { platformUserId: 'U0ERIN', displayName: 'U0ERIN', role: 'volunteer' });
    expect(await run('role grant <@U0ERIN|erin>')).toContain('erin now has the organizer role.');
    expect(await run('role revoke <@U0ERIN|someone-else>')).toContain('erin');
  });
});
