// Deliverability guardrails in chat:
// - the `deliverability.alert` job (enqueued by the engine's guardrail from the carrier status
//   path): posts the warning to the campaign's channel and the org's review channel, with a
//   Resume button when the campaign's first texts were paused. Each channel is posted once even
//   when the job is retried (marker per channel in the store); a chat failure throws so the queue
//   retries the channels still missing.
// - the Resume button (organizers; the role is re-checked on the press, and again in core).
import type { Campaign } from '../core/model/campaign.js';
import type { Lang } from '../core/model/common.js';
import type { JobQueue } from '../core/ports.js';
import type { Block, View } from '../core/views/view.js';
import { DeliverabilityAlertJob } from '../core/deliverability/alert-job.js';
import { setCampaignInitialsPaused } from '../core/deliverability/campaign-pause.js';
import { ACTION, CampaignValue } from './actions.js';
import { defineInteraction, type InteractionDefinition, type Translate } from './framework/definition.js';
import type { Services } from './services.js';
import { refreshPost } from './support/post.js';
import { ephemeral, failureReply } from './support/results.js';
import { inline, num } from './views/text.js';


const postedScope = 'deliverability:alerts';

/** The warning (and, for a pause, the Resume button) in the org's language. */
export function deliverabilityAlertView(t: Translate, lang: Lang, job: DeliverabilityAlertJob, campaign: Pick<Campaign, 'id' | 'name' | 'slug'>): View {
  const params = {
    campaign: inline(campaign.name),
    percent: num(job.percent, lang),
    size: num(job.size, lang),
    threshold: num(job.threshold, lang),
    sender: inline(job.sender ?? ''),
  };
  const what = t(`deliverability:cause.${job.cause}`);
  const title = job.level === 'pause' ? t('deliverability:alert.paused_title', params) : t('deliverability:alert.warn_title', params);
  const detail = t(job.scope === 'sender' ? 'deliverability:alert.detail_sender' : 'deliverability:alert.detail_campaign', { ...params, what });
  const blocks: Block[] = [
    { type: 'section', text: `${job.level === 'pause' ? '⏸' : '⚠️'} **${title}**` },
    { type: 'section', text: detail },
    { type: 'context', text: t(job.level === 'pause' ? 'deliverability:alert.paused_hint' : 'deliverability:alert.warn_hint', { what }) },
  ];
  if (job.level === 'pause') {
    blocks.push({ type: 'actions', elements: [{ type: 'button', id: ACTION.deliverabilityResume, label: t('deliverability:alert.resume'), style: 'primary', value: campaign.id }] });
  }
  return { text: title, blocks };
}

export function createDeliverabilityAlerts(services: Services, log?: { warn(obj: object, msg: string): void }) {
  const { store } = services;
  return {
    /** One `deliverability.alert` job; returns the channels posted now. */
    async handle(payload: unknown): Promise<string[]> {
      const job = DeliverabilityAlertJob.parse(payload);
      const [org, campaign] = await Promise.all([store.orgs.get(job.orgId), store.campaigns.get(job.orgId, job.campaignId)]);
      if (!org || !campaign) return [];
      const gateway = services.chat?.gateways[org.platform];
      const channels = [...new Set([campaign.channelId, org.review?.channelId].filter((c): c is string => Boolean(c)))];
      if (!gateway || channels.length === 0) {
        log?.warn({ orgId: org.id, campaignId: campaign.id, level: job.level }, 'deliverability alert: no chat channel to post to (campaign channel or review channel)');
        return [];
      }
      const view = deliverabilityAlertView(services.chat!.translator(org.defaultLocale), org.defaultLocale, job, campaign);
      const jobKey = `${job.campaignId}/${job.scope}/${job.level}/${job.at.getTime()}`;
      const posted = await store.tallies.get(org.id, postedScope);
      const now: string[] = [];
      for (const channel of channels) {
        const marker = `${jobKey}/${channel}`.replace(/[.$]/g, '_');
        if (posted[marker]) continue;
        await gateway.post(channel, view);
        await store.tallies.increment(org.id, postedScope, { [marker]: 1 });
        now.push(channel);
      }
      // The campaign post shows the pause too.
      if (job.level === 'pause' && now.length > 0) await refreshPost(services, org.id, campaign.id);
      return now;
    },
  };
}

/** Registers `deliverability.alert` on the queue (worker roles, beside chat.notify). */
export function registerDeliverabilityAlerts(queue: JobQueue, services: Services, log?: { warn(obj: object, msg: string): void }): void {
  const alerts = createDeliverabilityAlerts(services, log);
  queue.process('deliverability.alert', async (payload) => void (await alerts.handle(payload)), { concurrency: 2 });
}

/** Resume under the warning: the campaign's first texts go out again (organizers only). */
export const deliverabilityResumeAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: ACTION.deliverabilityResume,
  kind: 'action',
  role: 'organizer',
  valueSchema: CampaignValue,
  async handler(ctx, campaignId) {
    const { store, clock } = ctx.services;
    const r = await setCampaignInitialsPaused({ store, clock }, ctx.org.id, campaignId, ctx.member.id, false);
    if (!r.ok) return failureReply(ctx, r);
    if (r.changed) await refreshPost(ctx.services, ctx.org.id, campaignId);
    const text = t(ctx.t, r.changed ? 'deliverability:resume.done' : 'deliverability:resume.already', { campaign: inline(r.campaign.name), name: inline(ctx.member.displayName) });
    // The warning keeps its text and loses its button, so nobody presses it again.
    return r.changed ? { kind: 'update', view: { text, blocks: [{ type: 'section', text: `▶️ ${text}` }, { type: 'context', text: ctx.t('deliverability:resume.hint') }] } } : ephemeral({ text, blocks: [{ type: 'section', text }] });
  },
});

const t = (tr: Translate, key: string, params: Record<string, string | number>): string => tr(key, params);
