// Engine results -> replies. Engine failures are returned values with an i18n reason
// (locales/<lng>/engine.json); they become an ephemeral error for the person who acted.
import type { Failure } from '../../core/campaigns/result.js';
import type { PressContext } from '../../core/conversations/send-service.js';
import type { Reply, View } from '../../core/views/view.js';
import type { HandlerContext } from '../framework/definition.js';
import { errorView } from '../framework/error-view.js';
import type { Services } from '../services.js';
import { readableParams } from '../views/text.js';

export type Ctx = HandlerContext<Services>;

export function failureReply(ctx: Ctx, failure: Pick<Failure, 'reason' | 'params'>): Reply {
  const params = readableParams(failure.params, ctx.lang);
  // Role names travel as ids ('organizer'); shown in the reader's language.
  if (typeof params.needed === 'string') params.needed = ctx.t(`commands:roles.${params.needed}`);
  return errorView(ctx.t, failure.reason, params);
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
