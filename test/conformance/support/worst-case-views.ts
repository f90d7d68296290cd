// Worst-case views for the conformance suites, built by the real command view functions (never
// hand-built Views): 1,600-character voter texts full of markdown and mention characters, 25
// quick replies with 75-character labels, a 300-character survey question with 25 answers and
// 40-character ids, 25 tags, a probable opt-out, maximum scripts, in English and Spanish. Each
// case lists what must stay reachable in the rendered output: labels, button values, voter text.
import { createI18n } from '../../../src/app/i18n.js';
import { ACTION } from '../../../src/commands/actions.js';
import type { Translate } from '../../../src/commands/framework/definition.js';
import { scriptViews } from '../../../src/commands/script.js';
import {
  inboundMessageView,
  organizerInboundView,
  sentInThreadView,
  surveyRecordedView,
  threadHeaderView,
  type InboundActions,
} from '../../../src/commands/views/conversation.js';
import { surveyValue } from '../../../src/commands/support/survey-ref.js';
import { answerBlocks as nextAnswerBlocks } from '../../../src/commands/views/conversation.js';
import { recordedView } from '../../../src/commands/views/triage-actions.js';
import { reviewPostView } from '../../../src/commands/review/view.js';
import { lintScripts } from '../../../src/core/campaigns/campaign-lint.js';
import { MAX_CANNED_LABEL, MAX_CANNED_REPLIES, type Campaign } from '../../../src/core/model/campaign.js';

/** The survey schema's maxima (25 answers, 300-character questions) and a full tag menu. */
const MAX_ANSWERS = 25;
const MAX_QUESTION_TEXT = 300;
const MAX_TAGS = 25;
import type { Lang } from '../../../src/core/model/common.js';
import type { Button, Select, View } from '../../../src/core/views/view.js';
import { splitReplies, splitView } from '../../../src/core/views/split-view.js';
import { statsView } from '../../../src/commands/views/stats.js';
import { variantsListView } from '../../../src/commands/views/variants.js';
import { variantGroups } from '../../../src/core/stats/variant-stats.js';
import { contactCardView } from '../../../src/commands/views/contact-card.js';
import { surveyView, tagsView } from '../../../src/commands/views/survey.js';
import type { CampaignStats } from '../../../src/core/stats/stats-service.js';
import { command, world } from '../../commands/support/world.js';
import { owner, runningCampaign } from '../../commands/support/scenario.js';

export const LANGS: readonly Lang[] = ['en', 'es'];

export async function translators(): Promise<Record<Lang, Translate>> {
  const i18n = await createI18n('en');
  return { en: (k, p) => i18n.t('en')(k, p ?? {}) as string, es: (k, p) => i18n.t('es')(k, p ?? {}) as string };
}

/** Exactly `n` characters: `seed` repeated. */
export function fill(seed: string, n: number): string {
  return seed.repeat(Math.ceil(n / seed.length)).slice(0, n);
}

/** A voter's 1,600 characters: markdown, Slack and Discord mention syntax, entities, links, line starts. */
export const VOTER_TEXT = fill(
  '**¿Votarás?** _sí_ ~no~ `code` @everyone @here <!channel> <@U123> <@&42> <#C1> &amp; & < > | \\ [x](https://evil.example/a?b=1&c=2)\n> quoted\n- item\n# head\n1. one\n-# small ñandú ',
  1600,
);
/** 1,600 characters that triple under Discord's quoting (every other one a line break). */
export const VOTER_BREAKS = fill('*\n', 1600);
/** 1,600 characters that grow fivefold under Slack's escaping. */
export const VOTER_AMPS = fill('&', 1600);

const CONV = '6afc6bf0000000000000a013';
const id40 = (p: string, i: number): string => `${p}${String(i).padStart(3, '0')}`.padEnd(40, 'x');
/** A 75-character label with Spanish letters and spaces (markup-free, so nothing is removed). */
const label75 = (p: string, i: number): string => fill(`${p} ${i} Respuesta señal `, MAX_CANNED_LABEL - 1) + String(i % 10);

export interface Expect {
  /** Labels that must show (as a button, select option, or text). */
  labels: string[];
  /** Voter-written texts (and other long texts) whose every character must be reachable. */
  voterTexts: string[];
  /** Every control of the view: its action id and value reach the same handler. */
  controls: { id: string; value: string }[];
}
export interface Case {
  name: string;
  lang: Lang;
  view: View;
  expect: Expect;
}

