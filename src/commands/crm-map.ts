// `/textbank crm map <campaign> [kind]`: maps a campaign's survey answers, tags and outcomes to
// the CRM's own survey responses, activist codes (Action Network: tags) and result codes.
// The command reads the CRM's lists once (after the ack) and keeps them with the connection; it
// answers with a board whose select opens one form per page. A form holds 5 inputs on Discord, so
// the items come 5 to a page (10 questions x 25 answers, 25 tags and 4 outcomes = 56 pages, which
// the select lists; renderers split it into 25-option menus). An item whose choices do not fit
// one select (25 options with "not mapped") becomes a typed field that takes a choice's name or id.
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import type { Campaign } from '../core/model/campaign.js';
import { CRM_OUTCOMES, CrmKindSchema, type CrmAnswerTarget, type CrmConnection, type CrmMapping, type CrmOutcome } from '../core/crm/model.js';
import type { CrmCatalog, CrmKind } from '../core/ports.js';
import { MODAL_MAX, VALUE_MAX, type Modal, type ModalInput, type Reply, type View } from '../core/views/view.js';
import { ACTION, MODAL, ids } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition, type Translate } from './framework/definition.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, type Ctx } from './support/results.js';
import { crmKindOption, crmParts, findConnection, openConnection } from './crm-support.js';
import { kindName } from './views/crm.js';
import { inline, num } from './views/text.js';
import { auditByMember } from './support/member-audit.js';

/** Discord: 5 inputs per form. */
export const ITEMS_PER_PAGE = MODAL_MAX.inputs;
/** Discord: 25 options per select, one of them "not mapped". */
export const SELECT_CHOICES = 24;
const LABEL_MAX = 45;
const OPTION_LABEL_MAX = 75;
const NONE = '-';

export type MapItem =
  | { type: 'answer'; questionId: string; answerId: string; label: string }
  | { type: 'tag'; tagId: string; label: string }
  | { type: 'outcome'; outcome: CrmOutcome; label: string };

export interface MapPage {
  title: string;
  items: MapItem[];
}

interface Choice {
  value: string;
  label: string;
  /** Names and ids a person may type for it (compared without case). */
  typed: string[];
}

const Id = z.string().min(1).max(64);
export const CrmMapPageValue = z.tuple([Id, CrmKindSchema, z.string().regex(/^\d{1,3}$/)]);

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Every page of the campaign's mapping, in a fixed order (questions, tags, outcomes). */
export function mapPages(t: Translate, campaign: Pick<Campaign, 'survey' | 'tags'>, catalog: CrmCatalog): MapPage[] {
  const pages: MapPage[] = [];
  campaign.survey.forEach((q, qi) => {
    const items = q.answers.map((a): MapItem => ({ type: 'answer', questionId: q.id, answerId: a.id, label: inline(`${qi + 1}. ${a.label}`, LABEL_MAX) }));
    chunk(items, ITEMS_PER_PAGE).forEach((part, pi) =>
      pages.push({ title: t('crm:map.page_question', { n: qi + 1, question: inline(q.text, 40), from: pi * ITEMS_PER_PAGE + 1, to: pi * ITEMS_PER_PAGE + part.length }), items: part }),
    );
  });
  const tags = campaign.tags.map((tag): MapItem => ({ type: 'tag', tagId: tag.id, label: inline(tag.label, LABEL_MAX) }));
  chunk(tags, ITEMS_PER_PAGE).forEach((part, pi) => pages.push({ title: t('crm:map.page_tags', { from: pi * ITEMS_PER_PAGE + 1, to: pi * ITEMS_PER_PAGE + part.length }), items: part }));
  if (catalog.resultCodes.length > 0) {
    pages.push({ title: t('crm:map.page_outcomes'), items: CRM_OUTCOMES.map((o): MapItem => ({ type: 'outcome', outcome: o, label: t(`crm:outcome.${o}`) })) });
  }
  return pages;
}

