// Expected failures are returned, never thrown (CONVENTIONS §8): `reason` is an i18n key in
// locales/<lng>/engine.json, `params` its interpolation values (ids and numbers only, no phones).

/** Every reason the engine services return. A test checks each one exists in en and es. */
export const ENGINE_REASONS = [
  'engine:auth.not_member',
  'engine:auth.forbidden',
  'engine:auth.not_your_claim',
  'engine:auth.not_your_conversation',
  'engine:org.not_found',
  'engine:org.name_missing',
  'engine:org.no_sender',
  'engine:campaign.not_found',
  'engine:campaign.slug_taken',
  'engine:campaign.invalid',
  'engine:campaign.archived',
  'engine:campaign.bad_transition',
  'engine:campaign.no_contacts',
  'engine:campaign.no_script',
  'engine:campaign.script_errors',
  'engine:campaign.unknown_question',
  'engine:campaign.unknown_answer',
  'engine:campaign.unknown_canned',
  'engine:campaign.unknown_tag',
  'engine:campaign.too_many_questions',
  'engine:campaign.too_many_answers',
  'engine:campaign.question_too_long',
  'engine:campaign.answer_too_long',
  'engine:campaign.too_many_tags',
  'engine:campaign.tag_too_long',
  'engine:claim.not_found',
  'engine:claim.campaign_paused',
  'engine:claim.not_active',
  'engine:claim.limit_reached',
  'engine:claim.nothing_left',
  'engine:claim.all_in_batches',
  'engine:claim.outside_hours',
  'engine:claim.ended',
  'engine:send.not_assigned',
  'engine:send.already_sent',
  'engine:send.duplicate_interaction',
  'engine:send.opted_out',
  'engine:send.outside_hours',
  'engine:send.frequency_cap',
  'engine:send.no_script',
  'engine:send.media_unavailable',
  'engine:send.missing_fields',
  'engine:send.template_error',
  'engine:send.too_long',
  'engine:send.contact_not_found',
  'engine:send.initials_paused',
  'engine:send.campaign_initials_paused',
  'engine:send.florida_disclaimer',
  'engine:conversation.not_found',
  'engine:conversation.closed',
  'engine:reply.empty',
  'engine:reply.too_long',
  'engine:reply.lint_errors',
  'engine:reply.opted_out',
  'engine:reply.outside_hours',
  'engine:reply.missing_fields',
  'engine:reply.template_error',
  'engine:reply.no_text',
  'engine:reply.closed',
  'engine:reassign.not_member',
  'engine:inbound.unknown_sender',
] as const;
export type EngineReason = (typeof ENGINE_REASONS)[number];

export type Params = Record<string, string | number>;

export interface Failure {
  readonly ok: false;
  readonly reason: EngineReason;
  readonly params: Params;
}

export function fail(reason: EngineReason, params: Params = {}): Failure {
  return { ok: false, reason, params };
}

/** Narrowing helper: `if (isFailure(r)) return r;`. */
export function isFailure(r: unknown): r is Failure {
  return typeof r === 'object' && r !== null && (r as { ok?: unknown }).ok === false && typeof (r as { reason?: unknown }).reason === 'string';
}
