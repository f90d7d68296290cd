// Campaign lifecycle (DESIGN: Campaign draft -> active <-> paused -> archived) and its texts.
import { z } from 'zod';
import { DuplicateError } from '../errors.js';
import {
  CAMPAIGN_TRANSITIONS,
  Campaign,
  CannedReply,
  MAX_ANSWERS,
  MAX_ANSWER_LABEL,
  MAX_QUESTION_TEXT,
  MAX_SURVEY_QUESTIONS,
  MAX_TAGS,
  MAX_TAG_LABEL,
  ScriptSet,
  SurveyQuestion,
  Tag,
  type CampaignPatch,
  type CampaignStatus,
} from '../model/campaign.js';
import { Lang } from '../model/common.js';
import { hasSender, type Member } from '../model/org.js';
import { windowKeyReachesFlorida } from '../compliance/florida.js';
import { loadActor } from './access.js';
import { INVALID_LINK_FINDING } from '../compliance/script-lint.js';
import { hasErrors, lintCampaign, lintCanned, lintFlorida, lintScripts, lintSurvey, type ScriptFinding } from './campaign-lint.js';
import type { EngineDeps } from './engine-deps.js';
import { fail, isFailure, type Failure } from './result.js';

export const CreateCampaignInput = Campaign.pick({
  slug: true,
  name: true,
  channelId: true,
  scripts: true,
  survey: true,
  cannedReplies: true,
  tags: true,
  batchSize: true,
  claimExpiryMinutes: true,
  maxActiveClaimsPerVolunteer: true,
  windowOverride: true,
  disclaimer: true,
}).partial({ channelId: true, windowOverride: true });
export type CreateCampaignInput = z.input<typeof CreateCampaignInput>;

export const CampaignSettings = Campaign.pick({
  name: true,
  channelId: true,
  batchSize: true,
  claimExpiryMinutes: true,
  maxActiveClaimsPerVolunteer: true,
  windowOverride: true,
  disclaimer: true,
}).partial();
export type CampaignSettings = z.input<typeof CampaignSettings>;

const Scripts = z.partialRecord(Lang, ScriptSet);

export type CampaignResult = { ok: true; campaign: Campaign; findings: ScriptFinding[] } | (Failure & { findings?: ScriptFinding[] });

function invalid(error: z.ZodError): Failure {
  const issue = error.issues[0];
  return fail('engine:campaign.invalid', { field: issue?.path.join('.') || '-', problem: issue?.message ?? 'invalid' });
}

/**
 * The caps every chat view can show (model constants), checked before the schema so the reason
 * names what is too many or too long (question and answer numbers count from 1).
 */
function surveyCapFailure(survey: readonly z.input<typeof SurveyQuestion>[]): Failure | null {
  if (!Array.isArray(survey)) return null;
  if (survey.length > MAX_SURVEY_QUESTIONS) return fail('engine:campaign.too_many_questions', { count: survey.length, max: MAX_SURVEY_QUESTIONS });
  for (const [qi, q] of survey.entries()) {
    const question = qi + 1;
    if (typeof q?.text === 'string' && q.text.length > MAX_QUESTION_TEXT) return fail('engine:campaign.question_too_long', { question, max: MAX_QUESTION_TEXT });
    const answers: readonly { label?: unknown }[] = Array.isArray(q?.answers) ? q.answers : [];
    if (answers.length > MAX_ANSWERS) return fail('engine:campaign.too_many_answers', { question, count: answers.length, max: MAX_ANSWERS });
    const long = answers.findIndex((a) => typeof a?.label === 'string' && a.label.length > MAX_ANSWER_LABEL);
    if (long >= 0) return fail('engine:campaign.answer_too_long', { question, answer: long + 1, max: MAX_ANSWER_LABEL });
  }
  return null;
}

