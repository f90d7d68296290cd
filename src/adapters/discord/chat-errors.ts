/**
 * Discord REST refusals a person can fix -> ChatDeliveryError (core): Missing Access (50001: the
 * bot cannot see the channel), Missing Permissions (50013), Unknown Channel (10003), a locked or
 * archived thread the bot may not reopen (50083 after the gateway's own reopen, 160005), and a
 * rate limit the REST client gave up on. Anything else is rethrown as is.
 */
import { DiscordAPIError, RateLimitError } from 'discord.js';
import { ChatDeliveryError, type ChatDeliveryReason } from '../../core/chat-errors.js';

const REASONS: Record<number, ChatDeliveryReason> = {
  50001: 'not_in_channel',
  50013: 'missing_permission',
  10003: 'channel_not_found',
  50083: 'archived',
  160005: 'archived',
};

/** A ChatDeliveryError for refusals a person can fix; otherwise the error itself. */
export function toChatDeliveryError(err: unknown, channelId?: string): unknown {
  if (err instanceof ChatDeliveryError) return err;
  if (err instanceof RateLimitError) return new ChatDeliveryError('rate_limited', 'discord', channelId, '429', { cause: err });
  if (err instanceof DiscordAPIError) {
    const reason = typeof err.code === 'number' ? REASONS[err.code] : undefined;
    if (reason) return new ChatDeliveryError(reason, 'discord', channelId, String(err.code), { cause: err });
    if (err.status === 429) return new ChatDeliveryError('rate_limited', 'discord', channelId, '429', { cause: err });
  }
  return err;
}

/** Runs a REST call aimed at `channelId`, translating refusals a person can fix. */
export async function delivering<T>(channelId: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toChatDeliveryError(err, channelId);
  }
}

type Wrapped = 'post' | 'update' | 'startThread' | 'postInThread' | 'dm' | 'uploadFile' | 'addThreadMembers';
const WRAPPED: readonly Wrapped[] = ['post', 'update', 'startThread', 'postInThread', 'dm', 'uploadFile', 'addThreadMembers'];

/** The gateway with every call translating refusals (the channel is the call's channel id or ref). */
export function withDeliveryErrors<G extends Partial<Record<Wrapped, unknown>>>(gateway: G): G {
  const wrapped: Record<string, unknown> = { ...gateway };
  for (const name of WRAPPED) {
    const fn = gateway[name];
    if (typeof fn !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      const first = args[0];
      const channelId = typeof first === 'string' ? (name === 'dm' || name === 'uploadFile' ? undefined : first) : (first as { channelId?: string } | undefined)?.channelId;
      return delivering(channelId, () => (fn as (...a: unknown[]) => Promise<unknown>).apply(gateway, args));
    };
  }
  return wrapped as G;
}
