/**
 * The bot's invite: scopes `bot applications.commands` and the permissions the workflow uses:
 * View Channels, Send Messages, Send Messages in Threads, Create Private Threads (conversation
 * threads), Manage Threads (reopen archived ones, add the volunteer), Read Message History,
 * Attach Files (exports) and Embed Links (long views). The README states the integer.
 */
import { PermissionFlagsBits } from 'discord.js';

export const INVITE_PERMISSIONS = [
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'CreatePrivateThreads',
  'ManageThreads',
  'ReadMessageHistory',
  'AttachFiles',
  'EmbedLinks',
] as const satisfies readonly (keyof typeof PermissionFlagsBits)[];

export function invitePermissions(): bigint {
  return INVITE_PERMISSIONS.reduce((bits, name) => bits | PermissionFlagsBits[name], 0n);
}

export function inviteUrl(applicationId: string): string {
  const q = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: invitePermissions().toString() });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}
