// `/textbank stats` in Slack: the complete text answer stays ephemeral where it was asked, and the
// PNG chart goes through the three-step external upload (files.getUploadURLExternal, the upload
// POST, files.completeUploadExternal) into the organizer's DM, titled with its alt text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from './support/requests.js';
import { startSlackApp, type SlackApp } from './support/slack-app.js';
import { CHANNEL, OWNER, seedCampaign } from './support/seed.js';
import { textOfBlocks } from './support/blocks.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Slack stats chart', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp();
    await seedCampaign(app);
  });
  afterAll(async () => app?.close());

  it('answers with the stats text and uploads the PNG chart with an alt-text title', async () => {
    const responseUrl = app.fake.responseUrl();
    await app.send(slashCommand(OWNER, 'stats gotv', { responseUrl, channel: CHANNEL }));
    const stats = await app.fake.waitFor(() => app.fake.responses.find((r) => responseUrl.endsWith(r.id) && textOfBlocks(r.body.blocks).includes('First texts')));
    expect(stats.body.response_type).toBe('ephemeral');
    const completed = await app.fake.waitFor(() => app.fake.calls('files.completeUploadExternal')[0]);
    const upload = app.fake.uploads.find((u) => u.filename === 'stats-gotv.png');
    expect(upload).toBeDefined();
    expect(upload!.bytes.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(upload!.bytes.readUInt32BE(16)).toBe(1200);
    const [asked] = app.fake.calls('files.getUploadURLExternal');
    expect(asked?.args.filename).toBe('stats-gotv.png');
    expect(Number(asked?.args.length)).toBe(upload!.bytes.length);
    expect(completed.args.channel_id).toBe('D0OWNER');
    const [file] = completed.args.files as { id: string; title: string }[];
    expect(file?.id).toBe(upload!.fileId);
    expect(file?.title).toContain('texts sent and replies per hour');
    expect(String(completed.args.initial_comment)).toContain('Stats chart for');
  });
});