function choicesFor(t: Translate, kind: CrmKind, item: MapItem, catalog: CrmCatalog): Choice[] {
  const codes = catalog.activistCodes.map((c) => ({ value: `a:${c.id}`, label: t(`crm:map.code.${kind}`, { name: c.name }), typed: [c.name, c.id] }));
  if (item.type === 'tag') return codes;
  if (item.type === 'outcome') return catalog.resultCodes.map((c) => ({ value: `c:${c.id}`, label: c.name, typed: [c.name, c.id] }));
  const responses = catalog.surveyQuestions.flatMap((q) =>
    q.responses.map((r) => ({ value: `r:${q.id}:${r.id}`, label: `${q.name}: ${r.name}`, typed: [`${q.name}: ${r.name}`, `${q.name}:${r.name}`, `${q.id}:${r.id}`] })),
  );
  return [...responses, ...codes];
}

function currentValue(mapping: CrmMapping | undefined, item: MapItem): string | undefined {
  if (!mapping) return undefined;
  if (item.type === 'tag') {
    const m = mapping.tags.find((x) => x.tagId === item.tagId);
    return m ? `a:${m.activistCode}` : undefined;
  }
  if (item.type === 'outcome') {
    const m = mapping.outcomes.find((x) => x.outcome === item.outcome);
    return m ? `c:${m.resultCode}` : undefined;
  }
  const m = mapping.answers.find((x) => x.questionId === item.questionId && x.answerId === item.answerId);
  if (!m) return undefined;
  return 'responseId' in m.target ? `r:${m.target.questionId}:${m.target.responseId}` : `a:${m.target.activistCode}`;
}

/** A select when every choice fits one (with "not mapped"), else a typed field. */
function fitsSelect(choices: readonly Choice[]): boolean {
  return choices.length <= SELECT_CHOICES && choices.every((c) => c.value.length <= VALUE_MAX);
}

export function pageModal(t: Translate, d: { kind: CrmKind; campaignId: string; pages: MapPage[]; page: number; catalog: CrmCatalog; mapping: CrmMapping | undefined }): Modal {
  const page = d.pages[d.page];
  if (!page) throw new UserError('crm:map.page_gone');
  const inputs: ModalInput[] = page.items.map((item, i) => {
    const choices = choicesFor(t, d.kind, item, d.catalog);
    const current = currentValue(d.mapping, item);
    if (fitsSelect(choices)) {
      return {
        id: `i${i}`,
        label: item.label,
        kind: 'select',
        optional: true,
        initial: current ?? NONE,
        options: [{ label: t('crm:map.not_mapped'), value: NONE }, ...choices.map((c) => ({ label: inline(c.label, OPTION_LABEL_MAX), value: c.value }))],
      };
    }
    const shown = choices.find((c) => c.value === current);
    return {
      id: `i${i}`,
      label: item.label,
      kind: 'text',
      optional: true,
      maxLength: 200,
      ...(shown ? { initial: shown.typed[0] ?? '' } : {}),
      hint: t(`crm:map.typed_hint.${item.type}`, { count: choices.length }),
    };
  });
  return {
    id: MODAL.crmMap,
    title: t('crm:map.modal_title', { page: d.page + 1, pages: d.pages.length }),
    submitLabel: t('crm:map.modal_submit'),
    privateValue: ids(d.campaignId, d.kind, String(d.page)),
    inputs,
  };
}

function mappedCount(mapping: CrmMapping | undefined, page: MapPage): number {
  return page.items.filter((item) => currentValue(mapping, item) !== undefined).length;
}

