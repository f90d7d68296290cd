import { z } from 'zod';

/** Opaque string ids. Stores mint them (Mongo: ObjectId hex; memory: sortable counters). */
export const Id = z.string().min(1).max(64);
export type Id = z.infer<typeof Id>;

/** E.164 phone, e.g. +12025550143. Only normalizePhone produces these (R5.2d: never generated). */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone such as +12025550143');
export type E164 = z.infer<typeof E164>;

export const Lang = z.enum(['en', 'es']);
export type Lang = z.infer<typeof Lang>;
export const SUPPORTED_LANGS: readonly Lang[] = Lang.options;

export const Platform = z.enum(['slack', 'discord', 'sandbox']);
export type Platform = z.infer<typeof Platform>;

export const Timestamp = z.coerce.date();

/** A reference to a message or thread in a chat platform. */
export const ChatRef = z.object({
  platform: Platform,
  channelId: z.string(),
  messageId: z.string().optional(),
  threadId: z.string().optional(),
});
export type ChatRef = z.infer<typeof ChatRef>;
