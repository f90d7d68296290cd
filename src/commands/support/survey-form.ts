// Survey questions as organizers write them: free text (`"Will you vote?" Yes: Great! | No`),
// typed Discord options (the same two strings) and the form (one answer per line,
// `Label: suggested reply`). Every path ends in QuestionInput, one zod schema whose messages are
// i18n keys, so each refusal names what is too long or too many in the organizer's language.
// Ids stay stable across edits (tallies and contacts' answers are keyed by them).
import { z } from 'zod';
import {
  MAX_ANSWERS,
  MAX_ANSWER_LABEL,
  MAX_QUESTION_TEXT,
  MAX_SURVEY_QUESTIONS,
  type SurveyQuestion,
} from '../../core/model/campaign.js';
import { Lang, SUPPORTED_LANGS } from '../../core/model/common.js';
import { inline } from '../views/text.js';
import { itemId } from './script-form.js';

type SurveyAnswer = SurveyQuestion['answers'][number];

/** Longest suggested reply (the model's limit for any text a volunteer sends). */
export const MAX_REPLY = 1600;
/**
 * A form field holds at most this much (Slack's input value limit; Discord allows 4,000): the
 * answers of one language, one per line, must fit, so the edit form always shows all of them.
 */
export const FORM_FIELD_MAX = 3000;

/** The form field holding the suggested replies of a language other than the form's. */
export const replyField = (lang: Lang): string => `replies_${lang}`;

export const QuestionInput = z
  .object({
    text: z.string().trim().min(1, { error: 'survey:errors.question_missing' }).max(MAX_QUESTION_TEXT, { error: 'survey:errors.question_too_long' }),
    answers: z
      .array(
        z.object({
          label: z.string().trim().min(1, { error: 'survey:errors.answer_label_missing' }).max(MAX_ANSWER_LABEL, { error: 'survey:errors.answer_too_long' }),
          reply: z.partialRecord(Lang, z.string().trim().max(MAX_REPLY, { error: 'survey:errors.reply_too_long' })).default({}),
        }),
      )
      .min(1, { error: 'survey:errors.answers_missing' })
      .max(MAX_ANSWERS, { error: 'survey:errors.too_many_answers' }),
    /** The languages whose replies this input speaks for; others keep what they had. */
    langs: z.array(Lang).min(1),
  })
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    q.answers.forEach((a, i) => {
      const key = a.label.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['answers', i, 'label'], message: 'survey:errors.answer_duplicate' });
      seen.add(key);
    });
    for (const lang of q.langs) {
      if (formatAnswerLines(q.answers, lang, lang === q.langs[0]).length > FORM_FIELD_MAX) {
        ctx.addIssue({ code: 'custom', path: ['answers', lang], message: 'survey:errors.answers_field_too_long' });
      }
    }
  });
export type QuestionInput = z.infer<typeof QuestionInput>;

/** A refusal tied to a form field, as an i18n key with its params. */
export interface FormProblem {
  field: string;
  key: string;
  params: Record<string, string | number>;
}

/**
 * Validates a question draft. `formLang` is the language the answers field speaks (its replies
 * problems go on that field; the other language's on its own field).
 */
export function parseQuestion(raw: unknown, formLang: Lang): { ok: true; input: QuestionInput } | { ok: false; problems: FormProblem[] } {
  const res = QuestionInput.safeParse(raw);
  if (res.success) return { ok: true, input: res.data };
  const answers = ((raw as { answers?: { label?: unknown }[] } | null)?.answers ?? []) as { label?: unknown }[];
  const problems = res.error.issues.map((issue): FormProblem => {
    const [head, index, sub, lang] = issue.path;
    const params: Record<string, string | number> = {};
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    if (head === 'text') return { field: 'text', key: keyOf(issue.message), params };
    if (issue.message === 'survey:errors.answers_field_too_long') {
      const whole = Lang.safeParse(index).data;
      return { field: whole && whole !== formLang ? replyField(whole) : 'answers', key: issue.message, params: { max: FORM_FIELD_MAX } };
    }
    if (typeof index === 'number') {
      params.n = index + 1;
      params.label = inline(String(answers[index]?.label ?? ''), 30);
    }
    if (issue.message === 'survey:errors.too_many_answers') params.count = answers.length;
    const replyLang = sub === 'reply' ? Lang.safeParse(lang).data : undefined;
    const field = replyLang && replyLang !== formLang ? replyField(replyLang) : 'answers';
    return { field, key: keyOf(issue.message), params };
  });
  return { ok: false, problems };
}

