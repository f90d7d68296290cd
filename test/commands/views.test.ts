// Issue 7: every view renders in English and Spanish with no missing key (i18next returns the key
// itself when one is missing: the translator below checks the resource exists in that very
// language, with no fallback), no placeholder left unfilled, and voter text kept inert.
import { describe, expect, it } from 'vitest';
import type { I18n } from '../../src/app/i18n.js';
import type { Translate } from '../../src/commands/framework/definition.js';
import { errorView } from '../../src/commands/framework/error-view.js';
import { createTextbankCommands } from '../../src/commands/index.js';
import { ENGINE_REASONS } from '../../src/core/campaigns/result.js';
import type { ScriptFinding } from '../../src/core/campaigns/campaign-lint.js';
import type { ImportReport } from '../../src/core/contacts/import/report.js';
import { ROW_REJECT_REASONS } from '../../src/core/contacts/import/reasons.js';
import { SUPPORTED_LANGS, type Lang } from '../../src/core/model/common.js';
import type { Campaign } from '../../src/core/model/campaign.js';
import { CONTACT_STATUSES, type ContactStatus } from '../../src/core/model/contact.js';
import type { CampaignStats } from '../../src/core/stats/stats-service.js';
import type { View } from '../../src/core/views/view.js';
import { campaignPostView } from '../../src/commands/views/campaign-post.js';
import { archiveConfirmView, campaignChangedView, campaignListView, campaignShowView } from '../../src/commands/views/campaign.js';
import { claimFinishedView, contactCardView, localityOf, sessionEndedView } from '../../src/commands/views/contact-card.js';
import { inboundMessageView, organizerInboundView, sentInThreadView, surveyRecordedView, threadHeaderView } from '../../src/commands/views/conversation.js';
import { exportReadyView, importProgressView, importReportView, optOutImportView } from '../../src/commands/views/files.js';
import { helpView, noticeView } from '../../src/commands/views/help.js';
import { scriptView } from '../../src/commands/views/script.js';
import { statsView } from '../../src/commands/views/stats.js';
import { code, inline } from '../../src/commands/views/text.js';
import { usageOf } from '../../src/commands/framework/dispatcher.js';
import { blockTexts, i18n, quotes, textOf, viewOf } from './support/world.js';

function strict(i: I18n, lang: Lang): { t: Translate; missing: string[] } {
  const missing: string[] = [];
  const t: Translate = (key, params) => {
    const at = key.indexOf(':');
    const value = i.instance.getResource(lang, key.slice(0, at), key.slice(at + 1));
    if (typeof value !== 'string') missing.push(`${lang}/${key}`);
    return i.t(lang)(key, params ?? {}) as string;
  };
  return { t, missing };
}

const byStatus = (over: Partial<Record<ContactStatus, number>>): Record<ContactStatus, number> =>
  Object.fromEntries(CONTACT_STATUSES.map((s) => [s, over[s] ?? 0])) as Record<ContactStatus, number>;

const campaign: Campaign = {
  id: 'c1', orgId: 'o1', slug: 'gotv', name: 'Get out the vote', status: 'active', channelId: 'C1',
  scripts: {
    en: { initial: 'Hi {firstName}, this is {texterName} with {orgName}. Reply STOP to opt out.', followUps: [{ id: 'f1', label: 'Reminder', text: 'Polls close at 7!' }] },
  },
  survey: [{ id: 'vote', text: 'Will they vote?', answers: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }],
  cannedReplies: [{ id: 'thanks', label: 'Thanks', text: { en: 'Thanks!' } }],
  tags: [{ id: 'lead', label: 'Volunteer lead' }],
  batchSize: 50, claimExpiryMinutes: 120, maxActiveClaimsPerVolunteer: 1,
  counters: { contacts: 10, initials: 6, sent: 6, delivered: 5, failed: 1, replies: 3, repliedContacts: 2, optOuts: 1, spamFiltered: 0 },
  createdBy: 'm1', createdAt: new Date(0), updatedAt: new Date(0),
};

