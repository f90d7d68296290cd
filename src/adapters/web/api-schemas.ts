/** Request bodies of the sandbox JSON API, parsed with zod at the edge (DESIGN: every boundary parses). */
import { z } from 'zod';
import { Lang } from '../../core/model/common.js';

const MemberId = z.string().min(1).max(64);
const ChannelId = z.string().min(1).max(80);
const MessageId = z.string().min(1).max(40);
/** Files are referenced by the id the upload route returned; the server builds the URL. */
const AttachmentRef = z.object({ uploadId: z.string().min(1).max(64) }).strict();

export const StateQuery = z
  .object({
    memberId: MemberId,
    channelId: ChannelId.optional(),
    threadId: MessageId.optional(),
    lang: Lang.optional(),
  })
  .strict();

export const CommandBody = z
  .object({
    memberId: MemberId,
    channelId: ChannelId,
    text: z.string().trim().min(1).max(4000),
    attachments: z.array(AttachmentRef).max(5).optional(),
    lang: Lang.optional(),
  })
  .strict();

export const ActionBody = z
  .object({
    memberId: MemberId,
    actionId: z.string().min(1).max(100),
    value: z.string().max(2000).optional(),
    messageId: MessageId,
    lang: Lang.optional(),
  })
  .strict();

export const ModalBody = z
  .object({
    memberId: MemberId,
    modalId: z.string().min(1).max(100),
    privateValue: z.string().max(2000).optional(),
    values: z.record(z.string().min(1).max(100), z.string().max(20_000)),
    /** Input id -> uploaded file, for `file` inputs. */
    files: z.record(z.string().min(1).max(100), AttachmentRef).optional(),
    channelId: ChannelId.optional(),
    threadId: MessageId.optional(),
    lang: Lang.optional(),
  })
  .strict();

export const ThreadBody = z
  .object({
    memberId: MemberId,
    channelId: ChannelId,
    threadId: MessageId,
    text: z.string().trim().min(1).max(1600),
    lang: Lang.optional(),
  })
  .strict();

export const PhoneBody = z
  .object({
    from: z.string().regex(/^\+[1-9]\d{6,14}$/),
    body: z.string().trim().min(1).max(1600),
  })
  .strict();

/** Sandbox carrier filtering: how many of the next texts come back undelivered (30007); 0 turns it off. */
export const CarrierFilterBody = z
  .object({
    texts: z.number().int().min(0).max(500),
    lang: Lang.optional(),
  })
  .strict();

export const UploadQuery = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export const UploadParams = z.object({ id: z.string().min(1).max(64) }).strict();

export type CommandBody = z.infer<typeof CommandBody>;
export type ActionBody = z.infer<typeof ActionBody>;
export type ModalBody = z.infer<typeof ModalBody>;
export type ThreadBody = z.infer<typeof ThreadBody>;
