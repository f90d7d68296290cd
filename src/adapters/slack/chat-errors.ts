/**
 * Slack Web API refusals a person can fix -> ChatDeliveryError (core). `not_in_channel`,
 * `channel_not_found`, `is_archived`, missing scopes, and rate limits the WebClient could not
 * wait out (its retries exhausted, or `ratelimited` in the answer). Anything else is rethrown as is.
 */
import { webApi } from '@slack/bolt';
import { ChatDeliveryError, type ChatDeliveryReason } from '../../core/chat-errors.js';

const REASONS: Record<string, ChatDeliveryReason> = {
  not_in_channel: 'not_in_channel',
  channel_not_found: 'channel_not_found',
  is_archived: 'archived',
  missing_scope: 'missing_permission',
  not_allowed_token_type: 'missing_permission',
  restricted_action: 'missing_permission',
  ratelimited: 'rate_limited',
  rate_limited: 'rate_limited',
};

/** The Slack error code of a failed Web API call, if it is one. */
function slackCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; data?: { error?: unknown }; original?: { message?: unknown } };
  if (e.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string') return e.data.error;
  if (e.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  // The WebClient waited out 429s until its retries ran out, then gave up with a request error.
  if (e.code === webApi.ErrorCode.RequestError && typeof e.original?.message === 'string' && e.original.message.startsWith('A rate limit was exceeded')) return 'ratelimited';
  return undefined;
}

/** A ChatDeliveryError for refusals a person can fix; otherwise the error itself. */
export function toChatDeliveryError(err: unknown, channelId?: string): unknown {
  if (err instanceof ChatDeliveryError) return err;
  const code = slackCode(err);
  const reason = code ? REASONS[code] : undefined;
  return reason ? new ChatDeliveryError(reason, 'slack', channelId, code, { cause: err }) : err;
}

/** Runs a Web API call aimed at `channelId`, translating refusals a person can fix. */
export async function delivering<T>(channelId: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toChatDeliveryError(err, channelId);
  }
}