const findings: ScriptFinding[] = [
  { rule: 'R3.2', severity: 'error', key: 'rules:lint.missing_opt_out_language', params: { example: 'Reply STOP to opt out.' }, where: 'initial', lang: 'en' },
  { rule: 'R3.6', severity: 'warning', key: 'rules:lint.too_many_segments', params: { segments: 4, max: 3 }, where: 'follow_up', lang: 'es', itemId: 'f1' },
  { rule: 'R3.5', severity: 'error', key: 'rules:lint.url_shortener', params: { domain: 'bit.ly' }, where: 'canned', lang: 'en', itemId: 'thanks' },
  { rule: 'R3.4', severity: 'warning', key: 'rules:lint.shaft_term', params: { term: 'beer', category: 'alcohol' }, where: 'survey', lang: 'en', itemId: 'vote/yes' },
];

const report: ImportReport = {
  rows: 120, imported: 100, duplicates: 4, optedOut: 2,
  invalid: ROW_REJECT_REASONS.map((reason, i) => ({ line: i + 2, reason })), invalidTotal: 14,
  missingFields: ['precinct'], columns: { phone: 'Cell', firstName: 'first_name', custom: ['city'] },
};

const stats: CampaignStats = {
  campaignId: 'c1', slug: 'gotv', name: 'Get out the vote', status: 'active',
  contactsByStatus: byStatus({ pending: 4, assigned: 1, messaged: 3, needs_reply: 1, replied: 1 }), contacts: 10,
  counters: campaign.counters, initials: 6, sent: 6, delivered: 5, failed: 1, failedByCode: { '30007': 1 },
  replies: 3, repliedContacts: 2, replyRate: 2 / 6, optOuts: 1, optOutRate: 1 / 6, spamFiltered: 0,
  survey: [{ questionId: 'vote', text: 'Will they vote?', answers: [{ answerId: 'yes', label: 'Yes', count: 2 }, { answerId: 'no', label: 'No', count: 1 }] }],
  volunteers: [{ volunteerId: 'm2', initials: 6, replies: 2, optOuts: 1 }, { volunteerId: 'gone', initials: 1, replies: 0, optOuts: 0 }],
  hourly: [],
};

const contact = { id: 'k1', firstName: 'María', phone: '+12125550101', zip: '10001', state: 'NY', customFields: { City: 'New York' } };
const actions = { conversationId: 'v1', canned: [{ id: 'thanks', label: 'Thanks' }], question: { id: 'vote', text: 'Will they vote?', answers: [{ id: 'yes', label: 'Yes' }] }, tags: [{ id: 'lead', label: 'Lead' }], optedOut: false };

