// The app manifest a workspace admin pastes, and the two transports chosen from config:
// HTTP on /slack/events with the signing secret, Socket Mode with SLACK_APP_TOKEN.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { createI18n } from '../../../src/app/i18n.js';
import { createLogger } from '../../../src/app/logger.js';
import { buildServer } from '../../../src/app/server.js';
import { createSlack, registerSlack } from '../../../src/app/wire-slack.js';
import type { Dispatcher } from '../../../src/commands/framework/dispatcher.js';
import { createMemoryStore } from '../../../src/adapters/memory/index.js';
import { SIGNING_SECRET } from './support/requests.js';

const manifest = JSON.parse(readFileSync(new URL('../../../src/adapters/slack/manifest.json', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; url: string; should_escape: boolean }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
};

describe('Slack app manifest', () => {
  it('declares /textbank, the scopes, the message events and interactivity at /slack/events', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/textbank']);
    expect(manifest.features.slash_commands[0]?.should_escape).toBe(true);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['commands', 'chat:write', 'im:write', 'im:history', 'channels:history', 'groups:history', 'users:read', 'files:read', 'files:write', 'team:read'].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['message.channels', 'message.groups', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [manifest.features.slash_commands[0]?.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
      expect(url).toBe('https://YOUR-PUBLIC-URL/slack/events');
    }
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});

describe('Slack transport choice (wire-slack)', () => {
  const deps = async () => ({ i18n: await createI18n('en'), logger: createLogger('silent'), clock: { now: () => new Date() }, store: createMemoryStore() });
  const dispatcher = { handle: async () => [] } as unknown as Dispatcher;

  it('without SLACK_BOT_TOKEN there is no Slack', async () => {
    const d = await deps();
    expect(createSlack({ config: loadConfig({}), ...d })).toBeUndefined();
  });

  it('HTTP with the signing secret: /slack/events is mounted and refuses unsigned requests', async () => {
    const d = await deps();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SIGNING_SECRET, PUBLIC_URL: 'https://tb.example.org' });
    const slack = createSlack({ config, ...d })!;
    const server = await buildServer({ logger: d.logger, probes: [] });
    const { line, bolt } = await registerSlack(server, { slack, config, dispatcher, ...d });
    expect(bolt.transport).toBe('http');
    expect(line).toContain('https://tb.example.org/slack/events');
    expect(server.hasRoute({ method: 'POST', url: '/slack/events' })).toBe(true);
    const res = await server.inject({ method: 'POST', url: '/slack/events', payload: 'command=%2Ftextbank', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(401);
    await server.close();
  });

  it('Socket Mode with SLACK_APP_TOKEN: no HTTP route (it connects when the server starts)', async () => {
    const d = await deps();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-1-abc' });
    const slack = createSlack({ config, ...d })!;
    const server = await buildServer({ logger: d.logger, probes: [] });
    const { line, bolt } = await registerSlack(server, { slack, config, dispatcher, ...d });
    expect(bolt.transport).toBe('socket');
    expect(line).toContain('Socket Mode');
    expect(server.hasRoute({ method: 'POST', url: '/slack/events' })).toBe(false);
  });
});