export function boardView(t: Translate, d: { kind: CrmKind; campaign: Pick<Campaign, 'id' | 'name'>; pages: MapPage[]; mapping: CrmMapping | undefined; lang: Ctx['lang']; notice?: string; catalog: CrmCatalog }): View {
  const title = t('crm:map.board_title', { crm: kindName(t, d.kind), campaign: inline(d.campaign.name) });
  const total = d.pages.reduce((n, p) => n + p.items.length, 0);
  const mapped = d.pages.reduce((n, p) => n + mappedCount(d.mapping, p), 0);
  const blocks: View['blocks'] = [];
  if (d.notice) blocks.push({ type: 'section', text: d.notice });
  blocks.push({ type: 'section', text: `**${title}**` });
  blocks.push({
    type: 'fields',
    fields: [
      { label: t('crm:map.mapped'), value: `${num(mapped, d.lang)} / ${num(total, d.lang)}` },
      { label: t('crm:map.catalog'), value: t('crm:map.catalog_counts', { questions: d.catalog.surveyQuestions.length, codes: d.catalog.activistCodes.length, results: d.catalog.resultCodes.length }) },
    ],
  });
  if (d.pages.length === 0) {
    blocks.push({ type: 'context', text: t('crm:map.nothing') });
    return { text: title, blocks };
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'select',
        id: ACTION.crmMapPage,
        placeholder: t('crm:map.choose_page'),
        options: d.pages.map((p, i) => ({
          label: inline(t('crm:map.page_option', { page: i + 1, title: p.title, mapped: mappedCount(d.mapping, p), items: p.items.length }), OPTION_LABEL_MAX),
          value: ids(d.campaign.id, d.kind, String(i)),
        })),
      },
    ],
  });
  blocks.push({ type: 'context', text: t('crm:map.board_hint', { pages: d.pages.length }) });
  return { text: title, blocks };
}

/** Reads a submitted page into the mapping; field errors for typed names that match nothing. */
export function applyPage(t: Translate, d: { kind: CrmKind; page: MapPage; catalog: CrmCatalog; mapping: CrmMapping; fields: Record<string, string> }): { mapping: CrmMapping; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const m: CrmMapping = { ...d.mapping, answers: [...d.mapping.answers], tags: [...d.mapping.tags], outcomes: [...d.mapping.outcomes] };
  d.page.items.forEach((item, i) => {
    const raw = (d.fields[`i${i}`] ?? '').trim();
    const choices = choicesFor(t, d.kind, item, d.catalog);
    let value: string | undefined;
    if (raw !== '' && raw !== NONE) {
      const norm = raw.toLowerCase().replace(/\s+/g, ' ');
      const found = choices.find((c) => c.value === raw) ?? choices.find((c) => c.typed.some((x) => x.toLowerCase().replace(/\s+/g, ' ') === norm));
      if (!found) {
        errors[`i${i}`] = t('crm:map.unknown', { got: inline(raw, 40) });
        return;
      }
      value = found.value;
    }
    if (item.type === 'tag') {
      m.tags = m.tags.filter((x) => x.tagId !== item.tagId);
      if (value) m.tags.push({ tagId: item.tagId, activistCode: value.slice(2) });
    } else if (item.type === 'outcome') {
      m.outcomes = m.outcomes.filter((x) => x.outcome !== item.outcome);
      if (value) m.outcomes.push({ outcome: item.outcome, resultCode: value.slice(2) });
    } else {
      m.answers = m.answers.filter((x) => !(x.questionId === item.questionId && x.answerId === item.answerId));
      if (value) m.answers.push({ questionId: item.questionId, answerId: item.answerId, target: targetOf(value) });
    }
  });
  return { mapping: m, errors };
}

function targetOf(value: string): CrmAnswerTarget {
  if (value.startsWith('a:')) return { activistCode: value.slice(2) };
  const [, questionId = '', responseId = ''] = /^r:([^:]*):(.*)$/.exec(value) ?? [];
  return { questionId, responseId };
}

const mappingOf = (c: CrmConnection, campaignId: string): CrmMapping | undefined => c.mappings.find((m) => m.campaignId === campaignId);

async function pageContext(ctx: Ctx, value: z.infer<typeof CrmMapPageValue>) {
  const [campaignId, kind, pageText] = value;
  const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
  if (!campaign) throw new UserError('engine:campaign.not_found');
  const connection = await ctx.services.store.crm.getConnection(ctx.org.id, kind);
  if (!connection) throw new UserError('crm:errors.not_connected', { crm: kindName(ctx.t, kind), kind });
  if (!connection.catalog) throw new UserError('crm:map.no_catalog', { slug: campaign.slug });
  const pages = mapPages(ctx.t, campaign, connection.catalog);
  return { campaign, connection, kind, catalog: connection.catalog, pages, page: Number(pageText) };
}

