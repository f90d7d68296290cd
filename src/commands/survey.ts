// `/textbank survey show|add|edit|reorder|remove`: the campaign's survey questions for organizers.
// Free text (`survey add gotv "Will you vote?" Yes: Great! | No | Maybe`), typed Discord options
// (the same strings) and the form all end in QuestionInput (support/survey-form.ts); the engine
// checks the caps again when it saves. Questions are asked in the order shown; edits keep the
// question's id and the ids of answers whose label is unchanged, so tallies stay attached.
import { UserError } from '../core/errors.js';
import { MAX_ANSWERS, MAX_QUESTION_TEXT, MAX_SURVEY_QUESTIONS, type Campaign, type SurveyQuestion } from '../core/model/campaign.js';
import { SUPPORTED_LANGS, type Lang } from '../core/model/common.js';
import type { Reply } from '../core/views/view.js';
import { MODAL, SurveyModalValue, ids } from './actions.js';
import { defineCommand, defineInteraction, type CommandDefinition, type InteractionDefinition } from './framework/definition.js';
import { usageOf } from './framework/dispatcher.js';
import { errorView } from './framework/error-view.js';
import type { OptionSpec, OptionValues } from './framework/options.js';
import type { Services } from './services.js';
import { campaignOption, resolveCampaign } from './support/campaigns.js';
import { ephemeral, failureReply, type Ctx } from './support/results.js';
import {
  FORM_FIELD_MAX,
  draftOf,
  draftOfForm,
  formatAnswerLines,
  linkInOrder,
  moved,
  parseQuestion,
  questionFrom,
  questionIndex,
  replyField,
  splitAnswers,
  surveyFull,
  targetIndex,
  type FormProblem,
} from './support/survey-form.js';
import { findingLines, findingsBlocks } from './views/campaign.js';
import { surveyView } from './views/survey.js';
import { code, inline } from './views/text.js';

const textOption: OptionSpec = { name: 'text', type: 'string', descriptionKey: 'survey:options.text' };
const answersOption: OptionSpec = { name: 'answers', type: 'string', descriptionKey: 'survey:options.answers' };
// Declared optional so they can follow the optional campaign (Discord lists required options
// first); the handlers ask for them when they are missing.
const questionOption: OptionSpec = { name: 'question', type: 'string', descriptionKey: 'survey:options.question', maxLength: 40 };
const positionOption: OptionSpec = { name: 'position', type: 'string', descriptionKey: 'survey:options.position', maxLength: 12 };

/** The id privateValue uses for a question that does not exist yet. */
const NEW_QUESTION = '-';

const str = (v: OptionValues[string]): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Free-text and typed-option refusals: every problem, then how the command is written. */
function problemsReply(ctx: Ctx, problems: readonly FormProblem[], def: CommandDefinition<Services>): Reply {
  const lines = problems.map((p) => ctx.t(p.key, p.params));
  return {
    kind: 'ephemeral',
    view: {
      text: lines[0] ?? '',
      blocks: [
        { type: 'section', text: `⚠️ ${lines.join('\n')}` },
        { type: 'context', text: ctx.t('commands:errors.usage', { usage: usageOf(def, ctx.t) }) },
      ],
    },
  };
}

/** Form refusals: one message per field (several joined), so the form stays open with every value. */
function fieldErrors(ctx: Ctx, problems: readonly FormProblem[]): Reply {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const msg = ctx.t(p.key, p.params);
    errors[p.field] = errors[p.field] ? `${errors[p.field]} ${msg}` : msg;
  }
  return { kind: 'modalErrors', errors };
}

function questionNotFound(campaign: Campaign, ref: string): UserError {
  const choices = campaign.survey.map((q, i) => `${i + 1} (${q.id})`).join(', ') || '-';
  return new UserError('survey:errors.no_question', { ref: code(ref, 40) || '-', choices, slug: campaign.slug });
}

function indexOrThrow(campaign: Campaign, ref: unknown): number {
  const at = questionIndex(campaign.survey, String(ref ?? ''));
  if (at < 0) throw questionNotFound(campaign, String(ref ?? ''));
  return at;
}

/** An option the command cannot do without was left out: say which, and how to write it. */
function missing(ctx: Ctx, def: CommandDefinition<Services>, option: string): Reply {
  return errorView(ctx.t, 'commands:errors.option_missing', { option: ctx.t(`commands:optionNames.${option}`) }, { usage: usageOf(def, ctx.t) });
}

function fullReply(ctx: Ctx): Reply {
  return errorView(ctx.t, 'survey:errors.too_many_questions', { max: MAX_SURVEY_QUESTIONS });
}

