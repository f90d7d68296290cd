// `/textbank setup`: the first owner. Only before the org exists, only by a workspace/guild admin
// (the platform says so), and with the organization's registered name, which every first text
// must carry (R3.1).
import { DuplicateError } from '../core/errors.js';
import { hasSender, senderKeys, type Org } from '../core/model/org.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import { usageOf } from './framework/dispatcher.js';
import { errorView } from './framework/error-view.js';
import type { Services } from './services.js';
import { ephemeral } from './support/results.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';

export const setupCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['setup'],
  descriptionKey: 'commands:descriptions.setup',
  options: [{ name: 'name', type: 'string', descriptionKey: 'commands:options.org_name', maxLength: 80 }],
  role: 'none',
  sideEffects: true,
  async handler(ctx, options): Promise<Reply> {
    const { t, actor } = ctx;
    if (ctx.org.id !== '') return errorView(t, 'commands:setup.already', { name: inline(ctx.org.name) });
    if (actor.isPlatformAdmin !== true) return errorView(t, 'commands:setup.admin_only');
    const name = (typeof options.name === 'string' ? options.name : '').trim() || (actor.orgName ?? '').trim();
    if (!name) return errorView(t, 'commands:setup.name_needed', {}, { usage: usageOf(setupCommand, t) });
    const { store, clock, orgDefaults } = ctx.services;
    let org;
    try {
      org = await store.orgs.create({
        platform: actor.platform,
        externalId: actor.orgExternalId,
        name: name.slice(0, 80),
        defaultLocale: ctx.lang,
        ...(orgDefaults?.keywordReplies ? { keywordReplies: orgDefaults.keywordReplies } : {}),
      });
    } catch (err) {
      if (err instanceof DuplicateError) return errorView(t, 'commands:setup.already', { name: inline(name) });
      throw err;
    }
    // A sender belongs to one org: the configured one goes to the first org that sets up; with the
    // simulated carrier each further org gets its own fictional number. Otherwise the org starts
    // with no sender, and an owner sets its own in /textbank settings.
    const withSender = await takeFirstFreeSender(ctx.services, org.id, [...(orgDefaults?.sms ? [orgDefaults.sms] : []), ...(orgDefaults?.spareSenders ?? [])]);
    if (withSender) org = withSender;
    let owner = await store.members.upsert(org.id, { platformUserId: actor.userId, displayName: actor.displayName, role: 'owner', locale: ctx.lang });
    if (owner.role !== 'owner') owner = await store.members.setRole(org.id, owner.id, 'owner');
    await store.audit.append({
      orgId: org.id,
      at: clock.now(),
      actor: { type: 'member', id: owner.id, name: owner.displayName },
      action: 'org.created',
      subject: { type: 'org', id: org.id },
      data: { platform: actor.platform, externalId: actor.orgExternalId, name: org.name, sender: senderKeys(org.sms), keywordReplies: org.keywordReplies ?? null },
    });
    const text = t('commands:setup.done', { name: inline(org.name) });
    if (!hasSender(org)) {
      return ephemeral(noticeView(`✅ ${text}`, [
        { type: 'section', text: `⚠️ ${t('compliance:sender.setup_without', { name: inline(org.name) })}` },
        { type: 'section', text: t('compliance:sender.how_to') },
      ]));
    }
    return ephemeral(noticeView(`✅ ${text}`, [{ type: 'section', text: t('commands:setup.next_steps') }]));
  },
});

/** The org with the first candidate sender no other org holds (atomic per try), or null. */
async function takeFirstFreeSender(services: Services, orgId: string, candidates: readonly Org['sms'][]): Promise<Org | null> {
  for (const sms of candidates) {
    if (senderKeys(sms).length === 0) continue;
    const got = await services.store.orgs.assignSender(orgId, sms);
    if (!got.ok) continue;
    // Opt-outs voters sent to this sender while no org owned it become this org's (R1.4).
    await services.engine.inbound.adoptUnrouted(orgId, got.org.sms);
    return got.org;
  }
  return null;
}
