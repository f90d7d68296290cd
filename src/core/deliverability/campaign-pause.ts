// Organizers resume (or pause) one campaign's first texts. A Resume starts the campaign's
// deliverability window afresh: the guardrail judges the sends made after it, not the burst that
// paused it (the sender's window is kept: it spans campaigns).
import type { Campaign } from '../model/campaign.js';
import type { Clock, Store } from '../ports.js';
import { loadActor } from '../campaigns/access.js';
import { fail, isFailure, type Failure } from '../campaigns/result.js';
import { windowKey } from './store-port.js';

export type CampaignInitialsResult = { ok: true; campaign: Campaign; changed: boolean } | Failure;

export async function setCampaignInitialsPaused(deps: { store: Store; clock: Clock }, orgId: string, campaignId: string, by: string, paused: boolean): Promise<CampaignInitialsResult> {
  const { store, clock } = deps;
  const actor = await loadActor(store, orgId, by, 'organizer');
  if (isFailure(actor)) return actor;
  const campaign = await store.campaigns.get(orgId, campaignId);
  if (!campaign) return fail('engine:campaign.not_found');
  if ((campaign.initialsPause?.paused === true) === paused) return { ok: true, campaign, changed: false };
  const at = clock.now();
  const updated = await store.campaigns.update(orgId, campaignId, { initialsPause: { paused, by: actor.id, at } });
  if (!paused) await store.deliverability.reset(orgId, windowKey.campaign(campaignId));
  await store.audit.append({
    orgId,
    at,
    actor: { type: 'member', id: actor.id, name: actor.displayName },
    action: paused ? 'campaign.initials_paused' : 'campaign.initials_resumed',
    subject: { type: 'campaign', id: campaignId },
    data: { by: actor.id },
  });
  return { ok: true, campaign: updated, changed: true };
}
