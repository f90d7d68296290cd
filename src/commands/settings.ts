// `/textbank settings` (owners): the organization's registered name (R3.1), the HELP contact
// (R1.9), the one opt-out confirmation text per language (R1.6; empty = the standard text) and
// who sees conversation threads, in a form; and, as options (a Discord form holds five inputs),
// the org's own SMS sender and who answers STOP/HELP keywords (R1.3, R1.6).
import { z } from 'zod';
import { hasSender, KeywordReplies, MESSAGING_SERVICE_SID, senderKeys, type Org } from '../core/model/org.js';
import { keywordRepliesOf } from '../core/conversations/sender.js';
import { normalizePhone } from '../core/rules.js';
import type { Block } from '../core/views/view.js';
import { errorView } from './framework/error-view.js';
import type { HandlerContext, Translate } from './framework/definition.js';
import type { OptionValues } from './framework/options.js';
import { MODAL } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { ASSISTANT_OPTIONS, assistantSettings, hasAssistantOptions } from './settings-assistant.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';
import { hasReplyTimerOptions, replyTimerOptions, replyTimerSettings } from './settings-replies.js';
import { hasReviewOptions, REVIEW_OPTIONS, reviewSettings } from './settings-review.js';
import { deliverabilityBlocks, deliverabilitySettings, DELIVERABILITY_OPTIONS, hasDeliverabilityOptions } from './settings-deliverability.js';
import { hasLookupOptions, LOOKUP_OPTIONS, lookupSettings } from './settings-lookup.js';
import { auditByMember } from './support/member-audit.js';

const LIMITS = { name: 80, help_contact: 120, optout_en: 320, optout_es: 320 } as const;

export const settingsCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['settings'],
  descriptionKey: 'commands:descriptions.settings',
  options: [
    { name: 'sms', type: 'boolean', descriptionKey: 'compliance:options.sms' },
    { name: 'sender', type: 'string', descriptionKey: 'compliance:options.sender', maxLength: 40 },
    { name: 'keyword_replies', type: 'string', descriptionKey: 'compliance:options.keyword_replies', choices: KeywordReplies.options },
    ...ASSISTANT_OPTIONS,
    ...replyTimerOptions,
    ...REVIEW_OPTIONS,
    ...DELIVERABILITY_OPTIONS,
    ...LOOKUP_OPTIONS,
  ],
  role: 'owner',
  sideEffects: true,
  async handler(ctx, options) {
    const { org, t } = ctx;
    if (hasReplyTimerOptions(options)) return replyTimerSettings(ctx, options);
    if (hasReviewOptions(options)) return reviewSettings(ctx, options);
    if (hasDeliverabilityOptions(options)) return deliverabilitySettings(ctx, options);
    if (hasLookupOptions(options)) return lookupSettings(ctx, options);
    if (hasAssistantOptions(options)) return assistantSettings(ctx, options);
    if (options.sms !== undefined || options.sender !== undefined || options.keyword_replies !== undefined) return smsSettings(ctx, options);
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
    await auditByMember(ctx, {
      action: 'org.updated',
      subject: { type: 'org', id: org.id },
      data: { fields: Object.keys(patch), nameChanged: patch.name !== org.name },
    });
    const extra: Block[] = patch.name !== org.name ? [{ type: 'context' as const, text: t('commands:settings.name_changed', { name: inline(patch.name) }) }] : [];
    extra.push(...smsBlocks(t, org, keywordRepliesOf(org, ctx.services.engine.config)));
    return ephemeral(noticeView(`✅ ${t('commands:settings.saved')}`, extra));
  },
});

/** A typed sender: a Twilio Messaging Service SID (MG + 32 hex) or a phone number (E.164). */
function parseSender(raw: string): Org['sms'] | null {
  const value = raw.trim();
  if (MESSAGING_SERVICE_SID.test(value)) return { numbers: [], messagingServiceSid: `MG${value.slice(2).toLowerCase()}` };
  const phone = normalizePhone(value, 'US');
  return phone.ok ? { numbers: [phone.e164] } : null;
}

/** The org's sender and keyword-reply mode, and how to change them. */
function smsBlocks(t: Translate, org: Org, mode: KeywordReplies): Block[] {
  const sender = hasSender(org) ? senderKeys(org.sms).map((k) => inline(k)).join(', ') : t('compliance:sender.none');
  const blocks: Block[] = [
    { type: 'fields', fields: [
      { label: t('compliance:settings.sender'), value: sender },
      { label: t('compliance:settings.keyword_replies'), value: t(`compliance:settings.keyword_replies_${mode}`) },
    ] },
    { type: 'context', text: t(`compliance:settings.keyword_replies_${mode}_hint`) },
  ];
  if (!hasSender(org)) blocks.push({ type: 'section', text: t('compliance:sender.how_to') });
  blocks.push({ type: 'context', text: t('compliance:settings.change_hint') });
  return blocks;
}

/** `/textbank settings sms|sender:<MG… or +1…>|keyword_replies:<carrier|textbank>`. */
async function smsSettings(ctx: HandlerContext<Services>, options: OptionValues) {
  const { t } = ctx;
  const { store, engine } = ctx.services;
  let org = ctx.org;
  if (typeof options.sender === 'string') {
    const sms = parseSender(options.sender);
    if (!sms) return errorView(t, 'compliance:sender.invalid', { value: inline(options.sender.slice(0, 40)) });
    // Voters answer the number that texted them: while campaigns run, their replies (and STOPs)
    // must keep reaching this org, so the sender changes only when none is active or paused.
    const changing = hasSender(org) && senderKeys(org.sms).join() !== senderKeys(sms).join();
    if (changing && (await store.campaigns.list(org.id, ['active', 'paused'])).length > 0) {
      return errorView(t, 'compliance:sender.busy', { sender: senderKeys(org.sms).map((k) => inline(k)).join(', ') });
    }
    // Atomic: refused when any other org holds this number or Messaging Service.
    const got = await store.orgs.assignSender(org.id, sms);
    if (!got.ok) return errorView(t, 'compliance:sender.taken', { sender: inline(got.key) });
    const adopted = await engine.inbound.adoptUnrouted(org.id, got.org.sms);
    await auditByMember(ctx, {
      action: 'org.sender_set',
      subject: { type: 'org', id: org.id },
      data: { from: senderKeys(org.sms), to: senderKeys(got.org.sms), adoptedOptOuts: adopted },
    });
    org = got.org;
  }
  if (typeof options.keyword_replies === 'string') {
    const mode = KeywordReplies.parse(options.keyword_replies);
    org = await store.orgs.update(org.id, { keywordReplies: mode });
    await auditByMember(ctx, { action: 'org.updated', subject: { type: 'org', id: org.id }, data: { fields: ['keywordReplies'], keywordReplies: mode } });
  }
  const changed = options.sender !== undefined || options.keyword_replies !== undefined;
  const title = changed ? `✅ ${t('commands:settings.saved')}` : t('compliance:settings.sms_title', { name: inline(org.name) });
  // The deliverability thresholds sit beside the sender they protect.
  return ephemeral(noticeView(title, [...smsBlocks(t, org, keywordRepliesOf(org, engine.config)), ...deliverabilityBlocks(t, org, ctx.lang)]));
}
