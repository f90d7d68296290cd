/**
 * The Discord REST calls the adapter makes, over discord.js's REST client (rate limits and
 * retries handled there; its `api` base honours DISCORD_API_URL so tests can use a local fake).
 * Interaction callbacks and webhook edits authenticate with the interaction token, not the bot
 * token (`auth: false`). Every message body already carries `allowed_mentions: {parse: []}`.
 */
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { DiscordMessage } from './render-message.js';
import type { DiscordModal } from './render-modal.js';
import type { SlashCommandJson } from './command-json.js';

export interface ApiMessage {
  id: string;
  channel_id: string;
}
export interface ApiChannel {
  id: string;
  type: number;
  parent_id?: string | null;
  guild_id?: string;
}
export interface ApiGuild {
  id: string;
  name: string;
}
export type RegisteredCommand = SlashCommandJson & { id?: string; application_id?: string };

/** Message body with an optional reply reference (thread answers to a volunteer's message). */
export type OutgoingMessage = Partial<DiscordMessage> & Pick<DiscordMessage, 'allowed_mentions'> & {
  message_reference?: { message_id: string; fail_if_not_exists: false };
};

export type InteractionResponse =
  | { type: 1 }
  | { type: 4 | 7; data: OutgoingMessage }
  | { type: 5; data?: { flags: number } }
  | { type: 6 }
  | { type: 9; data: DiscordModal };

/** Discord error codes the adapter reacts to. */
export const DISCORD_ERROR = {
  unknownChannel: 10003,
  unknownMember: 10007,
  cannotDmUser: 50007,
  threadArchived: 50083,
} as const;

export function discordErrorCode(err: unknown): number | undefined {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
}

export function createDiscordApi(rest: REST, applicationId: string) {
  return {
    applicationId,
    interactionCallback: (id: string, token: string, body: InteractionResponse) => rest.post(Routes.interactionCallback(id, token), { body, auth: false }) as Promise<unknown>,
    editOriginal: (token: string, body: OutgoingMessage) =>
      rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false }) as Promise<ApiMessage>,
    followUp: (token: string, body: OutgoingMessage) => rest.post(Routes.webhook(applicationId, token), { body, auth: false }) as Promise<ApiMessage>,
    createMessage: (channelId: string, body: OutgoingMessage, files?: { name: string; data: Buffer }[]) =>
      rest.post(Routes.channelMessages(channelId), { body, ...(files?.length ? { files } : {}) }) as Promise<ApiMessage>,
    editMessage: (channelId: string, messageId: string, body: OutgoingMessage) => rest.patch(Routes.channelMessage(channelId, messageId), { body }) as Promise<ApiMessage>,
    getChannel: (channelId: string) => rest.get(Routes.channel(channelId)) as Promise<ApiChannel>,
    editChannel: (channelId: string, body: Record<string, unknown>) => rest.patch(Routes.channel(channelId), { body }) as Promise<ApiChannel>,
    createThread: (channelId: string, body: { name: string; type: 11 | 12; invitable?: boolean; auto_archive_duration: number }) =>
      rest.post(Routes.threads(channelId), { body }) as Promise<ApiChannel>,
    addThreadMember: (threadId: string, userId: string) => rest.put(Routes.threadMembers(threadId, userId)) as Promise<unknown>,
    openDm: (userId: string) => rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<ApiChannel>,
    myGuilds: () => rest.get(Routes.userGuilds()) as Promise<ApiGuild[]>,
    guild: (guildId: string) => rest.get(Routes.guild(guildId)) as Promise<ApiGuild>,
    guildMember: (guildId: string, userId: string) => rest.get(Routes.guildMember(guildId, userId)) as Promise<unknown>,
    guildCommands: (guildId: string) =>
      rest.get(Routes.applicationGuildCommands(applicationId, guildId), { query: new URLSearchParams({ with_localizations: 'true' }) }) as Promise<RegisteredCommand[]>,
    putGuildCommands: (guildId: string, body: SlashCommandJson[]) => rest.put(Routes.applicationGuildCommands(applicationId, guildId), { body }) as Promise<RegisteredCommand[]>,
  };
}

export type DiscordApi = ReturnType<typeof createDiscordApi>;
