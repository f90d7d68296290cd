// Engine results -> replies. Engine failures are returned values with an i18n reason
// (locales/<lng>/engine.json); they become an ephemeral error for the person who acted.
import type { Failure } from '../../core/campaigns/result.js';
import type { PressContext } from '../../core/conversations/send-service.js';
import type { Reply, View } from '../../core/views/view.js';
import type { HandlerContext } from '../framework/definition.js';
import { errorView } from '../framework/error-view.js';
import type { Services } from '../services.js';
import { codeLabel } from '../views/outcome-labels.js';
import { readableParams } from '../views/text.js';

export type Ctx = HandlerContext<Services>;

export function failureReply(ctx: Ctx, failure: Pick<Failure, 'reason' | 'params'>): Reply {
  return errorView(ctx.t, failure.reason, readableFailureParams(ctx.t, ctx.lang, failure));
}

type T = Ctx['t'];

/**
 * Params that travel as codes (statuses, rule ids, template errors), per failure reason: the
 * locale list each one is shown from, so no reader ever sees `opted_out` or `already_messaged_in_campaign`.
 */
const CODED_PARAMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'engine:claim.ended': { status: 'outcomes:claim_status' },
  'engine:claim.not_active': { status: 'outcomes:campaign_status' },
  'engine:campaign.bad_transition': { from: 'outcomes:campaign_status', to: 'outcomes:campaign_status' },
  'engine:reply.closed': { status: 'outcomes:contact_status' },
  'engine:send.already_sent': { status: 'outcomes:contact_status' },
  'engine:send.template_error': { error: 'outcomes:template_error' },
  'engine:reply.template_error': { error: 'outcomes:template_error' },
};

/** Engine failure params as a person reads them: times readable, codes in words. */
export function readableFailureParams(t: T, lang: Ctx['lang'], failure: Pick<Failure, 'reason' | 'params'>): Record<string, string | number> {
  const params = readableParams(failure.params, lang);
  // Role names travel as ids ('organizer'); shown in the reader's language.
  if (typeof params.needed === 'string') params.needed = t(`commands:roles.${params.needed}`);
  for (const [name, list] of Object.entries(CODED_PARAMS[failure.reason] ?? {})) {
    const code = failure.params[name];
    if (typeof code === 'string') params[name] = codeLabel(t, list, code);
  }
  if (failure.reason === 'engine:send.frequency_cap' && typeof failure.params.rule === 'string') {
    // The caps say when texting this voter is allowed again; the per-campaign rule has no time.
    const rule = failure.params.rule;
    const time = params.retryAt;
    const timed = typeof time === 'string' && time !== '';
    params.rule = codeLabel(t, 'outcomes:frequency', timed || rule === 'already_messaged_in_campaign' ? rule : `${rule}_no_time`, { time });
  }
  if (failure.reason === 'engine:reply.lint_errors' && typeof failure.params.rules === 'string') {
    params.rules = failure.params.rules.split(',').map((r) => codeLabel(t, 'outcomes:lint_rule', r.trim())).join(', ');
  }
  return params;
}

/** Where a press came from, for the R5.3 audit row. */
export function pressOf(ctx: Ctx): PressContext {
  const inv = ctx.invocation;
  const meta = inv.kind === 'action' || inv.kind === 'thread_message' ? inv : undefined;
  return {
    platform: ctx.actor.platform,
    workspaceId: ctx.actor.orgExternalId,
    ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
    platformUserId: ctx.actor.userId,
    ...(meta?.platformTs ? { platformTs: meta.platformTs } : {}),
    receivedAt: ctx.now,
    signatureVerified: meta?.signatureVerified ?? false,
  };
}

export function ephemeral(view: View): Reply {
  return { kind: 'ephemeral', view };
}
