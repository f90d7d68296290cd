// Campaign views for organizers: list, show, status changes, and script lint findings.
import type { ScriptFinding } from '../../core/campaigns/campaign-lint.js';
import type { LintFinding } from '../../core/compliance/script-lint.js';
import type { Campaign } from '../../core/model/campaign.js';
import type { Lang } from '../../core/model/common.js';
import type { Block, View } from '../../core/views/view.js';
import { ACTION } from '../actions.js';
import type { Translate } from '../framework/definition.js';
import type { CampaignCounts } from './campaign-post.js';
import { inline, num } from './text.js';

const MAX_FINDINGS = 15;

/** One line per lint finding: icon, rule id, localized message. */
export function findingLines(t: Translate, findings: readonly (LintFinding | ScriptFinding)[]): string[] {
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return sorted.slice(0, MAX_FINDINGS).map((f) => {
    // An initial finding with an item id is about an A/B variant (B, C, D) of the first message.
    const whereKey = 'where' in f && f.where === 'initial' && f.itemId ? 'variants:lint.where_variant' : 'where' in f ? `commands:script.where_${f.where}` : '';
    const where = 'where' in f ? t(whereKey, { lang: t(`commands:lang.${f.lang}`), item: f.itemId ?? '' }) : '';
    const icon = f.severity === 'error' ? '❌' : '⚠️';
    return `${icon} ${f.rule}${where ? ` · ${where}` : ''}: ${t(f.key, f.params ?? {})}`;
  });
}

export function findingsBlocks(t: Translate, findings: readonly (LintFinding | ScriptFinding)[]): Block[] {
  if (findings.length === 0) return [{ type: 'context', text: t('commands:script.no_findings') }];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const blocks: Block[] = [
    { type: 'section', text: t('commands:script.findings_title', { errors, warnings: findings.length - errors }) },
    { type: 'section', text: findingLines(t, findings).join('\n') },
  ];
  if (findings.length > MAX_FINDINGS) blocks.push({ type: 'context', text: t('commands:script.findings_more', { n: findings.length - MAX_FINDINGS }) });
  return blocks;
}

export interface CampaignLine {
  campaign: Pick<Campaign, 'name' | 'slug' | 'status'>;
  counts: CampaignCounts;
}

export function campaignListView(t: Translate, lines: readonly CampaignLine[], lang: Lang): View {
  if (lines.length === 0) {
    const text = t('commands:campaign.list_empty');
    return { text, blocks: [{ type: 'section', text }] };
  }
  const rows = lines.map(({ campaign: c, counts }) =>
    t('commands:campaign.list_line', {
      name: inline(c.name),
      slug: c.slug,
      status: t(`commands:campaign.status_${c.status}`),
      done: num(counts.done, lang),
      total: num(counts.total, lang),
    }),
  );
  return {
    text: t('commands:campaign.list_title', { n: lines.length }),
    blocks: [{ type: 'section', text: t('commands:campaign.list_title', { n: lines.length }) }, { type: 'section', text: rows.join('\n') }],
  };
}

export function campaignShowView(t: Translate, c: Campaign, counts: CampaignCounts, lang: Lang): View {
  const langs = (Object.keys(c.scripts) as Lang[]).filter((l) => c.scripts[l]);
  const name = inline(c.name);
  return {
    text: t('commands:campaign.show_fallback', { name, status: t(`commands:campaign.status_${c.status}`) }),
    blocks: [
      { type: 'section', text: t('commands:campaign.show_title', { name, slug: c.slug }) },
      { type: 'progress', label: t('commands:post.progress', { done: num(counts.done, lang), total: num(counts.total, lang) }), done: counts.done, total: counts.total },
      {
        type: 'fields',
        fields: [
          { label: t('commands:campaign.field_status'), value: t(`commands:campaign.status_${c.status}`) },
          { label: t('commands:campaign.field_pending'), value: num(counts.pending, lang) },
          { label: t('commands:campaign.field_batch'), value: num(c.batchSize, lang) },
          { label: t('commands:campaign.field_expiry'), value: t('commands:campaign.minutes', { n: c.claimExpiryMinutes }) },
          { label: t('commands:campaign.field_scripts'), value: langs.length ? langs.map((l) => t(`commands:lang.${l}`)).join(', ') : t('commands:campaign.none') },
          { label: t('commands:campaign.field_extras'), value: t('commands:campaign.extras', { canned: c.cannedReplies.length, questions: c.survey.length, tags: c.tags.length }) },
        ],
      },
      { type: 'context', text: c.postRef ? t('commands:campaign.posted') : t('commands:campaign.not_posted', { slug: c.slug }) },
    ],
  };
}

/** After create / start / pause / resume / archive: what happened and what to do next. */
export function campaignChangedView(t: Translate, c: Pick<Campaign, 'name' | 'slug' | 'status'>, key: string, findings: readonly ScriptFinding[] = []): View {
  const text = t(key, { name: inline(c.name), slug: c.slug });
  const blocks: Block[] = [{ type: 'section', text: `✅ ${text}` }];
  if (findings.length > 0) blocks.push(...findingsBlocks(t, findings));
  return { text, blocks };
}

/** Archive is a bulk effect (open batches are released): one more press to confirm. */
export function archiveConfirmView(t: Translate, c: Pick<Campaign, 'id' | 'name' | 'slug'>, openBatches: number): View {
  const text = t('commands:campaign.archive_confirm', { name: inline(c.name), slug: c.slug, batches: openBatches });
  return {
    text,
    blocks: [
      { type: 'section', text },
      { type: 'actions', elements: [{ type: 'button', id: ACTION.archive, label: t('commands:campaign.archive_button'), style: 'danger', value: c.id }] },
    ],
  };
}
