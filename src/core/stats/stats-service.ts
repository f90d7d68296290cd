// Campaign stats from counters, never a scan: campaign counters (atomic $inc by the
// engine), contacts by status (an indexed count on (campaignId, status)), and tallies (survey
// answers, per-volunteer counts, failures by carrier code) kept on write.
import type { CampaignCounters } from '../model/campaign.js';
import type { ContactStatus } from '../model/contact.js';
import { tallyKey, tallyScope, type EngineDeps } from '../campaigns/engine-deps.js';
import { fail, type Failure } from '../campaigns/result.js';
import { hourlyScope, hourlySeries, type HourlyPoint } from './hourly.js';
import { linkTallyScope } from '../links/link-service.js';
import { templateLinks } from '../scripts/template.js';
import { variantScope } from './variant-tallies.js';
import { variantGroups, type VariantGroup } from './variant-stats.js';

export interface SurveyTally {
  questionId: string;
  text: string;
  answers: { answerId: string; label: string; count: number }[];
}

export interface VolunteerTally {
  volunteerId: string;
  initials: number;
  replies: number;
  optOuts: number;
}

export interface CampaignStats {
  campaignId: string;
  slug: string;
  name: string;
  status: string;
  contactsByStatus: Record<ContactStatus, number>;
  contacts: number;
  counters: CampaignCounters;
  initials: number;
  sent: number;
  delivered: number;
  failed: number;
  failedByCode: Record<string, number>;
  replies: number;
  repliedContacts: number;
  /** repliedContacts / initials, 0..1 (0 before the first initial). */
  replyRate: number;
  optOuts: number;
  /** optOuts / initials, 0..1. */
  optOutRate: number;
  spamFiltered: number;
  survey: SurveyTally[];
  volunteers: VolunteerTally[];
  /** First texts and voter replies per UTC hour, gap-free (empty before the first text). */
  hourly: HourlyPoint[];
  /** A/B script variants, per contact language: per-variant rates and the test between them; absent with no variant texted. */
  variants?: VariantGroup[];
  /** Tracked links: clicks, contacts who clicked and their share of texted contacts; absent when the campaign has none. */
  links?: LinkStats;
}

export interface LinkStats {
  clicks: number;
  clickers: number;
  /** clickers / initials, 0..1. */
  clickRate: number;
}

const rate = (n: number, d: number): number => (d > 0 ? n / d : 0);

export class StatsService {
  constructor(private readonly deps: EngineDeps) {}

  async campaignStats(orgId: string, campaignId: string): Promise<{ ok: true; stats: CampaignStats } | Failure> {
    const { store } = this.deps;
    const campaign = await store.campaigns.get(orgId, campaignId);
    if (!campaign) return fail('engine:campaign.not_found');
    const [byStatus, surveyT, volunteersT, errorsT, hourlyT, variantsT] = await Promise.all([
      store.contacts.countByStatus(orgId, campaignId),
      store.tallies.get(orgId, tallyScope.survey(campaignId)),
      store.tallies.get(orgId, tallyScope.volunteers(campaignId)),
      store.tallies.get(orgId, tallyScope.errors(campaignId)),
      store.tallies.get(orgId, hourlyScope(campaignId)),
      store.tallies.get(orgId, variantScope(campaignId)),
    ]);
    const c = campaign.counters;
    const survey: SurveyTally[] = campaign.survey.map((q) => ({
      questionId: q.id,
      text: q.text,
      answers: q.answers.map((a) => ({ answerId: a.id, label: a.label, count: surveyT[tallyKey(q.id, a.id)] ?? 0 })),
    }));
    const byVolunteer = new Map<string, VolunteerTally>();
    for (const [key, n] of Object.entries(volunteersT)) {
      const [volunteerId = '', what = ''] = key.split('/');
      const v = byVolunteer.get(volunteerId) ?? { volunteerId, initials: 0, replies: 0, optOuts: 0 };
      if (what === 'initials' || what === 'replies' || what === 'optOuts') v[what] += n;
      byVolunteer.set(volunteerId, v);
    }
    const contacts = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const ab = variantGroups(variantsT);
    const linksT = await store.tallies.get(orgId, linkTallyScope(campaignId));
    const tracked = Object.keys(linksT).length > 0 || Object.values(campaign.scripts).some((set) => set !== undefined && templateLinks(set.initial).length > 0);
    return {
      ok: true,
      stats: {
        campaignId,
        slug: campaign.slug,
        name: campaign.name,
        status: campaign.status,
        contactsByStatus: byStatus,
        contacts,
        counters: c,
        initials: c.initials,
        sent: c.sent,
        delivered: c.delivered,
        failed: c.failed,
        failedByCode: errorsT,
        replies: c.replies,
        repliedContacts: c.repliedContacts,
        replyRate: rate(c.repliedContacts, c.initials),
        optOuts: c.optOuts,
        optOutRate: rate(c.optOuts, c.initials),
        spamFiltered: c.spamFiltered,
        survey,
        volunteers: [...byVolunteer.values()].sort((a, b) => b.initials - a.initials || a.volunteerId.localeCompare(b.volunteerId)),
        hourly: hourlySeries(hourlyT),
        ...(ab.length > 0 ? { variants: ab } : {}),
        ...(tracked ? { links: { clicks: linksT.clicks ?? 0, clickers: linksT.clickers ?? 0, clickRate: rate(linksT.clickers ?? 0, c.initials) } } : {}),
      },
    };
  }
}