/** The question form: the organizer's language carries the answers, the other language its replies. */
function questionModal(ctx: Ctx, campaign: Campaign, draft: { text: string; answers: SurveyQuestion['answers'] } | undefined, questionId?: string): Reply {
  const lang = ctx.lang;
  const language = ctx.t(`commands:lang.${lang}`);
  const others = SUPPORTED_LANGS.filter((l) => l !== lang);
  // A question saved some other way may not fit the form: say so rather than open it cut.
  const fields = [formatAnswerLines(draft?.answers ?? [], lang), ...others.map((other) => formatAnswerLines(draft?.answers ?? [], other, false))];
  if ((draft?.text.length ?? 0) > MAX_QUESTION_TEXT || fields.some((f) => f.length > FORM_FIELD_MAX)) {
    return errorView(ctx.t, 'survey:errors.form_too_long', { max: FORM_FIELD_MAX, slug: campaign.slug });
  }
  return {
    kind: 'modal',
    modal: {
      id: MODAL.surveyQuestion,
      title: ctx.t(questionId ? 'survey:form.title_edit' : 'survey:form.title_add'),
      submitLabel: ctx.t('survey:form.submit'),
      privateValue: ids(campaign.id, questionId ?? NEW_QUESTION, lang),
      inputs: [
        { id: 'text', label: ctx.t('survey:form.text'), kind: 'text', initial: draft?.text ?? '', maxLength: MAX_QUESTION_TEXT, hint: ctx.t('survey:form.text_hint', { max: MAX_QUESTION_TEXT }) },
        {
          id: 'answers',
          label: ctx.t('survey:form.answers'),
          kind: 'textarea',
          initial: fields[0],
          maxLength: FORM_FIELD_MAX,
          hint: ctx.t('survey:form.answers_hint', { lang: language, max: MAX_ANSWERS }),
        },
        ...others.map((other, i) => {
          const otherLanguage = ctx.t(`commands:lang.${other}`);
          return {
            id: replyField(other),
            label: ctx.t('survey:form.replies', { lang: otherLanguage }),
            kind: 'textarea' as const,
            optional: true,
            initial: fields[i + 1] ?? '',
            maxLength: FORM_FIELD_MAX,
            hint: ctx.t('survey:form.replies_hint', { lang: otherLanguage }),
          };
        }),
      ],
    },
  };
}

/** Saves the survey in the order given (relinked), then shows it with a notice. */
async function save(ctx: Ctx, campaign: Campaign, survey: readonly SurveyQuestion[], notice: string): Promise<Reply> {
  const saved = await ctx.services.engine.campaigns.updateSurvey(ctx.org.id, campaign.id, linkInOrder(survey), ctx.member.id);
  if (!saved.ok) {
    const reply = failureReply(ctx, saved);
    if (reply.kind === 'ephemeral' && saved.findings?.length) reply.view.blocks.push(...findingsBlocks(ctx.t, saved.findings));
    return reply;
  }
  return ephemeral(surveyView(ctx.t, ctx.lang, saved.campaign, notice));
}

export const surveyShowCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['survey', 'show'],
  descriptionKey: 'survey:descriptions.show',
  options: [campaignOption],
  role: 'organizer',
  sideEffects: false,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign, { allowArchived: true });
    return ephemeral(surveyView(ctx.t, ctx.lang, campaign));
  },
});

export const surveyAddCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['survey', 'add'],
  descriptionKey: 'survey:descriptions.add',
  options: [campaignOption, textOption, answersOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    const campaign = await resolveCampaign(ctx, options.campaign);
    if (surveyFull(campaign.survey)) return fullReply(ctx);
    const text = str(options.text);
    const answers = str(options.answers);
    if (!text || !answers) {
      // Part of a question (or none): the form opens with what was given.
      const given = splitAnswers(answers, '|').map((a, i) => ({ id: String(i), label: a.label, ...(a.reply ? { reply: { [ctx.lang]: a.reply } } : {}) }));
      return questionModal(ctx, campaign, { text: text ?? '', answers: given });
    }
    const parsed = parseQuestion(draftOf(text, splitAnswers(answers, '|'), ctx.lang), ctx.lang);
    if (!parsed.ok) return problemsReply(ctx, parsed.problems, surveyAddCommand);
    const question = questionFrom(parsed.input, campaign.survey);
    return save(ctx, campaign, [...campaign.survey, question], ctx.t('survey:saved.added', { n: campaign.survey.length + 1, text: inline(question.text, 80) }));
  },
});

