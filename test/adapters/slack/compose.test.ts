// The composition root with Slack configured (src/app/compose.ts): the Slack gateway is in the
// notifier's gateways, /slack/events is served, Slack-hosted CSVs download with the bot token,
// and a signed `/textbank help` is answered through response_url on the fake Slack.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../../src/app/compose.js';
import { loadConfig } from '../../../src/app/config.js';
import { createLogger } from '../../../src/app/logger.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { sign, slashCommand, SIGNING_SECRET } from './support/requests.js';

describe('composeApp with Slack configured', () => {
  let fake: FakeSlack;
  let app: App;
  const dataDir = mkdtempSync(join(tmpdir(), 'textbank-slack-'));

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: 'U0OWNER', name: 'Olivia', isAdmin: true });
    const config = loadConfig({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await composeApp({ config, role: 'all', logger: createLogger('silent') });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers the Slack gateway, the route and the startup line', () => {
    expect(app.commands.services.chat?.gateways.slack?.platform).toBe('slack');
    expect(app.server.hasRoute({ method: 'POST', url: '/slack/events' })).toBe(true);
    expect(app.choices.join('\n')).toContain('/slack/events');
  });

  it("downloads Slack-hosted files with the bot token through the app's FileService", async () => {
    fake.addFile({ id: 'F0COMPOSE', name: 'v.csv', content: 'phone,first_name\n(212) 555-0101,Maria\n' });
    const csv = await app.commands.services.files.openCsv({ url: fake.fileUrl('F0COMPOSE'), name: 'v.csv' });
    const rows: unknown[] = [];
    for await (const r of csv.records) rows.push(r);
    expect(rows.length).toBe(2);
    expect(fake.downloads.at(-1)).toEqual({ fileId: 'F0COMPOSE', authorization: `Bearer ${fake.token}`, status: 200 });
  });

  it('answers a signed slash command through response_url', async () => {
    const responseUrl = fake.responseUrl();
    const req = slashCommand('U0OWNER', 'help', { responseUrl });
    const ts = Math.floor(Date.now() / 1000);
    const res = await app.server.inject({ method: 'POST', url: '/slack/events', payload: req.body, headers: { 'content-type': req.contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, req.body) } });
    expect(res.statusCode).toBe(200);
    const reply = await fake.waitFor(() => fake.responses.find((r) => responseUrl.endsWith(r.id)));
    expect(JSON.stringify(reply.body.blocks)).toContain('/textbank');
  });
});
