// `/textbank optout add|remove|check|import`: the org-wide suppression list (R1.2, R1.4c, R1.5).
// Remove lifts only entries organizers made; a voter's own opt-out (STOP, a phrase, a confirmed
// review, a carrier block) is lifted only by the voter texting START (R1.7).
import { normalizePhone } from '../core/contacts/phone.js';
import { maskPhone } from '../core/contacts/phone.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { usageOf } from './framework/dispatcher.js';
import { errorView } from './framework/error-view.js';
import type { OptionSpec } from './framework/options.js';
import type { Services } from './services.js';
import { sourceOf } from './import.js';
import { ADMIN_SOURCES, addOptOut, importOptOuts, liftOptOut } from './support/opt-outs.js';
import { ephemeral, type Ctx } from './support/results.js';
import { optOutImportView } from './views/files.js';
import { noticeView } from './views/help.js';
import { when } from './views/text.js';

const phoneOption: OptionSpec = { name: 'phone', type: 'string', descriptionKey: 'commands:options.phone', required: true, maxLength: 40 };

/** The typed number in E.164, or the reply explaining why it is not one. */
function phoneOf(ctx: Ctx, raw: unknown): { phone: string } | { reply: Reply } {
  const r = normalizePhone(String(raw ?? ''), 'US', { allowNonUs: true });
  if (r.ok) return { phone: r.e164 };
  return { reply: errorView(ctx.t, 'commands:optout.bad_phone', { why: ctx.t(`rules:phone.${r.reason}`) }) };
}

export const optOutAddCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['optout', 'add'],
  descriptionKey: 'commands:descriptions.optout_add',
  options: [phoneOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const p = phoneOf(ctx, options.phone);
    if ('reply' in p) return p.reply;
    const r = await addOptOut(ctx.services, ctx.org.id, p.phone, ctx.member, 'admin');
    const key = r.created ? 'commands:optout.added' : 'commands:optout.already';
    return ephemeral(noticeView(`${r.created ? '✅ ' : ''}${ctx.t(key, { phone: maskPhone(p.phone) })}`));
  },
});

export const optOutRemoveCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['optout', 'remove'],
  descriptionKey: 'commands:descriptions.optout_remove',
  options: [phoneOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const p = phoneOf(ctx, options.phone);
    if ('reply' in p) return p.reply;
    const existing = await ctx.services.store.optOuts.get(ctx.org.id, p.phone);
    const phone = maskPhone(p.phone);
    if (!existing) return ephemeral(noticeView(ctx.t('commands:optout.not_listed', { phone })));
    if (!ADMIN_SOURCES.includes(existing.source)) {
      return errorView(ctx.t, 'commands:optout.voter_only', { phone, source: ctx.t(`commands:optout.source_${existing.source}`) });
    }
    await liftOptOut(ctx.services, ctx.org.id, existing, ctx.member);
    return ephemeral(noticeView(`✅ ${ctx.t('commands:optout.removed', { phone })}`));
  },
});

export const optOutCheckCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['optout', 'check'],
  descriptionKey: 'commands:descriptions.optout_check',
  options: [phoneOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const p = phoneOf(ctx, options.phone);
    if ('reply' in p) return p.reply;
    const existing = await ctx.services.store.optOuts.get(ctx.org.id, p.phone);
    const phone = maskPhone(p.phone);
    if (!existing) return ephemeral(noticeView(ctx.t('commands:optout.not_listed', { phone })));
    return ephemeral(
      noticeView(ctx.t('commands:optout.listed', { phone, at: when(existing.at, ctx.lang), source: ctx.t(`commands:optout.source_${existing.source}`) })),
    );
  },
});

export const optOutImportCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['optout', 'import'],
  descriptionKey: 'commands:descriptions.optout_import',
  options: [{ name: 'file', type: 'attachment', descriptionKey: 'commands:options.optout_file' }],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx) {
    const source = sourceOf(ctx);
    if (!source) return errorView(ctx.t, 'commands:optout.no_file', {}, { usage: usageOf(optOutImportCommand, ctx.t) });
    const { records } = await ctx.services.files.openCsv('url' in source ? { url: source.url, name: source.name } : { path: source.path });
    const report = await importOptOuts(ctx.services, ctx.org.id, records, ctx.member);
    return ephemeral(optOutImportView(ctx.t, { report, fileName: source.name, lang: ctx.lang }));
  },
});
