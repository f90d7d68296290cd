// `/textbank settings` (owners): the organization's registered name (R3.1), the HELP contact
// (R1.9), the one opt-out confirmation text per language (R1.6; empty = the standard text) and
// who sees conversation threads.
import { z } from 'zod';
import type { Org } from '../core/model/org.js';
import { MODAL } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

const LIMITS = { name: 80, help_contact: 120, optout_en: 320, optout_es: 320 } as const;

export const settingsCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['settings'],
  descriptionKey: 'commands:descriptions.settings',
  options: [],
  role: 'owner',
  sideEffects: true,
  async handler(ctx) {
    const { org, t } = ctx;
    return {
      kind: 'modal',
      modal: {
        id: MODAL.settings,
        title: t('commands:settings.modal_title'),
        submitLabel: t('commands:settings.modal_submit'),
        inputs: [
          { id: 'name', label: t('commands:settings.name'), kind: 'text', initial: org.name, hint: t('commands:settings.name_hint') },
          { id: 'help_contact', label: t('commands:settings.help_contact'), kind: 'text', initial: org.helpContact ?? '', optional: true, hint: t('commands:settings.help_contact_hint') },
          { id: 'optout_en', label: t('commands:settings.optout_en'), kind: 'textarea', initial: org.optOutConfirmation.en ?? '', optional: true, hint: t('commands:settings.optout_hint') },
          { id: 'optout_es', label: t('commands:settings.optout_es'), kind: 'textarea', initial: org.optOutConfirmation.es ?? '', optional: true, hint: t('commands:settings.optout_hint') },
          {
            id: 'visibility',
            label: t('commands:settings.visibility'),
            kind: 'select',
            initial: org.conversationVisibility,
            options: [
              { label: t('commands:settings.visibility_private'), value: 'private' },
              { label: t('commands:settings.visibility_channel'), value: 'channel' },
            ],
          },
        ],
      },
    };
  },
});

export const settingsModal: InteractionDefinition<Services, unknown> = defineInteraction<Services, unknown>({
  id: MODAL.settings,
  kind: 'modal',
  role: 'owner',
  // No private value is needed; whatever the platform sends back (Slack: '') is ignored.
  valueSchema: z.unknown(),
  async handler(ctx, _value, fields) {
    const { t, org } = ctx;
    const value = (id: keyof typeof LIMITS): string => (fields[id] ?? '').trim();
    const errors: Record<string, string> = {};
    for (const id of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
      if (value(id).length > LIMITS[id]) errors[id] = t('commands:errors.option_too_long', { option: t(`commands:settings.${id}`), max: LIMITS[id] });
    }
    if (value('name') === '') errors.name = t('commands:settings.name_required');
    const visibility = fields.visibility === 'channel' ? 'channel' : fields.visibility === 'private' || !fields.visibility ? 'private' : null;
    if (!visibility) errors.visibility = t('commands:settings.visibility');
    if (Object.keys(errors).length > 0 || !visibility) return { kind: 'modalErrors', errors };

    const confirmation: Org['optOutConfirmation'] = {};
    if (value('optout_en')) confirmation.en = value('optout_en');
    if (value('optout_es')) confirmation.es = value('optout_es');
    const patch = {
      name: value('name'),
      ...(value('help_contact') ? { helpContact: value('help_contact') } : {}),
      optOutConfirmation: confirmation,
      conversationVisibility: visibility,
    } satisfies Partial<Org>;
    const { store } = ctx.services;
    await store.orgs.update(org.id, patch);
    await store.audit.append({
      orgId: org.id,
      at: ctx.now,
      actor: { type: 'member', id: ctx.member.id, name: ctx.member.displayName },
      action: 'org.updated',
      subject: { type: 'org', id: org.id },
      data: { fields: Object.keys(patch), nameChanged: patch.name !== org.name },
    });
    const extra = patch.name !== org.name ? [{ type: 'context' as const, text: t('commands:settings.name_changed', { name: inline(patch.name) }) }] : [];
    return ephemeral(noticeView(`✅ ${t('commands:settings.saved')}`, extra));
  },
});