function tagCapFailure(tags: readonly z.input<typeof Tag>[]): Failure | null {
  if (!Array.isArray(tags)) return null;
  if (tags.length > MAX_TAGS) return fail('engine:campaign.too_many_tags', { count: tags.length, max: MAX_TAGS });
  const long = tags.findIndex((g) => typeof g?.label === 'string' && g.label.length > MAX_TAG_LABEL);
  return long >= 0 ? fail('engine:campaign.tag_too_long', { tag: long + 1, max: MAX_TAG_LABEL }) : null;
}

export class CampaignService {
  constructor(private readonly deps: EngineDeps) {}

  private async organizer(orgId: string, by: string): Promise<Member | Failure> {
    return loadActor(this.deps.store, orgId, by, 'organizer');
  }

  private async orgName(orgId: string): Promise<string | Failure> {
    const org = await this.deps.store.orgs.get(orgId);
    if (!org) return fail('engine:org.not_found');
    return org.name;
  }

  /** A campaign of the org that is not archived, or a failure. */
  private async editable(orgId: string, campaignId: string): Promise<Campaign | Failure> {
    const campaign = await this.deps.store.campaigns.get(orgId, campaignId);
    if (!campaign) return fail('engine:campaign.not_found');
    if (campaign.status === 'archived') return fail('engine:campaign.archived', { slug: campaign.slug });
    return campaign;
  }

  async get(orgId: string, campaignId: string): Promise<Campaign | null> {
    return this.deps.store.campaigns.get(orgId, campaignId);
  }

  /** Creates a draft; the slug is unique per org. Script findings are returned, not enforced yet. */
  async create(orgId: string, input: CreateCampaignInput, by: string): Promise<CampaignResult> {
    const actor = await this.organizer(orgId, by);
    if (isFailure(actor)) return actor;
    const parsed = CreateCampaignInput.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    const orgName = await this.orgName(orgId);
    if (isFailure(orgName)) return orgName;
    if (await this.deps.store.campaigns.findBySlug(orgId, parsed.data.slug)) return fail('engine:campaign.slug_taken', { slug: parsed.data.slug });
    let campaign: Campaign;
    try {
      campaign = await this.deps.store.campaigns.create(orgId, { ...parsed.data, orgId, createdBy: actor.id });
    } catch (err) {
      if (err instanceof DuplicateError) return fail('engine:campaign.slug_taken', { slug: parsed.data.slug });
      throw err;
    }
    await this.audit(orgId, actor, 'campaign.created', campaign.id, { slug: campaign.slug });
    return { ok: true, campaign, findings: lintCampaign(campaign, orgName, this.deps.config.linkBaseUrl) };
  }

  async updateSettings(orgId: string, campaignId: string, settings: CampaignSettings, by: string): Promise<CampaignResult> {
    const actor = await this.organizer(orgId, by);
    if (isFailure(actor)) return actor;
    const parsed = CampaignSettings.safeParse(settings);
    if (!parsed.success) return invalid(parsed.error);
    const current = await this.editable(orgId, campaignId);
    if (isFailure(current)) return current;
    const campaign = await this.deps.store.campaigns.update(orgId, campaignId, parsed.data as CampaignPatch);
    await this.audit(orgId, actor, 'campaign.updated', campaignId, { fields: Object.keys(parsed.data) });
    return { ok: true, campaign, findings: [] };
  }

  /**
   * Replaces the scripts. A draft saves whatever lint says (errors then block start); a running
   * campaign refuses scripts with error findings, so a live campaign never texts a failing script.
   */
  async updateScripts(orgId: string, campaignId: string, scripts: z.input<typeof Scripts>, by: string): Promise<CampaignResult> {
    return this.updateTexts(orgId, campaignId, by, 'scripts', Scripts, scripts, (v, orgName) => lintScripts(v, orgName, this.deps.config.linkBaseUrl));
  }

