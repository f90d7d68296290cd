// Campaign tags as organizers write them: free text and typed options separate tags with commas
// (`Volunteer prospect, Needs ride`), the form takes one per line; both end in TagLabels. A tag
// keeps its id when renamed (contacts carry tag ids).
import { z } from 'zod';
import { MAX_TAGS, MAX_TAG_LABEL } from '../../core/model/campaign.js';
import type { Campaign } from '../../core/model/campaign.js';
import { inline } from '../views/text.js';
import { itemId } from './script-form.js';

type Tag = Campaign['tags'][number];

/** Tag labels from text: commas or line breaks separate them; blanks are ignored. */
export function splitTags(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export const TagLabels = z
  .array(z.string().trim().min(1).max(MAX_TAG_LABEL, { error: 'survey:tags.too_long' }))
  .min(1, { error: 'survey:tags.none_given' })
  .max(MAX_TAGS, { error: 'survey:tags.too_many_given' });

/** The first problem with these labels, as an i18n key and params; null when they are fine. */
export function tagLabelsProblem(labels: readonly string[]): { key: string; params: Record<string, string | number> } | null {
  const res = TagLabels.safeParse(labels);
  if (res.success) return null;
  const issue = res.error.issues[0];
  const index = issue?.path[0];
  const params: Record<string, string | number> = { max: issue?.code === 'too_big' ? Number(issue.maximum) : MAX_TAGS, count: labels.length };
  if (typeof index === 'number') params.label = inline(labels[index], 30); // organizer text, made inert for the message
  return { key: issue?.message.startsWith('survey:') ? issue.message : 'survey:tags.too_long', params };
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Finds a tag by id or label (case-insensitive). */
export function findTag(tags: readonly Tag[], ref: string): Tag | undefined {
  return tags.find((g) => g.id === ref.trim().toLowerCase()) ?? tags.find((g) => same(g.label, ref));
}

/** Existing tags plus the new labels (a label already there is reported, not doubled). */
export function withTags(tags: readonly Tag[], labels: readonly string[]): { tags: Tag[]; added: string[]; already: string[] } {
  const out = [...tags];
  const taken = new Set(tags.map((g) => g.id));
  const added: string[] = [];
  const already: string[] = [];
  for (const label of labels) {
    if (out.some((g) => same(g.label, label))) {
      already.push(label);
      continue;
    }
    out.push({ id: itemId(label, taken), label });
    added.push(label);
  }
  return { tags: out, added, already };
}

/** Tags without the ones named (by id or label); names that match nothing are reported. */
export function withoutTags(tags: readonly Tag[], refs: readonly string[]): { tags: Tag[]; removed: string[]; unknown: string[] } {
  const drop = new Set<string>();
  const unknown: string[] = [];
  for (const ref of refs) {
    const found = findTag(tags, ref);
    if (found) drop.add(found.id);
    else unknown.push(ref);
  }
  return { tags: tags.filter((g) => !drop.has(g.id)), removed: tags.filter((g) => drop.has(g.id)).map((g) => g.label), unknown };
}
