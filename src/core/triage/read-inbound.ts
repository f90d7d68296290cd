// Reads the triage of an inbound text that belongs to a conversation, for the inbound service to
// store on the new message. A triage only suggests; it can never cost the text itself, so every
// failure here ends as "no triage" and the message is stored as it came.
import type { EngineLogger } from '../campaigns/engine-deps.js';
import type { Campaign } from '../model/campaign.js';
import type { Lang } from '../model/common.js';
import type { Contact } from '../model/contact.js';
import type { Org } from '../model/org.js';
import type { ReplyAssistant, ReplyAssistantInput } from '../ports.js';
import { mergeFieldsFor } from '../conversations/initial-text.js';
import { renderTemplate } from '../scripts/template.js';
import { createRulesAssistant } from './assistant.js';
import { MessageTriage } from './intent.js';

const RULES = createRulesAssistant();

/**
 * What the volunteer could press next: the contact's first unanswered survey question and its
 * answers, and the campaign's canned replies in the contact's language (or their first text),
 * rendered for this contact. A canned reply that needs the volunteer's name (unknown here) or a
 * field the contact lacks is left out, so a draft never carries a raw {field}.
 */
export function triageContext(campaign: Campaign, contact: Contact | null, orgName: string, lang: Lang): NonNullable<ReplyAssistantInput['context']> {
  const answered = contact?.surveyAnswers ?? {};
  const question = campaign.survey.find((q) => answered[q.id] === undefined);
  const fields = contact ? mergeFieldsFor(contact, '', orgName, campaign) : { orgName };
  const canned = campaign.cannedReplies
    .map((c) => c.text[lang] ?? Object.values(c.text).find((t) => t !== undefined))
    .map((t) => (t === undefined ? undefined : renderTemplate(t, fields)))
    .flatMap((r) => (r?.ok && r.text.trim() !== '' ? [r.text] : []));
  return {
    ...(question ? { question: question.text, answers: question.answers.map((a) => a.label) } : {}),
    ...(canned.length > 0 ? { canned } : {}),
  };
}

export interface ReadInboundTriageInput {
  org: Org;
  campaign: Campaign;
  contact: Contact | null;
  text: string;
}

export async function readInboundTriage(
  deps: { assistant?: ReplyAssistant; log: EngineLogger },
  input: ReadInboundTriageInput,
): Promise<MessageTriage | undefined> {
  const { org, campaign, contact, text } = input;
  const lang = contact?.language ?? org.defaultLocale;
  try {
    const read = await (deps.assistant ?? RULES).read({
      orgId: org.id,
      text,
      lang,
      shareVoterText: org.assistantShareVoterText === true,
      context: triageContext(campaign, contact, org.name, lang),
    });
    const parsed = MessageTriage.safeParse(read);
    if (parsed.success) return parsed.data;
    deps.log.warn({ orgId: org.id }, 'reply triage answered an invalid reading; the message is stored without it');
  } catch (err) {
    // Never the error itself: a remote's message could quote the voter's text.
    deps.log.warn({ orgId: org.id, error: err instanceof Error ? err.name : 'unknown' }, 'reply triage failed; the message is stored without it');
  }
  return undefined;
}
