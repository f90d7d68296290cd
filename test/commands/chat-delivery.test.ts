// The dispatcher turns a ChatDeliveryError from any chat gateway into what to do, in the
// member's language and for their platform, instead of "something went wrong on our side";
// every reason has its text in en and es for Slack and Discord.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createI18n } from '../../src/app/i18n.js';
import { createDispatcher } from '../../src/commands/framework/dispatcher.js';
import { defineCommand } from '../../src/commands/framework/definition.js';
import { CHAT_DELIVERY_REASONS, ChatDeliveryError, chatDeliveryMessage } from '../../src/core/chat-errors.js';
import type { Platform } from '../../src/core/model/common.js';

async function dispatcherThrowing(err: unknown) {
  const i18n = await createI18n('en');
  const clock = { now: () => new Date('2026-11-17T15:00:00Z') };
  const errors: unknown[] = [];
  const command = defineCommand<object>({ path: ['post'], descriptionKey: 'commands:descriptions.post', options: [], role: 'none', sideEffects: true, handler: async () => Promise.reject(err) });
  const dispatcher = createDispatcher<object>({
    store: createMemoryStore({ clock }),
    clock,
    translator: (lang) => (key, params) => i18n.t(lang)(key, params ?? {}) as string,
    commands: [command],
    interactions: [],
    services: {},
    onError: (e) => void errors.push(e),
  });
  const run = async (platform: Platform, locale: string) => {
    const [reply] = await dispatcher.handle({ kind: 'command', actor: { platform, orgExternalId: 'W1', userId: 'U1', displayName: 'Olivia', locale }, interactionId: `i-${platform}-${locale}`, text: 'post' });
    return reply?.kind === 'ephemeral' ? reply.view.text : '';
  };
  return { run, errors, i18n };
}

describe('ChatDeliveryError in the dispatcher', () => {
  it('Discord Missing Access: give the bot View Channel / Send Messages (en, es), not "went wrong"', async () => {
    const { run, errors } = await dispatcherThrowing(new ChatDeliveryError('not_in_channel', 'discord', '1100000000000000002', '50001'));
    const en = await run('discord', 'en-US');
    expect(en).toContain('**View Channel**');
    expect(en).toContain('**Send Messages**');
    expect(en).not.toMatch(/went wrong/i);
    expect(await run('discord', 'es-419')).toContain('**Ver canal**');
    expect(errors).toEqual([]);
  });

  it('Slack not_in_channel: /invite @Textbank', async () => {
    const { run } = await dispatcherThrowing(new ChatDeliveryError('not_in_channel', 'slack', 'C1', 'not_in_channel'));
    expect(await run('slack', 'en-US')).toContain('`/invite @Textbank`');
  });

  it('any other error is still "something went wrong" and reported', async () => {
    const { run, errors } = await dispatcherThrowing(new Error('boom'));
    expect(await run('slack', 'en-US')).not.toContain('/invite');
    expect(errors).toHaveLength(1);
  });

  it('every reason has a text for both platforms in en and es', async () => {
    const i18n = await createI18n('en');
    for (const reason of CHAT_DELIVERY_REASONS) {
      for (const platform of ['slack', 'discord'] as const) {
        const { identifier } = chatDeliveryMessage(new ChatDeliveryError(reason, platform));
        for (const lang of ['en', 'es'] as const) {
          expect(i18n.instance.exists(identifier, { lng: lang }), `${identifier} ${lang}`).toBe(true);
        }
      }
    }
  });
});