function controlsOf(view: View): Expect['controls'] {
  return view.blocks.flatMap((b) =>
    b.type === 'actions'
      ? b.elements.flatMap((e: Button | Select) => (e.type === 'button' ? (e.value !== undefined && !e.disabled ? [{ id: e.id, value: e.value }] : []) : e.options.map((o) => ({ id: e.id, value: o.value }))))
      : [],
  );
}
function labelsOf(view: View): string[] {
  return view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.flatMap((e: Button | Select) => (e.type === 'button' ? [e.label] : e.options.map((o) => o.label))) : []));
}

function actions(full: { canned: number; answers: number; tags: number }): InboundActions & { questionText: string } {
  const question = fill('¿Cuándo piensa votar? When will they vote, early or on the day? ', MAX_QUESTION_TEXT);
  return {
    conversationId: CONV,
    canned: Array.from({ length: full.canned }, (_, i) => ({ id: id40('canned', i), label: label75('Reply', i) })),
    question: full.answers ? { id: id40('question', 1), text: question, answers: Array.from({ length: full.answers }, (_, i) => ({ id: id40('answer', i), label: label75('Answer', i) })) } : null,
    tags: Array.from({ length: full.tags }, (_, i) => ({ id: id40('tag', i), label: label75('Tag', i) })),
    optedOut: false,
    questionText: question,
  };
}

/** A campaign with the most the script editor accepts, in both languages. */
export function maxCampaign(): Campaign {
  const initial = (lang: Lang) => fill(lang === 'es' ? 'Hola {firstName}, soy {texterName} de {orgName}. Responde STOP para no recibir más. ¿Votarás? ' : 'Hi {firstName}, this is {texterName} with {orgName}. Reply STOP to opt out. Will you vote? ', 1600);
  const followUps = Array.from({ length: 8 }, (_, i) => ({ id: id40('fu', i), label: label75('Follow', i), text: fill(`Follow-up ${i} **bold** @here <!channel> & `, 1600) }));
  const now = new Date('2026-11-01T12:00:00Z');
  return {
    id: '6afc6bf0000000000000c001', orgId: '6afc6bf0000000000000o001', slug: 'gotv', name: fill('Get out the vote 2026 **Texas** @everyone ', 100), status: 'active',
    scripts: { en: { initial: initial('en'), followUps }, es: { initial: initial('es'), followUps } },
    survey: [], tags: [], batchSize: 50, claimExpiryMinutes: 120, maxActiveClaimsPerVolunteer: 1,
    cannedReplies: Array.from({ length: MAX_CANNED_REPLIES }, (_, i) => ({ id: id40('canned', i), label: label75('Reply', i), text: { en: fill('Thanks! ', 1600), es: fill('¡Gracias! ', 1600) } })),
    counters: { contacts: 0, initials: 0, sent: 0, delivered: 0, failed: 0, replies: 0, repliedContacts: 0, optOuts: 0, spamFiltered: 0 },
    createdBy: '6afc6bf0000000000000m001', createdAt: now, updatedAt: now,
  } as Campaign;
}