  async updateSurvey(orgId: string, campaignId: string, survey: z.input<typeof SurveyQuestion>[], by: string): Promise<CampaignResult> {
    const capped = surveyCapFailure(survey);
    if (capped) return capped;
    const parsed = z.array(SurveyQuestion).safeParse(survey);
    if (parsed.success) {
      const ids = new Set(parsed.data.map((q) => q.id));
      const dangling = parsed.data.flatMap((q) => q.answers.filter((a) => a.nextQuestionId && !ids.has(a.nextQuestionId)));
      if (ids.size !== parsed.data.length) return fail('engine:campaign.invalid', { field: 'survey', problem: 'duplicate question id' });
      if (dangling[0]) return fail('engine:campaign.unknown_question', { questionId: dangling[0].nextQuestionId ?? '' });
    }
    return this.updateTexts(orgId, campaignId, by, 'survey', z.array(SurveyQuestion), survey, lintSurvey);
  }

  async updateCannedReplies(orgId: string, campaignId: string, canned: z.input<typeof CannedReply>[], by: string): Promise<CampaignResult> {
    return this.updateTexts(orgId, campaignId, by, 'cannedReplies', z.array(CannedReply), canned, lintCanned);
  }

  async updateTags(orgId: string, campaignId: string, tags: z.input<typeof Tag>[], by: string): Promise<CampaignResult> {
    const capped = tagCapFailure(tags);
    if (capped) return capped;
    return this.updateTexts(orgId, campaignId, by, 'tags', z.array(Tag), tags, () => []);
  }

  private async updateTexts<K extends 'scripts' | 'survey' | 'cannedReplies' | 'tags', S extends z.ZodType>(
    orgId: string,
    campaignId: string,
    by: string,
    field: K,
    schema: S,
    value: unknown,
    lint: (v: z.infer<S>, orgName: string) => ScriptFinding[],
  ): Promise<CampaignResult> {
    const actor = await this.organizer(orgId, by);
    if (isFailure(actor)) return actor;
    const parsed = schema.safeParse(value);
    if (!parsed.success) return invalid(parsed.error);
    const current = await this.editable(orgId, campaignId);
    if (isFailure(current)) return current;
    const orgName = await this.orgName(orgId);
    if (isFailure(orgName)) return orgName;
    const findings = lint(parsed.data, orgName);
    // A tracked link to something that is not an http(s) address is refused even in a draft: nothing changes.
    const badLinks = findings.filter((f) => f.key === INVALID_LINK_FINDING);
    if (badLinks.length > 0) return { ...fail('engine:campaign.script_errors', { count: badLinks.length }), findings: badLinks };
    if (current.status !== 'draft' && hasErrors(findings)) {
      return { ...fail('engine:campaign.script_errors', { count: findings.filter((f) => f.severity === 'error').length }), findings };
    }
    const campaign = await this.deps.store.campaigns.update(orgId, campaignId, { [field]: parsed.data } as CampaignPatch);
    await this.audit(orgId, actor, `campaign.${field}_updated`, campaignId, { errors: findings.filter((f) => f.severity === 'error').length });
    return { ok: true, campaign, findings };
  }

  /** Every lint finding of the campaign's texts as they are now. */
  async lint(orgId: string, campaignId: string): Promise<ScriptFinding[] | Failure> {
    const campaign = await this.deps.store.campaigns.get(orgId, campaignId);
    if (!campaign) return fail('engine:campaign.not_found');
    const orgName = await this.orgName(orgId);
    if (isFailure(orgName)) return orgName;
    return [...lintCampaign(campaign, orgName, this.deps.config.linkBaseUrl), ...(await this.lintFloridaNow(orgId, campaign))];
  }

  /** R3.3: the Florida disclaimer findings for the campaign's contacts still to text (window keys carry ZIP and area-code states). */
  private async lintFloridaNow(orgId: string, campaign: Campaign): Promise<ScriptFinding[]> {
    const keys = await this.deps.store.contacts.pendingWindowKeys(orgId, campaign.id);
    return lintFlorida(campaign, keys.some(windowKeyReachesFlorida));
  }

  /**
   * draft -> active. Checks: the org name is set (R3.1); the campaign has contacts; it has an
   * initial script and every script passes lint with no error (R3.1, R3.2, R3.5). Contacts whose
   * language has no script get the org default language's script (or any), which is linted too,
   * so "every language used by its contacts" is covered without scanning contacts.
   */
  async start(orgId: string, campaignId: string, by: string): Promise<CampaignResult> {
    return this.activate(orgId, campaignId, by, ['draft'], 'campaign.started');
  }

