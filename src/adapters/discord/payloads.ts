/**
 * zod schemas for the raw Discord payloads the adapter reads (discord-api-types shapes, only the
 * fields we use; unknown fields pass): interactions (the same JSON over the HTTP endpoint and in
 * the gateway's INTERACTION_CREATE) and MESSAGE_CREATE. Parsing failures become `unsupported`.
 */
import { z } from 'zod';

export const Snowflake = z.string().regex(/^\d{1,20}$/, 'expected a Discord snowflake');

/** Interaction types. */
export const INTERACTION = { ping: 1, command: 2, component: 3, autocomplete: 4, modal: 5 } as const;
/** Interaction callback types. */
export const CALLBACK = { pong: 1, message: 4, deferredMessage: 5, deferredUpdate: 6, updateMessage: 7, modal: 9 } as const;
/** Message flags. */
export const FLAG = { ephemeral: 64 } as const;
/** Permission bits read from `member.permissions`. */
export const PERMISSION = { administrator: 0x8n, manageGuild: 0x20n } as const;

export const DiscordUser = z.object({
  id: Snowflake,
  username: z.string(),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
});
export type DiscordUser = z.infer<typeof DiscordUser>;

export const DiscordMember = z.object({
  user: DiscordUser.optional(),
  nick: z.string().nullish(),
  /** The member's permissions in the channel, as a decimal bit string. */
  permissions: z.string().regex(/^\d+$/).optional(),
});

export const DiscordAttachment = z.object({
  id: Snowflake,
  filename: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  size: z.number().int().nonnegative().optional(),
});
export type DiscordAttachment = z.infer<typeof DiscordAttachment>;

const Resolved = z
  .object({
    attachments: z.record(z.string(), DiscordAttachment).optional(),
    // User options: the chosen user and their guild member (nickname), by id.
    users: z.record(z.string(), DiscordUser).optional(),
    members: z.record(z.string(), DiscordMember.omit({ user: true })).optional(),
  })
  .optional();

export interface CommandOptionPayload {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: CommandOptionPayload[];
}
const CommandOption: z.ZodType<CommandOptionPayload> = z.lazy(() =>
  z.object({
    name: z.string().min(1).max(32),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    options: z.array(CommandOption).optional(),
  }),
);

export const CommandData = z.object({
  name: z.string().min(1).max(32),
  type: z.number().int().optional(),
  options: z.array(CommandOption).optional(),
  resolved: Resolved,
});

export const ComponentData = z.object({
  custom_id: z.string().min(1).max(100),
  component_type: z.number().int(),
  values: z.array(z.string()).optional(),
});

const ModalField = z.object({
  type: z.number().int(),
  custom_id: z.string().min(1).max(100),
  value: z.union([z.string(), z.boolean()]).nullish(),
  values: z.array(z.string()).optional(),
});
export type ModalField = z.infer<typeof ModalField>;

export const ModalData = z.object({
  custom_id: z.string().min(1).max(100),
  components: z.array(
    z.object({
      type: z.number().int(),
      /** Label (type 18) holds one component. */
      component: ModalField.optional(),
      /** Legacy action row (type 1) holds text inputs. */
      components: z.array(ModalField).optional(),
    }),
  ),
  resolved: Resolved,
});

export const Interaction = z.object({
  id: Snowflake,
  application_id: Snowflake,
  type: z.number().int(),
  token: z.string().min(1),
  guild_id: Snowflake.optional(),
  channel_id: Snowflake.optional(),
  channel: z.object({ id: Snowflake, type: z.number().int().optional() }).optional(),
  member: DiscordMember.optional(),
  user: DiscordUser.optional(),
  locale: z.string().optional(),
  guild_locale: z.string().optional(),
  message: z.object({ id: Snowflake, channel_id: Snowflake, flags: z.number().int().optional() }).optional(),
  data: z.unknown().optional(),
});
export type Interaction = z.infer<typeof Interaction>;

export const MessageCreate = z.object({
  id: Snowflake,
  channel_id: Snowflake,
  guild_id: Snowflake.optional(),
  author: DiscordUser,
  member: z.object({ nick: z.string().nullish() }).optional(),
  content: z.string(),
  type: z.number().int(),
  webhook_id: Snowflake.optional(),
  message_reference: z.object({ message_id: Snowflake.optional() }).optional(),
  referenced_message: z.object({ id: Snowflake, message_reference: z.object({ message_id: Snowflake.optional() }).optional() }).nullish(),
});
export type MessageCreate = z.infer<typeof MessageCreate>;

/** When Discord minted an id (snowflakes carry milliseconds since 2015-01-01). */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + 1420070400000n));
}
