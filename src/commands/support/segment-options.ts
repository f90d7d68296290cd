// The segment filters every command that takes "some of a campaign's contacts" accepts (segment
// preview, follow-ups, segmented posts, exports): one set of options and one reader, so all of
// them end in the same zod-validated Segment.
//
// Free text (Slack, sandbox): the filters are read from the raw command text, so quoted labels
// with spaces (`answer:"Will you vote?"=Yes`) stay whole; the typed options below only exist so
// the dispatcher accepts `key:value` words. Discord: the typed options plus the free `filters`
// string. A word `key:value` whose key is neither a filter nor one of the command's own options
// is reported (`answre:x` is not a filter).
import { UserError } from '../../core/errors.js';
import type { Campaign } from '../../core/model/campaign.js';
import { describeSegment } from '../../core/segments/describe.js';
import { filterToken, isFilterKey, parseSegmentFilters, splitFilterWords } from '../../core/segments/parse.js';
import type { Segment } from '../../core/segments/segment.js';
import type { OptionSpec, OptionValues } from '../framework/options.js';
import type { Ctx } from './results.js';

/**
 * Typed filter options, all free strings (no choices): in free text a long quoted label splits
 * into loose words the dispatcher may put into any of them, which must not be refused there.
 * The reader validates every value itself and names the bad one.
 */
export const segmentOptions: readonly OptionSpec[] = [
  { name: 'filters', type: 'string', descriptionKey: 'segments:options.filters' },
  { name: 'replied', type: 'string', descriptionKey: 'segments:options.replied' },
  { name: 'answer', type: 'string', descriptionKey: 'segments:options.answer' },
  { name: 'tag', type: 'string', descriptionKey: 'segments:options.tag' },
  { name: 'status', type: 'string', descriptionKey: 'segments:options.status' },
  { name: 'state', type: 'string', descriptionKey: 'segments:options.state' },
  { name: 'lang', type: 'string', descriptionKey: 'segments:options.lang' },
];

const TYPED = segmentOptions.map((o) => o.name).filter((n) => n !== 'filters');
const SEGMENT_OPTION_NAMES: ReadonlySet<string> = new Set(segmentOptions.map((o) => o.name));

/** The filter words the member gave, from the raw text (free text) or the typed options (Discord). */
export function segmentWords(ctx: Pick<Ctx, 'invocation'>, options: OptionValues): string[] {
  const inv = ctx.invocation;
  if (inv.kind === 'command' && inv.path === undefined && typeof inv.text === 'string') {
    // Other `name:value` words of the command (`campaign:gotv`) are its own options, not filters.
    const own = new Set(Object.keys(options).filter((k) => !SEGMENT_OPTION_NAMES.has(k)).map((k) => k.toLowerCase()));
    return splitFilterWords(inv.text).filter((w) => {
      const tok = filterToken(w);
      return tok !== undefined && (isFilterKey(tok.key) || !own.has(tok.key));
    });
  }
  const words = typeof options.filters === 'string' ? splitFilterWords(options.filters) : [];
  for (const name of TYPED) {
    const v = options[name];
    if (typeof v === 'string' && v.trim() !== '') words.push(`${name}:${v.trim()}`);
  }
  return words;
}

/**
 * The member's filters as a Segment resolved against these campaigns (questions, answers and
 * tags by id or exact label). An empty Segment when no filter was given. Throws a UserError
 * (segments:errors.*) naming the bad filter, which the dispatcher shows to the member.
 */
export async function readSegment(ctx: Pick<Ctx, 'invocation'>, campaigns: Campaign | readonly Campaign[], options: OptionValues): Promise<Segment> {
  const list = Array.isArray(campaigns) ? (campaigns as readonly Campaign[]) : [campaigns as Campaign];
  const parsed = parseSegmentFilters(segmentWords(ctx, options), { campaigns: list });
  if (!parsed.ok) throw new UserError(parsed.error.key, parsed.error.params);
  return parsed.segment;
}

/** The segment in words, in the member's language ("everyone" without filters). */
export function segmentInWords(ctx: Pick<Ctx, 't'>, campaigns: Campaign | readonly Campaign[], segment: Segment): string {
  const list = Array.isArray(campaigns) ? (campaigns as readonly Campaign[]) : [campaigns as Campaign];
  return describeSegment(segment, list, ctx.t);
}
