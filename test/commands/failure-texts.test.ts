// No message a person reads shows a raw code: every failure and refusal the engine and the
// commands can produce, with the code values they carry, rendered in en and es through the real
// locales and the real rendering path (failureReply, errorView, findingLines, smsErrorLabel).
// The lists are read from the code itself, so a new reason or code is covered the day it appears.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/app/i18n.js';
import { ENGINE_REASONS, fail } from '../../src/core/campaigns/result.js';
import { FREQUENCY_REFUSALS } from '../../src/core/compliance/frequency.js';
import { KNOWN_SMS_ERROR_CODES } from '../../src/core/compliance/sms-errors.js';
import { LOCAL_CODES } from '../../src/core/conversations/dispatch-service.js';
import { CampaignStatus } from '../../src/core/model/campaign.js';
import { ClaimStatus, ContactStatus } from '../../src/core/model/contact.js';
import { SUPPORTED_LANGS, type Lang } from '../../src/core/model/common.js';
import { errorView } from '../../src/commands/framework/error-view.js';
import type { Translate } from '../../src/commands/framework/definition.js';
import { failureReply, type Ctx } from '../../src/commands/support/results.js';
import { findingLines } from '../../src/commands/views/campaign.js';
import { smsErrorLabel } from '../../src/commands/views/outcome-labels.js';
import type { Reply } from '../../src/core/views/view.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}
const ALL_SOURCES = sources(SRC);
const matches = (re: RegExp, texts: readonly string[] = ALL_SOURCES) => [...new Set(texts.flatMap((s) => [...s.matchAll(re)].map((m) => m[1]!)))].sort();

