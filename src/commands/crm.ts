// `/textbank crm connect|status|disconnect|sync`: an org's NGP VAN / EveryAction or Action
// Network connection. The API key is typed into a form, checked with the CRM after the ack, and
// stored sealed (SecretBox): it is never shown again, logged, or repeated in a message.
// A sync runs as the `crm.sync` job and edits one message (in the organizer's DM) as it goes.
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { CrmKindSchema, VAN_MODES, type VanMode } from '../core/crm/model.js';
import type { CrmKind } from '../core/ports.js';
import type { Reply } from '../core/views/view.js';
import { MODAL } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, type Ctx } from './support/results.js';
import { credentialsOf, crmKindOption, crmParts, findConnection } from './crm-support.js';
import { kindName, runProgressView, statusView } from './views/crm.js';
import { noticeView } from './views/help.js';
import { inline } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

const KEY_MAX = 200;
const APP_NAME_MAX = 100;

const notice = (text: string): Reply => ephemeral(noticeView(text));

export const crmConnectCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['crm', 'connect'],
  descriptionKey: 'crm:descriptions.connect',
  options: [crmKindOption(true)],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    crmParts(ctx.services);
    const kind = CrmKindSchema.parse(options.kind);
    const t = ctx.t;
    return {
      kind: 'modal',
      modal: {
        id: MODAL.crmConnect,
        title: t(`crm:connect.modal_title.${kind}`),
        submitLabel: t('crm:connect.modal_submit'),
        privateValue: kind,
        inputs: [
          { id: 'api_key', label: t('crm:connect.api_key'), kind: 'text', maxLength: KEY_MAX, hint: t('crm:connect.api_key_hint') },
          ...(kind === 'van'
            ? [
                { id: 'app_name', label: t('crm:connect.app_name'), kind: 'text' as const, maxLength: APP_NAME_MAX, hint: t('crm:connect.app_name_hint') },
                {
                  id: 'mode',
                  label: t('crm:connect.mode'),
                  kind: 'select' as const,
                  initial: 'my_campaign',
                  options: VAN_MODES.map((m) => ({ label: t(`crm:mode.${m}`), value: m })),
                },
              ]
            : []),
        ],
      },
    };
  },
});

export const crmConnectModal: InteractionDefinition<Services, CrmKind> = defineInteraction<Services, CrmKind>({
  id: MODAL.crmConnect,
  kind: 'modal',
  role: 'organizer',
  valueSchema: CrmKindSchema,
  async handler(ctx, kind, fields) {
    const parts = crmParts(ctx.services);
    const t = ctx.t;
    const apiKey = (fields.api_key ?? '').trim();
    const appName = (fields.app_name ?? '').trim();
    const errors: Record<string, string> = {};
    if (apiKey === '') errors.api_key = t('crm:connect.key_required');
    else if (apiKey.length > KEY_MAX || /\s/.test(apiKey)) errors.api_key = t('crm:connect.key_malformed', { max: KEY_MAX });
    if (kind === 'van' && appName.length > APP_NAME_MAX) errors.app_name = t('commands:errors.option_too_long', { option: t('crm:connect.app_name'), max: APP_NAME_MAX });
    const mode: VanMode | undefined = kind === 'van' ? (VAN_MODES.find((m) => m === fields.mode) ?? 'my_campaign') : undefined;
    if (Object.keys(errors).length > 0) return { kind: 'modalErrors', errors };

    // Acked before the remote check (the interim reply closes the form on every platform).
    const checking = t('crm:connect.checking', { crm: kindName(t, kind) });
    const inv = ctx.invocation;
    if (inv.kind === 'modal') await inv.interim?.(ephemeral(noticeView(checking))).catch(() => undefined);

    const conn = { ...(appName ? { appName } : {}), ...(mode ? { mode } : {}) };
    let verdict: Awaited<ReturnType<ReturnType<typeof parts.crm.open>['verify']>>;
    try {
      verdict = await parts.crm.open(kind, credentialsOf(conn, apiKey)).verify();
    } catch {
      verdict = { ok: false, reason: 'unavailable' };
    }
    if (!verdict.ok) return notice(`⚠️ ${t(`crm:connect.refused.${verdict.reason}`, { crm: kindName(t, kind) })}`);

    await ctx.services.store.crm.saveConnection({
      orgId: ctx.org.id,
      kind,
      sealedKey: parts.secrets.seal(apiKey),
      ...conn,
      ...(verdict.account ? { account: verdict.account.slice(0, 120) } : {}),
      connectedBy: ctx.member.id,
      connectedAt: ctx.now,
    });
    await auditByMember(ctx, {
      action: 'crm.connected',
      subject: { type: 'org', id: ctx.org.id },
      data: { kind, ...(mode ? { mode } : {}) },
    });
    const account = verdict.account ? ` (${inline(verdict.account, 60)})` : '';
    return notice(`✅ ${t('crm:connect.done', { crm: kindName(t, kind), account })}\n${t('crm:connect.next')}`);
  },
});

