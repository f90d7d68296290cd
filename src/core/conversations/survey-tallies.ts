// Survey answers (DESIGN: questions -> answers -> next step). The answer is stored on the contact
// and counted in a tally (no scan for stats); the suggested reply is returned, never sent (R5.2c).
import type { SurveyQuestion } from '../model/campaign.js';
import { renderTemplate } from '../rules.js';
import { mergeFieldsFor } from './initial-text.js';
import { textFor } from '../campaigns/campaign-lint.js';
import { bumpTally, tallyKey, tallyScope, type EngineDeps } from '../campaigns/engine-deps.js';
import { fail, type Failure } from '../campaigns/result.js';
import type { ConversationScope } from './reply-service.js';
import { eventId, publishEvent } from '../webhooks/publish.js';
import { bumpVariant } from '../stats/variant-tallies.js';

export type AnswerResult =
  | { ok: true; changed: boolean; nextQuestion: SurveyQuestion | null; suggestedReply: string | null }
  | Failure;

export class SurveyTallies {
  constructor(private readonly deps: EngineDeps) {}

  async answer(s: ConversationScope, questionId: string, answerId: string): Promise<AnswerResult> {
    const { store, clock } = this.deps;
    const question = s.campaign.survey.find((q) => q.id === questionId);
    if (!question) return fail('engine:campaign.unknown_question', { questionId });
    const answer = question.answers.find((a) => a.id === answerId);
    if (!answer) return fail('engine:campaign.unknown_answer', { answerId });
    const previous = s.contact.surveyAnswers[questionId];
    const changed = previous !== answerId;
    if (changed) {
      await store.contacts.setSurveyAnswer(s.org.id, s.contact.id, questionId, answerId);
      const deltas: Record<string, number> = { [tallyKey(questionId, answerId)]: 1 };
      if (previous !== undefined) deltas[tallyKey(questionId, previous)] = -1;
      await bumpTally(this.deps, s.org.id, tallyScope.survey(s.campaign.id), deltas);
      // A/B positive answer: the first question's first answer (moved off it again, it no longer counts).
      const first = s.campaign.survey[0];
      if (first?.id === questionId) {
        const yes = first.answers[0]?.id;
        const delta = (answerId === yes ? 1 : 0) - (previous !== undefined && previous === yes ? 1 : 0);
        await bumpVariant(this.deps, s.org.id, s.campaign.id, s.contact, 'positive', delta);
      }
      await store.audit.append({
        orgId: s.org.id,
        at: clock.now(),
        actor: { type: 'member', id: s.actor.id, name: s.actor.displayName },
        action: 'survey.answered',
        subject: { type: 'contact', id: s.contact.id },
        data: { campaignId: s.campaign.id, conversationId: s.conversation.id, questionId, answerId, previous: previous ?? null },
      });
    }
    // Published on every press (the id is stable): a press whose first publish was lost sends it.
    await publishEvent(this.deps, {
      id: eventId.surveyAnswered(s.contact.id, questionId, answerId),
      type: 'survey.answered',
      orgId: s.org.id,
      at: clock.now(),
      campaignId: s.campaign.id,
      contactId: s.contact.id,
      data: { campaign: s.campaign.slug, conversationId: s.conversation.id, questionId, question: question.text, answerId, answer: answer.label, previousAnswerId: previous ?? null, by: s.actor.id },
    });
    const nextQuestion = answer.nextQuestionId ? (s.campaign.survey.find((q) => q.id === answer.nextQuestionId) ?? null) : null;
    const template = textFor(answer.reply, s.contact.language, s.org.defaultLocale);
    let suggestedReply: string | null = null;
    if (template) {
      const r = renderTemplate(template, mergeFieldsFor(s.contact, s.actor.displayName, s.org.name));
      suggestedReply = r.ok ? r.text : template;
    }
    return { ok: true, changed, nextQuestion, suggestedReply };
  }
}
