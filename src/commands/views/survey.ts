// The survey and the tags as organizers see them: each question with its number and id, its
// answers with their ids, a preview of each suggested reply (the organizer's language, and which
// other languages have one) and where an answer skips to; the tags with their ids. Ids are shown
// because tallies, exports and the edit commands use them.
import { MAX_SURVEY_QUESTIONS, MAX_TAGS, type Campaign, type SurveyQuestion } from '../../core/model/campaign.js';
import { SUPPORTED_LANGS, type Lang } from '../../core/model/common.js';
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { code, inline } from './text.js';

/** Answers per section block, so a section stays inside Slack's 3,000 characters. */
const ANSWERS_PER_BLOCK = 10;

function answerLine(t: Translate, lang: Lang, survey: readonly SurveyQuestion[], index: number, a: SurveyQuestion['answers'][number]): string {
  const parts = [`• ${inline(a.label, 75)} ${code(a.id)}`];
  const own = a.reply?.[lang];
  if (own) parts.push(t('survey:show.reply', { text: inline(own, 60) }));
  const others = SUPPORTED_LANGS.filter((l) => l !== lang && a.reply?.[l]).map((l) => t(`commands:lang.${l}`));
  if (others.length) parts.push(t('survey:show.reply_in', { langs: others.join(', ') }));
  if (a.nextQuestionId) {
    const at = survey.findIndex((q) => q.id === a.nextQuestionId);
    if (at >= 0 && at !== index + 1) parts.push(t('survey:show.next', { n: at + 1 })); // a skip: the usual next needs no mention
  }
  return parts.join(' · ');
}

export function surveyView(t: Translate, lang: Lang, c: Pick<Campaign, 'name' | 'slug' | 'survey'>, notice?: string): View {
  const title = t('survey:show.title', { name: inline(c.name), slug: c.slug, count: c.survey.length, max: MAX_SURVEY_QUESTIONS });
  const blocks: Block[] = [];
  if (notice) blocks.push({ type: 'section', text: `✅ ${notice}` });
  blocks.push({ type: 'section', text: title });
  if (c.survey.length === 0) {
    blocks.push({ type: 'context', text: t('survey:show.empty', { slug: c.slug }) });
    return { text: notice ?? title, blocks };
  }
  c.survey.forEach((q, i) => {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: t('survey:show.question', { n: i + 1, text: inline(q.text, 300), id: code(q.id) }) });
    for (let k = 0; k < q.answers.length; k += ANSWERS_PER_BLOCK) {
      blocks.push({ type: 'section', text: q.answers.slice(k, k + ANSWERS_PER_BLOCK).map((a) => answerLine(t, lang, c.survey, i, a)).join('\n') });
    }
  });
  blocks.push({ type: 'divider' }, { type: 'context', text: t('survey:show.hint', { slug: c.slug }) });
  return { text: notice ?? title, blocks };
}

export function tagsView(t: Translate, c: Pick<Campaign, 'name' | 'slug' | 'tags'>, notice?: string): View {
  const title = t('survey:tags.title', { name: inline(c.name), slug: c.slug, count: c.tags.length, max: MAX_TAGS });
  const blocks: Block[] = [];
  if (notice) blocks.push({ type: 'section', text: notice });
  blocks.push({ type: 'section', text: title });
  if (c.tags.length === 0) blocks.push({ type: 'context', text: t('survey:tags.empty', { slug: c.slug }) });
  else blocks.push({ type: 'section', text: c.tags.map((g) => `• ${inline(g.label, 75)} ${code(g.id)}`).join('\n') });
  blocks.push({ type: 'context', text: t('survey:tags.hint', { slug: c.slug }) });
  return { text: notice ?? title, blocks };
}
