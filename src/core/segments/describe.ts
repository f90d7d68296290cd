// A segment in words, one line (localized through the segments namespace): what a preview, a
// follow-up or an export says it took. Ids are shown as the campaign's labels.
import type { Campaign } from '../model/campaign.js';
import type { Segment } from './segment.js';

export type SegmentTranslate = (key: string, params?: Record<string, unknown>) => string;

type Campaigns = readonly Pick<Campaign, 'survey' | 'tags'>[];

const quoted = (s: string): string => `“${s.length > 60 ? `${s.slice(0, 59)}…` : s}”`;

/** One phrase per filter, in the order help lists them; empty for a segment without filters. */
export function describeSegmentParts(s: Segment, campaigns: Campaigns, t: SegmentTranslate): string[] {
  const or = (items: readonly string[]): string => items.join(t('segments:describe.or'));
  const parts: string[] = [];
  if (s.replied !== undefined) parts.push(t(s.replied ? 'segments:describe.replied_yes' : 'segments:describe.replied_no'));
  for (const a of s.answers ?? []) {
    const question = campaigns.map((c) => c.survey.find((q) => q.id === a.questionId)).find(Boolean);
    const labels = a.answerIds.map((id) => quoted(question?.answers.find((x) => x.id === id)?.label ?? id));
    parts.push(t('segments:describe.answer', { question: quoted(question?.text ?? a.questionId), answers: or(labels) }));
  }
  if (s.tags) {
    const label = (id: string): string => quoted(campaigns.map((c) => c.tags.find((x) => x.id === id)?.label).find(Boolean) ?? id);
    parts.push(t('segments:describe.tags', { tags: or(s.tags.map(label)) }));
  }
  if (s.intents) parts.push(t('segments:describe.intents', { intents: or(s.intents.map((i) => t(`triage:intent.${i}`))) }));
  if (s.delivered !== undefined) parts.push(t(s.delivered ? 'segments:describe.delivered_yes' : 'segments:describe.delivered_no'));
  if (s.errorCodes) parts.push(t('segments:describe.error_codes', { codes: or(s.errorCodes) }));
  if (s.clicked !== undefined) parts.push(t(s.clicked ? 'segments:describe.clicked_yes' : 'segments:describe.clicked_no'));
  if (s.statuses) parts.push(t('segments:describe.statuses', { statuses: or(s.statuses.map((x) => t(`outcomes:contact_status.${x}`))) }));
  for (const f of s.fields ?? []) {
    const values = or(f.values.map(quoted));
    parts.push(t(f.op === 'ne' ? 'segments:describe.field_ne' : 'segments:describe.field_eq', { field: quoted(f.name), values }));
  }
  if (s.states) parts.push(t('segments:describe.states', { states: or(s.states) }));
  if (s.zipPrefixes) parts.push(t('segments:describe.zips', { zips: or(s.zipPrefixes) }));
  if (s.langs) parts.push(t('segments:describe.langs', { langs: or(s.langs.map((l) => t(`segments:lang.${l}`))) }));
  if (s.messagedBefore) parts.push(t('segments:describe.before', { date: day(s.messagedBefore) }));
  if (s.messagedAfter) parts.push(t('segments:describe.after', { date: day(s.messagedAfter) }));
  return parts;
}

/** The whole segment in one line ("everyone" when it has no filter). */
export function describeSegment(s: Segment, campaigns: Campaigns, t: SegmentTranslate): string {
  const parts = describeSegmentParts(s, campaigns, t);
  return parts.length === 0 ? t('segments:describe.everyone') : parts.join(t('segments:describe.and'));
}

const day = (d: Date): string => d.toISOString().slice(0, 10);