export const crmStatusCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['crm', 'status'],
  descriptionKey: 'crm:descriptions.status',
  options: [],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx) {
    const { store } = ctx.services;
    const connections = await store.crm.listConnections(ctx.org.id);
    const runs = await store.crm.listRuns(ctx.org.id, { limit: 5 });
    const named = await Promise.all(runs.map(async (r) => ({ ...r, campaignName: (await store.campaigns.get(ctx.org.id, r.campaignId))?.name ?? '-' })));
    return ephemeral(statusView(ctx.t, { connections, runs: named, lang: ctx.lang }));
  },
});

export const crmDisconnectCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['crm', 'disconnect'],
  descriptionKey: 'crm:descriptions.disconnect',
  options: [crmKindOption(true)],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const kind = CrmKindSchema.parse(options.kind);
    const removed = await ctx.services.store.crm.removeConnection(ctx.org.id, kind);
    if (!removed) throw new UserError('crm:errors.not_connected', { crm: kindName(ctx.t, kind), kind });
    await auditByMember(ctx, {
      action: 'crm.disconnected',
      subject: { type: 'org', id: ctx.org.id },
      data: { kind },
    });
    return notice(`✅ ${ctx.t('crm:disconnect.done', { crm: kindName(ctx.t, kind) })}`);
  },
});

/** Payload of the `crm.sync` job: ids only; everything else is re-read from the store. */
export const CrmSyncJob = z.object({ orgId: z.string().min(1), runId: z.string().min(1) });
export type CrmSyncJob = z.infer<typeof CrmSyncJob>;

export const crmSyncCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['crm', 'sync'],
  descriptionKey: 'crm:descriptions.sync',
  options: [campaignOption, crmKindOption(false)],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    crmParts(ctx.services);
    const runs = ctx.services.crmRuns;
    if (!runs) throw new UserError('crm:errors.unavailable');
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    const connection = await findConnection(ctx, options.kind);
    const { store } = ctx.services;
    const run = await store.crm.createRun(ctx.org.id, {
      kind: connection.kind,
      campaignId: campaign.id,
      startedBy: ctx.member.id,
      requestedBy: { platformUserId: ctx.actor.userId, lang: ctx.lang },
    }, ctx.now);
    const ref = await postProgress(ctx, connection.kind, campaign.name);
    if (ref) await store.crm.updateRun(ctx.org.id, run.id, { progressRef: ref });
    await runs.enqueue({ orgId: ctx.org.id, runId: run.id });
    await auditByMember(ctx, {
      action: 'crm.sync_started',
      subject: { type: 'campaign', id: campaign.id },
      data: { kind: connection.kind, run: run.id },
    });
    const mapped = connection.mappings.some((m) => m.campaignId === campaign.id);
    const lines = [`✅ ${ctx.t(ref ? 'crm:sync.started_dm' : 'crm:sync.started', { crm: kindName(ctx.t, connection.kind), campaign: inline(campaign.name) })}`];
    if (!mapped) lines.push(ctx.t('crm:sync.unmapped', { slug: campaign.slug }));
    return notice(lines.join('\n'));
  },
});

/** The one message the run edits: a DM to the organizer (it lists contact ids, so not the channel). */
async function postProgress(ctx: Ctx, kind: CrmKind, campaignName: string) {
  const gateway = ctx.services.chat?.gateways[ctx.actor.platform];
  if (!gateway) return undefined;
  try {
    return await gateway.dm(ctx.actor.userId, runProgressView(ctx.t, { kind, campaignName, report: { sent: 0, skipped: {}, failed: {}, examples: {}, read: 0, total: 0 }, lang: ctx.lang }));
  } catch (err) {
    ctx.services.chat?.onError?.(err, 'crm sync progress message');
    return undefined;
  }
}
