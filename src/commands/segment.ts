// `/textbank segment <campaign> [filters]` (organizers): which of a campaign's contacts a
// follow-up, a segmented post or an export with these filters would take. Shows the filters in
// words and the counts: matched, left out as opted out, left out as invalid or landline, and how
// many would hit a frequency cap today (R6.3; an estimate past the first contacts, said so).
// Several campaigns: `gotv,persuade`. Free text and Discord's typed options end in one parse.
import { UserError } from '../core/errors.js';
import type { Campaign } from '../core/model/campaign.js';
import { filterToken, splitFilterWords } from '../core/segments/parse.js';
import { SEGMENT_FILTER_KEYS } from '../core/segments/parse.js';
import { previewSegment, type SegmentPreview } from '../core/segments/preview.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, type CommandDefinition } from './framework/definition.js';
import type { OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, type Ctx } from './support/results.js';
import { readSegment, segmentInWords, segmentOptions } from './support/segment-options.js';
import { inline, num } from './views/text.js';

const PATH = ['segment'] as const;
/** Campaigns one preview may read together. */
const MAX_CAMPAIGNS = 5;

/**
 * Free text: the campaign is the first word after the path that is not a filter (the dispatcher's
 * own split cuts quoted labels, so its slot may hold a piece of one). Any other loose word is
 * reported, never dropped.
 */
function textCampaign(ctx: Ctx, options: OptionValues): unknown {
  const inv = ctx.invocation;
  if (inv.kind !== 'command' || inv.path !== undefined || typeof inv.text !== 'string') return options.campaign;
  const words = splitFilterWords(inv.text).slice(PATH.length);
  let campaign: string | undefined;
  for (const w of words) {
    const tok = filterToken(w);
    if (tok?.key === 'campaign') campaign = tok.value;
    else if (tok) continue;
    else if (campaign === undefined) campaign = w;
    else throw new UserError('segments:errors.unknown_filter', { filter: inline(w, 60), filters: SEGMENT_FILTER_KEYS.join(', ') });
  }
  return campaign;
}

async function campaignsOf(ctx: Ctx, slugs: unknown): Promise<Campaign[]> {
  const list = typeof slugs === 'string' ? slugs.split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (list.length <= 1) return [await resolveCampaign(ctx, list[0], { allowArchived: true })];
  if (list.length > MAX_CAMPAIGNS) throw new UserError('segments:errors.too_many_campaigns', { max: MAX_CAMPAIGNS });
  const found: Campaign[] = [];
  for (const slug of new Set(list.map((s) => s.toLowerCase()))) found.push(await resolveCampaign(ctx, slug, { allowArchived: true }));
  return found;
}

export function previewView(ctx: Pick<Ctx, 't' | 'lang'>, campaigns: readonly Campaign[], filters: string, p: SegmentPreview): Reply {
  const { t, lang } = ctx;
  const n = (v: number): string => num(v, lang);
  const title = t('segments:preview.title', { campaign: campaigns.map((c) => inline(c.name, 60)).join(', ') });
  const capped = p.capSample < p.matched
    ? t('segments:preview.capped_sampled', { count: n(p.capped), sample: n(p.capSample), matched: n(p.matched) })
    : t('segments:preview.capped', { count: n(p.capped) });
  const lines = [
    t('segments:preview.matched', { count: n(p.matched) }),
    t('segments:preview.excluded_opt_out', { count: n(p.excludedOptOut) }),
    t('segments:preview.excluded_status', { count: n(p.excludedStatus) }),
    capped,
  ];
  const filtersLine = t('segments:preview.filters', { filters });
  return ephemeral({
    text: [title, filtersLine, ...lines].join('\n'),
    blocks: [
      { type: 'section', text: `*${title}*` },
      { type: 'context', text: filtersLine },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: t('segments:preview.syntax') },
    ],
  });
}

export const segmentCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: PATH,
  descriptionKey: 'segments:command.description',
  options: [campaignOption, ...segmentOptions],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaigns = await campaignsOf(ctx, textCampaign(ctx, options));
    const segment = await readSegment(ctx, campaigns, options);
    const preview = await previewSegment(ctx.services.store, { org: ctx.org, campaignIds: campaigns.map((c) => c.id), segment, now: ctx.now });
    return previewView(ctx, campaigns, segmentInWords(ctx, campaigns, segment), preview);
  },
});