/** Every view, with sample data that reaches every key it can use. */
function allViews(t: Translate, lang: Lang): [string, View][] {
  const { commands } = createTextbankCommands();
  const views: [string, View][] = [
    ['card', contactCardView(t, { campaignName: 'GOTV', claimId: 'cl1', contact, preview: { ok: true, text: 'Hi María', segments: 1, encoding: 'UCS-2', characters: 8 }, position: { done: 11, total: 50 }, notice: t('commands:card.sent_to', { phone: '(212) •••-0100' }) })],
    ['card (cannot send)', contactCardView(t, { campaignName: 'GOTV', claimId: 'cl1', contact: { ...contact, firstName: '' }, preview: { ok: false, key: 'engine:send.missing_fields', params: { fields: 'precinct' } }, position: { done: 0, total: 1 } })],
    ['card notices', noticeView([t('commands:card.skipped'), t('commands:card.wrong_number_done'), t('commands:card.resumed')].join(' '))],
    ['finished', claimFinishedView(t, { campaignId: 'c1', campaignName: 'GOTV', total: 50 })],
    ['ended', sessionEndedView(t, { campaignId: 'c1', campaignName: 'GOTV', released: 7 })],
    ...(['active', 'paused', 'draft', 'archived'] as const).map((status): [string, View] => [`post ${status}`, campaignPostView(t, { campaignId: 'c1', name: 'GOTV', slug: 'gotv', status, counts: { total: 10, pending: 4, assigned: 1, done: 5 }, lang })]),
    ['post all claimed', campaignPostView(t, { campaignId: 'c1', name: 'GOTV', slug: 'gotv', status: 'active', counts: { total: 10, pending: 0, assigned: 1, done: 9 }, lang })],
    ['thread header', threadHeaderView(t, { firstName: 'María', phone: '+12125550101', campaignName: 'GOTV', volunteerName: 'Ana' })],
    ...(['message', 'probable_opt_out', 'opt_out', 'opt_in', 'help'] as const).map((kind): [string, View] => [`inbound ${kind}`, inboundMessageView(t, { ...actions, text: 'Yes!', kind, firstName: 'María' })]),
    ['organizers', organizerInboundView(t, { text: 'who is this', kind: 'probable_opt_out', fromPhone: '+12125550101', members: [{ id: 'm2', name: 'Ben' }], voter: { conversationId: 'v1', firstName: 'María', phone: '+12125550101', campaignName: 'GOTV', previousVolunteer: 'Ana' } })],
    ['organizers opt-out', organizerInboundView(t, { text: 'STOP', kind: 'opt_out', fromPhone: '+12125550101', members: [], voter: { conversationId: 'v1', firstName: '', phone: '+12125550101', campaignName: 'GOTV' } })],
    ['unmatched', organizerInboundView(t, { text: 'hello?', kind: 'message', fromPhone: '+12125550177', members: [] })],
    ['sent in thread', sentInThreadView(t, { text: 'Thanks!', by: 'Ana', segments: 1 })],
    ['survey recorded', surveyRecordedView(t, { question: 'Will they vote?', answer: 'Yes', suggested: 'Great!', sendValue: '["v1","vote","yes"]', next: actions })],
    ['thread notices', noticeView([t('commands:thread.sent', { segments: 1, encoding: 'GSM-7' }), t('commands:thread.already_sent'), t('commands:thread.not_holder', { volunteer: 'Ana' })].join(' '))],
    ['conversation notices', noticeView(['optout_confirmed', 'optout_dismissed', 'tagged', 'reassigned_to'].map((k) => t(`commands:inbound.${k}`, { volunteer: 'Ana', tag: 'Lead', by: 'Olivia' })).join(' '))],
    ['stats', statsView(t, stats, new Map([['m2', 'Ana']]), lang)],
    ['import progress', importProgressView(t, { fileName: 'voters.csv', rows: 5000, bytes: 1000, totalBytes: 4000, lang })],
    ['import report', importReportView(t, { report, campaignName: 'GOTV', fileName: 'voters.csv', lang })],
    ['optout import', optOutImportView(t, { report: { rows: 20, added: 10, already: 2, duplicates: 1, invalid: [{ line: 3, reason: 'not_a_number' }], invalidTotal: 1 }, fileName: 'optouts.csv', lang })],
    ['export contacts', exportReadyView(t, { campaignName: 'GOTV', kind: 'contacts', fileName: 'c.csv' })],
    ['export messages', exportReadyView(t, { campaignName: 'GOTV', kind: 'messages', fileName: 'm.csv' })],
    ['campaign list', campaignListView(t, (['draft', 'active', 'paused', 'archived'] as const).map((status) => ({ campaign: { ...campaign, status }, counts: { total: 10, pending: 4, assigned: 1, done: 5 } })), lang)],
    ['campaign list empty', campaignListView(t, [], lang)],
    ['campaign show', campaignShowView(t, campaign, { total: 10, pending: 4, assigned: 1, done: 5 }, lang)],
    ['campaign show posted', campaignShowView(t, { ...campaign, scripts: {}, postRef: { platform: 'sandbox', channelId: 'C1' } }, { total: 0, pending: 0, assigned: 0, done: 0 }, lang)],
    ...['created', 'started', 'paused', 'resumed', 'archived'].map((k): [string, View] => [`changed ${k}`, campaignChangedView(t, campaign, `commands:campaign.${k}`, findings)]),
    ['next steps', noticeView(t('commands:campaign.next_steps', { slug: 'gotv' }))],
    ['archive confirm', archiveConfirmView(t, campaign, 2)],
    ['script', scriptView(t, campaign, findings)],
    ['script clean', scriptView(t, { ...campaign, scripts: { es: { initial: 'Hola', followUps: [] } } }, [])],
    ['help', helpView(t, { role: t('commands:roles.owner'), lines: commands.map((d) => ({ usage: usageOf(d, t), description: t(d.descriptionKey), sideEffects: d.sideEffects })) })],
  ];
  return views;
}