function keyOf(message: string): string {
  return message.startsWith('survey:') ? message : 'survey:errors.invalid';
}

/**
 * `Yes: Great, see you there! | No | Maybe` (free text, separator `|`) or one per line (form):
 * each item is an answer label, optionally followed by `:` and the suggested reply.
 */
export function splitAnswers(raw: string | undefined, separator: '|' | '\n'): { label: string; reply: string }[] {
  const parts = (raw ?? '').split(separator === '|' ? '|' : /\r?\n/);
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const at = p.indexOf(':');
      return at >= 0 ? { label: p.slice(0, at).trim(), reply: p.slice(at + 1).trim() } : { label: p, reply: '' };
    });
}

/** A question draft in one language (free text, typed options). */
export function draftOf(text: string | undefined, answers: readonly { label: string; reply: string }[], lang: Lang): unknown {
  return { text: text ?? '', answers: answers.map((a) => ({ label: a.label, reply: a.reply ? { [lang]: a.reply } : {} })), langs: [lang] };
}

/**
 * The form's draft: the answers field in `lang`, and the other language's replies field, whose
 * lines name an answer by its label. A line that names no answer is a problem on that field
 * (returned beside the draft, so the form can list every problem at once).
 */
export function draftOfForm(fields: Record<string, string>, lang: Lang): { draft: unknown; problems: FormProblem[] } {
  const answers = splitAnswers(fields.answers, '\n');
  const reply: Record<string, Partial<Record<Lang, string>>> = {};
  for (const a of answers) reply[a.label.toLowerCase()] = a.reply ? { [lang]: a.reply } : {};
  const langs: Lang[] = [lang];
  const problems: FormProblem[] = [];
  for (const other of SUPPORTED_LANGS.filter((l) => l !== lang)) {
    const field = replyField(other);
    if (fields[field] === undefined) continue;
    langs.push(other);
    const lines = (fields[field] ?? '').split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const at = line.indexOf(':');
      const label = at > 0 ? line.slice(0, at).trim() : '';
      const text = at > 0 ? line.slice(at + 1).trim() : '';
      const target = reply[label.toLowerCase()];
      if (at <= 0 || !label) problems.push({ field, key: 'survey:errors.reply_line', params: { line: i + 1 } });
      else if (!target) problems.push({ field, key: 'survey:errors.reply_unknown_answer', params: { line: i + 1, label: inline(label, 30) } });
      else if (text) target[other] = text;
    });
  }
  return { draft: { text: fields.text ?? '', answers: answers.map((a) => ({ label: a.label, reply: reply[a.label.toLowerCase()] ?? {} })), langs }, problems };
}

/** Answers as form lines for one language: `Label: reply`, or just `Label` (when `all`). */
export function formatAnswerLines(answers: readonly { label: string; reply?: Partial<Record<Lang, string>> }[], lang: Lang, all = true): string {
  return answers
    .filter((a) => all || a.reply?.[lang])
    .map((a) => (a.reply?.[lang] ? `${a.label}: ${a.reply[lang]}` : a.label))
    .join('\n');
}

/**
 * The question to save: a new one gets an id from its text, an edited one keeps its id; answers
 * whose label matches (case-insensitive) keep their id, next step and the replies of languages
 * the input does not speak for; new answers get fresh ids never used in this question.
 */