/** Every message view the commands build around a conversation and a script, at its worst. */
export async function worstCaseViews(): Promise<Case[]> {
  const t = await translators();
  const cases: Case[] = [];
  for (const lang of LANGS) {
    const tr = t[lang];
    const add = (name: string, view: View, voterTexts: string[]): void => {
      cases.push({ name: `${name} (${lang})`, lang, view, expect: { labels: labelsOf(view), voterTexts, controls: controlsOf(view) } });
    };
    for (const text of [VOTER_TEXT, VOTER_BREAKS, VOTER_AMPS]) {
      const all = actions({ canned: MAX_CANNED_REPLIES, answers: MAX_ANSWERS, tags: MAX_TAGS });
      add(`inbound, probable opt-out, everything at its maximum, ${text.slice(0, 12).replace(/\n/g, '⏎')}`, inboundMessageView(tr, { ...all, text, kind: 'probable_opt_out', firstName: fill('María @everyone **', 60) }), [text]);
    }
    const few = actions({ canned: MAX_CANNED_REPLIES, answers: 4, tags: MAX_TAGS });
    add('inbound, 25 quick replies and a short survey', inboundMessageView(tr, { ...few, text: VOTER_TEXT, kind: 'message', firstName: 'Ana' }), [VOTER_TEXT]);
    const next = actions({ canned: 0, answers: MAX_ANSWERS, tags: 0 });
    add('survey recorded with a suggested reply and the next question', surveyRecordedView(tr, {
      question: next.questionText, answer: label75('Answer', 3), suggested: VOTER_TEXT, sendValue: surveyValue(CONV, id40('question', 1), id40('answer', 3)), next,
    }), [VOTER_TEXT]);
    add('organizer copy with 30 members to reassign', organizerInboundView(tr, {
      text: VOTER_TEXT, kind: 'probable_opt_out', fromPhone: '+12125550101',
      voter: { firstName: 'María', phone: '+12125550101', campaignName: fill('Campaign **x** @here ', 100), conversationId: CONV, previousVolunteer: fill('Val @everyone ', 80) },
      members: Array.from({ length: 30 }, (_, i) => ({ id: `6afc6bf00000000000000${String(i).padStart(3, '0')}`, name: label75('Member', i) })),
    }), [VOTER_TEXT]);
    add('sent in thread', sentInThreadView(tr, { text: VOTER_TEXT, by: 'Val', segments: 11 }), [VOTER_TEXT]);
    // Triage under a reply at its largest: 25 canned replies, 25 answers, 25 tags, a 75-character
    // answer label on the one-press button, and the assistant's longest draft full of markup.
    const maxActions = actions({ canned: MAX_CANNED_REPLIES, answers: MAX_ANSWERS, tags: MAX_TAGS });
    const DRAFT = fill('**Gracias** @everyone <!here> _sí_ [x](https://evil.example) ñ ', 320);
    const triageBase = { conversationId: CONV, messageId: '6afc6bf0000000000000m013', source: 'assistant' as const, draft: DRAFT };
    add('inbound with triage: record-and-reply with the longest label, a 320-character draft, everything at its maximum', inboundMessageView(tr, {
      ...maxActions, text: VOTER_TEXT, kind: 'message', firstName: fill('María @everyone **', 60),
      triage: { ...triageBase, intent: 'yes', quick: { kind: 'survey', questionId: id40('question', 1), answerId: id40('answer', 0), label: label75('Answer', 0), sendsText: true }, outcome: null },
    }), [VOTER_TEXT, DRAFT]);
    add('inbound with triage: canned reply with the longest label, 25 canned replies', inboundMessageView(tr, {
      ...maxActions, text: VOTER_TEXT, kind: 'message', firstName: 'Ana',
      triage: { ...triageBase, intent: 'question', quick: { kind: 'canned', cannedId: id40('canned', 24), label: label75('Reply', 24) }, outcome: null },
    }), [VOTER_TEXT, DRAFT]);
    for (const kind of ['wrong_number', 'deceased', 'moved', 'already_voted'] as const) {
      add(`inbound with triage: ${kind} and a draft, everything at its maximum`, inboundMessageView(tr, {
        ...maxActions, text: VOTER_TEXT, kind: 'message', firstName: 'Ana',
        triage: { ...triageBase, intent: kind, quick: null, outcome: { kind, sendsText: true } },
      }), [VOTER_TEXT, DRAFT]);
    }
    add('inbound in a closed conversation', inboundMessageView(tr, {
      ...maxActions, text: VOTER_TEXT, kind: 'message', firstName: 'Ana', closed: { reason: 'already_voted', by: fill('Val @everyone ', 80) },
      triage: { ...triageBase, intent: 'already_voted', quick: null, outcome: { kind: 'already_voted', sendsText: false } },
    }), [VOTER_TEXT]);
    const nextAll = actions({ canned: 0, answers: MAX_ANSWERS, tags: 0 });
    add('recorded and replied, with the next question of 25 answers', recordedView(tr, {
      question: nextAll.questionText, answer: label75('Answer', 3), sent: { text: VOTER_TEXT, by: fill('Val @everyone ', 80) },
      nextBlocks: nextAnswerBlocks(tr, nextAll, 'message'),
    }), [VOTER_TEXT]);
    // Review posts at their largest: every inbound reason, 25 members to reassign to, 30 trigger words; a held reply; an unknown number with 25 campaigns.
    const reviewMembers = Array.from({ length: 25 }, (_, i) => ({ id: `6afc6bf00000000000000${String(i).padStart(3, '0')}`, name: label75('Member', i) }));
    const reviewBase = { itemId: '6afc6bf0000000000000r001', campaign: fill('Campaign **x** @here ', 100), volunteer: fill('Val @everyone ', 80), voter: { firstName: fill('María @everyone ', 60), phone: '+12125550101' }, campaigns: null };
    add('review post, every reason and 25 members', reviewPostView(tr, {
      ...reviewBase, reasons: ['probable_opt_out', 'hostile', 'low_confidence', 'trigger_word'], voterText: VOTER_TEXT, thread: { where: 'dm', ref: 'a013' },
      matchedWords: Array.from({ length: 30 }, (_, i) => fill(`palabra${i} `, 40)), triage: { intent: 'hostile', confidence: 0.42 }, members: reviewMembers,
    }), [VOTER_TEXT]);
    add('review post, a held reply', reviewPostView(tr, {
      ...reviewBase, reasons: ['held_reply'], voterText: VOTER_TEXT, held: { text: VOTER_TEXT, volunteer: fill('Val @everyone ', 80) }, thread: { where: 'channel', ref: 'a013' }, matchedWords: [], members: reviewMembers,
    }), [VOTER_TEXT]);
    add('review post, an unknown number and 25 campaigns', reviewPostView(tr, {
      itemId: '6afc6bf0000000000000r002', reasons: ['unknown_sender'], voterText: VOTER_TEXT, unknownPhone: '+12125550101', matchedWords: [], members: [],
      campaigns: Array.from({ length: 25 }, (_, i) => ({ id: `6afc6bf0000000000000c${String(i).padStart(3, '0')}`, name: label75('Campaign', i) })),
    }), [VOTER_TEXT]);
    add('contact card with a 1,600-character text', contactCardView(tr, {
      campaignName: fill('Campaign **x** @here ', 100), claimId: '6afc6bf0000000000000b001',
      contact: { id: '6afc6bf0000000000000d001', firstName: fill('María @everyone ', 60), phone: '+12125550101', zip: '78701', state: 'TX', customFields: { city: fill('Austin <!here> ', 60) } },
      preview: { ok: true, text: VOTER_TEXT, segments: 11, encoding: 'UCS-2', characters: 1600 },
      position: { done: 3, total: 50 }, notice: fill('Sent to Ana ✓ ', 200),
    }), [VOTER_TEXT]);
    add('thread header', threadHeaderView(tr, { firstName: fill('María ', 60), phone: '+12125550101', campaignName: fill('Campaign ', 100), volunteerName: fill('Val ', 80) }), []);
    const campaign = maxCampaign();
    const findings = lintScripts(campaign.scripts, 'Texas Forward');
    const parts = scriptViews(tr, campaign, findings, tr('commands:script.saved', { lang: tr(`commands:lang.${lang}`) }));
    parts.forEach((view, i) => {
      const texts = view.blocks.flatMap((b) => (b.type === 'quote' ? [b.text] : []));
      add(`script, part ${i + 1} of ${parts.length}`, view, texts);
    });
    // Stats at their largest (10 questions of 25 answers), split the way the dispatcher splits replies.
    const stats = worstStats();
    const statsParts = splitView(statsView(tr, stats, new Map(stats.volunteers.map((v, i) => [v.volunteerId, label75('Volunteer @everyone', i)])), lang));
    statsParts.forEach((view, i) => add(`stats, part ${i + 1} of ${statsParts.length}`, view, view.blocks.flatMap((b) => (b.type === 'progress' ? [b.label] : []))));
    const statsText = statsParts.flatMap((v) => v.blocks.flatMap((b) => (b.type === 'progress' ? [b.label] : [])));
    if (statsText.length !== stats.survey.length * MAX_ANSWERS + 3) throw new Error('stats lost a progress line');
    // A/B variants at their largest: 4 variants of 1,600 characters in 2 languages (one retired),
    // and stats with 4 variants and click rates in both languages and in the group counted before
    // languages were, split the way the dispatcher splits replies.
    const abCampaign = maxCampaign();
    for (const l of LANGS) {
      const set = abCampaign.scripts[l]!;
      abCampaign.scripts[l] = { ...set, variants: (['B', 'C', 'D'] as const).map((id) => ({ id, initial: fill(`${id} ${VOTER_TEXT}`, 1600) })), retired: ['C'] };
    }
    const abParts = splitView(variantsListView(tr, abCampaign, tr('variants:saved', { variant: 'D', lang: tr(`commands:lang.${lang}`) })));
    abParts.forEach((view, i) => add(`A/B variants, part ${i + 1} of ${abParts.length}`, view, view.blocks.flatMap((b) => (b.type === 'quote' ? [b.text] : []))));
    const abTallies = Object.fromEntries(['en/', 'es/', ''].flatMap((group) => (['A', 'B', 'C', 'D'] as const).flatMap((v, i) => [[`${group}${v}/sent`, 25000 + i], [`${group}${v}/delivered`, 24000], [`${group}${v}/replied`, 3000 + 200 * i], [`${group}${v}/optOut`, 300], [`${group}${v}/positive`, 1500], [`${group}${v}/clicked`, 900]])));
    const abGroups = variantGroups(abTallies);
    if (abGroups.length !== 3 || abGroups.some((g) => g.arms.length !== 4)) throw new Error('worst-case A/B stats: expected 3 groups of 4 arms');
    const abStats = splitView(statsView(tr, { ...stats, survey: [], variants: abGroups }, new Map(), lang));
    abStats.forEach((view, i) => add(`stats with 4 A/B variants, part ${i + 1} of ${abStats.length}`, view, []));
    // The survey and tags as organizers see them, at their largest, split as the dispatcher splits.
    const survey = worstStats().survey.map((q) => ({
      id: q.questionId, text: q.text,
      answers: q.answers.map((a, i) => ({ id: a.answerId, label: a.label, reply: { en: fill('Great {firstName}! ', 1600), es: fill('¡Genial! ', 1600) }, ...(i === 0 ? { nextQuestionId: id40('question', 9) } : {}) })),
    }));
    const surveyParts = splitView(surveyView(tr, lang, { name: campaign.name, slug: 'gotv', survey }));
    const allLabels = survey.flatMap((q) => q.answers.map((a) => a.label));
    surveyParts.forEach((view, i) => {
      const text = view.blocks.flatMap((b) => (b.type === 'section' ? [b.text] : [])).join('\n');
      add(`survey, part ${i + 1} of ${surveyParts.length}`, view, allLabels.filter((l) => text.includes(l)));
    });
    const labelsShown = surveyParts.flatMap((v) => v.blocks.flatMap((b) => (b.type === 'section' ? [b.text] : []))).join('\n');
    if (survey.some((q) => q.answers.some((a) => !labelsShown.includes(a.label)))) throw new Error('surveyView lost an answer');
    const tags = Array.from({ length: MAX_TAGS }, (_, i) => ({ id: id40('tag', i), label: label75('Tag', i) }));
    add('tags', tagsView(tr, { name: campaign.name, slug: 'gotv', tags }), tags.map((g) => g.label));
    // Help as the dispatcher returns it (generated from the command definitions).
    const w = await world();
    await runningCampaign(w, { start: false });
    const help = splitReplies(await w.handle(command({ ...owner, locale: lang }, 'help')));
    help.forEach((r, i) => {
      if ('view' in r) add(`help, part ${i + 1} of ${help.length}`, r.view, []);
    });
    // The script's texts are all somewhere across its parts.
    const shown = parts.flatMap((v) => v.blocks.flatMap((b) => (b.type === 'quote' ? [b.text] : [])));
    const written = (['en', 'es'] as const).flatMap((l) => [campaign.scripts[l]!.initial, ...campaign.scripts[l]!.followUps.map((f) => f.text)]);
    if (written.some((w) => !shown.includes(w))) throw new Error('scriptViews lost a script text');
  }
  return cases;
}