/** Keys only used inside handlers (forms, refusals, notices), rendered once each. */
const HANDLER_KEYS: [string, Record<string, unknown>][] = [
  ...['already', 'admin_only', 'name_needed', 'done', 'next_steps'].map((k): [string, Record<string, unknown>] => [`commands:setup.${k}`, { name: 'X' }]),
  ...['bad_member', 'already', 'granted', 'revoked', 'last_owner'].map((k): [string, Record<string, unknown>] => [`commands:role.${k}`, { got: 'x', name: 'Ana', role: 'owner' }]),
  ...['modal_title', 'modal_submit', 'modal_slug', 'modal_slug_hint', 'modal_name', 'modal_batch'].map((k): [string, Record<string, unknown>] => [`commands:campaign.${k}`, {}]),
  ...['modal_title', 'modal_submit', 'modal_file', 'modal_hint', 'no_file'].map((k): [string, Record<string, unknown>] => [`commands:import.${k}`, {}]),
  ...['modal_title', 'modal_submit', 'modal_initial', 'modal_initial_hint_en', 'modal_initial_hint_es', 'modal_follow_ups', 'modal_canned', 'modal_lines_hint', 'bad_line', 'saved'].map((k): [string, Record<string, unknown>] => [`commands:script.${k}`, { lang: 'x', line: 2 }]),
  ...['modal_title', 'modal_submit', 'name', 'name_hint', 'help_contact', 'help_contact_hint', 'optout_en', 'optout_es', 'optout_hint', 'visibility', 'visibility_private', 'visibility_channel', 'name_required', 'saved', 'name_changed'].map((k): [string, Record<string, unknown>] => [`commands:settings.${k}`, { name: 'X' }]),
  ...['bad_phone', 'added', 'already', 'not_listed', 'voter_only', 'removed', 'listed', 'no_file', ...['keyword', 'phrase', 'volunteer', 'admin', 'import', 'twilio_21610', 'carrier'].map((s) => `source_${s}`)].map((k): [string, Record<string, unknown>] => [`commands:optout.${k}`, { phone: 'x', why: 'y', source: 'z', at: 'w' }]),
  ...['none', 'done', 'organizer_hint'].map((k): [string, Record<string, unknown>] => [`commands:release.${k}`, { name: 'X', released: 1, batches: 1 }]),
  ...['not_started', 'no_channel', 'posted'].map((k): [string, Record<string, unknown>] => [`commands:post.${k}`, { slug: 'x', name: 'X' }]),
  ...['unavailable', 'loaded'].map((k): [string, Record<string, unknown>] => [`commands:sandbox.${k}`, { name: 'X', slug: 'x' }]),
  ...['campaign_not_found', 'campaign_ambiguous', 'no_campaign'].map((k): [string, Record<string, unknown>] => [`commands:errors.${k}`, { slug: 'x', choices: 'a, b' }]),
  ...ENGINE_REASONS.map((k): [string, Record<string, unknown>] => [k, {}]),
];

let enT: Translate | undefined;
function i18nEn(key: string): string {
  return enT ? enT(key) : '';
}