/** Codes the engine puts into failure params, read from the code. */
const TEMPLATE_ERRORS = matches(/error: '([a-z_]+)'/g, [readFileSync(join(SRC, 'core/scripts/template.ts'), 'utf8')]);
const LINT_RULES = matches(/rule: '([^']+)'/g, [readFileSync(join(SRC, 'core/compliance/script-lint.ts'), 'utf8'), readFileSync(join(SRC, 'core/campaigns/campaign-lint.ts'), 'utf8')]);
const LINT_KEYS = matches(/'(rules:lint\.[a-z_]+)'/g);
const USER_ERRORS = [...matches(/new UserError\('([^']+)'/g), ...matches(/fileError\('([a-z_]+)'/g).map((c) => `import:error.${c}`)];
const SMS_CODES = [...KNOWN_SMS_ERROR_CODES, ...Object.values(LOCAL_CODES), ...matches(/failMessage\([^,]+, [^,]+, '([a-z_]+)'/g), 'transport', 'not_assigned', '99999', 'something_new'];

/** Harmless values for placeholders that carry names, numbers and times (not codes). */
const PLAIN: Record<string, string | number> = {
  slug: 'gotv', count: 2, max: 3, needed: 'organizer', opensAt: '2026-11-18T14:00:00.000Z', retryAt: '2026-11-24T15:00:00.000Z',
  field: 'batchSize', problem: 'Too small', questionId: 'q1', answerId: 'yes', id: 'thanks', fields: 'ward', file: 'voters.csv',
  choices: 'gotv, persuasion', got: 'bob', orgName: 'Texas Forward', example: 'Reply STOP to opt out', domain: 'bit.ly', term: 'beer',
  category: 'alcohol', segments: 4, characters: 700, chars: '’', suggestion: "it's", position: 12, volunteer: 'Ana', name: 'GOTV',
  status: 'active', from: 'draft', to: 'active', rule: 'daily_cap', rules: 'R3.1', error: 'empty_field', line: 3, column: 'phone',
  helpContact: 'help@texasforward.org', time: '14:00', minutes: 5, seconds: 30, n: 2, size: 20, total: 40,
  question: 'Will you vote?', answer: 'Yes', tag: 'Volunteer lead', ref: 'q2', columns: 'name, zip', crm: 'NGP VAN', kind: 'van',
  missing: 12, copied: 2, lang: 'English', reply: 'Thanks', variant: 'B', filter: 'answre:yes', filters: 'replied, answer, tag, lang',
};

/** Every failure the engine can return, with every code value its coded params can take. */
function engineFailures(enText: (key: string) => string): { reason: (typeof ENGINE_REASONS)[number]; params: Record<string, string | number> }[] {
  const coded: Record<string, Record<string, readonly string[]>> = {
    'engine:claim.ended': { status: ClaimStatus.options },
    'engine:claim.not_active': { status: CampaignStatus.options },
    'engine:campaign.bad_transition': { from: CampaignStatus.options, to: CampaignStatus.options },
    'engine:reply.closed': { status: ContactStatus.options },
    'engine:send.already_sent': { status: ContactStatus.options },
    'engine:send.template_error': { error: TEMPLATE_ERRORS },
    'engine:reply.template_error': { error: TEMPLATE_ERRORS },
    'engine:send.frequency_cap': { rule: FREQUENCY_REFUSALS },
    'engine:reply.lint_errors': { rules: [...LINT_RULES, LINT_RULES.join(', ')] },
  };
  const out: { reason: (typeof ENGINE_REASONS)[number]; params: Record<string, string | number> }[] = [];
  for (const reason of ENGINE_REASONS) {
    const base: Record<string, string | number> = {};
    for (const [, name] of enText(reason).matchAll(/\{\{\s*(\w+)/g)) base[name!] = PLAIN[name!] ?? `MISSING_TEST_VALUE_${name}`;
    const variants = Object.entries(coded[reason] ?? {});
    if (variants.length === 0) out.push({ reason, params: base });
    for (const [name, values] of variants) for (const v of values) out.push({ reason, params: { ...base, [name]: v } });
    if (reason === 'engine:send.frequency_cap') for (const rule of FREQUENCY_REFUSALS) out.push({ reason, params: { rule, retryAt: '' } });
  }
  return out;
}

/** What a raw code looks like in text a person reads. */
function rawCodes(text: string, key: string): string[] {
  const found: string[] = [];
  // A command to type (`/textbank crm connect action_network`) shows its option values as typed.
  const prose = text.replace(/`\/textbank [^`]*`/g, '`command`');
  for (const m of prose.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.push(`snake_case "${m[0]}"`);
  for (const m of text.matchAll(/\b[a-z][a-z-]*:[a-z_]+(?:\.[a-z_0-9]+)+/gi)) found.push(`ns:key "${m[0]}"`);
  if (/\{\{|\}\}/.test(text)) found.push('unfilled {{placeholder}}');
  const bare = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  if (text.includes(bare)) found.push(`the key "${bare}"`);
  if (/MISSING_TEST_VALUE/.test(text)) found.push('a placeholder this test has no value for');
  if (text.trim() === '') found.push('empty text');
  return found;
}

function textOf(reply: Reply): string {
  if (reply.kind !== 'ephemeral') return '';
  return [reply.view.text, ...reply.view.blocks.map((b) => ('text' in b ? String(b.text) : ''))].join('\n');
}

describe('no message a person reads shows a raw code (en, es)', async () => {
  const i18n = await createI18n('en');
  const tFor = (lang: Lang): Translate => (key, params) => i18n.t(lang)(key, params ?? {}) as string;
  const ctxFor = (lang: Lang) => ({ lang, t: tFor(lang) }) as unknown as Ctx;

  it('reads the lists from the code (the enumerations are not empty)', () => {
    expect(ENGINE_REASONS.length).toBeGreaterThan(40);
    expect(TEMPLATE_ERRORS).toEqual(expect.arrayContaining(['unbalanced_braces', 'empty_field']));
    expect(LINT_RULES).toEqual(expect.arrayContaining(['R3.1', 'template']));
    expect(LINT_KEYS.length).toBeGreaterThan(8);
    expect(USER_ERRORS).toEqual(expect.arrayContaining(['commands:errors.no_campaign', 'import:error.not_csv']));
    expect(SMS_CODES).toEqual(expect.arrayContaining(['30007', 'interrupted', 'outside_window']));
  });

  it.each(SUPPORTED_LANGS)('engine failures through failureReply [%s]', (lang) => {
    const problems: string[] = [];
    for (const f of engineFailures((k) => tFor('en')(k))) {
      const text = textOf(failureReply(ctxFor(lang), fail(f.reason, f.params)));
      for (const p of rawCodes(text, f.reason)) problems.push(`${f.reason} ${JSON.stringify(f.params)}: ${p} in "${text}"`);
    }
    expect(problems).toEqual([]);
  });

  it.each(SUPPORTED_LANGS)('the losing press of a race reads "already sent", not "too often" [%s]', (lang) => {
    const t = tFor(lang);
    const text = textOf(failureReply(ctxFor(lang), fail('engine:send.frequency_cap', { rule: 'already_messaged_in_campaign', retryAt: '' })));
    expect(text).not.toContain('already_messaged_in_campaign');
    expect(text).toContain(t('outcomes:frequency.already_messaged_in_campaign'));
  });

  it.each(SUPPORTED_LANGS)('UserErrors thrown by commands, through the dispatcher\'s errorView [%s]', (lang) => {
    const t = tFor(lang);
    const problems: string[] = [];
    for (const key of USER_ERRORS) {
      const params: Record<string, string | number> = {};
      for (const [, name] of t(key).matchAll(/\{\{\s*(\w+)/g)) params[name!] = PLAIN[name!] ?? `MISSING_TEST_VALUE_${name}`;
      const text = textOf(errorView(t, key, params));
      for (const p of rawCodes(text, key)) problems.push(`${key}: ${p} in "${text}"`);
    }
    expect(problems).toEqual([]);
  });

  it.each(SUPPORTED_LANGS)('lint findings through findingLines [%s]', (lang) => {
    const t = tFor(lang);
    const problems: string[] = [];
    for (const key of LINT_KEYS) {
      const params: Record<string, string | number> = {};
      for (const [, name] of tFor('en')(key).matchAll(/\{\{\s*(\w+)/g)) params[name!] = PLAIN[name!] ?? `MISSING_TEST_VALUE_${name}`;
      const text = findingLines(t, [{ rule: 'R3.1', severity: 'error', key, params }]).join('\n');
      for (const p of rawCodes(text, key)) problems.push(`${key}: ${p} in "${text}"`);
    }
    expect(problems).toEqual([]);
  });

  it.each(SUPPORTED_LANGS)('carrier and local send error codes through smsErrorLabel [%s]', (lang) => {
    const t = tFor(lang);
    const problems: string[] = [];
    for (const code of SMS_CODES) {
      const text = smsErrorLabel(t, code);
      for (const p of rawCodes(text, `outcomes:sms_error.${code}`)) problems.push(`${code}: ${p} in "${text}"`);
    }
    expect(problems).toEqual([]);
    expect(smsErrorLabel(t, '30007')).toContain('30007');
  });

  it('the detector can fail: it flags the strings that used to reach volunteers', () => {
    expect(rawCodes('This person has been texted too often recently (already_messaged_in_campaign). Nothing was sent.', 'engine:send.frequency_cap')).not.toEqual([]);
    expect(rawCodes('Ese lote ya está en estado completed {{status}}', 'engine:claim.ended')).not.toEqual([]);
    expect(rawCodes('engine:claim.nothing_left', 'engine:claim.nothing_left')).not.toEqual([]);
    expect(rawCodes('Everyone in "gotv" has been texted. Thank you!', 'engine:claim.nothing_left')).toEqual([]);
  });
});