  /** paused -> active, with the same checks as start (texts may have changed meanwhile). */
  async resume(orgId: string, campaignId: string, by: string): Promise<CampaignResult> {
    return this.activate(orgId, campaignId, by, ['paused'], 'campaign.resumed');
  }

  private async activate(orgId: string, campaignId: string, by: string, from: CampaignStatus[], action: string): Promise<CampaignResult> {
    const actor = await this.organizer(orgId, by);
    if (isFailure(actor)) return actor;
    const campaign = await this.editable(orgId, campaignId);
    if (isFailure(campaign)) return campaign;
    const org = await this.deps.store.orgs.get(orgId);
    if (!org) return fail('engine:org.not_found');
    if (org.name.trim() === '') return fail('engine:org.name_missing');
    if (!hasSender(org)) return fail('engine:org.no_sender');
    if (!from.includes(campaign.status)) return fail('engine:campaign.bad_transition', { from: campaign.status, to: 'active' });
    const byStatus = await this.deps.store.contacts.countByStatus(orgId, campaignId);
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    if (total === 0) return fail('engine:campaign.no_contacts', { slug: campaign.slug });
    if (Object.values(campaign.scripts).every((s) => s === undefined)) return fail('engine:campaign.no_script', { slug: campaign.slug });
    const findings = [...lintCampaign(campaign, org.name, this.deps.config.linkBaseUrl), ...(await this.lintFloridaNow(orgId, campaign))];
    if (hasErrors(findings)) {
      return { ...fail('engine:campaign.script_errors', { count: findings.filter((f) => f.severity === 'error').length }), findings };
    }
    const moved = await this.deps.store.campaigns.transition(orgId, campaignId, from, 'active');
    if (!moved) return fail('engine:campaign.bad_transition', { from: campaign.status, to: 'active' });
    await this.audit(orgId, actor, action, campaignId, { contacts: total });
    return { ok: true, campaign: moved, findings };
  }

  async pause(orgId: string, campaignId: string, by: string): Promise<CampaignResult> {
    return this.move(orgId, campaignId, by, 'paused', 'campaign.paused');
  }

  /** Any -> archived. Active claims are released: their unsent contacts go back to pending. */
  async archive(orgId: string, campaignId: string, by: string): Promise<CampaignResult> {
    const result = await this.move(orgId, campaignId, by, 'archived', 'campaign.archived');
    if (result.ok) {
      const now = this.deps.clock.now();
      for (const claim of await this.deps.store.claims.listActive(orgId, campaignId)) {
        if (await this.deps.store.claims.end(orgId, claim.id, 'released', now)) await this.deps.store.contacts.releaseClaim(orgId, claim.id, now);
      }
    }
    return result;
  }

  private async move(orgId: string, campaignId: string, by: string, to: CampaignStatus, action: string): Promise<CampaignResult> {
    const actor = await this.organizer(orgId, by);
    if (isFailure(actor)) return actor;
    const campaign = await this.deps.store.campaigns.get(orgId, campaignId);
    if (!campaign) return fail('engine:campaign.not_found');
    const from = (Object.keys(CAMPAIGN_TRANSITIONS) as CampaignStatus[]).filter((s) => CAMPAIGN_TRANSITIONS[s].includes(to));
    const moved = await this.deps.store.campaigns.transition(orgId, campaignId, from, to);
    if (!moved) return fail('engine:campaign.bad_transition', { from: campaign.status, to });
    await this.audit(orgId, actor, action, campaignId, {});
    return { ok: true, campaign: moved, findings: [] };
  }

  private async audit(orgId: string, actor: Member, action: string, campaignId: string, data: Record<string, unknown>): Promise<void> {
    await this.deps.store.audit.append({
      orgId,
      at: this.deps.clock.now(),
      actor: { type: 'member', id: actor.id, name: actor.displayName },
      action,
      subject: { type: 'campaign', id: campaignId },
      data,
    });
  }
}