describe('views in English and Spanish (issue 7)', () => {
  for (const lang of SUPPORTED_LANGS) {
    it(`every view renders in ${lang} with every key present and every placeholder filled`, async () => {
      const i = await i18n();
      enT = i.t('en') as unknown as Translate;
      const { t, missing } = strict(i, lang);
      const views = allViews(t, lang);
      for (const [key, params] of HANDLER_KEYS) {
        // Presence is what matters here: placeholders these keys declare are filled with a sample.
        const declared = String(i18nEn(key)).matchAll(/\{\{\s*(\w+)/g);
        const filled = { ...Object.fromEntries([...declared].map((m) => [m[1], 'x'])), ...params } as Record<string, string>;
        views.push([key, viewOf(errorView(t, key, filled, { usage: '/textbank x' }))]);
      }
      for (const [name, view] of views) {
        const text = textOf(view);
        expect(text, name).not.toMatch(/\b(commands|rules|engine|import|common):[a-z_]+\.[a-z_]/);
        expect(text, name).not.toContain('{{');
        expect(view.text.trim(), name).not.toBe('');
      }
      expect(missing).toEqual([]);
    });
  }

  it('the missing-key check can fail: i18next answers a missing key with the key itself', async () => {
    const i = await i18n();
    const { t, missing } = strict(i, 'es');
    expect(t('commands:card.no_such_key')).toBe('card.no_such_key');
    expect(missing).toEqual(['es/commands:card.no_such_key']);
  });

  it('the languages really differ (Spanish is translated, not copied)', async () => {
    const i = await i18n();
    const en = allViews(strict(i, 'en').t, 'en');
    const es = allViews(strict(i, 'es').t, 'es');
    const same = en.filter(([name, v], k) => textOf(v) === textOf(es[k]![1]) && !name.startsWith('unused'));
    expect(same.map(([name]) => name)).toEqual([]);
  });

  it('every command declares localized descriptions and option names that fit Discord', async () => {
    const i = await i18n();
    const { commands } = createTextbankCommands();
    for (const lang of SUPPORTED_LANGS) {
      const { t, missing } = strict(i, lang);
      for (const def of commands) {
        expect(t(def.descriptionKey).length, def.descriptionKey).toBeLessThanOrEqual(100);
        for (const o of def.options) {
          expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
          expect(t(o.descriptionKey).length, o.descriptionKey).toBeLessThanOrEqual(100);
          t(`commands:optionNames.${o.name}`);
        }
        usageOf(def, t);
        // Discord: required options come before optional ones.
        const firstOptional = def.options.findIndex((o) => !o.required);
        expect(firstOptional === -1 || def.options.slice(firstOptional).every((o) => !o.required), def.path.join(' ')).toBe(true);
      }
      expect(missing).toEqual([]);
    }
    const paths = commands.map((d) => d.path.join(' '));
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('voter and member text is inert in markdown', () => {
  it('inline() removes markup and breaks mentions; code() keeps underscores inside a code span', () => {
    const out = inline('*Bold* _x_ <!channel> @everyone `tick` [a](http://x) \u202eevil\nline');
    expect(out).not.toMatch(/[*_<>`[\]]/);
    expect(out).not.toContain('@everyone');
    expect(out).toContain('@\u200beveryone');
    expect(out).not.toContain('\u202e');
    expect(out).not.toContain('\n');
    expect(code('first_name')).toBe('`first_name`');
    expect(code('a`b<@U1>')).toBe("`a'b@\u200bU1`");
    expect([...inline('x'.repeat(200), 10)]).toHaveLength(10);
  });

  it('a hostile first name or city cannot format or ping on the card; the text to send is in a quote block', async () => {
    const { t } = strict(await i18n(), 'en');
    const hostile = { ...contact, firstName: '*<!channel>* @here', customFields: { city: '[x](http://evil)' } };
    const view = contactCardView(t, { campaignName: '@everyone', claimId: 'cl1', contact: hostile, preview: { ok: true, text: 'Hi *<!channel>* @here', segments: 1, encoding: 'GSM-7', characters: 20 }, position: { done: 0, total: 1 } });
    const markdown = view.blocks.filter((b) => b.type !== 'quote').flatMap(blockTexts).join('\n') + view.text;
    expect(markdown).not.toMatch(/<!channel>|@here|@everyone|\[x\]/);
    expect(quotes(view)).toEqual(['Hi *<!channel>* @here']);
    expect(localityOf(hostile.customFields ? { ...hostile, state: 'NY' } : hostile)).toBe('x(http://evil), NY');
  });

  it("the voter's message appears only in a quote block, for volunteers and organizers", async () => {
    const { t } = strict(await i18n(), 'en');
    const text = 'STOP <!everyone> **now**';
    for (const view of [
      inboundMessageView(t, { ...actions, text, kind: 'probable_opt_out', firstName: 'Sam' }),
      organizerInboundView(t, { text, kind: 'message', fromPhone: '+12125550101', members: [] }),
    ]) {
      expect(quotes(view)).toEqual([text]);
      const outside = view.blocks.filter((b) => b.type !== 'quote').flatMap(blockTexts).join('\n') + view.text;
      expect(outside).not.toContain('<!everyone>');
      expect(outside).not.toContain('**now**');
    }
  });

  it('button values carry ids only (no names, phones or text)', async () => {
    const { t } = strict(await i18n(), 'en');
    const views = allViews(t, 'en');
    for (const [name, view] of views) {
      for (const b of view.blocks) {
        if (b.type !== 'actions') continue;
        for (const e of b.elements) {
          const values = e.type === 'button' ? [e.value ?? ''] : e.options.map((o) => o.value);
          for (const v of values) expect(v, name).toMatch(/^(\[("[\w/-]+",?)+\]|[\w-]*)$/);
        }
      }
    }
  });
});