export const surveyEditCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['survey', 'edit'],
  descriptionKey: 'survey:descriptions.edit',
  options: [campaignOption, questionOption, textOption, answersOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    if (!str(options.question)) return missing(ctx, surveyEditCommand, 'question');
    const campaign = await resolveCampaign(ctx, options.campaign);
    const at = indexOrThrow(campaign, options.question);
    const previous = campaign.survey[at] as SurveyQuestion;
    const text = str(options.text);
    const answers = str(options.answers);
    if (!text && !answers) return questionModal(ctx, campaign, previous, previous.id);
    const drafts = answers ? splitAnswers(answers, '|') : previous.answers.map((a) => ({ label: a.label, reply: a.reply?.[ctx.lang] ?? '' }));
    const parsed = parseQuestion(draftOf(text ?? previous.text, drafts, ctx.lang), ctx.lang);
    if (!parsed.ok) return problemsReply(ctx, parsed.problems, surveyEditCommand);
    const survey = campaign.survey.map((q, i) => (i === at ? questionFrom(parsed.input, campaign.survey, previous) : q));
    return save(ctx, campaign, survey, ctx.t('survey:saved.edited', { n: at + 1, text: inline(parsed.input.text, 80) }));
  },
});

export const surveyReorderCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['survey', 'reorder'],
  descriptionKey: 'survey:descriptions.reorder',
  options: [campaignOption, questionOption, positionOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    if (!str(options.question)) return missing(ctx, surveyReorderCommand, 'question');
    if (!str(options.position)) return missing(ctx, surveyReorderCommand, 'position');
    const campaign = await resolveCampaign(ctx, options.campaign);
    const from = indexOrThrow(campaign, options.question);
    const to = targetIndex(String(options.position ?? ''), from, campaign.survey.length);
    if (to === null) return errorView(ctx.t, 'survey:errors.bad_position', { position: inline(String(options.position ?? ''), 12), count: campaign.survey.length });
    const question = campaign.survey[from] as SurveyQuestion;
    return save(ctx, campaign, moved(campaign.survey, from, to), ctx.t('survey:saved.moved', { text: inline(question.text, 80), n: to + 1 }));
  },
});

export const surveyRemoveCommand: CommandDefinition<Services> = defineCommand<Services>({
  path: ['survey', 'remove'],
  descriptionKey: 'survey:descriptions.remove',
  options: [campaignOption, questionOption],
  role: 'organizer',
  sideEffects: true,
  async handler(ctx, options) {
    if (!str(options.question)) return missing(ctx, surveyRemoveCommand, 'question');
    const campaign = await resolveCampaign(ctx, options.campaign);
    const at = indexOrThrow(campaign, options.question);
    const question = campaign.survey[at] as SurveyQuestion;
    return save(ctx, campaign, campaign.survey.filter((_, i) => i !== at), ctx.t('survey:saved.removed', { text: inline(question.text, 80) }));
  },
});

export const surveyModal: InteractionDefinition<Services, [string, string, Lang]> = defineInteraction<Services, [string, string, Lang]>({
  id: MODAL.surveyQuestion,
  kind: 'modal',
  role: 'organizer',
  valueSchema: SurveyModalValue,
  async handler(ctx, [campaignId, questionId, lang], fields) {
    const campaign = await ctx.services.store.campaigns.get(ctx.org.id, campaignId);
    if (!campaign) throw new UserError('engine:campaign.not_found');
    const form = draftOfForm(fields, lang);
    const parsed = parseQuestion(form.draft, lang);
    if (!parsed.ok || form.problems.length) return fieldErrors(ctx, [...form.problems, ...(parsed.ok ? [] : parsed.problems)]);
    let survey: SurveyQuestion[];
    let notice: string;
    if (questionId === NEW_QUESTION) {
      if (surveyFull(campaign.survey)) return fullReply(ctx);
      survey = [...campaign.survey, questionFrom(parsed.input, campaign.survey)];
      notice = ctx.t('survey:saved.added', { n: survey.length, text: inline(parsed.input.text, 80) });
    } else {
      const at = campaign.survey.findIndex((q) => q.id === questionId);
      if (at < 0) throw questionNotFound(campaign, questionId);
      survey = campaign.survey.map((q, i) => (i === at ? questionFrom(parsed.input, campaign.survey, q) : q));
      notice = ctx.t('survey:saved.edited', { n: at + 1, text: inline(parsed.input.text, 80) });
    }
    const saved = await ctx.services.engine.campaigns.updateSurvey(ctx.org.id, campaign.id, linkInOrder(survey), ctx.member.id);
    if (!saved.ok) {
      // A running campaign refuses suggested replies that fail the checks: said on their field.
      const errors = (saved.findings ?? []).filter((f) => f.severity === 'error');
      if (errors.length) {
        const byField = new Map<string, typeof errors>();
        for (const f of errors) byField.set(f.lang === lang ? 'answers' : replyField(f.lang), [...(byField.get(f.lang === lang ? 'answers' : replyField(f.lang)) ?? []), f]);
        return { kind: 'modalErrors', errors: Object.fromEntries([...byField].map(([field, list]) => [field, findingLines(ctx.t, list.slice(0, 3)).join(' ')])) };
      }
      return failureReply(ctx, saved);
    }
    return ephemeral(surveyView(ctx.t, ctx.lang, saved.campaign, notice));
  },
});