export function questionFrom(input: QuestionInput, survey: readonly SurveyQuestion[], previous?: SurveyQuestion): SurveyQuestion {
  const id = previous?.id ?? itemId(input.text, new Set(survey.map((q) => q.id)));
  const byLabel = new Map((previous?.answers ?? []).map((a) => [a.label.toLowerCase(), a]));
  const taken = new Set((previous?.answers ?? []).map((a) => a.id));
  const used = new Set<string>();
  const answers = input.answers.map((a): SurveyAnswer => {
    const known = byLabel.get(a.label.toLowerCase());
    const answerId = known && !used.has(known.id) ? known.id : itemId(a.label, taken);
    used.add(answerId);
    const reply: Partial<Record<Lang, string>> = {};
    for (const lang of SUPPORTED_LANGS) {
      const text = input.langs.includes(lang) ? a.reply[lang] : known?.reply?.[lang];
      if (text) reply[lang] = text;
    }
    return {
      id: answerId,
      label: a.label,
      ...(Object.keys(reply).length ? { reply } : {}),
      ...(known?.nextQuestionId ? { nextQuestionId: known.nextQuestionId } : {}),
    };
  });
  return { id, text: input.text, answers };
}

/**
 * Questions are asked in the order shown: every answer leads to the next question, except an
 * answer that skips ahead to a later one (kept while that question still comes later).
 */
export function linkInOrder(survey: readonly SurveyQuestion[]): SurveyQuestion[] {
  const index = new Map(survey.map((q, i) => [q.id, i]));
  return survey.map((q, i) => {
    const next = survey[i + 1]?.id;
    return {
      ...q,
      answers: q.answers.map((a) => {
        const { nextQuestionId: target, ...rest } = a;
        const at = target === undefined ? undefined : index.get(target);
        const to = at !== undefined && at > i + 1 ? target : next;
        return to ? { ...rest, nextQuestionId: to } : rest;
      }),
    };
  });
}

/** A question named by its id or its number in the list (1-based); -1 when none matches. */
export function questionIndex(survey: readonly SurveyQuestion[], ref: string): number {
  const wanted = ref.trim().toLowerCase();
  const byId = survey.findIndex((q) => q.id === wanted);
  if (byId >= 0) return byId;
  if (/^\d{1,3}$/.test(wanted)) {
    const n = Number(wanted);
    return n >= 1 && n <= survey.length ? n - 1 : -1;
  }
  return -1;
}

const UP = new Set(['up', 'arriba', 'subir']);
const DOWN = new Set(['down', 'abajo', 'bajar']);
const FIRST = new Set(['first', 'top', 'primera', 'primero']);
const LAST = new Set(['last', 'bottom', 'última', 'ultima', 'último', 'ultimo']);

/** Where `position` (up, down, first, last or a number from 1) puts question `from`; null when it is not a position. */
export function targetIndex(position: string, from: number, count: number): number | null {
  const p = position.trim().toLowerCase();
  if (UP.has(p)) return Math.max(0, from - 1);
  if (DOWN.has(p)) return Math.min(count - 1, from + 1);
  if (FIRST.has(p)) return 0;
  if (LAST.has(p)) return count - 1;
  if (/^\d{1,3}$/.test(p) && Number(p) >= 1 && Number(p) <= count) return Number(p) - 1;
  return null;
}

/** The survey with question `from` moved to `to`, relinked in the new order. */
export function moved(survey: readonly SurveyQuestion[], from: number, to: number): SurveyQuestion[] {
  const list = [...survey];
  const [q] = list.splice(from, 1);
  if (q) list.splice(to, 0, q);
  return linkInOrder(list);
}

/** True when one more question would pass the campaign's cap. */
export const surveyFull = (survey: readonly SurveyQuestion[]): boolean => survey.length >= MAX_SURVEY_QUESTIONS;
