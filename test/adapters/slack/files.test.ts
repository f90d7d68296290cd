// Files: an export ('file' reply) goes to the organizer's DM through
// files.getUploadURLExternal + the upload POST + files.completeUploadExternal; a CSV shared in
// the campaign channel is imported by `/textbank import`; the bot token goes to Slack's file
// host only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackHosts } from '../../../src/adapters/slack/hosts.js';
import { slashCommand } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { CHANNEL, OWNER, seedCampaign } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

describe('Slack files', () => {
  let app: SlackApp;
  let ids: { orgId: string; campaignId: string };
  beforeAll(async () => {
    app = await startSlackApp();
    ids = await seedCampaign(app);
  });
  afterAll(async () => app?.close());

  it("exports a CSV into the organizer's DM with the three-step external upload", async () => {
    const responseUrl = app.fake.responseUrl();
    await app.send(slashCommand(OWNER, 'export gotv contacts', { responseUrl, channel: CHANNEL }));
    const note = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(r.id)));
    expect(textOfBlocks(note.body.blocks)).toMatch(/I sent gotv-contacts-\d{4}-\d{2}-\d{2}\.csv to your direct messages/);

    const [asked] = app.fake.calls('files.getUploadURLExternal');
    const [upload] = app.fake.uploads;
    const [completed] = app.fake.calls('files.completeUploadExternal');
    expect(upload?.bytes.length).toBe(Number(asked?.args.length));
    expect(upload?.headers.authorization).toBeUndefined();
    const csv = upload!.bytes.toString('utf8');
    expect(csv).toContain('+12125550101');
    expect(csv.split('\n').filter((l) => l.trim()).length).toBe(4);
    expect(completed?.args.channel_id).toBe('D0OWNER');
    expect(completed?.args.files).toEqual([{ id: upload!.fileId, title: 'Get out the vote' }]);
    expect(String(completed?.args.initial_comment)).toContain('Keep it private');
  });

  it('imports the CSV the organizer just shared in the channel with `/textbank import`', async () => {
    const created = Math.floor(app.clock.now().getTime() / 1000) - 60;
    app.fake.addFile({ id: 'F0SHARED', name: 'more-voters.csv', content: 'phone,first_name\n(212) 555-0110,Rosa\n(212) 555-0111,Omar\n', user: OWNER, channel: CHANNEL, created });
    const responseUrl = app.fake.responseUrl();
    const modals = app.fake.calls('views.open').length;
    await app.send(slashCommand(OWNER, 'import gotv', { responseUrl, channel: CHANNEL }));
    const report = await app.fake.waitFor(() => app.fake.calls('chat.update').find((c) => textOfBlocks(c.args.blocks).includes('more-voters.csv') && textOfBlocks(c.args.blocks).includes('2 of 2')));
    expect(report.args.channel).toBe('D0OWNER');
    expect(app.fake.calls('files.list').at(-1)?.args).toMatchObject({ channel: CHANNEL, user: OWNER });
    expect(app.fake.calls('views.open').length).toBe(modals);
    expect(app.fake.downloads.at(-1)).toEqual({ fileId: 'F0SHARED', authorization: `Bearer ${app.fake.token}`, status: 200 });
    const counts = await app.store.contacts.countByStatus(ids.orgId, ids.campaignId);
    expect(counts.pending).toBe(5);
  });
});

describe('which hosts get the bot token', () => {
  const hosts = createSlackHosts({ token: 'xoxb-1', extraOrigins: ['http://127.0.0.1:4567/api/'] });
  it('adds Authorization only for https://files.slack.com (and the configured API origin)', () => {
    expect(hosts.fileHeaders('https://files.slack.com/files-pri/T1-F1/download/a.csv')).toEqual({ Authorization: 'Bearer xoxb-1' });
    expect(hosts.fileHeaders('http://127.0.0.1:4567/files-pri/T1-F1/a.csv')).toEqual({ Authorization: 'Bearer xoxb-1' });
    for (const url of ['http://files.slack.com/a.csv', 'https://files.slack.com.evil.example/a.csv', 'https://evil.example/files.slack.com/a.csv', 'https://user:pw@files.slack.com/a.csv', 'https://files.slack.com:8443/a.csv', 'http://127.0.0.1:4568/a.csv', 'not a url']) {
      expect(hosts.fileHeaders(url), url).toBeUndefined();
    }
  });
  it('posts response_url bodies only to hooks.slack.com', () => {
    expect(hosts.isResponseUrl('https://hooks.slack.com/actions/T1/1/abc')).toBe(true);
    expect(hosts.isResponseUrl('https://hooks.slack.com.evil.example/actions')).toBe(false);
    expect(hosts.isResponseUrl('http://169.254.169.254/latest')).toBe(false);
  });
});
