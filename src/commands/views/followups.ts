// Follow-up campaigns, segmented posts and segment exports: the answers with the segment's
// preview counts, and the one progress message the follow-up snapshot edits as it copies.
import type { FollowUpSnapshot } from '../../core/model/campaign.js';
import type { Lang } from '../../core/model/common.js';
import type { SegmentCounts } from '../../core/segments/segment.js';
import type { Block, View } from '../../core/views/view.js';
import type { Translate } from '../framework/definition.js';
import { code, inline, num } from './text.js';

/** "12 match · 3 opted out left out · 1 unreachable left out" (the exclusions only when there are any). */
export function countsLine(t: Translate, counts: SegmentCounts, lang: Lang): string {
  const parts = [t('followups:counts.matched', { count: counts.matched, matched: num(counts.matched, lang) })];
  if (counts.excludedOptOut > 0) parts.push(t('followups:counts.opted_out', { optedOut: num(counts.excludedOptOut, lang) }));
  if (counts.excludedStatus > 0) parts.push(t('followups:counts.unreachable', { unreachable: num(counts.excludedStatus, lang) }));
  return parts.join(' · ');
}

export interface FollowUpCreatedData {
  name: string;
  slug: string;
  sourceName: string;
  segment: string;
  counts: SegmentCounts;
  lang: Lang;
  /** The progress message went to the organizer's DM. */
  progressInDm: boolean;
}

export function followUpCreatedView(t: Translate, d: FollowUpCreatedData): View {
  const text = t('followups:created.title', { name: inline(d.name), slug: code(d.slug), source: inline(d.sourceName) });
  const blocks: Block[] = [
    { type: 'section', text: `✅ ${text}` },
    { type: 'section', text: t('followups:created.segment', { segment: d.segment }) },
    { type: 'context', text: countsLine(t, d.counts, d.lang) },
    { type: 'context', text: t(d.progressInDm ? 'followups:created.copying_dm' : 'followups:created.copying') },
    { type: 'section', text: t('followups:created.next', { slug: d.slug }) },
  ];
  return { text, blocks };
}

export interface SnapshotProgressData {
  name: string;
  slug: string;
  snapshot: FollowUpSnapshot;
  lang: Lang;
}

export function snapshotProgressView(t: Translate, d: SnapshotProgressData): View {
  const s = d.snapshot;
  const params = { name: inline(d.name), copied: num(s.copied, d.lang), read: num(s.read, d.lang), duplicates: num(s.duplicates, d.lang), total: num(s.total ?? s.read, d.lang) };
  const title = t(`followups:snapshot.${s.status}`, params);
  const blocks: Block[] = [{ type: 'section', text: title }];
  const total = Math.max(s.total ?? 0, s.read);
  if (s.status === 'running' && total > 0) blocks.push({ type: 'progress', label: t('followups:snapshot.progress', params), done: s.read, total });
  else blocks.push({ type: 'context', text: t('followups:snapshot.counts', params) });
  if (s.status === 'done') blocks.push({ type: 'context', text: t('followups:created.next', { slug: d.slug }) });
  return { text: title, blocks };
}
