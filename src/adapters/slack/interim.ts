/**
 * Interim replies (import progress): one message in the member's DM with the bot, posted on the
 * first call and edited in place after (chat.update; ephemeral messages cannot be edited by the
 * Web API and a response_url takes only 5 posts). The invocation's first ephemeral reply then
 * replaces it, so the organizer watches one message go from "Importing…" to the report.
 */
import type { InterimReply } from '../../commands/framework/invocation.js';
import type { ChatRef } from '../../core/model/common.js';
import type { View } from '../../core/views/view.js';
import type { SlackGateway } from './gateway.js';
import type { SlackLog } from './log.js';

export interface InterimMessage {
  show: InterimReply;
  /** Replaces the interim message with `view`; false when no interim message was shown. */
  replaceWith(view: View): Promise<boolean>;
}

export function createInterim(deps: { gateway: SlackGateway; userId: string; log: SlackLog }): InterimMessage {
  let ref: ChatRef | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const put = (view: View): Promise<void> => {
    chain = chain
      .then(async () => {
        if (ref) await deps.gateway.update(ref, view);
        else ref = await deps.gateway.dm(deps.userId, view);
      })
      .catch((err: unknown) => deps.log.warn({ err: String(err) }, 'slack: interim message failed'));
    return chain;
  };
  return {
    show: async (reply) => {
      if (closed) return;
      if (reply.kind !== 'ephemeral' && reply.kind !== 'channel' && reply.kind !== 'update') return;
      await put(reply.view);
    },
    async replaceWith(view) {
      closed = true;
      await chain;
      if (!ref) return false;
      await put(view);
      return true;
    },
  };
}