function worstStats(): CampaignStats {
  const contactsByStatus = { pending: 100000, assigned: 2000, messaged: 50000, needs_reply: 3000, replied: 4000, closed: 1000, skipped: 10, opted_out: 900, invalid: 20, landline: 30 } as CampaignStats['contactsByStatus'];
  return {
    campaignId: 'c1', slug: 'gotv', name: fill('Get out the vote **2026** @here ', 100), status: 'active', contactsByStatus, contacts: 161000,
    counters: { contacts: 161000, initials: 60000, sent: 70000, delivered: 65000, failed: 5000, replies: 9000, repliedContacts: 7000, optOuts: 900, spamFiltered: 40 },
    initials: 60000, sent: 70000, delivered: 65000, failed: 5000, failedByCode: { '30003': 1000, '30005': 900, '30006': 800, '30007': 700, '21610': 600, '30008': 500 },
    replies: 9000, repliedContacts: 7000, replyRate: 0.12, optOuts: 900, optOutRate: 0.015, spamFiltered: 40,
    survey: Array.from({ length: 10 }, (_, q) => ({
      questionId: id40('question', q), text: fill(`Pregunta ${q} ¿votará? **now** @everyone `, MAX_QUESTION_TEXT),
      answers: Array.from({ length: MAX_ANSWERS }, (_, a) => ({ answerId: id40('answer', a), label: label75('Answer', a), count: 1000 + a })),
    })),
    volunteers: Array.from({ length: 8 }, (_, i) => ({ volunteerId: `v${i}`, initials: 5000 - i, replies: 300, optOuts: 4 })),
    hourly: [],
  };
}

/** Action ids whose controls are in the conversation views (for the reachability check's report). */
export const CONVERSATION_ACTIONS = [ACTION.canned, ACTION.survey, ACTION.tag, ACTION.confirmOptOut, ACTION.dismissOptOut, ACTION.reassign, ACTION.reassignSelf, ACTION.surveyReply];
