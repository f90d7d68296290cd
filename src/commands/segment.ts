// `/textbank segment <campaign> [filters]` (organizers): which of a campaign's contacts a
// follow-up, a segmented post or an export with these filters would take. Shows the filters in
// words and the counts: matched, left out as opted out, left out as invalid or landline, and how
// many would hit a frequency cap today (R6.3; an estimate past the first contacts, said so).
// Several campaigns: `gotv,persuade`. Free text and Discord's typed options end in one parse.
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import type { Campaign } from '../core/model/campaign.js';
import { filterToken, parseSegmentFilters, splitFilterWords, SEGMENT_FILTER_KEYS } from '../core/segments/parse.js';
import type { Segment } from '../core/segments/segment.js';
import { previewSegment, type SegmentPreview } from '../core/segments/preview.js';
import type { Reply } from '../core/views/view.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import type { OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, type Ctx } from './support/results.js';
import { readSegment, segmentInWords, segmentOptions } from './support/segment-options.js';
import { inline, num } from './views/text.js';

const PATH = ['segment'] as const;
/** The "Choose filters" button and its form (selects for the common filters, free text for the rest). */
export const SEGMENT_FORM = 'segment_filters';
/** Choices a form select may hold (Discord's limit). */
const SELECT_MAX = 25;
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
      // One campaign: a form with selects for the common filters (the same parse as typed filters).
      ...(campaigns.length === 1
        ? [{ type: 'actions' as const, elements: [{ type: 'button' as const, id: SEGMENT_FORM, label: t('segments:form.open'), value: (campaigns[0] as Campaign).id }] }]
        : []),
    ],
  });
}

async function preview(ctx: Ctx, campaigns: Campaign[], segment: Segment): Promise<Reply> {
  const p = await previewSegment(ctx.services.store, { org: ctx.org, campaignIds: campaigns.map((c) => c.id), segment, now: ctx.now });
  return previewView(ctx, campaigns, segmentInWords(ctx, campaigns, segment), p);
}

async function ownCampaign(ctx: Ctx, campaignId: string): Promise<Campaign> {
  // The button and the form carry an id only: read again within the presser's org.
  const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
  if (!campaign) throw new UserError('segments:errors.campaign_gone');
  return campaign;
}

const any = (t: Ctx['t']) => ({ label: t('segments:form.any'), value: 'any' });

export const segmentFormAction: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: SEGMENT_FORM,
  kind: 'action',
  role: 'organizer',
  valueSchema: z.string().min(1).max(64),
  async handler(ctx, campaignId): Promise<Reply> {
    const campaign = await ownCampaign(ctx, campaignId);
    const { t } = ctx;
    const answers = campaign.survey.flatMap((q) => q.answers.map((a) => ({ label: inline(`${q.text} = ${a.label}`, 75), value: `${q.id}=${a.id}` })));
    const tags = campaign.tags.map((tag) => ({ label: inline(tag.label, 75), value: tag.id }));
    const inputs: NonNullable<Extract<Reply, { kind: 'modal' }>['modal']['inputs']> = [
      { id: 'replied', label: t('segments:form.replied'), kind: 'select', optional: true, options: [any(t), { label: t('segments:form.yes'), value: 'yes' }, { label: t('segments:form.no'), value: 'no' }] },
      { id: 'lang', label: t('segments:form.lang'), kind: 'select', optional: true, options: [any(t), { label: t('segments:lang.en'), value: 'en' }, { label: t('segments:lang.es'), value: 'es' }] },
    ];
    // More answers or tags than a select holds: those are typed in the free field (the hint says so).
    if (answers.length > 0 && answers.length < SELECT_MAX) inputs.push({ id: 'answer', label: t('segments:form.answer'), kind: 'select', optional: true, options: [any(t), ...answers] });
    if (tags.length > 0 && tags.length < SELECT_MAX) inputs.push({ id: 'tag', label: t('segments:form.tag'), kind: 'select', optional: true, options: [any(t), ...tags] });
    inputs.push({ id: 'filters', label: t('segments:form.filters'), kind: 'text', optional: true, maxLength: 1000, hint: t('segments:form.filters_hint') });
    return { kind: 'modal', modal: { id: SEGMENT_FORM, title: t('segments:form.title'), submitLabel: t('segments:form.submit'), privateValue: campaign.id, inputs } };
  },
});

export const segmentFormModal: InteractionDefinition<Services, string> = defineInteraction<Services, string>({
  id: SEGMENT_FORM,
  kind: 'modal',
  role: 'organizer',
  valueSchema: z.string().min(1).max(64),
  async handler(ctx, campaignId, fields): Promise<Reply> {
    const campaign = await ownCampaign(ctx, campaignId);
    const words = splitFilterWords(fields.filters ?? '');
    for (const key of ['replied', 'lang', 'answer', 'tag'] as const) {
      const v = fields[key]?.trim();
      if (v && v !== 'any') words.push(`${key}:${v}`);
    }
    const parsed = parseSegmentFilters(words, { campaigns: [campaign] });
    if (!parsed.ok) return { kind: 'modalErrors', errors: { filters: ctx.t(parsed.error.key, parsed.error.params) } };
    return preview(ctx, [campaign], parsed.segment);
  },
});

export const segmentCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: PATH,
  descriptionKey: 'segments:command.description',
  options: [campaignOption, ...segmentOptions],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaigns = await campaignsOf(ctx, textCampaign(ctx, options));
    const segment = await readSegment(ctx, campaigns, options);
    return preview(ctx, campaigns, segment);
  },
});