export const crmMapCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['crm', 'map'],
  descriptionKey: 'crm:descriptions.map',
  options: [campaignOption, crmKindOption(false)],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const parts = crmParts(ctx.services);
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    const connection = await findConnection(ctx, options.kind);
    const inv = ctx.invocation;
    // Acked first: the CRM's lists are a remote call.
    if (inv.kind === 'command') await inv.interim?.(ephemeral({ text: ctx.t('crm:map.reading', { crm: kindName(ctx.t, connection.kind) }), blocks: [{ type: 'section', text: ctx.t('crm:map.reading', { crm: kindName(ctx.t, connection.kind) }) }] })).catch(() => undefined);
    let catalog: CrmCatalog;
    try {
      catalog = await openConnection(parts, connection).catalog();
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError('crm:errors.catalog_failed', { crm: kindName(ctx.t, connection.kind) });
    }
    await ctx.services.store.crm.setCatalog(ctx.org.id, connection.kind, catalog, ctx.now);
    const pages = mapPages(ctx.t, campaign, catalog);
    return ephemeral(boardView(ctx.t, { kind: connection.kind, campaign, pages, mapping: mappingOf(connection, campaign.id), lang: ctx.lang, catalog }));
  },
});

export const crmMapPageAction: InteractionDefinition<Services, z.infer<typeof CrmMapPageValue>> = defineInteraction({
  id: ACTION.crmMapPage,
  kind: 'action',
  role: 'organizer',
  valueSchema: CrmMapPageValue,
  async handler(ctx, value): Promise<Reply> {
    const p = await pageContext(ctx, value);
    return { kind: 'modal', modal: pageModal(ctx.t, { kind: p.kind, campaignId: p.campaign.id, pages: p.pages, page: p.page, catalog: p.catalog, mapping: mappingOf(p.connection, p.campaign.id) }) };
  },
});

export const crmMapModal: InteractionDefinition<Services, z.infer<typeof CrmMapPageValue>> = defineInteraction({
  id: MODAL.crmMap,
  kind: 'modal',
  role: 'organizer',
  valueSchema: CrmMapPageValue,
  async handler(ctx, value, fields): Promise<Reply> {
    const p = await pageContext(ctx, value);
    const page = p.pages[p.page];
    if (!page) throw new UserError('crm:map.page_gone');
    const before = mappingOf(p.connection, p.campaign.id) ?? { campaignId: p.campaign.id, answers: [], tags: [], outcomes: [], updatedAt: ctx.now, updatedBy: ctx.member.id };
    const { mapping, errors } = applyPage(ctx.t, { kind: p.kind, page, catalog: p.catalog, mapping: before, fields });
    if (Object.keys(errors).length > 0) return { kind: 'modalErrors', errors };
    const saved = await ctx.services.store.crm.setMapping(ctx.org.id, p.kind, { ...mapping, updatedAt: ctx.now, updatedBy: ctx.member.id });
    if (!saved) throw new UserError('crm:errors.not_connected', { crm: kindName(ctx.t, p.kind), kind: p.kind });
    await auditByMember(ctx, {
      action: 'crm.mapped',
      subject: { type: 'campaign', id: p.campaign.id },
      data: { kind: p.kind, page: p.page + 1, answers: mapping.answers.length, tags: mapping.tags.length, outcomes: mapping.outcomes.length },
    });
    const next = p.page + 1 < p.pages.length ? ctx.t('crm:map.saved_next', { page: p.page + 1, next: p.page + 2 }) : ctx.t('crm:map.saved_last', { page: p.page + 1, slug: p.campaign.slug });
    return ephemeral(boardView(ctx.t, { kind: p.kind, campaign: p.campaign, pages: p.pages, mapping: saved.mappings.find((m) => m.campaignId === p.campaign.id), lang: ctx.lang, notice: `✅ ${next}`, catalog: p.catalog }));
  },
});
