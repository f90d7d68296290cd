// Conformance: every form the commands can open, in en and es, fits both platforms' modal limits
// as written, so no renderer has to clip a title, a label or a hint (a clipped hint is help the
// organizer never reads). Discord: title and label 45, description 100 (Label component), 5
// inputs; Slack: title and submit 24, label and hint 2,000, 100 blocks.
import type { types as SlackTypes } from '@slack/bolt';
import { ModalBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { renderModal as renderDiscordModal } from '../../src/adapters/discord/render-modal.js';
import { renderModal as renderSlackModal } from '../../src/adapters/slack/modal.js';
import type { Modal } from '../../src/core/views/view.js';
import { actor, command, i18n, translatorOf, world, type World } from '../commands/support/world.js';
import { CHANNEL, owner, runningCampaign } from '../commands/support/scenario.js';

const DISCORD = { title: 45, label: 45, description: 100, inputs: 5 } as const;
const SLACK = { title: 24, submit: 24, label: 2000, hint: 2000, blocks: 100 } as const;

/** Every command that answers with a form (with no text given, where text would skip the form). */
const FORM_COMMANDS = [
  'campaign create',
  'campaign disclaimer gotv',
  'import gotv',
  'script edit gotv en',
  'script edit gotv es',
  'survey add gotv',
  'survey edit gotv 1',
  'tags add gotv',
  'settings',
] as const;

async function formsIn(w: World, lang: 'en' | 'es'): Promise<{ text: string; modal: Modal }[]> {
  const who = actor(owner.userId, owner.displayName, { ...owner, locale: lang === 'es' ? 'es-419' : 'en-US' });
  const forms: { text: string; modal: Modal }[] = [];
  for (const text of FORM_COMMANDS) {
    const [reply] = await w.handle(command(who, text, { channelId: CHANNEL }));
    if (reply?.kind !== 'modal') throw new Error(`${text} (${lang}) answered ${reply?.kind ?? 'nothing'}, not a form`);
    forms.push({ text, modal: reply.modal });
  }
  return forms;
}

describe('conformance: forms fit both platforms without clipping', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`every form in ${lang} keeps its title, labels and hints whole on Discord and Slack`, async () => {
      const w = await world();
      await runningCampaign(w, { start: false });
      await w.handle(command(owner, 'survey add gotv "Will you vote?" Yes | No | Maybe', { channelId: CHANNEL }));
      const t = translatorOf(await i18n())(lang);
      for (const { text, modal } of await formsIn(w, lang)) {
        const where = `${text} (${lang})`;
        expect(modal.inputs.length, where).toBeLessThanOrEqual(DISCORD.inputs);
        expect.soft([...modal.title].length, `${where}: title "${modal.title}"`).toBeLessThanOrEqual(Math.min(DISCORD.title, SLACK.title));
        expect.soft([...modal.submitLabel].length, `${where}: submit`).toBeLessThanOrEqual(SLACK.submit);
        for (const input of modal.inputs) {
          expect.soft([...input.label].length, `${where}: label "${input.label}"`).toBeLessThanOrEqual(DISCORD.label);
          if (input.hint) expect.soft([...input.hint].length, `${where}: hint of ${input.id} "${input.hint}"`).toBeLessThanOrEqual(DISCORD.description);
        }

        const discord = renderDiscordModal(modal);
        expect(() => new ModalBuilder(discord as never).toJSON(), where).not.toThrow();
        expect.soft(discord.title).toBe(modal.title);
        expect.soft(discord.components.map((c) => c.label)).toEqual(modal.inputs.map((i) => i.label));
        expect.soft(discord.components.map((c) => c.description)).toEqual(modal.inputs.map((i) => i.hint));

        const slack = renderSlackModal(modal, { t });
        expect.soft(slack.title.text).toBe(modal.title);
        expect.soft(slack.submit?.text).toBe(modal.submitLabel);
        expect.soft(slack.blocks.length).toBeLessThanOrEqual(SLACK.blocks);
        const inputs = slack.blocks.flatMap((b) => (b.type === 'input' ? [b as SlackTypes.InputBlock] : []));
        expect.soft(inputs.map((b) => b.label.text)).toEqual(modal.inputs.map((i) => i.label));
        expect.soft(inputs.map((b) => b.hint?.text)).toEqual(modal.inputs.map((i) => i.hint));
      }
    });
  }
});
