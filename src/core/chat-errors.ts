/**
 * A chat platform refused to deliver a message for a reason a person can fix (invite the bot,
 * give it a permission, pick another channel, wait). Each ChatGateway translates its platform's
 * errors into this one type; the commands layer turns it into a localized sentence that says what
 * to do (`chat:delivery.*`), instead of "something went wrong on our side".
 */
import type { Platform } from './model/common.js';
import { AppError } from './errors.js';

export const CHAT_DELIVERY_REASONS = ['not_in_channel', 'channel_not_found', 'archived', 'missing_permission', 'rate_limited'] as const;
export type ChatDeliveryReason = (typeof CHAT_DELIVERY_REASONS)[number];

export class ChatDeliveryError extends AppError {
  constructor(
    readonly reason: ChatDeliveryReason,
    readonly platform: Platform,
    /** The channel the message was for, when known (never a voter's data). */
    readonly channelId?: string,
    /** The platform's own code (`not_in_channel`, `50013`), for logs only. */
    readonly platformCode?: string,
    options?: { cause?: unknown },
  ) {
    super('CHAT_DELIVERY', `chat delivery refused on ${platform}: ${reason}${platformCode ? ` (${platformCode})` : ''}`, options);
  }
}

/** The i18n key and params that tell the member what to do about a refused delivery. */
export function chatDeliveryMessage(err: ChatDeliveryError): { identifier: string; context: Record<string, string> } {
  const platform = err.platform === 'discord' ? 'discord' : 'slack';
  return { identifier: `chat:delivery.${err.reason}_${platform}`, context: {} };
}
