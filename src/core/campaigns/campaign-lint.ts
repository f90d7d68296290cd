// Script lint for a whole campaign (R3.1-R3.6): the initial message of every language, follow-ups,
// canned replies and survey reply suggestions. Errors block start; warnings are shown.
import type { Campaign, CannedReply, ScriptSet, SurveyQuestion } from '../model/campaign.js';
import type { Lang } from '../model/common.js';
import { lintScript, parseTemplate, fieldKey, normalizePhraseText, type LintFinding } from '../rules.js';
import { carriesDisclaimer } from '../compliance/florida.js';

export interface ScriptFinding extends LintFinding {
  /** Which text: the initial message, a follow-up, a canned reply or a survey answer's reply. */
  readonly where: 'initial' | 'follow_up' | 'canned' | 'survey';
  readonly lang: Lang;
  /** Id of the follow-up / canned reply / answer (absent for the initial message). */
  readonly itemId?: string;
}

type Texts = Pick<Campaign, 'scripts' | 'cannedReplies' | 'survey'>;

function entries<T>(record: Partial<Record<Lang, T>>): [Lang, T][] {
  return Object.entries(record).filter((e): e is [Lang, T] => e[1] !== undefined);
}

/** `linkBase` (LINK_BASE_URL): tracked links in scripts are measured as long as the link each voter gets. */
export function lintScripts(scripts: Partial<Record<Lang, ScriptSet>>, orgName: string, linkBase?: string): ScriptFinding[] {
  const out: ScriptFinding[] = [];
  const base = linkBase ? { linkBase } : {};
  for (const [lang, set] of entries(scripts)) {
    for (const f of lintScript(set.initial, { orgName, isFirstMessage: true, lang, ...base })) out.push({ ...f, where: 'initial', lang });
    // Every A/B variant is a first message too: one lacking the org name or opt-out language blocks start.
    for (const v of set.variants ?? []) {
      for (const f of lintScript(v.initial, { orgName, isFirstMessage: true, lang, ...base })) out.push({ ...f, where: 'initial', lang, itemId: v.id });
    }
    for (const fu of set.followUps) {
      // Follow-ups go out as replies: a tracked link is the voter's own there too.
      for (const f of lintScript(fu.text, { orgName, isFirstMessage: false, lang, ...base })) out.push({ ...f, where: 'follow_up', lang, itemId: fu.id });
    }
  }
  return out;
}

export function lintCanned(canned: readonly CannedReply[], orgName: string, linkBase?: string): ScriptFinding[] {
  const out: ScriptFinding[] = [];
  const base = linkBase ? { linkBase } : {};
  for (const c of canned) {
    for (const [lang, text] of entries(c.text)) {
      for (const f of lintScript(text, { orgName, isFirstMessage: false, lang, ...base })) out.push({ ...f, where: 'canned', lang, itemId: c.id });
    }
  }
  return out;
}

export function lintSurvey(survey: readonly SurveyQuestion[], orgName: string, linkBase?: string): ScriptFinding[] {
  const out: ScriptFinding[] = [];
  const base = linkBase ? { linkBase } : {};
  for (const q of survey) {
    for (const a of q.answers) {
      for (const [lang, text] of entries(a.reply ?? {})) {
        for (const f of lintScript(text, { orgName, isFirstMessage: false, lang, ...base })) out.push({ ...f, where: 'survey', lang, itemId: `${q.id}/${a.id}` });
      }
    }
  }
  return out;
}

export function lintCampaign(c: Texts, orgName: string, linkBase?: string): ScriptFinding[] {
  return [...lintScripts(c.scripts, orgName, linkBase), ...lintCanned(c.cannedReplies, orgName, linkBase), ...lintSurvey(c.survey, orgName, linkBase)];
}

/**
 * R3.3 Florida: when the campaign's pending contacts include Florida voters, every initial script
 * must carry the "Paid for by" disclaimer: the `{disclaimer}` field with the campaign's disclaimer
 * set, or the disclaimer text, its link or a written "Paid for by" in the script itself. A
 * `{disclaimer}` field with no disclaimer set is an error whether or not Florida is reached.
 */
export function lintFlorida(c: Pick<Campaign, 'scripts' | 'disclaimer'>, reachesFlorida: boolean): ScriptFinding[] {
  const out: ScriptFinding[] = [];
  const isSet = Boolean(c.disclaimer?.text || c.disclaimer?.url);
  for (const [lang, set] of entries(c.scripts)) {
    // Each A/B variant is checked like the first message it replaces.
    const texts: { text: string; itemId?: string }[] = [{ text: set.initial }, ...(set.variants ?? []).map((v) => ({ text: v.initial, itemId: v.id }))];
    for (const { text, itemId } of texts) {
      const at = itemId ? { where: 'initial' as const, lang, itemId } : { where: 'initial' as const, lang };
      const parsed = parseTemplate(text);
      const parts = parsed.ok ? parsed.parts : [];
      const usesField = parts.some((p) => p.type === 'field' && p.key === fieldKey('disclaimer'));
      if (usesField && !isSet) {
        out.push({ rule: 'R3.3', severity: 'error', key: 'compliance:lint.disclaimer_field_unset', ...at });
        continue;
      }
      if (!reachesFlorida || usesField) continue;
      const literal = parts.map((p) => (p.type === 'text' ? p.text : ' ')).join('');
      if (carriesDisclaimer(literal, c.disclaimer) && normalizePhraseText(literal) !== '') continue;
      out.push({ rule: 'R3.3', severity: 'error', key: isSet ? 'compliance:lint.florida_disclaimer_missing' : 'compliance:lint.florida_disclaimer_unset', ...at });
    }
  }
  return out;
}

export const hasErrors = (findings: readonly LintFinding[]): boolean => findings.some((f) => f.severity === 'error');

/** The script for a contact's language, else the org default language, else any. */
export function scriptFor(campaign: Pick<Campaign, 'scripts'>, lang: Lang, fallback: Lang): ScriptSet | undefined {
  return campaign.scripts[lang] ?? campaign.scripts[fallback] ?? entries(campaign.scripts)[0]?.[1];
}

/** A text in a language map for the contact's language, else the fallback, else any. */
export function textFor(texts: Partial<Record<Lang, string>> | undefined, lang: Lang, fallback: Lang): string | undefined {
  if (!texts) return undefined;
  return texts[lang] ?? texts[fallback] ?? entries(texts)[0]?.[1];
}
